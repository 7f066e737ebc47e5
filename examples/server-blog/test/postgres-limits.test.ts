// Several servers, one limit (issue 20, item 15): with PostgreSQL the per-address counters of
// RATE_LIMIT, HOLD_AFTER and the admin sign-in limit live in the database, so two server processes on
// one database allow a reader the limit once, not twice. Needs a PostgreSQL server (see postgres.test.ts).
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminFailureLimit } from '../src/admin.js'
import { openPostgresCounters, type WindowCounters } from '../src/limits.js'
import {
  client,
  commentIdOf,
  csrfOf,
  dropSchema,
  post,
  type ServerProcess,
  spawnServer,
  testPostgres,
} from './helpers.js'

const postgres = await testPostgres('the shared limits of the server blog on PostgreSQL')
const schema = `blogkit_server_limits_${process.pid}_${Date.now()}`
const adminToken = 'shared-limits-admin-token'
const processes: ServerProcess[] = []
const counters: WindowCounters[] = []

afterAll(async () => {
  for (const c of counters) await c.close()
  for (const server of processes) if (server.child.exitCode === null) server.child.kill('SIGKILL')
  await Promise.all(processes.map((server) => server.exited))
  if (!postgres.skip) await dropSchema(postgres.url, schema)
})

describe.skipIf(postgres.skip)('the limits of two server processes on one PostgreSQL database', () => {
  let a: ServerProcess
  let b: ServerProcess
  beforeAll(async () => {
    const env = {
      DATABASE_URL: postgres.url,
      DATABASE_SCHEMA: schema,
      SECRET: 'a-secret-shared-by-both-servers',
      ADMIN_TOKEN: adminToken,
      RATE_LIMIT: '4',
      HOLD_AFTER: '2',
      RATE_LIMIT_WINDOW_MS: '600000',
      SEED: '0',
      HOST: '127.0.0.1',
    }
    a = await spawnServer(env)
    processes.push(a)
    b = await spawnServer(env)
    processes.push(b)
  })

  it('should count the comments of one address across both servers: RATE_LIMIT and HOLD_AFTER once', async () => {
    const onA = client(a.url)
    const token = csrfOf((await onA.get(post)).text)
    const onB = client(b.url)
    for (const [name, value] of onA.cookies) onB.cookies.set(name, value)
    const outcomes: string[] = []
    for (let i = 0; i < 6; i++) {
      // Each comment through the other server, as a load balancer might send them.
      const via = i % 2 === 0 ? onA : onB
      const { response } = await via.post(`${post}comments`, {
        csrf: token,
        name: 'Roaming',
        body: `via ${i}`,
      })
      if (response.status !== 303) {
        expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0)
        outcomes.push(String(response.status))
        continue
      }
      const location = response.headers.get('location')!
      expect(commentIdOf(location)).toBeTruthy()
      outcomes.push(location.includes('?held=') ? 'held' : 'published')
    }
    // One server alone would allow 4 and publish 2 of them; two counting apart would let all 6 in.
    expect(outcomes).toEqual(['published', 'published', 'held', 'held', '429', '429'])
  })

  it('should lock an address out of /admin on both servers after the limit of wrong tokens', async () => {
    const statuses: number[] = []
    for (let i = 0; i < adminFailureLimit.max; i++) {
      const server = i % 2 === 0 ? a : b
      const { response } = await client(server.url).get('/admin', { authorization: `Bearer wrong-${i}` })
      statuses.push(response.status)
    }
    expect(statuses).toEqual([...Array(adminFailureLimit.max - 1).fill(401), 429])
    for (const server of [a, b]) {
      const right = await client(server.url).get('/admin', { authorization: `Bearer ${adminToken}` })
      expect(right.response.status, server.url).toBe(429)
    }
  })
})

describe.skipIf(postgres.skip)('openPostgresCounters', () => {
  it('should count hits of two servers at once exactly once each', async () => {
    const options = { connectionString: postgres.url, schema }
    const [one, two] = [await openPostgresCounters(options), await openPostgresCounters(options)]
    counters.push(one, two)
    const hits = await Promise.all(
      Array.from({ length: 40 }, (_, i) => (i % 2 === 0 ? one : two).hit('test:atomic', 600_000)),
    )
    expect(hits.map((h) => h.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 40 }, (_, i) => i + 1),
    )
    expect(await two.peek('test:atomic', 600_000)).toMatchObject({ count: 40 })
    expect(await one.peek('test:never', 600_000)).toMatchObject({ count: 0 })
  })

  it('should start a new window once the old one ended, and delete ended windows', async () => {
    const db = new pg.Client({ connectionString: postgres.url })
    await db.connect()
    try {
      const table = `"${schema}".server_blog_limits`
      // A window that ended a minute ago (as if written then), for a key that is hit again and one that is not.
      const opened = await openPostgresCounters({ connectionString: postgres.url, schema })
      counters.push(opened)
      await db.query(
        `INSERT INTO ${table} (key, window_end, count) VALUES ('test:old', now() - interval '1 minute', 7), ('test:gone', now() - interval '1 minute', 3)`,
      )
      expect(await opened.peek('test:old', 600_000)).toMatchObject({ count: 0 })
      expect(await opened.hit('test:old', 600_000)).toMatchObject({ count: 1 })
      const { rows } = await db.query(`SELECT key FROM ${table} WHERE key LIKE 'test:%' ORDER BY key`)
      expect(rows.map((row) => row.key)).not.toContain('test:gone')
      expect(rows.map((row) => row.key)).toContain('test:old')
    } finally {
      await db.end()
    }
  })
})
