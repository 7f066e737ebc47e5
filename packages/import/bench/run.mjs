#!/usr/bin/env node
// Benchmark of @blogkit/import (npm run bench). Generates WXR files into a temporary folder (never
// committed), then measures each job in a fresh process: time, CPU and peak RSS.
//
//   node bench/run.mjs [--posts 20000] [--comments 10] [--large-posts 47000] [--keep]
//
// 1. The case: 20,000 posts with 10 comments each (200,000 comments):
//    - parse: saxes alone over the file (the floor: reading the XML and nothing else);
//    - cli: `blogkit-import wordpress` (streaming, writes every file);
//    - cli again: the second run over the same output (idempotent: nothing written);
//    - collect: `fromWordPress` (everything kept in memory), for contrast.
// 2. Bounded memory: the CLI on a larger file (`--large-posts`, ~500 MB at 47,000 posts); its peak RSS
//    should be close to the 20,000-post run's, and it must finish with the heap capped at 64 MB.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync, statSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { generateWxr } from './generate-wxr.mjs'

const { values } = parseArgs({
  options: {
    posts: { type: 'string', default: '20000' },
    comments: { type: 'string', default: '10' },
    'large-posts': { type: 'string', default: '47000' },
    keep: { type: 'boolean', default: false },
  },
})
const here = path.dirname(fileURLToPath(import.meta.url))
const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-import-bench-'))
const rows = []
const mb = (bytes) => (bytes / 1e6).toFixed(1)

function measure(label, mode, file, out, nodeOptions = []) {
  const load = loadavg()[0].toFixed(1)
  const text = execFileSync(
    process.execPath,
    [...nodeOptions, path.join(here, 'measure.mjs'), mode, file, out ?? ''],
    {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      maxBuffer: 1 << 26,
    },
  )
  const result = JSON.parse(text.trim().split('\n').pop())
  rows.push({
    job: label,
    'size MB': mb(statSync(file).size),
    s: (result.ms / 1000).toFixed(1),
    'CPU s': (result.cpuMs / 1000).toFixed(1),
    'peak RSS MB': result.maxRssMB,
    'load (1 min)': load,
  })
  console.error(`${label}: ${JSON.stringify(result)}`)
}

try {
  const posts = Number(values.posts)
  const comments = Number(values.comments)
  const file = path.join(dir, `wxr-${posts}.xml`)
  let t = performance.now()
  await generateWxr(file, { posts, comments })
  console.error(
    `generated ${file}: ${mb(statSync(file).size)} MB, ${posts} posts, ${posts * comments} comments (+${Math.floor(posts / 50)} pingbacks) in ${((performance.now() - t) / 1000).toFixed(1)} s`,
  )
  const out = path.join(dir, 'out')
  measure(`parse only (saxes), ${posts} posts`, 'parse', file)
  measure(`blogkit-import wordpress, ${posts} posts`, 'cli', file, out)
  measure(`blogkit-import wordpress again (no change), ${posts} posts`, 'cli', file, out)
  measure(`fromWordPress (collect in memory), ${posts} posts`, 'collect', file)
  rmSync(out, { recursive: true, force: true })

  const large = Number(values['large-posts'])
  if (large > 0) {
    const big = path.join(dir, `wxr-${large}.xml`)
    t = performance.now()
    await generateWxr(big, { posts: large, comments })
    console.error(
      `generated ${big}: ${mb(statSync(big).size)} MB in ${((performance.now() - t) / 1000).toFixed(1)} s`,
    )
    measure(`blogkit-import wordpress, ${large} posts`, 'cli', big, path.join(dir, 'out-large'))
    rmSync(path.join(dir, 'out-large'), { recursive: true, force: true })
    // The bound made visible: the same import with V8's heap capped at 64 MB must still finish.
    measure(`same, heap capped: --max-old-space-size=64`, 'cli', big, path.join(dir, 'out-large'), [
      '--max-old-space-size=64',
    ])
  }
  console.log(`\nNode ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown'})\n`)
  console.log(
    `| ${Object.keys(rows[0]).join(' | ')} |\n| ${Object.keys(rows[0])
      .map(() => '---')
      .join(' | ')} |`,
  )
  for (const row of rows) console.log(`| ${Object.values(row).join(' | ')} |`)
} finally {
  if (!values.keep) rmSync(dir, { recursive: true, force: true })
  else console.error(`kept ${dir}`)
}
