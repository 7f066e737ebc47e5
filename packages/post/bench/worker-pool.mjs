// The worker pool of `loadPosts({ workers })` (src/lib/worker-pool.ts) against tinypool and piscina on
// the same job: parse N generated posts (scripts/gen-corpus.mjs, seed 1) in W worker threads, each
// worker running the same parser (`createPostParser`, with `toWire` for the diagnostics, as src/worker.ts
// does). Timed per variant: start the threads, parse every file (bytes read beforehand), stop them.
// Variants alternate, so that a busy machine slows each of them alike.
//   node bench/worker-pool.mjs [posts=1000] [runs=3] [workers=2] [tiny]
// With `tiny`, every post is a title and one word instead, so that the cost of the pool itself (messages,
// queueing, starting and stopping threads) shows rather than the parsing.
// The pool, its worker (src/worker.ts) and the libraries' task are bundled from the TypeScript sources
// into .bench-cache/modules/ (git-ignored; npm resolves their imports from there).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { build } from 'esbuild'
import { Piscina } from 'piscina'
import { Tinypool } from 'tinypool'

const here = path.dirname(fileURLToPath(import.meta.url))
const root = path.join(here, '..')
const [posts = 1000, runs = 3, workers = 2] = process.argv.slice(2, 5).map(Number)
const tiny = process.argv[5] === 'tiny'
const modules = path.join(root, '.bench-cache', 'modules')
const poolFile = path.join(modules, 'worker-pool.mjs')
const taskFile = path.join(modules, 'pool-task.mjs')
const common = { bundle: true, platform: 'node', format: 'esm', packages: 'external', logLevel: 'error' }
await build({ ...common, entryPoints: [path.join(root, 'src/lib/worker-pool.ts')], outfile: poolFile })
// The pool starts `./worker.js` next to itself.
await build({
  ...common,
  entryPoints: [path.join(root, 'src/worker.ts')],
  outfile: path.join(modules, 'worker.js'),
})
await build({
  ...common,
  outfile: taskFile,
  stdin: {
    resolveDir: path.join(root, 'src/lib'),
    loader: 'ts',
    contents: `
      import { createPostParser } from './post-parser.ts'
      import { toWire } from './worker-pool.ts'
      const { parse } = createPostParser({})
      export default async ({ path, value }) => {
        const result = await parse({ path, value })
        const warnings = result.warnings.map(toWire)
        return result.post
          ? { post: result.post, raw: result.raw, warnings }
          : { messages: result.messages.map(toWire), warnings }
      }`,
  },
})
const { createWorkerPool } = await import(pathToFileURL(poolFile).href)

const corpus = mkdtempSync(path.join(tmpdir(), 'blogkit-pool-'))
execFileSync(
  process.execPath,
  [path.join(root, '../../scripts/gen-corpus.mjs'), String(posts), corpus, '--no-manifest'],
  {
    stdio: 'ignore',
  },
)
const files = readdirSync(corpus)
  .filter((name) => name.endsWith('.md'))
  .sort()
  .map((name) => ({
    path: name,
    bytes: tiny
      ? Buffer.from(`---\ntitle: Post ${name}\n---\nHello.\n`)
      : readFileSync(path.join(corpus, name)),
  }))
rmSync(corpus, { recursive: true, force: true })
/** A copy of each file's bytes in a buffer of its own (the hand-written pool moves such buffers). */
const inputs = () => files.map(({ path, bytes }) => ({ path, value: new Uint8Array(bytes) }))

const variants = {
  'hand-written (worker-pool.ts)': async () => {
    const pool = createWorkerPool(workers, {})
    const results = await Promise.all(inputs().map(({ path, value }) => pool.parse(path, value)))
    await pool.close()
    return results
  },
  [`tinypool ${JSON.parse(readFileSync(path.join(root, '../../node_modules/tinypool/package.json'))).version}`]:
    async () => {
      const pool = new Tinypool({ filename: taskFile, minThreads: workers, maxThreads: workers })
      const results = await Promise.all(inputs().map((input) => pool.run(input)))
      await pool.destroy()
      return results
    },
  [`piscina ${Piscina.version ?? ''}`.trim()]: async () => {
    const pool = new Piscina({ filename: taskFile, minThreads: workers, maxThreads: workers })
    const results = await Promise.all(inputs().map((input) => pool.run(input)))
    await pool.destroy()
    return results
  },
}

const avg = () =>
  loadavg()
    .map((x) => x.toFixed(1))
    .join(', ')
console.log(
  `${files.length} ${tiny ? 'one-word' : 'generated'} posts, ${workers} workers, ${runs} runs each, alternating; load ${avg()}`,
)
const times = Object.fromEntries(Object.keys(variants).map((name) => [name, []]))
for (let run = 0; run < runs; run++) {
  for (const [name, variant] of Object.entries(variants)) {
    const start = performance.now()
    const results = await variant()
    times[name].push(performance.now() - start)
    const parsed = results.filter((result) => result.post).length
    if (parsed !== files.length) throw new Error(`${name}: ${parsed} of ${files.length} posts parsed`)
  }
}
console.log('wall ms, min–max (median):')
for (const [name, list] of Object.entries(times)) {
  const sorted = list.sort((a, b) => a - b)
  const median = sorted[Math.floor(sorted.length / 2)]
  console.log(
    `  ${name.padEnd(32)} ${sorted[0].toFixed(0)}–${sorted.at(-1).toFixed(0)} (${median.toFixed(0)})`,
  )
}
console.log(`load at the end ${avg()}`)
