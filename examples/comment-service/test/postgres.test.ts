// The service on PostgreSQL (`DATABASE_URL`): a comment posted over HTTP lands in the database and is
// read back. Needs a PostgreSQL server: `BLOGKIT_TEST_DATABASE_URL` (default
// postgres://postgres@127.0.0.1:5432/postgres; `. .ci/start-postgres.sh` at the repository root starts
// one). Without one the test is skipped with a note, unless `CI` is set: then it fails.
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { readConfig } from '../src/config.js'
import { type CommentService, startService } from '../src/server.js'
import { dropSchema, testPostgres } from './helpers/postgres.js'

const { url, skip } = await testPostgres('the comment service on PostgreSQL')
const schema = `blogkit_comment_service_${process.pid}_${Date.now()}`
let service: CommentService | undefined

afterAll(async () => {
  await service?.close()
  if (skip) return
  await dropSchema(url, schema)
})

describe.skipIf(skip)('the comment service on PostgreSQL', () => {
  it('should store a comment posted over HTTP in the database and read it back', async () => {
    const site = 'http://127.0.0.1:8080'
    const page = `${site}/a/`
    service = await startService(
      readConfig({ ALLOWED_ORIGINS: site, PORT: '0', DATABASE_URL: url, DATABASE_SCHEMA: schema }),
    )
    const posted = await fetch(new URL('comments', service.url), {
      method: 'POST',
      headers: { origin: site, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ page, name: 'Maria', body: 'Hej från PostgreSQL' }),
      redirect: 'manual',
    })
    expect(posted.status).toBe(303)
    const db = new pg.Client({ connectionString: url })
    await db.connect()
    try {
      const { rows } = await db.query(`SELECT post_id, body FROM "${schema}".comments`)
      expect(rows).toEqual([{ post_id: page, body: 'Hej från PostgreSQL' }])
    } finally {
      await db.end()
    }
    const read = await fetch(new URL(`comments?page=${encodeURIComponent(page)}`, service.url))
    expect(((await read.json()) as { total: number }).total).toBe(1)
  })
})
