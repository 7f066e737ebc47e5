// A table of an example's own beside the comment store's, in the same PostgreSQL database and schema.
import pg from 'pg'

const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/**
 * The codes PostgreSQL answers `CREATE … IF NOT EXISTS` with when another connection creates the same
 * object at the same moment (the check and the catalog insert are not atomic): unique violation,
 * duplicate schema, duplicate table, duplicate object (the table's row type).
 */
const createdMeanwhile = new Set(['23505', '42P06', '42P07', '42710'])

/**
 * A pool of its own on the PostgreSQL database at `connectionString`, with table `name` (`columns`, the
 * SQL column list) in `schema`, both created when missing: the examples' own tables (the live blog's change
 * stamps and limit counters, the admin sessions of the live blog and the comment service). Safe when
 * several server instances start at once.
 * @returns The pool and the table's qualified name.
 * @throws {Error} when the database cannot be reached or the schema name is not a plain identifier.
 */
export async function openPostgresTable(options: {
  connectionString: string
  schema: string
  name: string
  columns: string
  poolSize: number
}): Promise<{ pool: pg.Pool; table: string }> {
  if (!identifier.test(options.schema)) {
    throw new Error(`DATABASE_SCHEMA=${options.schema} is not a plain identifier (letters, digits, _)`)
  }
  const table = `"${options.schema}".${options.name}`
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    max: options.poolSize,
  })
  pool.on('error', () => {})
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect().catch(async (error: unknown) => {
      await pool.end().catch(() => {})
      throw error
    })
    try {
      // Note: the lock serializes the server instances that start at once; the comment store creates
      // the same schema under a lock of its own, so a lost race on the schema is still tried again.
      await client.query('BEGIN')
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [
        `@blogkit/server-blog:${options.schema}`,
      ])
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`)
      await client.query(`CREATE TABLE IF NOT EXISTS ${table} (${options.columns})`)
      await client.query('COMMIT')
      client.release()
      return { pool, table }
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      client.release()
      if (createdMeanwhile.has((error as { code?: string }).code ?? '') && attempt < 5) continue
      await pool.end().catch(() => {})
      throw error
    }
  }
}
