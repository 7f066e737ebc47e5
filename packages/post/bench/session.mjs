// loadPosts after one post changed, with a session (createPostsSession: the posts kept in memory) against
// without (the cache's pack read again and rewritten), alternating in one process. Not a test: the figures
// go to BENCHMARKS.md. Needs `npm run build` first (it loads dist/).
//
//   node bench/session.mjs DIR CACHE [rounds]
//
// DIR is edited (a paragraph appended to its middle post before each load): use a copy.
import { appendFileSync, readdirSync } from 'node:fs'
import { loadavg } from 'node:os'
import path from 'node:path'
import { createPostsSession, loadPosts } from '../dist/node.js'

const [dir, cache, roundsArg] = process.argv.slice(2)
if (!dir || !cache) {
  console.error('Usage: node bench/session.mjs DIR CACHE [rounds] (DIR is edited: use a copy)')
  process.exit(1)
}
const files = readdirSync(dir)
  .filter((file) => file.endsWith('.md'))
  .sort()
const file = path.join(dir, files[Math.floor(files.length / 2)])
const session = createPostsSession({ writeDelay: 3_600_000 })
const options = { cache, unique: false, onWarning() {} }
console.log(`${files.length} posts in ${dir}, load average ${loadavg()[0].toFixed(1)}`)
await loadPosts(dir, options)
await loadPosts(dir, { ...options, session })
const rows = { without: [], with: [] }
for (let round = 0; round < Number(roundsArg ?? 5); round++) {
  for (const variant of ['without', 'with']) {
    appendFileSync(file, `\n\nBench paragraph ${round} ${variant}.\n`)
    const cpu = process.cpuUsage()
    const started = performance.now()
    const posts = await loadPosts(dir, variant === 'with' ? { ...options, session } : options)
    const used = process.cpuUsage(cpu)
    rows[variant].push([performance.now() - started, (used.user + used.system) / 1000])
    if (posts.length !== files.length) throw new Error(`Expected ${files.length} posts, got ${posts.length}`)
  }
}
const median = (list) => [...list].sort((a, b) => a - b)[Math.floor(list.length / 2)]
for (const [variant, list] of Object.entries(rows))
  console.log(
    `${variant} session: wall ${list.map(([wall]) => Math.round(wall)).join(', ')} ms (median ${Math.round(median(list.map(([wall]) => wall)))}); CPU (all threads) median ${Math.round(median(list.map(([, cpu]) => cpu)))} ms`,
  )
console.log(`load average ${loadavg()[0].toFixed(1)}`)
await session.close()
