#!/usr/bin/env node
// Benchmark of `@blogkit/related/incremental`: a new process's rebuild after one post changed, and
// after none did, against the build in PREVIOUS_DIST (a dist/ of an earlier commit), alternating, in
// the same run. Each build is its own child process (as a site build is): `openRelatedCache`, `rank`,
// `settled`, timed in CPU time of the whole process (every thread: the cache's worker too) and wall.
//   node bench/incremental.mjs [size, default 10000] [implementations, default this,previous] [rounds, default 3]
//   PREVIOUS_DIST=/path/to/old/packages/related/dist node bench/incremental.mjs 10000 this,previous 3
// REWRITE=1: every build that finds a change saves a new base (`rewriteAfter` 0: the whole index and
// lists), as one build in 50 does at 10,000 posts; the "rank answered" column is when `rank` resolved.
// LISTS=1: `rankLists` instead of `rank` (the lists read one by one when asked for: here each list's
// digest, and the list of the changed post), where the implementation has it (else `rank`).
// Posts: the generated corpus (scripts/gen-corpus.mjs, seed 1) in .bench-cache/; each implementation has
// its own cache folder there, ranked cold once first (untimed). "one post changed" appends a paragraph to
// the middle post, "changed back" restores it, "nothing changed" ranks the same posts again. The time
// includes reading the posts (a v8 file, the same for every implementation, about 0.3 s of CPU), read
// after `openRelatedCache` as a site does.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import v8 from 'node:v8'
import { generatedCorpus } from '../../../scripts/bench-corpus.mjs'
import { loadPosts } from './posts.mjs'

const here = path.dirname(fileURLToPath(import.meta.url))
const cache = path.join(here, '../.bench-cache')
const limit = 5

const entry = (impl) =>
  impl === 'previous'
    ? pathToFileURL(path.join(path.resolve(process.env.PREVIOUS_DIST ?? ''), 'incremental.js')).href
    : new URL('../dist/incremental.js', import.meta.url).href

/** One build in this process: prints `{ cpu, wall, lists, rss }` as JSON. */
async function child(impl, postsFile, dir, change) {
  const { openRelatedCache } = await import(entry(impl))
  const started = performance.now()
  const cpu = process.cpuUsage()
  // Note: the cache opened before the posts are read, as a site build does (examples/site's loadSite),
  // so that work the cache starts at once overlaps the reading.
  const rewrite = process.env.REWRITE === '1' ? { rewriteAfter: { changes: 0, lists: 0 } } : {}
  const related = await openRelatedCache({ dir, limit, ...rewrite })
  const posts = v8.deserialize(readFileSync(postsFile))
  if (change !== undefined) {
    const middle = posts[posts.length >> 1]
    middle.text += `\n\nOne more paragraph about the ${change}.`
  }
  // Note: each post's digest, as a site's post cache knows it (`postFileState`) without hashing.
  const digests = new Map(posts.map((post) => [post.id, post.id + post.text.length + post.text.slice(-40)]))
  const rankOptions = { digest: (post) => digests.get(post.id) }
  let lists
  if (process.env.LISTS === '1' && related.rankLists) {
    lists = await related.rankLists(posts, rankOptions)
    for (const id of lists.keys()) lists.digest(id)
    lists.get(posts[posts.length >> 1].id)
  } else lists = await related.rank(posts, rankOptions)
  const answered = performance.now() - started
  await related.settled()
  await related.close()
  const used = process.cpuUsage(cpu)
  const wall = performance.now() - started
  const rss = process.resourceUsage().maxRSS / 1024
  console.log(
    JSON.stringify({ cpu: (used.user + used.system) / 1000, wall, answered, lists: lists.size, rss }),
  )
}

function run(impl, postsFile, dir, change) {
  const args = [fileURLToPath(import.meta.url), '--child', impl, postsFile, dir]
  if (change !== undefined) args.push(change)
  const output = execFileSync(process.execPath, args, { encoding: 'utf8', maxBuffer: 2 ** 26 })
  return JSON.parse(output.trim().split('\n').pop())
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[sorted.length >> 1]
}

function main() {
  const size = Number(process.argv[2] ?? 10_000)
  const impls = (process.argv[3] ?? 'this,previous').split(',')
  const rounds = Number(process.argv[4] ?? 3)
  if (impls.includes('previous') && !process.env.PREVIOUS_DIST) {
    console.error('PREVIOUS_DIST=<dist/ of an earlier build> is needed for `previous`')
    process.exit(2)
  }
  const posts = loadPosts(generatedCorpus({ posts: size, cacheDir: cache, quiet: true }))
  const postsFile = path.join(cache, `incremental-posts-${size}.bin`)
  writeFileSync(postsFile, v8.serialize(posts))
  const dirs = Object.fromEntries(
    impls.map((impl) => [impl, path.join(cache, `incremental-${impl}-${size}`)]),
  )
  for (const impl of impls) {
    // Note: REUSE=1 keeps the cache folders of an earlier run (their cold rank takes minutes).
    if (process.env.REUSE === '1' && existsSync(dirs[impl])) continue
    rmSync(dirs[impl], { recursive: true, force: true })
    const cold = run(impl, postsFile, dirs[impl])
    console.error(`${impl}: cold rank ${(cold.cpu / 1000).toFixed(1)} s CPU`)
  }
  const cases = [
    ['one post changed', (round) => `round ${round}`],
    ['changed back', () => undefined],
    ['nothing changed', () => undefined],
  ]
  const rows = new Map()
  for (let round = 1; round <= rounds; round++) {
    for (const impl of impls) {
      for (const [name, change] of cases) {
        const result = run(impl, postsFile, dirs[impl], change(round))
        const key = `${name}\t${impl}`
        rows.set(key, [...(rows.get(key) ?? []), result])
        console.error(
          `  round ${round} ${impl} ${name}: ${result.cpu.toFixed(0)} ms CPU, ${result.wall.toFixed(0)} ms wall`,
        )
      }
    }
  }
  console.log(
    `\n${size} posts, ${rounds} rounds, load average ${os
      .loadavg()
      .map((l) => l.toFixed(1))
      .join(' ')}`,
  )
  console.log(
    '| build | implementation | CPU ms, median (all) | wall ms, median | rank answered, ms | peak RSS |',
  )
  console.log('| --- | --- | ---: | ---: | ---: | ---: |')
  for (const [key, results] of rows) {
    const [name, impl] = key.split('\t')
    const cpu = results.map((r) => r.cpu)
    console.log(
      `| ${name} | ${impl} | ${median(cpu).toFixed(0)} (${cpu.map((c) => c.toFixed(0)).join(', ')}) | ${median(results.map((r) => r.wall)).toFixed(0)} | ${median(results.map((r) => r.answered)).toFixed(0)} | ${median(results.map((r) => r.rss)).toFixed(0)} MB |`,
    )
  }
}

if (process.argv[2] === '--child') {
  const [impl, postsFile, dir, change] = process.argv.slice(3)
  await child(impl, postsFile, dir, change)
} else if (existsSync(new URL('../dist/incremental.js', import.meta.url))) {
  main()
} else {
  console.error('dist/ is missing: run `npm run build -w @blogkit/related` first')
  process.exit(2)
}
