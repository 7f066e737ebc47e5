// Two builds of threadComments side by side, interleaved in one process, on 1,000,000 comments (the
// data of bench/run.mjs), sorted and shuffled input, wall and CPU time per run. For example, against the
// code before a change:
//   git show <commit>:packages/comments/src/lib/thread-comments.ts > /tmp/before/thread-comments.ts
//   (and the files it imports), then
//   npx esbuild /tmp/before/thread-comments.ts --bundle --format=esm --platform=node --outfile=/tmp/before.mjs
//   node bench/compare-thread.mjs /tmp/before.mjs dist/index.js [runs]
import { loadavg } from 'node:os'
import { pathToFileURL } from 'node:url'
import { makeComments, shuffle } from './comments-data.mjs'

const [beforePath, afterPath, runsArg = '5'] = process.argv.slice(2)
if (!beforePath || !afterPath) {
  console.error('Usage: node bench/compare-thread.mjs <before module> <after module> [runs]')
  process.exit(2)
}
const load = async (p) => (await import(pathToFileURL(p).href)).threadComments
const before = await load(beforePath)
const after = await load(afterPath)
const runs = Number(runsArg)

const time = (f) => {
  const c = process.cpuUsage()
  const w = performance.now()
  f()
  const u = process.cpuUsage(c)
  return [performance.now() - w, (u.user + u.system) / 1000]
}
const median = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)]

console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}`,
)
const sorted = makeComments(1_000_000)
const shuffled = shuffle(sorted)
for (let i = 0; i < 2; i++) {
  before(shuffled.slice(0, 100_000))
  after(shuffled.slice(0, 100_000))
}
console.log('| input | build | runs: wall/CPU ms | median wall | median CPU | min CPU |')
console.log('|---|---|---|---:|---:|---:|')
for (const [name, data] of [
  ['sorted', sorted],
  ['shuffled', shuffled],
]) {
  const r = { before: [], after: [] }
  for (let k = 0; k < runs; k++) {
    r.before.push(time(() => before(data)))
    r.after.push(time(() => after(data)))
  }
  for (const w of ['before', 'after']) {
    const list = r[w]
    console.log(
      `| ${name} | ${w} | ${list.map(([a, b]) => `${a.toFixed(0)}/${b.toFixed(0)}`).join(' ')} | ${median(list.map((x) => x[0])).toFixed(0)} | ${median(list.map((x) => x[1])).toFixed(0)} | ${Math.min(...list.map((x) => x[1])).toFixed(0)} |`,
    )
  }
}
console.log(
  `load average at the end: ${loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')}`,
)
