import pg from 'pg'

const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/**
 * A pool of its own on the PostgreSQL database at `connectionString`, with table `name` (`columns`, the
 * SQL column list) in `schema`, both created when missing. Shared by the server's own tables (change
 * stamps, admin sessions, limit counters).
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
  const pool = new pg.Pool({ connectionString: options.connectionString, max: options.poolSize })
  pool.on('error', () => {})
  try {
    await pool.query(`CREATE SCHEMA IF NOT EXISTS "${options.schema}"`)
    await pool.query(`CREATE TABLE IF NOT EXISTS ${table} (${options.columns})`)
  } catch (error) {
    await pool.end().catch(() => {})
    // Note: two instances starting at once may both create the table; the loser sees a unique violation.
    if ((error as { code?: string }).code !== '23505') throw error
    return openPostgresTable(options)
  }
  return { pool, table }
}
