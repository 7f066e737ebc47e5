// Where signed-in moderators' sessions are kept: in the process's memory (one server on SQLite), or in a
// table of the PostgreSQL database the comments live in, shared by every instance on it.
import { createHash } from 'node:crypto'
import { openPostgresTable } from './pg-table.js'

/**
 * The server-side list of signed-in moderators: a session lives from sign-in until it expires or the
 * moderator signs out, which revokes it on every server instance that shares the list. Only a hash of
 * each session id is kept, so the list does not hold cookies.
 */
export interface AdminSessionStore {
  /** Record a new session, valid until `expiresAt` (ms since the epoch). */
  add(id: string, expiresAt: number): Promise<void>
  /** Whether the session was recorded, is not revoked and has not expired. */
  has(id: string): Promise<boolean>
  /** Revoke a session (signing out); nothing happens for an unknown one. */
  revoke(id: string): Promise<void>
  close(): Promise<void>
}

const hashOf = (id: string) => createHash('sha256').update(id).digest('base64url')

/** Sessions in this process's memory: for one server (SQLite); a restart signs every moderator out. */
export function memoryAdminSessions(): AdminSessionStore {
  const sessions = new Map<string, number>()
  return {
    async add(id, expiresAt) {
      const now = Date.now()
      for (const [key, expires] of sessions) if (expires <= now) sessions.delete(key)
      sessions.set(hashOf(id), expiresAt)
    },
    async has(id) {
      return (sessions.get(hashOf(id)) ?? 0) > Date.now()
    },
    async revoke(id) {
      sessions.delete(hashOf(id))
    },
    async close() {
      sessions.clear()
    },
  }
}

/**
 * Sessions in the PostgreSQL database the comments live in (table `table` in `schema`, created when
 * missing), shared by every server instance: a moderator signed in through one instance is signed in
 * on all, and signing out through any revokes the session on all.
 * @throws {Error} when the database cannot be reached or the schema name is not a plain identifier.
 */
export async function openPostgresAdminSessions(options: {
  connectionString: string
  schema: string
  /** The table's name, e.g. `server_blog_admin_sessions`. */
  table: string
}): Promise<AdminSessionStore> {
  // Note: a pool of its own, small: only moderators' requests use it.
  const { pool, table } = await openPostgresTable({
    connectionString: options.connectionString,
    schema: options.schema,
    name: options.table,
    columns: 'id_hash text PRIMARY KEY, expires_at timestamptz NOT NULL',
    poolSize: 2,
  })
  return {
    async add(id, expiresAt) {
      await pool.query(`DELETE FROM ${table} WHERE expires_at <= now()`)
      await pool.query(`INSERT INTO ${table} (id_hash, expires_at) VALUES ($1, to_timestamp($2 / 1000.0))`, [
        hashOf(id),
        expiresAt,
      ])
    },
    async has(id) {
      const { rowCount } = await pool.query(
        `SELECT 1 FROM ${table} WHERE id_hash = $1 AND expires_at > now()`,
        [hashOf(id)],
      )
      return (rowCount ?? 0) > 0
    },
    async revoke(id) {
      await pool.query(`DELETE FROM ${table} WHERE id_hash = $1`, [hashOf(id)])
    },
    close: () => pool.end(),
  }
}
