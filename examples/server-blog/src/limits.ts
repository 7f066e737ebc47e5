// The per-address limits: `RATE_LIMIT` (429), `HOLD_AFTER` (pending) and the admin sign-in limit. Their
// counters live in this process with SQLite (one server), and in the PostgreSQL database with
// `DATABASE_URL`, so that every server on it counts against the same limits.
import type { WindowCounters } from '@blogkit/comments/http'
import { openPostgresTable } from './pg-table.js'

// Note: the counters' interface, the in-memory counters, the rate limiter and the "hold after" check are
// the comment form's rules, kept in @blogkit/comments/http (the comment service uses them too).
export type { RateLimiter, WindowCount, WindowCounters } from '@blogkit/comments/http'
export { createRateLimiter, holdAfterCheck, memoryCounters } from '@blogkit/comments/http'
// Note: the admin's limit on wrong tokens is the theme's admin's (shared with the comment service).
export { createFailureLimiter, type FailureLimiter } from '@blogkit/example-admin'

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000))

/** How often a server deletes ended windows from the table. */
const pruneEveryMs = 60_000

/**
 * Counters in the PostgreSQL database the comments live in (table `server_blog_limits` in `schema`,
 * created when missing: key, window end, count), shared by every server instance: each hit is one atomic
 * upsert, so N servers allow a key the limit once, not N times. Windows are timed by the database's
 * clock; ended ones are deleted now and then (each server at most once a minute).
 * @throws {Error} when the database cannot be reached or the schema name is not a plain identifier.
 */
export async function openPostgresCounters(options: {
  connectionString: string
  schema: string
}): Promise<WindowCounters> {
  // Note: a small pool of its own: two queries per comment posted, one per admin token checked.
  const { pool, table } = await openPostgresTable({
    ...options,
    name: 'server_blog_limits',
    columns: 'key text PRIMARY KEY, window_end timestamptz NOT NULL, count integer NOT NULL',
    poolSize: 4,
  })
  const retry = `ceil(extract(epoch FROM window_end - now()) * 1000)::float8 AS retry_ms`
  const counted = (row: { count: number; retry_ms: number }) => ({
    count: Number(row.count),
    retryAfter: seconds(Number(row.retry_ms)),
  })
  let lastPrune = 0
  return {
    async hit(key, windowMs) {
      if (Date.now() - lastPrune > pruneEveryMs) {
        lastPrune = Date.now()
        await pool.query(`DELETE FROM ${table} WHERE window_end <= now()`)
      }
      const { rows } = await pool.query(
        `INSERT INTO ${table} AS l (key, window_end, count)
           VALUES ($1, now() + $2 * interval '1 millisecond', 1)
         ON CONFLICT (key) DO UPDATE SET
           count = CASE WHEN l.window_end > now() THEN l.count + 1 ELSE 1 END,
           window_end = CASE WHEN l.window_end > now() THEN l.window_end ELSE EXCLUDED.window_end END
         RETURNING count, ${retry}`,
        [key, windowMs],
      )
      return counted(rows[0])
    },
    async peek(key, windowMs) {
      const { rows } = await pool.query(
        `SELECT count, ${retry} FROM ${table} WHERE key = $1 AND window_end > now()`,
        [key],
      )
      return rows[0] ? counted(rows[0]) : { count: 0, retryAfter: seconds(windowMs) }
    },
    close: () => pool.end(),
  }
}
