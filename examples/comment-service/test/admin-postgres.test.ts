// The admin on PostgreSQL: two service instances on one database (a schema of their own, dropped after)
// share the moderators' sessions (table `comment_service_admin_sessions`): signed in through one, signed
// in on the other; signed out through the other, signed out on both; and a moderation through one shows
// on the other. Needs a PostgreSQL server as test/postgres.test.ts does (skipped with a note without one,
// unless CI is set).
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { readConfig } from '../src/config.js'
import { type CommentService, startService } from '../src/server.js'
import { client, csrfOf, postComment, siteA, token } from './admin-helpers.js'
import { dropSchema, testPostgres } from './helpers/postgres.js'

const { url, skip } = await testPostgres("the comment service's admin on PostgreSQL")
const schema = `blogkit_service_admin_${process.pid}_${Date.now()}`
const services: CommentService[] = []

afterAll(async () => {
  for (const service of services) await service.close()
  if (skip) return
  await dropSchema(url, schema)
})

describe.skipIf(skip)("the comment service's admin on PostgreSQL", () => {
  it('should share sessions between instances on one database: sign in on one, sign out on the other', async () => {
    const env = {
      ALLOWED_ORIGINS: siteA,
      PORT: '0',
      DATABASE_URL: url,
      DATABASE_SCHEMA: schema,
      ADMIN_TOKEN: token,
      MAX_LINKS: '0',
      LOG: '0',
    }
    const a = await startService(readConfig(env))
    services.push(a)
    const b = await startService(readConfig(env))
    services.push(b)
    const held = await postComment(a, { page: `${siteA}/a/`, name: 'Maria', body: 'Se https://x.example' })

    const moderator = client(a.url)
    expect((await moderator.signIn()).response.status).toBe(303)
    const cookie = `blogkit_admin=${moderator.cookies.get('blogkit_admin')}; blogkit_csrf=${moderator.cookies.get('blogkit_csrf')}`
    const onB = async (path: string, init: RequestInit = {}) =>
      fetch(new URL(path, b.url), {
        ...init,
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded', ...init.headers },
        redirect: 'manual',
      })
    const listB = await onB('admin')
    expect(listB.status).toBe(200)
    const page = await listB.text()
    expect(page).toContain(`id="comment-${held}"`)
    // A form of one instance is taken by the other (the same secret, from the same token).
    const approved = await onB('admin/bulk', {
      method: 'POST',
      body: new URLSearchParams({ csrf: csrfOf(page), one: `approve:${held}` }).toString(),
    })
    expect(approved.status).toBe(303)
    expect((await a.store.get(held))?.status).toBe('approved')

    const out = await onB('admin/logout', {
      method: 'POST',
      body: new URLSearchParams({ csrf: csrfOf(page) }).toString(),
    })
    expect(out.status).toBe(303)
    expect((await moderator.get('/admin')).response.status).toBe(401)
    const db = new pg.Client({ connectionString: url })
    await db.connect()
    try {
      const { rows } = await db.query(
        `SELECT count(*)::int AS n FROM "${schema}".comment_service_admin_sessions`,
      )
      expect(rows[0].n).toBe(0)
    } finally {
      await db.end()
    }
  })
})
