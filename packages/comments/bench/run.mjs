// Benchmarks of @blogkit/comments. Run `npm run build -w @blogkit/comments` first, then
//   node bench/run.mjs            full sizes (10k, 100k, 1M comments; 200 writers × 100 adds)
//   node bench/run.mjs --quick    small sizes, for development
//   node bench/run.mjs --thread   only threadComments (10k, 100k, 1M comments; 100,000-deep chain)
//   node bench/run.mjs --runs=7   runs per threadComments size (the median is reported; default 5)
//   node bench/run.mjs --stores   only the stores (SQLite, and PostgreSQL when BLOGKIT_BENCH_DATABASE_URL
//                                 or BLOGKIT_TEST_DATABASE_URL names a server; a throwaway schema is used)
//   node bench/run.mjs --driver=node:sqlite   the SQLite store's driver: auto (default), better-sqlite3
//                                 or node:sqlite (Node 22.13+)
import { mkdtempSync, rmSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { Worker } from 'node:worker_threads'
import { renderCommentHtml, threadComments } from '../dist/index.js'
import { createPostgresCommentStore } from '../dist/postgres.js'
import { createSqliteCommentStore } from '../dist/sqlite.js'
import { makeComments, shuffle } from './comments-data.mjs'

const quick = process.argv.includes('--quick')
const threadOnly = process.argv.includes('--thread')
const runs = Number(process.argv.find((a) => a.startsWith('--runs='))?.slice('--runs='.length) ?? 5)
if (!Number.isInteger(runs) || runs < 1) {
  console.error('--runs= takes a whole number ≥ 1')
  process.exit(2)
}
const storesOnly = process.argv.includes('--stores')
const driver = process.argv.find((a) => a.startsWith('--driver='))?.slice('--driver='.length) ?? 'auto'
const databaseUrl = process.env.BLOGKIT_BENCH_DATABASE_URL || process.env.BLOGKIT_TEST_DATABASE_URL
const sizes = quick ? [10_000, 100_000] : [10_000, 100_000, 1_000_000]
const chainDepth = 100_000

/** Baseline: the usual way (group by parent in a Map, sort each sibling list, build recursively). */
function naiveThread(comments) {
  const byParent = new Map()
  for (const c of comments) {
    const key = c.parentId ?? null
    if (!byParent.has(key)) byParent.set(key, [])
    byParent.get(key).push(c)
  }
  const build = (parentId, depth) =>
    (byParent.get(parentId) ?? [])
      .sort((a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt))
      .filter((c) => c.status === 'approved' || byParent.has(c.id))
      .map((c) => ({ comment: c, depth, replies: build(c.id, depth + 1) }))
  return build(null, 0)
}

function time(fn) {
  const t = performance.now()
  const result = fn()
  return [performance.now() - t, result]
}

/** Wall time and this process's CPU time (user + system), in ms: CPU time is less skewed by other load. */
// Note: with `node --expose-gc` (as `npm run bench` runs it) a full GC runs before each timed call, so a
// call does not pay for collecting what the calls before it left (the baselines' million-node trees).
function timeCpu(fn) {
  globalThis.gc?.()
  const c = process.cpuUsage()
  const t = performance.now()
  fn()
  const wall = performance.now() - t
  const cpu = process.cpuUsage(c)
  return [wall, (cpu.user + cpu.system) / 1000]
}

/** CPU time (user + system, all threads of this process) since `start` (a `process.cpuUsage()`), in ms. */
const cpuSince = (start) => {
  const c = process.cpuUsage(start)
  return (c.user + c.system) / 1000
}

function median(values) {
  const s = [...values].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}

const ms = (x) => (typeof x === 'number' ? x.toFixed(1) : x)

const load = () =>
  loadavg()
    .map((x) => x.toFixed(2))
    .join(', ')

console.log(`# @blogkit/comments benchmarks (${quick ? 'quick' : 'full'})`)
console.log(
  `node ${process.version}, ${process.platform} ${process.arch}; load average at start: ${load()}\n`,
)

if (!storesOnly) {
  // threadComments: linear time.
  console.log(`## threadComments, one post (median of ${runs} runs, ms: wall (CPU of this process))\n`)
  console.log(
    '| comments | sorted input | shuffled input | CPU ns/comment (sorted / shuffled) | baseline: Map + sort + recursion, sorted input | baseline, shuffled input |',
  )
  console.log('|---:|---:|---:|---:|---:|---:|')
  // Warm-up, so that the first measured size does not pay for JIT compilation.
  for (let i = 0; i < 3; i++) threadComments(shuffle(makeComments(100_000)))
  for (const n of sizes) {
    const sorted = makeComments(n)
    const shuffled = shuffle(sorted)
    const a = []
    const b = []
    const baseSorted = []
    const baseShuffled = []
    for (let r = 0; r < runs; r++) {
      a.push(timeCpu(() => threadComments(sorted)))
      b.push(timeCpu(() => threadComments(shuffled)))
      baseSorted.push(timeCpu(() => naiveThread(sorted)))
      baseShuffled.push(timeCpu(() => naiveThread(shuffled)))
    }
    const cell = (list) => `${ms(median(list.map((x) => x[0])))} (${ms(median(list.map((x) => x[1])))})`
    const perComment = (list) => ((median(list.map((x) => x[1])) * 1e6) / n).toFixed(0)
    console.log(
      `| ${n.toLocaleString('en')} | ${cell(a)} | ${cell(b)} | ${perComment(a)} / ${perComment(b)} | ${cell(baseSorted)} | ${cell(baseShuffled)} |`,
    )
  }
  console.log(`\nLoad average after the sizes: ${load()}`)

  console.log('\n## threadComments, one reply chain 100,000 deep\n')
  {
    const chain = []
    const start = Date.UTC(2021, 0, 1)
    for (let i = 0; i < chainDepth; i++) {
      const c = {
        id: `c${i}`,
        postId: 'p1',
        author: { name: 'A' },
        createdAt: new Date(start + i).toISOString(),
        body: 'x',
        status: 'approved',
      }
      if (i > 0) c.parentId = `c${i - 1}`
      chain.push(c)
    }
    const [full, result] = time(() => threadComments(chain))
    const [capped] = time(() => threadComments(chain, { maxDepth: 5 }))
    const [fullShuffled] = time(() => threadComments(shuffle(chain)))
    let baseline
    try {
      baseline = `${ms(time(() => naiveThread(chain))[0])} ms`
    } catch (error) {
      baseline = `fails: ${error.constructor.name}: ${error.message}`
    }
    console.log('| case | result |')
    console.log('|---|---|')
    console.log(
      `| threadComments, no depth limit | ${ms(full)} ms, ${result.total.toLocaleString('en')} comments |`,
    )
    console.log(`| threadComments, maxDepth 5 | ${ms(capped)} ms |`)
    console.log(`| threadComments, no depth limit, shuffled input | ${ms(fullShuffled)} ms |`)
    console.log(`| baseline (recursive) | ${baseline} |`)
  }

  if (threadOnly) {
    console.log(`\nLoad average at the end: ${load()}`)
    process.exit(0)
  }

  // renderCommentHtml throughput, for context on page render time.
  {
    const body =
      '@Magnus: Tack för *inspel*. Se http://hundratusen.com/2009/10/com-hem/ och [länk](https://example.com).\n\n> citat\n\n- ett\n- två'
    for (let i = 0; i < 50; i++) renderCommentHtml(body)
    const runs = 500
    const [t] = time(() => {
      for (let i = 0; i < runs; i++) renderCommentHtml(body, { replyTo: { name: 'Magnus', href: '#c1' } })
    })
    console.log(
      `\n## renderCommentHtml\n\n${runs} renders of a 6-line comment: ${ms(t)} ms, ${((t * 1000) / runs).toFixed(0)} µs per comment\n`,
    )
  }
}

/**
 * The store benchmarks, the same for every store: `open(name)` opens a store on a fresh database named
 * `name`; `workerOpen` is the source of an async function `(name) => store` run inside worker threads.
 */
async function benchStore({ title, open, workerOpen, workerModule }) {
  const writers = 200
  const perWriter = quick ? 10 : 100
  const total = writers * perWriter
  const rows = []
  {
    const store = await open('one')
    const c = process.cpuUsage()
    const s = performance.now()
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        for (let i = 0; i < perWriter; i++) {
          await store.add({
            postId: `p${w % 20}`,
            author: { name: `W${w}` },
            body: `Kommentar ${i} från skrivare ${w}`,
          })
        }
      }),
    )
    const t = performance.now() - s
    rows.push([
      `${writers} concurrent writers, one process, one store: ${total.toLocaleString('en')} adds`,
      `${ms(t)} ms (CPU ${ms(cpuSince(c))} ms), **${Math.round((total / t) * 1000).toLocaleString('en')} adds/s**`,
    ])
    await store.close()
  }
  {
    // 4 worker threads × 50 writers, each thread with its own store (connection or pool) on one database.
    await (await open('workers')).close()
    const threads = 4
    const source = `
      const { workerData, parentPort } = require('node:worker_threads')
      import(workerData.module).then(async (m) => {
        const store = await (${workerOpen})(m, 'workers')
        await Promise.all(Array.from({ length: workerData.writers }, async (_, w) => {
          for (let i = 0; i < workerData.perWriter; i++) {
            await store.add({ postId: 'p' + (w % 20), author: { name: 'W' + w }, body: 'Kommentar ' + i })
          }
        }))
        await store.close()
        parentPort.postMessage('done')
      })`
    const c = process.cpuUsage()
    const s = performance.now()
    await Promise.all(
      Array.from(
        { length: threads },
        () =>
          new Promise((resolve, reject) => {
            const worker = new Worker(source, {
              eval: true,
              workerData: { module: workerModule, writers: writers / threads, perWriter },
            })
            worker.on('message', resolve)
            worker.on('error', reject)
          }),
      ),
    )
    const t = performance.now() - s
    rows.push([
      `${writers} concurrent writers in ${threads} worker threads (a store each, one database): ${total.toLocaleString('en')} adds`,
      `${ms(t)} ms (CPU ${ms(cpuSince(c))} ms), **${Math.round((total / t) * 1000).toLocaleString('en')} adds/s**`,
    ])
  }
  {
    const store = await open('read')
    const data = makeComments(5000).map((c) => ({
      ...c,
      postId: 'big',
      body: 'En kommentar med lite text, som på bloggen.',
    }))
    const c = process.cpuUsage()
    const s = performance.now()
    await store.import({
      format: 'blogkit-comments',
      version: 1,
      exportedAt: new Date().toISOString(),
      comments: data,
    })
    await store.import({
      format: 'blogkit-comments',
      version: 1,
      exportedAt: '',
      // Other posts' comments, top-level only (a reply must be on its parent's post).
      comments: makeComments(20_000).map(({ parentId: _, ...c }) => ({
        ...c,
        id: `o${c.id}`,
        postId: `other${Number(c.id.slice(1)) % 100}`,
      })),
    })
    const imported = performance.now() - s
    const importedCpu = cpuSince(c)
    const list = []
    const listCpu = []
    const thread = []
    for (let r = 0; r < 100; r++) {
      const c = process.cpuUsage()
      const s = performance.now()
      const comments = await store.list({ postId: 'big' })
      const t1 = performance.now()
      listCpu.push(cpuSince(c))
      threadComments(comments, { maxDepth: 5, limit: 50 })
      const t2 = performance.now()
      list.push(t1 - s)
      thread.push(t2 - s)
    }
    const p95 = (v) => [...v].sort((a, b) => a - b)[Math.floor(v.length * 0.95)]
    rows.push([
      'import 25,000 comments (two `import` calls)',
      `${ms(imported)} ms (CPU ${ms(importedCpu)} ms), ${Math.round((25_000 / imported) * 1000).toLocaleString('en')} comments/s`,
    ])
    rows.push([
      'read a 5,000-comment post (25,000 in the database): `list`',
      `p50 ${ms(median(list))} ms, p95 ${ms(p95(list))} ms (CPU p50 ${ms(median(listCpu))} ms)`,
    ])
    rows.push([
      'same, `list` + `threadComments` (maxDepth 5, 50 threads per page)',
      `p50 ${ms(median(thread))} ms, p95 ${ms(p95(thread))} ms`,
    ])
    await store.close()
  }
  console.log(`## ${title}\n`)
  console.log('| case | result |')
  console.log('|---|---|')
  for (const [c, r] of rows) console.log(`| ${c} | ${r} |`)
  console.log('')
}

// SQLite store.
const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-comments-bench-'))
try {
  await benchStore({
    title: `SQLite store (driver ${driver}, WAL, file in ${tmpdir()})`,
    open: async (name) => createSqliteCommentStore({ filename: path.join(dir, `${name}.db`), driver }),
    workerOpen: `async (m, name) => m.createSqliteCommentStore({ filename: ${JSON.stringify(dir)} + '/' + name + '.db', driver: ${JSON.stringify(driver)} })`,
    workerModule: new URL('../dist/sqlite.js', import.meta.url).href,
  })
} finally {
  rmSync(dir, { recursive: true, force: true })
}

// PostgreSQL store, on a throwaway schema of the given database (dropped at the end).
if (databaseUrl) {
  const pg = (await import('pg')).default
  const client = new pg.Client({ connectionString: databaseUrl })
  await client.connect()
  const version = (await client.query('SHOW server_version')).rows[0].server_version
  const settings = (
    await client.query(
      "SELECT name, setting FROM pg_settings WHERE name IN ('fsync', 'synchronous_commit', 'shared_buffers') ORDER BY name",
    )
  ).rows
    .map((r) => `${r.name}=${r.setting}`)
    .join(', ')
  const prefix = `bench_${process.pid}_`
  try {
    await benchStore({
      title: `PostgreSQL store (pg, PostgreSQL ${version} on ${new URL(databaseUrl).host}, ${settings}; pool of 10 per store)`,
      open: (name) => createPostgresCommentStore({ connectionString: databaseUrl, schema: prefix + name }),
      workerOpen: `async (m, name) => m.createPostgresCommentStore({ connectionString: ${JSON.stringify(databaseUrl)}, schema: ${JSON.stringify(prefix)} + name })`,
      workerModule: new URL('../dist/postgres.js', import.meta.url).href,
    })
  } finally {
    for (const name of ['one', 'workers', 'read'])
      await client.query(`DROP SCHEMA IF EXISTS ${prefix}${name} CASCADE`)
    await client.end()
  }
} else {
  console.log('PostgreSQL store: skipped (set BLOGKIT_BENCH_DATABASE_URL or BLOGKIT_TEST_DATABASE_URL)')
}
