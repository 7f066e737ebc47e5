import { openPostgresTable } from './pg-table.js'

/** A post's change stamp: goes up with every change to its comments, made by any server instance. */
export interface ChangeStamp {
  version: number
  /** When the change was recorded (ms since the epoch, the database's clock). */
  changedAt: number
}

/**
 * Change stamps shared by every server instance on one PostgreSQL database, so that each can keep
 * rendered pages and still show a change made through another instance at once: an instance records a
 * change after the store committed it and before it answers the request; before serving a kept page or
 * a feed, an instance reads the stamp (one primary-key lookup) and renders again when it moved.
 */
export interface ChangeStamps {
  /** Record that a post's comments changed (after the store committed the change). */
  changed(postId: string): Promise<ChangeStamp>
  /**
   * A post's stamp, read by a query that started after this call (so every change recorded before the
   * call is seen); `undefined` when the post never changed. Concurrent calls share queries.
   */
  read(postId: string): Promise<ChangeStamp | undefined>
  /** Every post's stamp (posts that never changed are missing), read as `read` is. */
  readAll(): Promise<ReadonlyMap<string, ChangeStamp>>
  close(): Promise<void>
}

/**
 * Open the change stamps in `schema` of the PostgreSQL database at `connectionString`: a table
 * `server_blog_changes` (post id, version, time), created when missing.
 * @throws {Error} when the database cannot be reached or the schema name is not a plain identifier.
 */
export async function openChangeStamps(options: {
  connectionString: string
  schema: string
}): Promise<ChangeStamps> {
  // Note: a small pool of its own: the stamps are read on every page view and must not queue behind
  // the store's writes.
  const { pool, table } = await openPostgresTable({
    ...options,
    name: 'server_blog_changes',
    columns: 'post_id text PRIMARY KEY, version bigint NOT NULL, changed_at timestamptz NOT NULL',
    poolSize: 4,
  })
  const stamp = (row: { version: string; at: number | string }): ChangeStamp => ({
    version: Number(row.version),
    changedAt: Number(row.at),
  })
  const columns = 'version, (extract(epoch FROM changed_at) * 1000)::float8 AS at'
  const readOne = async (postId: string) => {
    const { rows } = await pool.query(`SELECT ${columns} FROM ${table} WHERE post_id = $1`, [postId])
    return rows[0] ? stamp(rows[0]) : undefined
  }
  const readEvery = async () => {
    const { rows } = await pool.query(`SELECT post_id, ${columns} FROM ${table}`)
    return new Map(rows.map((row) => [row.post_id as string, stamp(row)]))
  }
  const one = shared(readOne)
  const every = shared(readEvery)
  return {
    async changed(postId) {
      const { rows } = await pool.query(
        `INSERT INTO ${table} AS t (post_id, version, changed_at) VALUES ($1, 1, clock_timestamp())
         ON CONFLICT (post_id) DO UPDATE SET version = t.version + 1, changed_at = clock_timestamp()
         RETURNING ${columns}`,
        [postId],
      )
      return stamp(rows[0])
    },
    read: (postId) => one(postId),
    readAll: () => every(''),
    close: () => pool.end(),
  }
}

/**
 * Share queries between concurrent callers with the same key, without ever answering a caller with a
 * query that started before it called: a caller that comes while a query runs waits for the next one,
 * which all such callers share (at most one running and one waiting query per key).
 */
export function shared<T>(query: (key: string) => Promise<T>): (key: string) => Promise<T> {
  const running = new Map<string, Promise<T>>()
  const waiting = new Map<string, Promise<T>>()
  const start = (key: string): Promise<T> => {
    const result = query(key)
    running.set(key, result)
    const done = () => {
      if (running.get(key) === result) running.delete(key)
    }
    result.then(done, done)
    return result
  }
  return (key) => {
    const current = running.get(key)
    if (current === undefined) return start(key)
    let next = waiting.get(key)
    if (next === undefined) {
      next = current
        .then(
          () => undefined,
          () => undefined,
        )
        .then(() => {
          waiting.delete(key)
          return start(key)
        })
      waiting.set(key, next)
    }
    return next
  }
}
