import { createServer } from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanup, type ServerProcess, spawnServer, tempDir } from './helpers.js'
import { type LoadResult, runLoad } from './load-client.js'

// The load and fault test of issue 8: 200 concurrent clients posting comments for 30 s against the real
// server process on 127.0.0.1; every comment acknowledged with a redirect must be in the database, none
// twice; then the same while the server is killed with SIGKILL mid-run and restarted.
// `LOAD_SECONDS` shortens the phases while working on the test (the check is the same).
const seconds = Number(process.env.LOAD_SECONDS ?? 30)
const clients = 200

// Note: the per-IP limits would turn a load test from one address into a test of the limiter (every
// client here is 127.0.0.1), so the test raises them explicitly; the limiter has its own tests.
const env = { RATE_LIMIT: '1000000000', HOLD_AFTER: '1000000000', SEED: '0', HOST: '127.0.0.1' }

const postPaths = [
  '/posts/ai-and-the-communicator/',
  '/posts/sluta-mata-rackvidd/',
  '/posts/newsletters-and-rss/',
  '/posts/tillganglig-webbtext/',
]

const running: ServerProcess[] = []
afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL')
  await cleanup()
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function spawn(databasePath: string, port: number) {
  const server = await spawnServer({ ...env, DATABASE_PATH: databasePath, PORT: String(port) })
  running.push(server)
  return server
}

/** Every acknowledged comment is stored with its body; no body (each is unique) is stored twice. */
function checkDatabase(databasePath: string, label: string, result: LoadResult) {
  const db = new Database(databasePath, { readonly: true })
  try {
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const rows = db
      .prepare<[string], { id: string; body: string }>('SELECT id, body FROM comments WHERE body LIKE ?')
      .all(`${label} %`)
    const byId = new Map(rows.map((row) => [row.id, row.body]))
    const missing = result.acknowledged.filter((ack) => byId.get(ack.id) !== ack.body)
    expect(missing, 'acknowledged comments missing from the database').toEqual([])
    const counts = new Map<string, number>()
    for (const row of rows) counts.set(row.body, (counts.get(row.body) ?? 0) + 1)
    expect(
      [...counts].filter(([, n]) => n > 1),
      'comments stored twice',
    ).toEqual([])
    expect(new Set(result.acknowledged.map((ack) => ack.id)).size).toBe(result.acknowledged.length)
    return rows.length
  } finally {
    db.close()
  }
}

const summary = (result: LoadResult) =>
  `${result.acknowledged.length} acknowledged, ${result.requests} answered, ${result.errors} connection errors ${JSON.stringify(result.errorKinds)}, statuses ${JSON.stringify(result.statuses)} in ${(result.elapsedMs / 1000).toFixed(1)} s`

describe('load and fault', () => {
  it(`should keep every acknowledged comment, once, with ${clients} clients for ${seconds} s`, async () => {
    const databasePath = path.join(tempDir(), 'load.db')
    const server = await spawn(databasePath, await freePort())
    const result = await runLoad({
      baseUrl: server.url,
      postPaths,
      clients,
      durationMs: seconds * 1000,
      mode: 'post',
      label: 'steady',
    })
    console.log(`steady: ${summary(result)}`)
    server.child.kill('SIGTERM')
    expect(await server.exited).toBe(0)
    expect(result.acknowledged.length).toBeGreaterThan(clients)
    // Note: on an overloaded machine a request may time out on the client (30 s); such a comment is not
    // acknowledged (and may or may not be stored), so it does not change the check below.
    // Every POST was answered with the redirect (no 4xx/5xx under load).
    expect(Object.keys(result.statuses).sort()).toEqual(['200', '303'])
    expect(checkDatabase(databasePath, 'steady', result)).toBe(result.acknowledged.length)
  })

  it(`should lose no acknowledged comment when the server is killed with SIGKILL mid-run and restarted`, async () => {
    const databasePath = path.join(tempDir(), 'fault.db')
    const port = await freePort()
    const first = await spawn(databasePath, port)
    // Note: the run goes on for a third of the time after the restart, however long the restart takes.
    const stop = new AbortController()
    const run = runLoad({
      baseUrl: first.url,
      postPaths,
      clients,
      durationMs: 10 * seconds * 1000,
      mode: 'post',
      label: 'fault',
      signal: stop.signal,
    })
    await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 3))
    first.child.kill('SIGKILL')
    expect(await first.exited).toBe('SIGKILL')
    const second = await spawn(databasePath, port)
    await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 3))
    stop.abort()
    const result = await run
    console.log(`fault: ${summary(result)}`)
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    expect(
      second.lines.some((line) => / POST \S+ 303 /.test(line)),
      'comments after the restart',
    ).toBe(true)
    // Requests failed while the server was down, and comments were acknowledged before and after it.
    expect(result.errors).toBeGreaterThan(0)
    expect(result.acknowledged.length).toBeGreaterThan(clients)
    checkDatabase(databasePath, 'fault', result)
    // And the database opens cleanly for a new store (migrations, WAL recovery) after all that.
    const db = new Database(databasePath)
    expect(db.pragma('quick_check', { simple: true })).toBe('ok')
    db.close()
  })
})
