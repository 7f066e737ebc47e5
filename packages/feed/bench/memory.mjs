// One document in a fresh process; prints peak RSS and CPU time as JSON.
import { Feed } from 'feed'
import { createFeed } from '../dist/index.js'
import { baseline, baselineMethod, item, meta } from './content.mjs'

const [lib, format, size] = process.argv.slice(2)
const items = Array.from({ length: Number(size) }, (_, i) => item(i, false))
const start = process.cpuUsage()
const out =
  lib === 'feed' ? baseline(Feed, items)[baselineMethod[format]]() : createFeed({ ...meta, items })[format]()
// Note: flatten a rope, as writing the document out would (see run.mjs).
const flattened = /^/.test(out)
const used = process.cpuUsage(start)
console.log(
  JSON.stringify({
    bytes: flattened ? out.length : 0,
    maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    cpuS: Number(((used.user + used.system) / 1e6).toFixed(2)),
  }),
)
