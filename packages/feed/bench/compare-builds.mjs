// Two builds of @blogkit/feed (for example the committed one and a copy of an older dist/) and npm `feed` 6.0.0,
// in one process, interleaved, on the same 10,000 posts; checks that the builds write the same bytes.
// Usage: node bench/compare-builds.mjs <old dist/index.js> <new dist/index.js>   (N=10000 REPS=5 F=rss,atom,json)
// SAME_BYTES=0 compares builds whose output differs on purpose (an escaping fix): it says how, instead of failing.
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { Feed } from 'feed'
import { baseline, baselineMethod, item, meta } from './content.mjs'

const n = Number(process.env.N ?? 10_000)
const reps = Number(process.env.REPS ?? 5)
const sameBytes = process.env.SAME_BYTES !== '0'
const builds = process.argv.slice(2)
const libraries = await Promise.all(builds.map((file) => import(pathToFileURL(path.resolve(file)).href)))
const absolute = Array.from({ length: n }, (_, i) => item(i, false))
const relative = Array.from({ length: n }, (_, i) => item(i, true))
const startOfText = /^/

function cpu(fn) {
  const start = process.cpuUsage()
  const out = fn()
  startOfText.test(out) // flatten a rope, as writing it out would
  const used = process.cpuUsage(start)
  return [(used.user + used.system) / 1000, out]
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

const rows = []
for (const format of (process.env.F ?? 'rss,atom,json').split(',')) {
  const cases = [['feed 6.0.0', () => baseline(Feed, absolute)[baselineMethod[format]]()]]
  libraries.forEach((library, k) => {
    cases.push([`${builds[k]} absolute`, () => library.createFeed({ ...meta, items: absolute })[format]()])
    cases.push([`${builds[k]} relative`, () => library.createFeed({ ...meta, items: relative })[format]()])
  })
  const samples = cases.map(() => [])
  const outputs = []
  for (let r = 0; r <= reps; r++) {
    cases.forEach(([, fn], k) => {
      const [ms, out] = cpu(fn)
      if (r > 0) samples[k].push(ms)
      outputs[k] = out
    })
  }
  for (let k = 3; k < cases.length; k++) {
    if (outputs[k] === outputs[k - 2]) continue
    const message = `${format}: ${cases[k][0]} wrote different bytes (${outputs[k].length} characters, ${cases[k - 2][0]} ${outputs[k - 2].length})`
    if (sameBytes) throw new Error(message)
    console.log(message)
  }
  const row = { format }
  cases.forEach(([name], k) => {
    row[`${name} (ms)`] = Math.round(median(samples[k]))
  })
  rows.push(row)
}
console.log(`${n} items, median CPU (user + system) of ${reps} runs after a warm-up, one process:`)
console.table(rows)
