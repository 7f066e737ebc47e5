// The server on PostgreSQL (`DATABASE_URL`), against a real server: BLOGKIT_TEST_DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres. Each test uses its own schema (`DATABASE_SCHEMA`) and
// drops it after. No server: skipped with a note, unless CI is set (`.ci/run` starts one with
// `.ci/start-postgres.sh`; a developer can source that script too).
import net from 'node:net'
import { afterAll, describe, expect, it } from 'vitest'
import {
  cleanup,
  client,
  commentIdOf,
  csrfOf,
  dropSchema,
  post,
  type ServerProcess,
  spawnServer,
  start,
  testPostgres,
} from './helpers.js'

const postgres = await testPostgres('the PostgreSQL tests of the server blog')
const schemas: string[] = []
const newSchema = (name: string) => {
  const schema = `blogkit_server_${name}_${process.pid}_${Date.now()}`
  schemas.push(schema)
  return schema
}
const processes: ServerProcess[] = []

/**
 * A TCP relay to the PostgreSQL server that can be cut (`down`: every connection dropped, new ones
 * refused) and brought back on the same port (`up`), as a database server that goes away and returns.
 */
async function relay(to: string) {
  const target = new URL(to)
  const sockets = new Set<net.Socket>()
  let server: net.Server | undefined
  let port = 0
  const up = async () => {
    server = net.createServer((socket) => {
      const upstream = net.connect(Number(target.port || 5432), target.hostname)
      for (const s of [socket, upstream]) {
        sockets.add(s)
        s.on('close', () => sockets.delete(s))
        s.on('error', () => {})
      }
      socket.pipe(upstream).pipe(socket)
    })
    await new Promise<void>((resolve) => server!.listen(port, '127.0.0.1', resolve))
    port = (server.address() as net.AddressInfo).port
  }
  await up()
  const url = new URL(to)
  url.hostname = '127.0.0.1'
  url.port = String(port)
  return {
    url: url.href,
    up,
    async down() {
      const closed = new Promise((resolve) => server!.close(resolve))
      for (const socket of sockets) socket.destroy()
      await closed
    },
  }
}

afterAll(async () => {
  for (const server of processes) if (server.child.exitCode === null) server.child.kill('SIGKILL')
  await Promise.all(processes.map((server) => server.exited))
  await cleanup()
  if (postgres.skip) return
  for (const schema of schemas) await dropSchema(postgres.url, schema)
})

describe.skipIf(postgres.skip)('the server blog on PostgreSQL', () => {
  it('should seed once, take comments and moderate them', async () => {
    const env = {
      DATABASE_URL: postgres.url,
      DATABASE_SCHEMA: newSchema('seed'),
      ADMIN_TOKEN: 'postgres-admin-token',
      SECRET: 'a-secret-shared-by-every-instance',
    }
    const first = await start(env)
    expect(first.seeded).toBeGreaterThan(50)
    // A second instance on the same database: nothing seeded again, and it accepts the first one's forms.
    const second = await start(env)
    expect(second.seeded).toBe(0)

    const reader = client(first.url)
    const token = csrfOf((await reader.get(post)).text)
    const other = client(second.url)
    for (const [name, value] of reader.cookies) other.cookies.set(name, value)
    const { response } = await other.post(`${post}comments`, {
      csrf: token,
      name: 'Pg Reader',
      body: 'Stored in PostgreSQL, with links http://a.example http://b.example http://c.example',
    })
    expect(response.status).toBe(303)
    const id = commentIdOf(response.headers.get('location'))
    expect((await first.store.get(id))?.status).toBe('pending')

    const admin = client(first.url)
    const queue = await admin.get('/admin', { authorization: 'Bearer postgres-admin-token' })
    expect(queue.text).toContain(`id="comment-${id}"`)
    const done = await admin.post(
      `/admin/comments/${id}`,
      { action: 'approve' },
      { authorization: 'Bearer postgres-admin-token' },
    )
    expect(JSON.parse(done.text)).toEqual({ id, status: 'approved' })
    expect((await client(second.url).get(post)).text).toContain(`id="comment-${id}"`)
    expect((await client(second.url).get(`${post}comments.xml`)).text).toContain(`#comment-${id}`)
  })

  it('should share the admin sessions: signed in through one server, signed out through another', async () => {
    const env = {
      DATABASE_URL: postgres.url,
      DATABASE_SCHEMA: newSchema('sessions'),
      ADMIN_TOKEN: 'postgres-admin-token',
      SECRET: 'a-secret-shared-by-every-instance',
      SEED: '0',
    }
    const first = await start(env)
    const second = await start(env)
    const onFirst = client(first.url)
    const csrf = csrfOf((await onFirst.get('/admin')).text)
    expect(
      (await onFirst.post('/admin/login', { csrf, token: 'postgres-admin-token' })).response.status,
    ).toBe(303)
    // The same browser (its cookies) on the other server: signed in there too.
    const onSecond = client(second.url)
    for (const [name, value] of onFirst.cookies) onSecond.cookies.set(name, value)
    expect((await onSecond.get('/admin')).response.status).toBe(200)
    // Signing out through the second server revokes the session on the first as well.
    expect((await onSecond.post('/admin/logout', { csrf })).response.status).toBe(303)
    expect((await onFirst.get('/admin')).response.status).toBe(401)
  })

  it('should answer /healthz with 503 and a comment form with 503 and the text while PostgreSQL is down', async () => {
    const database = await relay(postgres.url)
    const server = await start({
      DATABASE_URL: database.url,
      DATABASE_SCHEMA: newSchema('down'),
      SECRET: 'a-secret-shared-by-every-instance',
      SEED: '0',
    })
    const reader = client(server.url)
    expect((await reader.get('/healthz')).response.status).toBe(200)
    const page = (await reader.get(post)).text
    const form = {
      csrf: csrfOf(page),
      submission: /name="submission" value="([^"]+)"/.exec(page)![1]!,
      name: 'Patient Reader',
      body: 'Written while the database was away.',
    }

    await database.down()
    const health = await reader.get('/healthz')
    expect(health.response.status).toBe(503)
    expect(health.text).toMatch(/^unhealthy: the comment store does not answer \(.+\)$/)
    const refused = await reader.post(`${post}comments`, form)
    expect(refused.response.status).toBe(503)
    expect(refused.text).toContain('The comment could not be saved just now. Your text is kept below')
    expect(refused.text).toContain('Written while the database was away.</textarea>')

    // Back up: the reader sends the same form again; it is stored, once.
    await database.up()
    expect((await reader.get('/healthz')).response.status).toBe(200)
    const sent = await reader.post(`${post}comments`, form)
    expect(sent.response.status).toBe(303)
    expect((await reader.post(`${post}comments`, form)).response.headers.get('location')).toBe(
      sent.response.headers.get('location'),
    )
    const stored = (await server.store.export()).comments.filter(
      (comment) => comment.author.name === 'Patient Reader',
    )
    expect(stored.map((comment) => comment.id)).toEqual([commentIdOf(sent.response.headers.get('location'))])
  })

  it('should list a comment posted through one server process on another at once (two ports)', async () => {
    const env = {
      DATABASE_URL: postgres.url,
      DATABASE_SCHEMA: newSchema('two'),
      ADMIN_TOKEN: 'postgres-admin-token',
      SECRET: 'a-secret-shared-by-every-instance',
      HOST: '127.0.0.1',
    }
    // Note: one after the other, so that only the first seeds (both would be correct, but slower).
    const a = await spawnServer(env)
    processes.push(a)
    const b = await spawnServer(env)
    processes.push(b)
    expect(new URL(a.url).port).not.toBe(new URL(b.url).port)

    const onA = client(a.url)
    const onB = client(b.url)
    const feed = `${post}comments.xml`
    // B has the post page and the comment feed in hand (kept for 2 s), with their validators.
    const before = await onB.get(post)
    expect(before.response.status).toBe(200)
    const feedBefore = await onB.get(feed)
    const etag = feedBefore.response.headers.get('etag')!
    const lastModified = feedBefore.response.headers.get('last-modified')!
    expect(etag).toBeTruthy()
    expect((await onB.get(feed, { 'if-none-match': etag })).response.status).toBe(304)

    const round = async (n: number) => {
      const body = `Posted through A, round ${n}, read through B`
      const { response } = await onA.post(`${post}comments`, {
        csrf: csrfOf((await onA.get(post)).text),
        name: 'Two Ports',
        body,
      })
      expect(response.status).toBe(303)
      const id = commentIdOf(response.headers.get('location'))
      expect(response.headers.get('location')).toContain(`#comment-${id}`)
      // At once: the very next requests, to the other process.
      const page = await onB.get(post)
      expect(page.text).toContain(`id="comment-${id}"`)
      expect(page.text).toContain(body)
      const conditional = await onB.get(feed, { 'if-none-match': etag, 'if-modified-since': lastModified })
      expect(conditional.response.status).toBe(200)
      expect(conditional.text).toContain(`#comment-${id}`)
      expect(conditional.response.headers.get('etag')).not.toBe(etag)
      return { id, feed: conditional }
    }
    // Several rounds, each within B's 2 s page cache of the one before.
    const first = await round(1)
    const second = await round(2)
    const third = await round(3)
    expect(new Date(third.feed.response.headers.get('last-modified')!).getTime()).toBeGreaterThanOrEqual(
      new Date(lastModified).getTime(),
    )

    // A moderator deletes one through B: A drops it at once, and A's feed no longer lists it.
    const deleted = await onB.post(
      `/admin/comments/${second.id}`,
      { action: 'delete' },
      { authorization: 'Bearer postgres-admin-token' },
    )
    expect(JSON.parse(deleted.text)).toEqual({ id: second.id, status: 'deleted' })
    const pageOnA = await onA.get(post)
    expect(pageOnA.text).toContain(`id="comment-${first.id}"`)
    expect(pageOnA.text).not.toContain('Posted through A, round 2, read through B')
    expect((await onA.get(feed)).text).not.toContain(`#comment-${second.id}`)

    // The site feeds and lists follow too: the home page counts the new comments on B.
    const feedOnB = await onB.get('/feed.json')
    expect(feedOnB.response.status).toBe(200)

    a.child.kill('SIGTERM')
    b.child.kill('SIGTERM')
    expect(await a.exited).toBe(0)
    expect(await b.exited).toBe(0)
  })
})
