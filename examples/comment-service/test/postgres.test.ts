// The service on PostgreSQL (`DATABASE_URL`): a comment posted over HTTP lands in the database and is
// read back. Needs a PostgreSQL server: `BLOGKIT_TEST_DATABASE_URL` (default
// postgres://postgres@127.0.0.1:5432/postgres; `. .ci/start-postgres.sh` at the repository root starts
// one). Without one the test is skipped with a note, unless `CI` is set: then it fails.
import pg from 'pg'
import { afterAll, describe, expect, it } from 'vitest'
import { toolSkipped } from '../../../scripts/testing/tools.mjs'
import { readConfig } from '../src/config.js'
import { type CommentService, startService } from '../src/server.js'

const url = process.env.BLOGKIT_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'

/** Why no PostgreSQL server answers at `url`, or undefined when one does. */
async function unreachable(): Promise<string | undefined> {
  if (toolSkipped('postgresql')) return 'BLOGKIT_SKIP_TOOLS names it'
  const db = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
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

const why = await unreachable()
const skip = why !== undefined && !process.env.CI
if (skip) {
  console.warn(
    `Skipping the comment service on PostgreSQL: no server at ${url.replace(/:[^:@/]*@/, ':***@')} (${why}); source .ci/start-postgres.sh at the repository root to start one`,
  )
}
const schema = `blogkit_comment_service_${process.pid}_${Date.now()}`
let service: CommentService | undefined

afterAll(async () => {
  await service?.close()
  if (skip) return
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  try {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await db.end()
  }
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
