// Benchmark: @blogkit/feed against npm `feed` 6.0.0, same items, same run.
// Usage: node bench/run.mjs [--sizes 100,1000,10000] [--stream 100000] [--memory 10000]
import { spawnSync } from 'node:child_process'
import { loadavg } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Feed } from 'feed'
import { Bench } from 'tinybench'
import { createFeed } from '../dist/index.js'
import { baseline, baselineMethod, item, meta } from './content.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const args = process.argv.slice(2)
function option(name, fallback) {
  const i = args.indexOf(`--${name}`)
  return i === -1 ? fallback : args[i + 1]
}
const sizes = option('sizes', '100,1000,10000').split(',').map(Number).filter(Boolean)
const streamSize = Number(option('stream', '0'))
const memorySize = Number(option('memory', '0'))
const formats = ['rss', 'atom', 'json']

// Note: a string built with `+=` is a rope whose copying is left to whoever writes it out; `feed` returns such
// ropes. Flattening inside the timing (a regex flattens its subject) charges both libraries for a finished
// string, as writing the document to a file or socket would.
const startOfText = /^/
function median(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

function flat(text) {
  startOfText.test(text)
  return text
}

console.log(`Node ${process.version}, ${process.platform} ${process.arch}`)
const rows = []
for (const n of sizes) {
  const absolute = Array.from({ length: n }, (_, i) => item(i, false))
  const relative = Array.from({ length: n }, (_, i) => item(i, true))
  const kb = absolute.reduce((sum, post) => sum + post.contentHtml.length, 0) / n / 1024
  const bench = new Bench({
    time: n >= 10_000 ? 0 : 500,
    iterations: n >= 10_000 ? 3 : n >= 1000 ? 5 : 20,
    warmup: true,
    warmupIterations: 1,
    warmupTime: 0,
  })
  const cpu = new Map()
  function task(name, fn) {
    bench.add(name, () => {
      const start = process.cpuUsage()
      const out = flat(fn())
      const used = process.cpuUsage(start)
      const samples = cpu.get(name) ?? []
      samples.push((used.user + used.system) / 1000)
      cpu.set(name, samples)
      if (typeof out !== 'string' || out.length === 0) throw new Error(`${name} wrote nothing`)
    })
  }
  for (const format of formats) {
    task(`feed ${format}`, () => baseline(Feed, absolute)[baselineMethod[format]]())
    task(`blogkit ${format}`, () => createFeed({ ...meta, items: absolute })[format]())
    task(`blogkit ${format} rel`, () => createFeed({ ...meta, items: relative })[format]())
  }
  await bench.run()
  const load = loadavg()[0].toFixed(1)
  const wall = (name) => bench.getTask(name).result.latency.p50
  // Note: the first sample is tinybench's warm-up run.
  const cpuOf = (name) => median(cpu.get(name).slice(1))
  for (const format of formats) {
    const f = cpuOf(`feed ${format}`)
    const b = cpuOf(`blogkit ${format}`)
    const r = cpuOf(`blogkit ${format} rel`)
    rows.push({
      items: n,
      'HTML/item (KB)': kb.toFixed(1),
      format,
      'CPU feed 6.0.0 (ms)': f.toFixed(0),
      'CPU blogkit, absolute links (ms)': b.toFixed(0),
      speedup: `${(f / b).toFixed(2)}x`,
      'CPU blogkit, relative links (ms)': r.toFixed(0),
      'speedup rel': `${(f / r).toFixed(2)}x`,
      'wall feed / blogkit / rel (ms)': `${wall(`feed ${format}`).toFixed(0)} / ${wall(`blogkit ${format}`).toFixed(0)} / ${wall(`blogkit ${format} rel`).toFixed(0)}`,
      load,
    })
  }
}
if (rows.length > 0) {
  console.log(
    '\nPer document (create the feed + write it + flatten the string), medians; CPU = process.cpuUsage() user + system; load = 1-minute load average after the size ran:',
  )
  console.table(rows)
}

function child(script, ...rest) {
  const result = spawnSync(process.execPath, [path.join(here, script), ...rest.map(String)], {
    encoding: 'utf8',
  })
  if (result.status !== 0) throw new Error(`${script} ${rest.join(' ')} failed:\n${result.stderr}`)
  return JSON.parse(result.stdout)
}

if (memorySize > 0) {
  const memory = []
  for (const format of formats) {
    const f = child('memory.mjs', 'feed', format, memorySize)
    const b = child('memory.mjs', 'blogkit', format, memorySize)
    memory.push({
      items: memorySize,
      format,
      'feed 6.0.0 peak RSS (MB)': f.maxRssMb,
      'blogkit peak RSS (MB)': b.maxRssMb,
      'feed CPU (s)': f.cpuS,
      'blogkit CPU (s)': b.cpuS,
    })
  }
  console.log('\nOne document per process, items in memory (absolute links); peak RSS includes the items:')
  console.table(memory)
}

if (streamSize > 0) {
  const stream = []
  for (const format of formats) {
    // Note: one relative-links run (Atom) keeps the 100,000-item run short; every item then needs a full parse.
    for (const relative of format === 'atom' ? [false, true] : [false]) {
      const s = child('stream.mjs', format, streamSize, relative ? 'relative' : 'absolute')
      stream.push({ items: streamSize, format, links: relative ? 'relative' : 'absolute', ...s })
    }
  }
  console.log('\nfeed.stream(format) from an async generator into a discarding sink, one process each:')
  console.table(stream)
}
