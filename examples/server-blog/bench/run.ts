// `npm run bench`: requests/s and p50/p99 latency of the server blog for reads (post pages) and posts
// (comment form POSTs answered with the 303 redirect), 200 concurrent clients on 127.0.0.1 against the
// real server process with a fresh database. Prints a Markdown table for BENCHMARKS.md.
//
//   npm run bench                    # 200 clients, 20 s per phase
//   BENCH_SECONDS=30 BENCH_CLIENTS=100 npm run bench
import { mkdtempSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { spawnServer } from '../test/helpers.js'
import { type LoadResult, quantile, runLoad } from '../test/load-client.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 20)
const clients = Number(process.env.BENCH_CLIENTS ?? 200)
const postPaths = [
  '/posts/ai-and-the-communicator/',
  '/posts/sluta-mata-rackvidd/',
  '/posts/newsletters-and-rss/',
  '/posts/tillganglig-webbtext/',
]

const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-server-bench-'))
const server = await spawnServer({
  DATABASE_PATH: path.join(dir, 'bench.db'),
  // Note: every client comes from 127.0.0.1, so the per-IP limits are raised for the benchmark.
  RATE_LIMIT: '1000000000',
  HOLD_AFTER: '1000000000',
  LOG: process.env.BENCH_LOG ?? '1',
})

const row = (name: string, result: LoadResult) => {
  const rate = (result.latencies.length / result.elapsedMs) * 1000
  const statuses = Object.entries(result.statuses)
    .map(([status, n]) => `${n}×${status}`)
    .join(', ')
  return `| ${name} | ${clients} | ${(result.elapsedMs / 1000).toFixed(1)} | ${result.latencies.length} | ${rate.toFixed(0)} | ${quantile(result.latencies, 0.5).toFixed(1)} | ${quantile(result.latencies, 0.99).toFixed(1)} | ${statuses}${result.errors > 0 ? `, ${result.errors} client errors ${JSON.stringify(result.errorKinds)}` : ''}${result.bytes > 0 ? `; ${(result.bytes / result.latencies.length / 1024).toFixed(0)} KiB per page` : ''} |`
}

try {
  const before = loadavg()
  // Warm-up: render every post page once.
  await runLoad({ baseUrl: server.url, postPaths, clients: 4, durationMs: 2000, mode: 'read' })
  const reads = await runLoad({
    baseUrl: server.url,
    postPaths,
    clients,
    durationMs: seconds * 1000,
    mode: 'read',
  })
  const posts = await runLoad({
    baseUrl: server.url,
    postPaths,
    clients,
    durationMs: seconds * 1000,
    mode: 'post',
    label: 'bench',
  })
  const readsAfter = await runLoad({
    baseUrl: server.url,
    postPaths,
    clients,
    durationMs: seconds * 1000,
    mode: 'read',
  })
  const after = loadavg()
  console.log(`Machine: ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}`)
  console.log(
    `Load average before ${before.map((x) => x.toFixed(2)).join(' ')}, after ${after.map((x) => x.toFixed(2)).join(' ')}`,
  )
  console.log(`Request logging: ${process.env.BENCH_LOG === '0' ? 'off' : 'on (stdout to a pipe)'}\n`)
  console.log('| phase | clients | seconds | measured requests | requests/s | p50 ms | p99 ms | responses |')
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- |')
  console.log(row('read post pages (5–9 seeded comments)', reads))
  console.log(row('post comments (POST → 303)', posts))
  console.log(row(`read post pages (after ${posts.acknowledged.length} more comments)`, readsAfter))
} finally {
  server.child.kill('SIGTERM')
  await server.exited
  rmSync(dir, { recursive: true, force: true })
}
