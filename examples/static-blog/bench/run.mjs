// Build benchmark of the static blog: a real blog (--corpus DIR) and generated corpora, cold (no cache),
// warm (cache, nothing changed) and after one post changed, beside Hugo (before and after the cold build). Each build runs in its own process under
// GNU time, so wall time, CPU time (all threads) and peak memory are the whole build's.
//
//   node bench/run.mjs [--sizes 10000] [--keep DIR] [--corpus DIR] [--cli compiled,tsx] [--repeat N]
//                      [--skip-cold]
//
// --cli: how the CLI runs, one or more of `compiled` (lib/cli.js, as `npm run build` runs it; compiled
// first when a source changed), `script` (bin/static-blog.js, the script's launcher with its staleness
// check) and `tsx` (src/cli.ts through tsx's loader, as the example ran before it was compiled); with
// several, each warm build runs with each in turn (one cache), --repeat times, and medians follow.
// --skip-cold (with --keep): reuse the cache of an earlier run instead of timing a cold build.
//
// --corpus DIR (or BLOGKIT_CORPUS): a real blog's posts (e.g. the tidyverse blog, see BENCHMARKS.md);
// without it, its rows are skipped. Needs /usr/bin/time (Debian `time`). Generated posts come from the
// project's generator, scripts/gen-corpus.mjs, seed 1.
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { corpusLabel, generatedCorpus, realCorpus } from '../../../scripts/bench-corpus.mjs'
import { compileIfStale } from '../bin/compile.js'

const here = path.dirname(new URL(import.meta.url).pathname)
const repoRoot = path.resolve(here, '../../..')
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000' },
    keep: { type: 'string' },
    tools: { type: 'string', default: 'blogkit,hugo' },
    corpus: { type: 'string' },
    cli: { type: 'string', default: 'compiled' },
    repeat: { type: 'string', default: '1' },
    'skip-cold': { type: 'boolean' },
  },
})
const tools = new Set(values.tools.split(','))
const work = values.keep ?? mkdtempSync(path.join(tmpdir(), 'blogkit-static-bench-'))
const repeat = Number(values.repeat)
// Note: `tsx` as the example ran before its CLI was compiled: one Node process with tsx's loader.
const clis = {
  compiled: [process.execPath, path.join(here, '../lib/cli.js'), 'build'],
  script: [process.execPath, path.join(here, '../bin/static-blog.js'), 'build'],
  tsx: [process.execPath, '--import', import.meta.resolve('tsx'), path.join(here, '../src/cli.ts'), 'build'],
}
const variants = values.cli.split(',')
for (const variant of variants) {
  if (!clis[variant]) throw new Error(`--cli ${variant}: expected compiled, script or tsx`)
}
if (variants.includes('compiled') && !compileIfStale()) throw new Error('the CLI could not be compiled')
/** Rows of the warm builds by step and CLI, for the medians. */
const runs = new Map()

function timed(label, args, command = clis[variants[0]]) {
  // The machine may be shared: the 1-minute load average before each build goes beside its figures.
  const load = loadavg()[0].toFixed(1)
  const result = spawnSync('/usr/bin/time', ['-f', '%e %U %S %M', ...command, ...args], {
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: repoRoot },
  })
  if (result.status !== 0) throw new Error(`${label} failed:\n${result.stderr}`)
  const [wall, user, system, rss] = result.stderr.trim().split('\n').at(-1).split(' ').map(Number)
  const built =
    /Built (\d+) posts.*: (\d+) files, (\d+) rendered, (\d+) written(?:, \d+ deleted)? \(load (\d+) ms: posts (\d+), comments (\d+), related (\d+); render and write (\d+) ms\)/.exec(
      result.stdout,
    )
  if (command[0] === 'hugo') {
    const files = readdirSync(args[args.indexOf('--destination') + 1], { recursive: true }).length
    const row = [
      label,
      wall.toFixed(1),
      (user + system).toFixed(1),
      `${Math.round(rss / 1024)} MB`,
      `${files} (incl. dirs)`,
      '',
      '',
      '',
      load,
    ]
    console.log(`| ${row.join(' | ')} |`)
    return
  }
  const row = {
    label,
    wall: wall.toFixed(2),
    cpu: (user + system).toFixed(2),
    peak: `${Math.round(rss / 1024)} MB`,
    files: built ? `${built[2]} / ${built[3]} / ${built[4]}` : '?',
    posts: built ? (Number(built[6]) / 1000).toFixed(1) : '?',
    related: built ? (Number(built[8]) / 1000).toFixed(1) : '?',
    render: built ? (Number(built[9]) / 1000).toFixed(1) : '?',
    load,
  }
  console.log(`| ${Object.values(row).join(' | ')} |`)
  return row
}

/** A build that is not measured (to restore a state between measured builds). */
function quiet(args, command) {
  const result = spawnSync(command[0], [...command.slice(1), ...args], {
    encoding: 'utf8',
    env: { ...process.env, INIT_CWD: repoRoot },
  })
  if (result.status !== 0) throw new Error(`build failed:\n${result.stderr}`)
}

console.log(
  `Node ${process.version}, ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, load average ${loadavg()
    .map((n) => n.toFixed(1))
    .join(' ')}`,
)
console.log(
  '\n| build | wall s | CPU s | peak RSS | files / rendered / written | posts s | related s | render+write s | load |',
)
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |')

const corpora = []
const realPosts = realCorpus(values.corpus, 'the real-blog rows')
if (realPosts) {
  // Note: the real posts are copied first: the rebuild step edits a post, and the corpus may be read-only.
  const real = path.join(work, corpusLabel(realPosts))
  cpSync(realPosts, real, { recursive: true })
  const count = readdirSync(real).filter((file) => file.endsWith('.md')).length
  corpora.push([`${corpusLabel(realPosts)} (${count} real posts)`, real])
}
for (const size of values.sizes.split(',').map(Number)) {
  corpora.push([
    `generated ${size.toLocaleString('en')} posts`,
    generatedCorpus({ posts: size, cacheDir: work, quiet: true }),
  ])
}

const workers = String(availableParallelism())
const hugo = spawnSync('hugo', ['version'], { encoding: 'utf8' })
if (tools.has('hugo') && hugo.status !== 0)
  console.log('\n(Hugo not installed: `apt-get install hugo` to compare.)')
for (const [name, dir] of corpora) {
  const out = path.join(work, 'out')
  const runHugo = (when) => {
    if (!tools.has('hugo') || hugo.status !== 0) return
    const hugoOut = path.join(work, 'hugo-out')
    rmSync(hugoOut, { recursive: true, force: true })
    // Note: Hugo keeps no parse cache between runs, so a rebuild after one changed post costs the same.
    timed(
      `${name}: Hugo ${/v[\d.]+/.exec(hugo.stdout)?.[0]}, full build${when}`,
      ['--source', path.join(here, 'hugo'), '--contentDir', dir, '--destination', hugoOut, '--quiet'],
      ['hugo'],
    )
  }
  runHugo('')
  if (!tools.has('blogkit')) continue
  const cache = path.join(work, `cache-${path.basename(dir)}`)
  const common = [
    '--content',
    dir,
    '--out',
    out,
    '--base-url',
    'https://bench.example/',
    '--workers',
    workers,
  ]
  if (values['skip-cold'] && existsSync(cache)) {
    // Note: --skip-cold with --keep: the cache of an earlier run, brought up to date by one build.
    quiet([...common, '--cache', cache], clis[variants[0]])
  } else {
    rmSync(cache, { recursive: true, force: true })
    timed(`${name}: cold (empty cache and output)`, [...common, '--cache', cache, '--clean'])
  }
  // Note: on a shared machine the load moves during a long build; Hugo again right after the cold
  // build brackets it, so the comparison does not hang on one moment's load.
  runHugo(', again')
  // Note: with several CLIs, each step runs with each in turn, so that the load of the moment is shared.
  const steps = (step, fn) => {
    for (let round = 0; round < repeat; round++) {
      for (const variant of variants) {
        const key = `${name}: ${step}`
        const row = fn(`${key} (${variant})`, clis[variant])
        runs.set(`${key} (${variant})`, [...(runs.get(`${key} (${variant})`) ?? []), row])
      }
    }
  }
  // Change one post (a paragraph added at its end) and build again.
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .sort()
  const file = path.join(dir, files[Math.floor(files.length / 2)])
  const original = readFileSync(file, 'utf8')
  steps('warm, nothing changed', (label, command) => timed(label, [...common, '--cache', cache], command))
  steps('one post changed', (label, command) => {
    // Note: a paragraph added to the post's end, built; then the post changed back and built again
    // (untimed when rounds follow), so that each round starts from the same state.
    writeFileSync(file, `${original}\n\nOne more paragraph for the rebuild benchmark.\n`)
    try {
      return timed(label, [...common, '--cache', cache], command)
    } finally {
      writeFileSync(file, original)
      if (repeat > 1 || variants.length > 1) quiet([...common, '--cache', cache], command)
    }
  })
  if (repeat === 1 && variants.length === 1) {
    // Change it back: a rebuild after one post changed, the related index already restored once.
    timed(`${name}: one post changed back`, [...common, '--cache', cache])
  }
}
if (runs.size > 0 && (repeat > 1 || variants.length > 1)) {
  console.log('\nMedians (range):\n\n| build | wall s | CPU s | peak RSS | rendered / written |')
  console.log('| --- | ---: | ---: | ---: | ---: |')
  const median = (numbers) => {
    const sorted = [...numbers].sort((a, b) => a - b)
    const middle = Math.floor(sorted.length / 2)
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
  }
  const spread = (numbers) =>
    `${median(numbers).toFixed(2)} (${Math.min(...numbers).toFixed(1)}–${Math.max(...numbers).toFixed(1)})`
  for (const [label, rows] of runs) {
    const peaks = rows.map((row) => Number.parseInt(row.peak, 10))
    const files = [...new Set(rows.map((row) => row.files.split(' / ').slice(1).join(' / ')))].join(', ')
    console.log(
      `| ${label} | ${spread(rows.map((row) => Number(row.wall)))} | ${spread(rows.map((row) => Number(row.cpu)))} | ${median(peaks)} MB | ${files} |`,
    )
  }
}
