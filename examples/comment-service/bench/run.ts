// `npm run bench`: the comment service on SQLite (a fresh database, started by the bench as `npm start`
// starts it: `node --import tsx src/main.ts`), with one page of 1,000 comments (400 threads and 600
// replies, Markdown with links). Concurrent clients on keep-alive connections from 127.0.0.1, one phase
// after the other:
//   * baseline: `GET /counts?page=<page>` (one indexed count: the HTTP stack and the handler's floor);
//   * `GET /comments?page=<page>`: the JSON of the first page of threads (50 threads, whole);
//   * `GET /comments?page=<page>&format=html`: the same threads as the HTML fragment;
//   * the JSON again with the `If-None-Match` of its ETag (a reader's revalidation, answered 304);
//   * `POST /comments`: a form from an allowed origin, stored and answered with the 303 (another page).
// Prints a Markdown table for BENCHMARKS.md, with the machine and its load average before each phase.
//
//   npm run bench -w examples/comment-service              # 50 clients, 15 s per phase
//   BENCH_SECONDS=30 BENCH_CLIENTS=100 npm run bench -w examples/comment-service
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { cpus, loadavg, tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createSqliteCommentStore } from '@blogkit/comments/sqlite'
import { type Measured, quantile, runLoad } from './load.js'

const seconds = Number(process.env.BENCH_SECONDS ?? 15)
const clients = Number(process.env.BENCH_CLIENTS ?? 50)
const comments = Number(process.env.BENCH_COMMENTS ?? 1000)
const exampleDir = fileURLToPath(new URL('..', import.meta.url))
const site = 'http://127.0.0.1:8080'
const page = `${site}/2024/a-busy-post/`
const postPage = `${site}/2024/where-the-posts-go/`

const words = ['kommunikation', 'strategy', 'inifrån', 'the', 'and', 'läsare', 'feed', 'blog', 'tack', 'idea']
const sentence = (n: number) =>
  Array.from({ length: 12 }, (_, i) => words[(n * 7 + i * 3) % words.length]).join(' ')

/** A page of `comments` comments: 40 % threads, the rest replies to earlier threads. */
async function seed(filename: string): Promise<void> {
  const store = createSqliteCommentStore({ filename })
  const threads: string[] = []
  for (let n = 0; n < comments; n++) {
    const body = `${sentence(n)}, *${sentence(n + 1)}*.\n\n${sentence(n + 2)} [a link](https://example.com/${n}).`
    const reply = n % 5 >= 2 && threads.length > 0
    const parentId = reply ? threads[(n * 13) % threads.length] : undefined
    const added = await store.add({
      postId: page,
      ...(parentId ? { parentId } : {}),
      author: { name: `Reader ${n}`, email: `reader${n}@example.com`, url: `https://reader${n}.example/` },
      body,
    })
    if (!reply) threads.push(added.comment.id)
  }
  const { total } = await store.threadPage({ postId: page })
  if (total !== comments) throw new Error(`seeded ${total} comments, expected ${comments}`)
  await store.close()
}

/** Start the service as `npm start` does; resolves with its address. */
function startService(env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: exampleDir,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
      const found = /blogkit comment service: (http:\/\/\S+)/.exec(output)
      if (found) resolve({ child, url: found[1]! })
    })
    child.stderr!.on('data', (chunk: Buffer) => {
      output += chunk.toString()
    })
    child.on('exit', (code) => reject(new Error(`the service exited with ${code}:\n${output}`)))
  })
}

/** CPU seconds the process used so far (Linux: /proc/<pid>/stat, in clock ticks of 1/100 s). */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return Number.NaN
  }
}

interface Row {
  name: string
  result: Measured
  load: number
  cpu: number
}

const fixed = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '–')

function table(rows: Row[]): string {
  const lines = [
    '| phase | requests/s | p50 ms | p99 ms | KB per answer | failed | service CPU s/s | load before |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  ]
  for (const { name, result, load, cpu } of rows) {
    const seconds = result.elapsedMs / 1000
    lines.push(
      `| ${name} | ${fixed(result.ok / seconds, 0)} | ${fixed(quantile(result.latencies, 0.5))} | ${fixed(quantile(result.latencies, 0.99))} | ${fixed(result.bytes / Math.max(1, result.ok) / 1024)} | ${result.failed} | ${fixed(cpu / seconds, 2)} | ${fixed(load, 2)} |`,
    )
  }
  return lines.join('\n')
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'comment-service-bench-'))
  const filename = path.join(dir, 'bench.db')
  let child: ChildProcess | undefined
  try {
    const seeding = performance.now()
    await seed(filename)
    console.error(`seeded ${comments} comments in ${Math.round(performance.now() - seeding)} ms`)
    const started = await startService({
      ALLOWED_ORIGINS: site,
      PORT: '0',
      HOST: '127.0.0.1',
      DATABASE_PATH: filename,
      LOG: '0',
      // Note: every client comes from 127.0.0.1, so the per-address limits are raised for the bench.
      RATE_LIMIT: '1000000000',
      HOLD_AFTER: '1000000000',
      MAX_LINKS: '100',
    })
    child = started.child
    const { url } = started
    const pid = child.pid!
    const encoded = encodeURIComponent(page)
    const etag = (await fetch(new URL(`comments?page=${encoded}`, url))).headers.get('etag') ?? ''
    const phases: Array<{ name: string; expect: number; next: Parameters<typeof runLoad>[0]['next'] }> = [
      {
        name: 'baseline: `GET /counts` (one page)',
        expect: 200,
        next: () => ({ method: 'GET', path: `/counts?page=${encoded}` }),
      },
      {
        name: `\`GET /comments\` JSON (${comments} comments, first 50 threads)`,
        expect: 200,
        next: () => ({ method: 'GET', path: `/comments?page=${encoded}` }),
      },
      {
        name: '`GET /comments&format=html` fragment (the same)',
        expect: 200,
        next: () => ({ method: 'GET', path: `/comments?page=${encoded}&format=html` }),
      },
      {
        name: '`GET /comments` JSON with `If-None-Match` (304)',
        expect: 304,
        next: () => ({
          method: 'GET',
          path: `/comments?page=${encoded}`,
          headers: { 'if-none-match': etag },
        }),
      },
      {
        name: '`POST /comments` (form, 303)',
        expect: 303,
        next: (client, n) => ({
          method: 'POST',
          path: '/comments',
          headers: { origin: site, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({
            page: postPage,
            name: `Client ${client}`,
            body: `Comment ${n} of client ${client}: ${sentence(n)}`,
          }).toString(),
        }),
      },
    ]
    // Note: a short warm-up, so that the first phase does not pay for the JIT and the page cache.
    await runLoad({ url, clients, seconds: 2, expect: 200, next: phases[1]!.next })
    const rows: Row[] = []
    for (const phase of phases) {
      const load = loadavg()[0]!
      const cpuBefore = cpuSeconds(pid)
      const result = await runLoad({ url, clients, seconds, expect: phase.expect, next: phase.next })
      rows.push({ name: phase.name, result, load, cpu: cpuSeconds(pid) - cpuBefore })
      console.error(`${phase.name}: ${JSON.stringify(result.statuses)}`)
    }
    const cpu = cpus()
    console.log(
      `${clients} clients, ${seconds} s per phase; ${cpu.length} × ${cpu[0]?.model.trim()}; Node ${process.version}; load average after: ${loadavg()
        .map((v) => v.toFixed(2))
        .join(' ')}\n`,
    )
    console.log(table(rows))
  } finally {
    child?.kill('SIGTERM')
    await new Promise((resolve) =>
      child && child.exitCode === null ? child.once('exit', resolve) : resolve(0),
    )
    rmSync(dir, { recursive: true, force: true })
  }
}

main().catch((error: unknown) => {
  console.error(error)
  process.exit(1)
})
