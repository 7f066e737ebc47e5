#!/usr/bin/env node
// One measurement in a fresh process (so peak RSS is this job's alone). Prints JSON.
//   node bench/measure.mjs parse|cli|collect <file.xml> [outDir]
import { createReadStream } from 'node:fs'
import { SaxesParser } from 'saxes'
import { fromWordPress } from '../dist/index.js'

const [mode, file, out] = process.argv.slice(2)
const started = performance.now()
const cpu = process.cpuUsage()
let result = {}
if (mode === 'parse') {
  // Floor: a strict SAX parse of the same bytes, doing nothing with them.
  const parser = new SaxesParser()
  let elements = 0
  parser.on('opentag', () => elements++)
  const decoder = new TextDecoder()
  for await (const chunk of createReadStream(file)) parser.write(decoder.decode(chunk, { stream: true }))
  parser.close()
  result = { elements }
} else if (mode === 'cli') {
  // The CLI as users run it (its summary goes to stderr).
  process.argv = [process.argv[0], 'blogkit-import', 'wordpress', file, '--out', out, '--quiet']
  await import('../dist/cli.js')
  if (process.exitCode) process.exit(process.exitCode)
} else if (mode === 'collect') {
  const all = await fromWordPress(createReadStream(file))
  result = { posts: all.posts.length, comments: all.comments.length }
} else throw new Error(`unknown mode ${mode}`)
const usage = process.cpuUsage(cpu)
console.log(
  JSON.stringify({
    mode,
    ms: Math.round(performance.now() - started),
    cpuMs: Math.round((usage.user + usage.system) / 1000),
    maxRssMB: Math.round(process.resourceUsage().maxRSS / 1024),
    ...result,
  }),
)
