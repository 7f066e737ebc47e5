// Stream a feed of N generated items into a sink that drops the bytes; prints peak RSS, time and size as JSON.
import { Writable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createFeed } from '../dist/node.js'
import { item, meta } from './content.mjs'

const [format, size, links] = process.argv.slice(2)
const n = Number(size)
async function* items() {
  for (let i = 0; i < n; i++) yield item(i, links === 'relative')
}
let bytes = 0
const sink = new Writable({
  write(chunk, _encoding, callback) {
    bytes += chunk.length
    callback()
  },
})
const started = performance.now()
const cpu = process.cpuUsage()
await pipeline(createFeed({ ...meta, items: items() }).stream(format), sink)
const used = process.cpuUsage(cpu)
console.log(
  JSON.stringify({
    'output (MB)': Math.round(bytes / 1024 / 1024),
    'wall (s)': Number(((performance.now() - started) / 1000).toFixed(1)),
    'CPU (s)': Number(((used.user + used.system) / 1e6).toFixed(1)),
    'peak RSS (MB)': Math.round(process.resourceUsage().maxRSS / 1024),
  }),
)
