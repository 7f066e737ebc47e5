// Build benchmark of the static blog: a real blog (--corpus DIR) and generated corpora, cold (no cache),
// warm (cache, nothing changed) and after one post changed, beside Hugo (before and after the cold build). Each build runs in its own process under
// GNU time, so wall time, CPU time (all threads) and peak memory are the whole build's.
//
//   node bench/run.mjs [--sizes 10000] [--keep DIR] [--corpus DIR]
//
// --corpus DIR (or BLOGKIT_CORPUS): a real blog's posts (e.g. the tidyverse blog, see BENCHMARKS.md);
// without it, its rows are skipped. Needs /usr/bin/time (Debian `time`). Generated posts come from the
// project's generator, scripts/gen-corpus.mjs, seed 1.
import { spawnSync } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { corpusLabel, generatedCorpus, realCorpus } from '../../../scripts/bench-corpus.mjs'

const here = path.dirname(new URL(import.meta.url).pathname)
const repoRoot = path.resolve(here, '../../..')
const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '10000' },
    keep: { type: 'string' },
    tools: { type: 'string', default: 'blogkit,hugo' },
    corpus: { type: 'string' },
  },
})
const tools = new Set(values.tools.split(','))
const work = values.keep ?? mkdtempSync(path.join(tmpdir(), 'blogkit-static-bench-'))
const cli = path.join(here, '../src/cli.ts')
// Note: as `npm run build` runs it: one Node process with tsx's loader (the `tsx` command starts a second).
const tsx = import.meta.resolve('tsx')

function timed(label, args, command = [process.execPath, '--import', tsx, cli, 'build']) {
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
    wall: wall.toFixed(1),
    cpu: (user + system).toFixed(1),
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
  rmSync(cache, { recursive: true, force: true })
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
  timed(`${name}: cold (empty cache and output)`, [...common, '--cache', cache, '--clean'])
  // Note: on a shared machine the load moves during a long build; Hugo again right after the cold
  // build brackets it, so the comparison does not hang on one moment's load.
  runHugo(', again')
  timed(`${name}: warm, nothing changed`, [...common, '--cache', cache])
  // Change one post (a paragraph added at its end) and build again.
  const files = readdirSync(dir)
    .filter((file) => file.endsWith('.md'))
    .sort()
  const file = path.join(dir, files[Math.floor(files.length / 2)])
  const original = readFileSync(file, 'utf8')
  writeFileSync(file, `${original}\n\nOne more paragraph for the rebuild benchmark.\n`)
  try {
    timed(`${name}: one post changed`, [...common, '--cache', cache])
  } finally {
    writeFileSync(file, original)
  }
  // Change it back: a rebuild after one post changed, the related index already restored once.
  timed(`${name}: one post changed back`, [...common, '--cache', cache])
}
if (!values.keep) rmSync(work, { recursive: true, force: true })
