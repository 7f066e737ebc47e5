// The reply-mail tables on SQLite (a connection of their own to the comments' file) or on PostgreSQL (a
// small pool in the comments' schema, tables created under an advisory lock so instances may start at once).
import Database from 'better-sqlite3'
import pg from 'pg'
import { bookOn, bookTables, type SqlRunner, type SubscriptionBook } from './book.js'

/** The tables in the SQLite file `filename` (the comment store's; it must exist or be creatable). */
export async function openSqliteBook(filename: string): Promise<SubscriptionBook> {
  const db = new Database(filename)
  try {
    db.pragma('busy_timeout = 5000')
    db.transaction(() => {
      for (const statement of bookTables('comment_service_')) db.exec(statement)
    }).immediate()
  } catch (error) {
    db.close()
    throw error
  }
  const sql: SqlRunner = {
    async rows(text, params = []) {
      const statement = db.prepare(text)
      if (statement.reader) return statement.all(...params) as Record<string, unknown>[]
      statement.run(...params)
      return []
    },
    async close() {
      db.close()
    },
  }
  return bookOn(sql, 'comment_service_')
}

/** The codes PostgreSQL answers `CREATE … IF NOT EXISTS` with when another connection creates the same object at once. */
const createdMeanwhile = new Set(['23505', '42P06', '42P07', '42710'])

/** The tables in `schema` of the PostgreSQL database (created when missing). */
export async function openPostgresBook(options: {
  connectionString: string
  schema: string
}): Promise<SubscriptionBook> {
  const { schema } = options
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(schema)) {
    throw new Error(`DATABASE_SCHEMA=${schema} is not a plain identifier (letters, digits, _)`)
  }
  const pool = new pg.Pool({ connectionString: options.connectionString, max: 2 })
  pool.on('error', () => {})
  const prefix = `"${schema}".comment_service_`
  for (let attempt = 1; ; attempt++) {
    const client = await pool.connect().catch(async (error: unknown) => {
      await pool.end().catch(() => {})
      throw error
    })
    try {
      await client.query('BEGIN')
      await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`@blogkit/comment-service:${schema}`])
      await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
      for (const statement of bookTables(prefix)) await client.query(statement)
      await client.query('COMMIT')
      client.release()
      break
    } catch (error) {
      await client.query('ROLLBACK').catch(() => {})
      client.release()
      if (createdMeanwhile.has((error as { code?: string }).code ?? '') && attempt < 5) continue
      await pool.end().catch(() => {})
      throw error
    }
  }
  const sql: SqlRunner = {
    async rows(text, params = []) {
      let n = 0
      const { rows } = await pool.query(
        text.replace(/\?/g, () => `$${++n}`),
        params as unknown[],
      )
      return rows
    },
    close: () => pool.end(),
  }
  return bookOn(sql, prefix)
}
