// `npm run bench`: requests/s and p50/p99 latency of the server blog for reads (post pages) and posts
// (comment form POSTs answered with the 303 redirect), 200 concurrent clients on 127.0.0.1 against real
// server processes with a fresh database, for each backend in one run, side by side:
//   * SQLite, one server (the default);
//   * PostgreSQL, one server (like for like with SQLite);
//   * PostgreSQL, two servers on two ports sharing the database, the clients spread over both.
// PostgreSQL runs when BENCH_DATABASE_URL (or BLOGKIT_TEST_DATABASE_URL, as `. .ci/start-postgres.sh`
// from the repository root sets it) names a server; each run uses its own schema, dropped after.
// Prints Markdown tables for BENCHMARKS.md.
//
//   npm run bench                    # 200 clients, 20 s per phase
//   BENCH_SECONDS=30 BENCH_CLIENTS=100 npm run bench
//   BENCH_BACKENDS=sqlite npm run bench
import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import pg from 'pg'
import { dropSchema, type ServerProcess, spawnServer } from '../test/helpers.js'
import { type LoadResult, quantile, runLoad } from '../test/load-client.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 20)
const clients = Number(process.env.BENCH_CLIENTS ?? 200)
const databaseUrl = process.env.BENCH_DATABASE_URL || process.env.BLOGKIT_TEST_DATABASE_URL
const wanted = (process.env.BENCH_BACKENDS ?? 'sqlite,postgres,postgres-2').split(',')
const postPaths = [
  '/posts/ai-and-the-communicator/',
  '/posts/sluta-mata-rackvidd/',
  '/posts/newsletters-and-rss/',
  '/posts/tillganglig-webbtext/',
]
const common = {
  // Note: every client comes from 127.0.0.1, so the per-IP limits are raised for the benchmark.
  RATE_LIMIT: '1000000000',
  HOLD_AFTER: '1000000000',
  LOG: process.env.BENCH_LOG ?? '1',
  HOST: '127.0.0.1',
  SECRET: 'bench-secret-shared-by-the-instances',
}

interface Backend {
  name: string
  instances: number
  /** Settings for the servers, and what to remove afterwards. */
  setUp(): { env: Record<string, string>; tearDown(): Promise<void> }
}

const backends: Backend[] = []
if (wanted.includes('sqlite')) {
  backends.push({
    name: 'SQLite, 1 server',
    instances: 1,
    setUp() {
      const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-server-bench-'))
      return {
        env: { DATABASE_PATH: path.join(dir, 'bench.db') },
        tearDown: async () => rmSync(dir, { recursive: true, force: true }),
      }
    },
  })
}
for (const instances of [1, 2]) {
  if (!wanted.includes(instances === 1 ? 'postgres' : `postgres-${instances}`)) continue
  if (databaseUrl === undefined) {
    console.warn(
      `PostgreSQL (${instances} server(s)) left out: set BENCH_DATABASE_URL, or source .ci/start-postgres.sh from the repository root`,
    )
    continue
  }
  backends.push({
    name: `PostgreSQL, ${instances} server${instances > 1 ? 's' : ''}`,
    instances,
    setUp() {
      const schema = `blogkit_bench_${instances}_${process.pid}_${Date.now()}`
      return {
        env: { DATABASE_URL: databaseUrl, DATABASE_SCHEMA: schema },
        tearDown: () => dropSchema(databaseUrl, schema),
      }
    },
  })
}

const row = (name: string, result: LoadResult) => {
  const rate = (result.latencies.length / result.elapsedMs) * 1000
  const statuses = Object.entries(result.statuses)
    .map(([status, n]) => `${n}×${status}`)
    .join(', ')
  return `| ${name} | ${clients} | ${(result.elapsedMs / 1000).toFixed(1)} | ${result.latencies.length} | ${rate.toFixed(0)} | ${quantile(result.latencies, 0.5).toFixed(1)} | ${quantile(result.latencies, 0.99).toFixed(1)} | ${statuses}${result.errors > 0 ? `, ${result.errors} client errors ${JSON.stringify(result.errorKinds)}` : ''}${result.bytes > 0 ? `; ${(result.bytes / result.latencies.length / 1024).toFixed(0)} KiB per page` : ''} |`
}

const uptime = () => {
  try {
    return execFileSync('uptime', { encoding: 'utf8' }).trim()
  } catch {
    return `load average ${loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`
  }
}

async function postgresSettings(url: string): Promise<string> {
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  try {
    const show = async (name: string) => (await db.query(`SHOW ${name}`)).rows[0][name] as string
    return `PostgreSQL ${await show('server_version')}, fsync=${await show('fsync')}, synchronous_commit=${await show('synchronous_commit')}`
  } finally {
    await db.end()
  }
}

console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`)
console.log(`Request logging: ${process.env.BENCH_LOG === '0' ? 'off' : 'on (stdout to a pipe)'}`)
if (databaseUrl !== undefined && backends.some((backend) => backend.name.startsWith('PostgreSQL'))) {
  console.log(await postgresSettings(databaseUrl))
}
for (const backend of backends) {
  const { env, tearDown } = backend.setUp()
  const servers: ServerProcess[] = []
  try {
    // Note: one after the other: the first seeds the example comments, the others find them.
    for (let i = 0; i < backend.instances; i++) servers.push(await spawnServer({ ...common, ...env }))
    const baseUrl = servers.map((server) => server.url)
    const before = uptime()
    // Warm-up: render every post page once on every server.
    await runLoad({ baseUrl, postPaths, clients: 4 * backend.instances, durationMs: 2000, mode: 'read' })
    const phase = (mode: 'read' | 'post') =>
      runLoad({ baseUrl, postPaths, clients, durationMs: seconds * 1000, mode, label: 'bench' })
    const reads = await phase('read')
    const posts = await phase('post')
    const readsAfter = await phase('read')
    const table = [
      `### ${backend.name}`,
      '',
      `Before: \`${before}\`; after: \`${uptime()}\``,
      '',
      '| phase | clients | seconds | measured requests | requests/s | p50 ms | p99 ms | responses |',
      '| --- | --- | --- | --- | --- | --- | --- | --- |',
      row('read post pages (5–9 seeded comments)', reads),
      row('post comments (POST → 303)', posts),
      row(`read post pages (after ${posts.acknowledged.length} more comments)`, readsAfter),
      '',
    ].join('\n')
    console.log(`\n${table}`)
  } finally {
    for (const server of servers) server.child.kill('SIGTERM')
    for (const server of servers) await server.exited
    await tearDown()
  }
}
