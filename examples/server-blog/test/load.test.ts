import http from 'node:http'
import { createServer } from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanup, dropSchema, type ServerProcess, spawnServer, tempDir, testPostgres } from './helpers.js'
import { type LoadResult, runLoad } from './load-client.js'

// The load and fault test of issues 8 and 10: 200 concurrent clients posting comments against real
// server processes on 127.0.0.1; every comment acknowledged with a redirect must be in the database,
// none twice; then the same while a server is killed with SIGKILL mid-run and restarted.
// Two backends, the same clients and checks:
// * SQLite: one server, 30 s per phase (`LOAD_SECONDS`);
// * PostgreSQL: two servers on two ports sharing one database, the clients spread over both, 10 s per
//   phase (`PG_LOAD_SECONDS`); in the fault run one of the two is killed and restarted while the other
//   goes on. Skipped with a note when no PostgreSQL server answers and CI is not set (see helpers.ts).
// In the fault run every client sends a form again, the same one, after a connection error (and cuts off
// its first POST and every fifth once sent, then sends it again): no comment may be stored twice.
// Then one run behind a proxy that appends the client's address to X-Forwarded-For, as nginx does, with
// clients that write their own X-Forwarded-For: the limits must see the proxy's entry.
// The environment variables shorten the phases while working on the test (the checks are the same).
const clients = 200
const postgres = await testPostgres('the PostgreSQL load and fault test of the server blog')

// Note: the per-IP limits would turn a load test from one address into a test of the limiter (every
// client here is 127.0.0.1), so the test raises them explicitly; the limiter has its own tests.
const env = { RATE_LIMIT: '1000000000', HOLD_AFTER: '1000000000', SEED: '0', HOST: '127.0.0.1' }

const postPaths = [
  '/posts/ai-and-the-communicator/',
  '/posts/sluta-mata-rackvidd/',
  '/posts/newsletters-and-rss/',
  '/posts/tillganglig-webbtext/',
]

/** Where the comments of one run live: the settings for the servers, and what is stored afterwards. */
interface TestDatabase {
  env: Record<string, string>
  /** The stored comments whose body starts with `label`. */
  rows(label: string): Promise<Array<{ id: string; body: string }>>
  /** The database is sound and opens cleanly after the run. */
  check(): Promise<void>
}

interface Backend {
  name: string
  /** Server processes sharing the database. */
  instances: number
  seconds: number
  skip: boolean
  database(name: string): TestDatabase
}

const schemas: string[] = []
const backends: Backend[] = [
  {
    name: 'SQLite',
    instances: 1,
    seconds: Number(process.env.LOAD_SECONDS ?? 30),
    skip: false,
    database(name) {
      const file = path.join(tempDir(), `${name}.db`)
      return {
        env: { DATABASE_PATH: file },
        async rows(label) {
          const db = new Database(file, { readonly: true })
          try {
            return db
              .prepare<[string], { id: string; body: string }>(
                'SELECT id, body FROM comments WHERE body LIKE ?',
              )
              .all(`${label} %`)
          } finally {
            db.close()
          }
        },
        async check() {
          const db = new Database(file)
          try {
            expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
          } finally {
            db.close()
          }
        },
      }
    },
  },
  {
    name: 'PostgreSQL',
    instances: 2,
    seconds: Number(process.env.PG_LOAD_SECONDS ?? 10),
    skip: postgres.skip,
    database(name) {
      const schema = `blogkit_load_${name}_${process.pid}_${Date.now()}`
      schemas.push(schema)
      const query = async <T extends pg.QueryResultRow>(sql: string, values: unknown[] = []) => {
        const db = new pg.Client({ connectionString: postgres.url })
        await db.connect()
        try {
          return (await db.query<T>(sql, values)).rows
        } finally {
          await db.end()
        }
      }
      return {
        // Note: every instance must accept the forms another one made (the clients keep to one
        // instance, but after a restart the secret must still be the same).
        env: { DATABASE_URL: postgres.url, DATABASE_SCHEMA: schema, SECRET: 'load-test-secret-shared' },
        rows: (label) =>
          query<{ id: string; body: string }>(
            `SELECT id, body FROM "${schema}".comments WHERE body LIKE $1`,
            [`${label} %`],
          ),
        async check() {
          const { createPostgresCommentStore } = await import('@blogkit/comments/postgres')
          const store = await createPostgresCommentStore({ connectionString: postgres.url, schema })
          try {
            expect(await store.count()).toBeTypeOf('object')
          } finally {
            await store.close()
          }
        },
      }
    },
  },
]

const running: ServerProcess[] = []
afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL')
  await Promise.all(running.map((server) => server.exited))
  await cleanup()
  for (const schema of schemas) await dropSchema(postgres.url, schema)
})

async function freePort(): Promise<number> {
  const server = createServer()
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  await new Promise((resolve) => server.close(resolve))
  return port
}

async function spawn(database: TestDatabase, port: number) {
  const server = await spawnServer({ ...env, ...database.env, PORT: String(port) })
  running.push(server)
  return server
}

/** Start `n` servers on the database, each on its own port. */
const spawnAll = (database: TestDatabase, n: number) =>
  Promise.all(Array.from({ length: n }, async () => spawn(database, await freePort())))

/** Every acknowledged comment is stored with its body; no body (each is unique) is stored twice. */
async function checkStored(database: TestDatabase, label: string, result: LoadResult) {
  await database.check()
  const rows = await database.rows(label)
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
}

const summary = (result: LoadResult) =>
  `${result.acknowledged.length} acknowledged, ${result.requests} answered, ${result.errors} connection errors ${JSON.stringify(result.errorKinds)}, statuses ${JSON.stringify(result.statuses)} in ${(result.elapsedMs / 1000).toFixed(1)} s`

const stopAll = async (servers: ServerProcess[]) => {
  for (const server of servers) server.child.kill('SIGTERM')
  for (const server of servers) expect(await server.exited).toBe(0)
}

describe.each(backends)('load and fault on $name ($instances server(s))', (backend) => {
  const { seconds, instances } = backend
  const label = backend.name.toLowerCase()

  it.skipIf(backend.skip)(
    `should keep every acknowledged comment, once, with ${clients} clients for ${seconds} s`,
    async () => {
      const database = backend.database('steady')
      const servers = await spawnAll(database, instances)
      const result = await runLoad({
        baseUrl: servers.map((server) => server.url),
        postPaths,
        clients,
        durationMs: seconds * 1000,
        mode: 'post',
        label: `${label}-steady`,
      })
      console.log(`${backend.name} steady: ${summary(result)}`)
      await stopAll(servers)
      expect(result.acknowledged.length).toBeGreaterThan(clients)
      // Note: on an overloaded machine a request may time out on the client (30 s); such a comment is
      // not acknowledged (and may or may not be stored), so it does not change the check below.
      // Every POST was answered with the redirect (no 4xx/5xx under load).
      expect(Object.keys(result.statuses).sort()).toEqual(['200', '303'])
      // Every instance took comments.
      for (const server of servers) {
        expect(server.lines.some((line) => / POST \S+ 303 /.test(line))).toBe(true)
      }
      expect(await checkStored(database, `${label}-steady`, result)).toBe(result.acknowledged.length)
    },
  )

  it.skipIf(backend.skip)(
    `should lose no acknowledged comment when ${instances > 1 ? 'one server' : 'the server'} is killed with SIGKILL mid-run and restarted`,
    async () => {
      const database = backend.database('fault')
      const servers = await spawnAll(database, instances)
      // The last one is killed and restarted on the same port (the others, if any, go on).
      const victim = servers.at(-1)!
      const port = Number(new URL(victim.url).port)
      // Note: the run goes on for a third of the time after the restart, however long the restart takes.
      const stop = new AbortController()
      const run = runLoad({
        baseUrl: servers.map((server) => server.url),
        postPaths,
        clients,
        durationMs: 10 * seconds * 1000,
        mode: 'post',
        label: `${label}-fault`,
        signal: stop.signal,
        retry: true,
      })
      await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 3))
      victim.child.kill('SIGKILL')
      expect(await victim.exited).toBe('SIGKILL')
      const restarted = await spawn(database, port)
      await new Promise((resolve) => setTimeout(resolve, (seconds * 1000) / 3))
      stop.abort()
      const result = await run
      console.log(`${backend.name} fault: ${summary(result)}`)
      const survivors = [...servers.slice(0, -1), restarted]
      await stopAll(survivors)
      for (const server of survivors) {
        expect(
          server.lines.some((line) => / POST \S+ 303 /.test(line)),
          'comments after the restart, and on the servers that went on',
        ).toBe(true)
      }
      // Requests failed while the server was down, and comments were acknowledged before and after it.
      expect(result.errors).toBeGreaterThan(0)
      expect(result.acknowledged.length).toBeGreaterThan(clients)
      // Forms were sent again (cut off on purpose, or failed while the server was down); each comment is
      // stored once (checkStored: no body twice), under the id its redirect named.
      expect(result.errorKinds.ABANDONED).toBeGreaterThanOrEqual(clients)
      expect(result.resent).toBeGreaterThan(clients)
      await checkStored(database, `${label}-fault`, result)
    },
  )
})

/**
 * A reverse proxy in front of `target` that appends the address it was connected from to
 * `X-Forwarded-For`, as nginx's `$proxy_add_x_forwarded_for`, Caddy and cloud load balancers do.
 */
async function appendingProxy(target: string) {
  const upstream = new URL(target)
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 })
  const server = http.createServer((request, response) => {
    const forwarded = request.headers['x-forwarded-for']
    const headers = {
      ...request.headers,
      'x-forwarded-for': `${forwarded ? `${forwarded}, ` : ''}${request.socket.remoteAddress}`,
    }
    const out = http.request(
      {
        agent,
        host: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers,
      },
      (answer) => {
        response.writeHead(answer.statusCode ?? 502, answer.headers)
        answer.pipe(response)
      },
    )
    out.on('error', () => response.destroy())
    request.pipe(out)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`,
    close: () => {
      agent.destroy()
      server.closeAllConnections()
      return new Promise((resolve) => server.close(resolve))
    },
  }
}

describe('load behind an appending proxy (SQLite)', () => {
  it('should apply RATE_LIMIT and HOLD_AFTER to the address the proxy appended, whatever the clients write', async () => {
    const database = backends[0]!.database('proxy')
    const limits = { RATE_LIMIT: '60', HOLD_AFTER: '20', RATE_LIMIT_WINDOW_MS: '600000' }
    const server = await spawnServer({ ...env, ...database.env, ...limits, TRUST_PROXY: '1', PORT: '0' })
    running.push(server)
    const proxy = await appendingProxy(server.url)
    try {
      let spoofed = 0
      const result = await runLoad({
        baseUrl: proxy.url,
        postPaths,
        clients: 50,
        durationMs: 5000,
        mode: 'post',
        label: 'proxy',
        // Every request claims another address, as a client escaping the limits would.
        headers: () => ({ 'x-forwarded-for': `198.51.100.${spoofed++ % 250}` }),
      })
      console.log(`SQLite behind a proxy: ${summary(result)}`)
      await stopAll([server])
      // One address (the proxy's entry, 127.0.0.1) for every client: RATE_LIMIT comments got in, the rest
      // were refused; of those, HOLD_AFTER were published and the others wait for a moderator.
      expect(result.statuses[303]).toBe(60)
      expect(result.statuses[429]).toBeGreaterThan(0)
      expect(result.acknowledged).toHaveLength(60)
      expect(await checkStored(database, 'proxy', result)).toBe(60)
      const db = new Database(database.env.DATABASE_PATH!, { readonly: true })
      try {
        const statuses = db
          .prepare<[], { status: string; n: number }>(
            "SELECT status, count(*) AS n FROM comments WHERE body LIKE 'proxy %' GROUP BY status ORDER BY status",
          )
          .all()
        expect(statuses).toEqual([
          { status: 'approved', n: 20 },
          { status: 'pending', n: 40 },
        ])
      } finally {
        db.close()
      }
      const posts = server.lines.filter((line) => / POST /.test(line))
      expect(posts.length).toBeGreaterThan(60)
      expect(posts.every((line) => / 127\.0\.0\.1 POST /.test(line))).toBe(true)
    } finally {
      await proxy.close()
    }
  })
})
