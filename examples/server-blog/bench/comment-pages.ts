// `npm run bench:comment-pages`: one post with 5,000 approved comments (40 % top-level, the others
// replies to one of the 30 comments before them), its first page read by 50 concurrent clients for 20 s: p50/p99 latency,
// requests/s and the page's size, against a real server process on SQLite. With BENCH_OLD_DIR (another
// checkout of the repository, its packages built: an earlier build) the same database is served by that
// build too, in the same run, for the figure beside it.
//
//   npm run bench:comment-pages
//   BENCH_OLD_DIR=/tmp/old-checkout BENCH_SECONDS=15 npm run bench:comment-pages
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, tmpdir } from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Comment } from '@blogkit/comments'
import { type ServerProcess, spawnServer } from '../test/helpers.js'
import { quantile, runLoad } from '../test/load-client.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 20)
const clients = Number(process.env.BENCH_CLIENTS ?? 50)
const count = Number(process.env.BENCH_COMMENTS ?? 5000)
const oldDir = process.env.BENCH_OLD_DIR
const postId = 'ai-and-the-communicator'
const postPath = `/posts/${postId}/`
const here = path.resolve(import.meta.dirname, '../../..')

/** A small deterministic random generator (mulberry32), so every run serves the same comments. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = seed
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const words =
  'kommunikation strategi läsare förtroende kris mätning nyhetsbrev flöde rubrik text publik ledning kanal budskap samtal webb'.split(
    ' ',
  )

/** `count` approved comments on the post: a mix of top-level comments and replies, a paragraph or two each. */
function makeComments(): Comment[] {
  const next = random(18)
  const start = Date.UTC(2024, 2, 1)
  const comments: Comment[] = []
  for (let i = 0; i < count; i++) {
    const sentence = () =>
      Array.from(
        { length: 8 + Math.floor(next() * 10) },
        () => words[Math.floor(next() * words.length)],
      ).join(' ')
    const body = Array.from(
      { length: 1 + Math.floor(next() * 3) },
      () => `${sentence()}. ${sentence()}.`,
    ).join('\n\n')
    const comment: Comment = {
      id: `bench-${i}`,
      postId,
      author: { name: `Läsare ${i % 700}`, url: `https://reader${i % 700}.example/` },
      createdAt: new Date(start + i * 60_000).toISOString(),
      body: `${body} **${i}**`,
      status: 'approved',
    }
    // Note: a reply answers one of the 30 latest comments (a conversation goes on where it is); 60 %
    // are replies. `BENCH_SHAPE=any`: a reply answers any earlier comment, so the oldest threads grow
    // huge (the first 50 threads then hold about a fifth of all comments).
    const window = process.env.BENCH_SHAPE === 'any' ? i : Math.min(i, 30)
    if (i > 0 && next() > 0.4) comment.parentId = `bench-${i - 1 - Math.floor(next() * window)}`
    comments.push(comment)
  }
  return comments
}

/** A database file with the comments, made by the build in `root` (its own schema version). */
async function makeDatabase(root: string, file: string, comments: Comment[]) {
  const sqlite = (await import(
    pathToFileURL(path.join(root, 'packages/comments/dist/sqlite.js')).href
  )) as typeof import('@blogkit/comments/sqlite')
  const store = sqlite.createSqliteCommentStore({ filename: file })
  await store.import(comments)
  await store.close()
}

/** One build: its server on a copy of the database, the page's size, then the load. */
async function measure(name: string, root: string, comments: Comment[]) {
  const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-pages-bench-'))
  let server: ServerProcess | undefined
  try {
    const file = path.join(dir, 'bench.db')
    await makeDatabase(root, file, comments)
    const env = {
      DATABASE_PATH: file,
      LOG: '0',
      HOST: '127.0.0.1',
      SECRET: 'bench-secret',
      RATE_LIMIT: '1000000000',
      HOLD_AFTER: '1000000000',
    }
    server = await spawnServer(env, 120_000, path.join(root, 'examples/server-blog'))
    const t = performance.now()
    const first = await fetch(new URL(postPath, server.url), { signal: AbortSignal.timeout(120_000) })
    const html = await first.text()
    const firstMs = performance.now() - t
    const shown = (html.match(/<li class="comment/g) ?? []).length
    const result = await runLoad({
      baseUrl: server.url,
      postPaths: [postPath],
      clients,
      durationMs: seconds * 1000,
      mode: 'read',
    })
    const rate = (result.latencies.length / result.elapsedMs) * 1000
    const statuses = Object.entries(result.statuses)
      .map(([status, n]) => `${n}×${status}`)
      .join(', ')
    const p = (q: number) => (result.latencies.length === 0 ? '–' : quantile(result.latencies, q).toFixed(1))
    return `| ${name} | ${(Buffer.byteLength(html) / 1024).toFixed(0)} KiB, ${shown} comments shown | ${firstMs.toFixed(0)} | ${clients} | ${(result.elapsedMs / 1000).toFixed(1)} | ${result.latencies.length} | ${rate.toFixed(0)} | ${p(0.5)} | ${p(0.99)} | ${statuses || 'none'}${result.errors > 0 ? `, ${result.errors} client errors ${JSON.stringify(result.errorKinds)}` : ''} |`
  } finally {
    if (server) {
      server.child.kill('SIGTERM')
      await server.exited
    }
    rmSync(dir, { recursive: true, force: true })
  }
}

const uptime = () => execFileSync('uptime', { encoding: 'utf8' }).trim()
console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`)
const comments = makeComments()
console.log(
  `${count} approved comments on ${postPath} (${comments.filter((c) => c.parentId === undefined).length} top-level), plus the seeded ones`,
)
const rows: string[] = []
const builds: Array<[string, string]> = [['this build', here]]
if (oldDir !== undefined) builds.unshift([`earlier build (${path.basename(oldDir)})`, path.resolve(oldDir)])
for (const [name, root] of builds) {
  console.log(`${name}: before \`${uptime()}\``)
  rows.push(await measure(name, root, comments))
  console.log(`${name}: after \`${uptime()}\``)
}
console.log(`
| build | first page | first request ms | clients | seconds | measured requests | requests/s | p50 ms | p99 ms | responses |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}`)
