// The server on PostgreSQL (`DATABASE_URL`), against a real server: BLOGKIT_TEST_DATABASE_URL, else
// postgres://postgres@127.0.0.1:5432/postgres. Each run uses its own schema (`DATABASE_SCHEMA`) and
// drops it after. No server: skipped with a note, unless CI is set (`.ci/run` starts one with
// `.ci/start-postgres.sh`; a developer can source that script too).
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanup, client, commentIdOf, csrfOf, post, start } from './helpers.js'

const serverUrl = process.env.BLOGKIT_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
const schema = `blogkit_server_${process.pid}_${Date.now()}`

async function probe(): Promise<string | undefined> {
  const db = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5000 })
  try {
    await db.connect()
    await db.query('SELECT 1')
    return undefined
  } catch (error) {
    return (error as Error).message || String(error)
  } finally {
    await db.end().catch(() => {})
  }
}

const unreachable = await probe()
if (unreachable !== undefined && !process.env.CI) {
  console.warn(
    `Skipping the PostgreSQL tests of the server blog: no server at ${serverUrl.replace(/:[^:@/]*@/, ':***@')} (${unreachable}). Source .ci/start-postgres.sh from the repository root to start one.`,
  )
}

afterAll(async () => {
  await cleanup()
  if (unreachable !== undefined) return
  const db = new pg.Client({ connectionString: serverUrl })
  await db.connect()
  await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  await db.end()
})

describe.skipIf(unreachable !== undefined && !process.env.CI)('the server blog on PostgreSQL', () => {
  it('should seed once, take comments and moderate them', async () => {
    const env = {
      DATABASE_URL: serverUrl,
      DATABASE_SCHEMA: schema,
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
    // The other instance shows it within its 2 s page cache; its comment feed reads the store at once.
    expect((await client(second.url).get(`${post}comments.xml`)).text).toContain(`#comment-${id}`)
  })
})
