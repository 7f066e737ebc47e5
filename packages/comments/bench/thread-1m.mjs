// threadComments on 1,000,000 comments of one post, 5 runs, wall and CPU time per run.
//   node bench/thread-1m.mjs              input oldest first
//   node bench/thread-1m.mjs --shuffled   input in random order
// With `node --expose-gc`, a full GC runs before each timed run, so a run does not pay for collecting the
// previous run's million nodes (or the input's construction garbage): each run is what one call costs.
// (Run after `npm run build -w @blogkit/comments`.)
import { threadComments } from '../dist/index.js'

const n = 1_000_000
let seed = 1
const rnd = () => {
  seed = (seed * 16807) % 2147483647
  return seed / 2147483647
}
const comments = new Array(n)
for (let i = 0; i < n; i++) {
  const c = {
    id: `c${i}`,
    postId: 'p1',
    author: { name: `Reader ${i % 997}` },
    createdAt: new Date(Date.UTC(2021, 0, 1) + i * 1000).toISOString(),
    body: 'x',
    status: 'approved',
  }
  if (i > 0 && rnd() >= 0.3) c.parentId = `c${Math.max(0, i - 1 - Math.floor(rnd() * Math.min(i, 50)))}`
  comments[i] = c
}
if (process.argv.includes('--shuffled')) {
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1))
    ;[comments[i], comments[j]] = [comments[j], comments[i]]
  }
}
console.log('| run | wall ms | CPU ms (user + system) | threads | total |')
console.log('|---:|---:|---:|---:|---:|')
for (let run = 1; run <= 5; run++) {
  globalThis.gc?.()
  const cpu = process.cpuUsage()
  const t = performance.now()
  const result = threadComments(comments)
  const wall = performance.now() - t
  const used = process.cpuUsage(cpu)
  console.log(
    `| ${run} | ${wall.toFixed(0)} | ${((used.user + used.system) / 1000).toFixed(0)} | ${result.threadCount.toLocaleString('en')} | ${result.total.toLocaleString('en')} |`,
  )
}
