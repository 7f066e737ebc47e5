// The PostgreSQL server of the service's tests: `BLOGKIT_TEST_DATABASE_URL` (`. .ci/start-postgres.sh` at the
// repository root starts one and sets it), else postgres://postgres@127.0.0.1:5432/postgres.
import pg from 'pg'
import { toolSkipped } from '../../../../scripts/testing/tools.mjs'

/**
 * The test server's URL, and whether the tests of `suite` skip: when no server answers and `CI` is not set
 * (a note says so); in CI they run and fail instead.
 */
export async function testPostgres(suite: string): Promise<{ url: string; skip: boolean }> {
  const url = process.env.BLOGKIT_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
  const why = toolSkipped('postgresql') ? 'BLOGKIT_SKIP_TOOLS names it' : await probe(url)
  const skip = why !== undefined && !process.env.CI
  if (skip) {
    console.warn(
      `Skipping ${suite}: no server at ${url.replace(/:[^:@/]*@/, ':***@')} (${why}); source .ci/start-postgres.sh at the repository root to start one`,
    )
  }
  return { url, skip }
}

/** Why no PostgreSQL server answers at `url`, or undefined when one does. */
async function probe(url: string): Promise<string | undefined> {
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

/** Drop a test's schema and everything in it. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  try {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await db.end()
  }
}
