// `loadPosts(dir, { cache })` in a new process after one post changed (what a CLI rebuild costs), this
// checkout against another (`--base ROOT`: a clone of an earlier commit, built), alternating process by
// process. Each round appends a paragraph to the middle post, then runs each variant in its own `node`
// process; the figure is the CPU time (all threads, and the main thread's on Linux) of the `loadPosts`
// call and of the whole process.
// Not a test: the figures go to BENCHMARKS.md. Needs `npm run build` in both checkouts, and a cache
// filled by one load of each first (the script makes it when missing: a cold load).
//
//   node bench/fresh-load.mjs DIR CACHE [--rounds 5] [--base ROOT]     (DIR is edited: use a copy)
import { execFileSync } from 'node:child_process'
import { appendFileSync, readdirSync, readFileSync } from 'node:fs'
import { loadavg } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const here = path.dirname(fileURLToPath(import.meta.url))
const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { rounds: { type: 'string', default: '5' }, base: { type: 'string' }, child: { type: 'string' } },
})
const [dir, cache] = positionals
if (!dir || !cache) {
  console.error(
    'Usage: node bench/fresh-load.mjs DIR CACHE [--rounds N] [--base ROOT] (DIR is edited: use a copy)',
  )
  process.exit(1)
}

/**
 * CPU time of this process's main thread in ms (Linux: `/proc`, in clock ticks of 10 ms), else `undefined`:
 * work moved to other threads (`statFiles`) shows here, not in `process.cpuUsage()`.
 */
function mainThreadCpu() {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1].split(' ')
    return (Number(fields[11]) + Number(fields[12])) * 10
  } catch {
    return undefined
  }
}

if (values.child) {
  // One load in this process: print its CPU time and the process's.
  const { loadPosts } = await import(path.join(values.child, 'packages/post/dist/node.js'))
  const before = process.cpuUsage()
  const mainBefore = mainThreadCpu()
  const started = performance.now()
  const posts = await loadPosts(dir, { cache, unique: false, onWarning() {}, workers: 2 })
  const load = process.cpuUsage(before)
  const mainAfter = mainThreadCpu()
  const total = process.cpuUsage()
  console.log(
    JSON.stringify({
      posts: posts.length,
      wall: performance.now() - started,
      cpu: (load.user + load.system) / 1000,
      main: mainAfter === undefined ? undefined : mainAfter - mainBefore,
      process: (total.user + total.system) / 1000,
    }),
  )
  process.exit(0)
}

const roots = { this: path.join(here, '../../..') }
if (values.base) roots.base = path.resolve(values.base)
const run = (root) =>
  JSON.parse(
    execFileSync(process.execPath, [fileURLToPath(import.meta.url), dir, cache, '--child', root], {
      encoding: 'utf8',
    }),
  )
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.md'))
  .sort()
const file = path.join(dir, files[Math.floor(files.length / 2)])
console.log(`${files.length} posts in ${dir}, load average ${loadavg()[0].toFixed(1)}`)
// Note: each checkout's cache up to date first (a cold load when it has none).
for (const root of Object.values(roots)) run(root)
const rows = Object.fromEntries(Object.keys(roots).map((name) => [name, []]))
for (let round = 0; round < Number(values.rounds); round++) {
  for (const [name, root] of Object.entries(roots)) {
    appendFileSync(file, `\n\nBench paragraph ${round} ${name}.\n`)
    rows[name].push(run(root))
  }
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
const range = (list) => `${Math.round(Math.min(...list))}–${Math.round(Math.max(...list))}`
for (const [name, list] of Object.entries(rows)) {
  const cpu = list.map((row) => row.cpu)
  const total = list.map((row) => row.process)
  const wall = list.map((row) => row.wall)
  const main = list.map((row) => row.main).filter((value) => value !== undefined)
  const mainText = main.length > 0 ? `, main thread ${Math.round(median(main))} ms (${range(main)})` : ''
  console.log(
    `${name} (${roots[name]}): loadPosts CPU median ${Math.round(median(cpu))} ms (${range(cpu)})${mainText}, process CPU ${Math.round(median(total))} ms (${range(total)}), wall ${Math.round(median(wall))} ms (${range(wall)})`,
  )
}
console.log(`load average ${loadavg()[0].toFixed(1)}`)
