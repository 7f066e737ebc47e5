import type { CommentExport, CommentStore, ModerationAction } from './comment-store.js'
import { CommentError } from './errors.js'
import { moderationCounts, queueRows } from './postgres-moderation.js'
import { dateColumns, fromPg, msToTimestamp, type PgRow, selectColumns } from './postgres-rows.js'
import { threadPageReader } from './postgres-thread-page.js'
import {
  addResult,
  type CommentStoreOptions,
  checkModerationAction,
  checkParent,
  closedError,
  commentColumns,
  commentToRow,
  duplicateIdError,
  importDuplicateError,
  importParentError,
  latestPostColumns,
  latestPostPurgedError,
  moderationTransition,
  notFoundError,
  type PreparedComment,
  parseExport,
  parseQueueOptions,
  prepareComment,
  purgedRow,
  queuePage,
  storeSettings,
} from './store-core.js'
import { parseThreadPageOptions, threadPageResult } from './thread-page.js'
import type { Comment, CommentStatus } from './types.js'

/** The result of a query, as `pg` returns it. */
export interface PostgresQueryResult {
  // biome-ignore lint/suspicious/noExplicitAny: rows hold whatever the SQL selects (pg types them `any` too).
  rows: any[]
  rowCount: number | null
}

/** A pooled connection, as `pg`'s `PoolClient` is one. */
export interface PostgresPoolClient {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>
  release(error?: Error | boolean): void
}

/** A connection pool, as `pg`'s `Pool` is one (the store uses only these methods). */
export interface PostgresPool {
  query(text: string, values?: unknown[]): Promise<PostgresQueryResult>
  connect(): Promise<PostgresPoolClient>
  end(): Promise<void>
}

/** Options of `createPostgresCommentStore`: a `connectionString` or a `pool`, and the options every store takes. */
export interface PostgresCommentStoreOptions extends CommentStoreOptions {
  /**
   * A PostgreSQL URL, e.g. `postgres://user:password@db.example:5432/blog`. The store makes its own `pg`
   * pool and ends it on `close()`.
   */
  connectionString?: string
  /** Your own `pg.Pool` instead (for its size, TLS, timeouts); `close()` leaves it open. */
  pool?: PostgresPool
  /** Pool size when the store makes its own pool. @default 10 */
  maxConnections?: number
  /** Schema of the tables (created when missing). @default 'public' */
  schema?: string
}

// Append only; entry i moves the schema from version i to i + 1. `{s}` is the quoted schema name.
// Note: ids are compared bytewise (`COLLATE "C"`), as in SQLite, so both stores order equal dates alike.
const migrations = [
  `CREATE TABLE {s}.comments (
     seq bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
     id text COLLATE "C" NOT NULL UNIQUE,
     post_id text COLLATE "C" NOT NULL,
     parent_id text COLLATE "C",
     parent_inferred boolean NOT NULL DEFAULT false,
     author_name text NOT NULL,
     author_url text,
     author_email text,
     latest_post_title text,
     latest_post_url text,
     created_at timestamptz NOT NULL,
     body text NOT NULL,
     status text NOT NULL CHECK (status IN ('approved', 'pending', 'spam', 'deleted')),
     score double precision,
     previous_status text CHECK (previous_status IN ('approved', 'pending', 'spam', 'deleted')),
     moderation_reason text
   );
   CREATE INDEX comments_post ON {s}.comments (post_id, created_at, id);
   CREATE INDEX comments_parent ON {s}.comments (parent_id);
   CREATE INDEX comments_status ON {s}.comments (status, created_at, id);`,
  // 2: purged comments (erasure requests) are marked.
  'ALTER TABLE {s}.comments ADD COLUMN purged_at timestamptz;',
  // 3: `threadPage` reads a post's top-level comments by status and date.
  'CREATE INDEX comments_roots ON {s}.comments (post_id, status, created_at, id) WHERE parent_id IS NULL;',
  // 4: comments by the site's author are marked.
  'ALTER TABLE {s}.comments ADD COLUMN by_author boolean NOT NULL DEFAULT false;',
]

const identifier = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

function isUniqueViolation(error: unknown): error is { code: string; detail?: string } {
  return (error as { code?: unknown })?.code === '23505'
}

async function loadPool(
  options: Readonly<PostgresCommentStoreOptions>,
): Promise<{ pool: PostgresPool; own: boolean }> {
  if (options.pool !== undefined) {
    if (options.connectionString !== undefined) {
      throw new TypeError('Expected either `connectionString` or `pool`, not both')
    }
    if (typeof options.pool?.connect !== 'function' || typeof options.pool.query !== 'function') {
      throw new TypeError('Expected `pool` to be a `pg.Pool`')
    }
    return { pool: options.pool, own: false }
  }
  if (typeof options.connectionString !== 'string' || options.connectionString === '') {
    throw new TypeError(
      'Expected `connectionString` (e.g. `postgres://user:password@localhost:5432/blog`) or `pool` (a `pg.Pool`)',
    )
  }
  const max = options.maxConnections ?? 10
  if (!Number.isInteger(max) || max < 1) {
    throw new TypeError(`Expected \`maxConnections\` to be a positive integer, got \`${String(max)}\``)
  }
  let pg: typeof import('pg')
  try {
    pg = await import('pg')
  } catch (error) {
    throw new Error(
      '`createPostgresCommentStore` needs the `pg` package (node-postgres 8); install it: `npm install pg`',
      { cause: error },
    )
  }
  const Pool = pg.Pool ?? pg.default.Pool
  const pool = new Pool({ connectionString: options.connectionString, max })
  // Note: an idle connection that breaks (server restart) emits `error` on the pool; without a listener
  // Node would crash. The next query gets a fresh connection or reports the failure itself.
  pool.on('error', () => {})
  return { pool, own: true }
}

async function transaction<T>(
  pool: PostgresPool,
  work: (client: PostgresPoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect()
  let broken: Error | undefined
  try {
    await client.query('BEGIN')
    const result = await work(client)
    await client.query('COMMIT')
    return result
  } catch (error) {
    try {
      await client.query('ROLLBACK')
    } catch (rollbackError) {
      broken = rollbackError as Error
    }
    throw error
  } finally {
    client.release(broken)
  }
}

function newerSchemaError(schema: string, version: number): CommentError {
  return new CommentError(
    'newer-schema',
    `The PostgreSQL schema \`${schema}\` has comment schema version ${version}, newer than this @blogkit/comments knows (${migrations.length}); upgrade @blogkit/comments`,
    'schema',
  )
}

async function migrate(pool: PostgresPool, schema: string, s: string) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await migrateOnce(pool, schema, s)
    } catch (error) {
      // Note: the lock serializes stores, not other programs that create the same schema (a server's
      // own tables): the one that lost that race finds the schema there on the next attempt.
      const code = (error as { code?: unknown })?.code
      if ((code === '42P06' || code === '23505') && attempt < 5) continue
      throw error
    }
  }
}

async function migrateOnce(pool: PostgresPool, schema: string, s: string) {
  await transaction(pool, async (client) => {
    // Note: the lock serializes stores that start at once (several server instances); it is released
    // at COMMIT or ROLLBACK.
    await client.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`@blogkit/comments:${schema}`])
    const exists = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema])
    if (exists.rows.length === 0) await client.query(`CREATE SCHEMA ${s}`)
    await client.query(`CREATE TABLE IF NOT EXISTS ${s}.comments_schema (version integer NOT NULL)`)
    const row = (await client.query(`SELECT max(version) AS version FROM ${s}.comments_schema`)).rows[0]
    const version = Number(row?.version ?? 0)
    if (version > migrations.length) throw newerSchemaError(schema, version)
    if (version === migrations.length) return
    for (let v = version; v < migrations.length; v++) await client.query(migrations[v]!.replaceAll('{s}', s))
    await client.query(`DELETE FROM ${s}.comments_schema`)
    await client.query(`INSERT INTO ${s}.comments_schema (version) VALUES ($1)`, [migrations.length])
  })
}

/**
 * Open (and create or migrate) a PostgreSQL comment store on `pg` (node-postgres): the same operations
 * and guarantees as the SQLite store, for several server instances sharing one database.
 *
 * @param options `connectionString` or `pool`, `schema`, and the options every store takes (spam checks,
 *   moderation mode, limits, clock, id generator).
 * @returns A `CommentStore`, once the schema is migrated.
 */
export async function createPostgresCommentStore(
  options: Readonly<PostgresCommentStoreOptions>,
): Promise<CommentStore> {
  if (typeof options !== 'object' || options === null) {
    throw new TypeError('Expected an options object with `connectionString` or `pool`')
  }
  const settings = storeSettings(options)
  const schema = options.schema ?? 'public'
  if (typeof schema !== 'string' || !identifier.test(schema)) {
    throw new TypeError(
      `Expected \`schema\` to be a plain identifier (letters, digits, _; at most 63), got \`${String(schema)}\``,
    )
  }
  const { pool, own } = await loadPool(options)
  const s = `"${schema}"`
  try {
    await migrate(pool, schema, s)
  } catch (error) {
    if (own) await pool.end().catch(() => {})
    if (error instanceof CommentError) throw error
    throw new Error(
      `Could not open the PostgreSQL comment store: ${(error as Error)?.message ?? String(error)}`,
      { cause: error },
    )
  }

  const sql = storeSql(s)
  const { t, listSql, listAllSql } = sql

  let closed = false
  const inFlight = new Set<Promise<unknown>>()
  const run = <T>(work: () => Promise<T>): Promise<T> => {
    if (closed) return Promise.reject(closedError())
    const promise = work()
    inFlight.add(promise)
    const done = () => inFlight.delete(promise)
    promise.then(done, done)
    return promise
  }

  const enqueue = groupCommit(pool, sql)
  const readThreadPage = threadPageReader(pool, t)

  return {
    add: (input, addOptions) =>
      run(async () => {
        // Note: an add that has begun is finished even when `close()` is called meanwhile (close waits).
        const prepared = await prepareComment(input, addOptions, settings)
        await enqueue(prepared)
        return addResult(prepared)
      }),
    get: (id) =>
      run(async () => {
        const row = (await pool.query(`SELECT ${selectColumns} FROM ${t} WHERE id = $1`, [id])).rows[0]
        return row ? fromPg(row) : undefined
      }),
    list: ({ postId, moderator }) =>
      run(async () => (await pool.query(moderator ? listAllSql : listSql, [postId])).rows.map(fromPg)),
    threadPage: (pageOptions) =>
      run(async () => {
        const q = parseThreadPageOptions(pageOptions)
        return threadPageResult(q, await readThreadPage(q))
      }),
    moderate: ({ id, action }) =>
      run(async () => {
        checkModerationAction(action)
        return moderateComment(pool, t, id, action)
      }),
    purge: ({ id }) =>
      run(async () => {
        const erase = Object.keys(purgedRow)
        const row = (
          await pool.query(
            `UPDATE ${t} SET ${erase.map((c, k) => `${c} = $${k + 1}`).join(', ')},
               purged_at = coalesce(purged_at, ${msToTimestamp(`$${erase.length + 1}`)})
             WHERE id = $${erase.length + 2} RETURNING ${selectColumns}`,
            [...Object.values(purgedRow), settings.now().getTime(), id],
          )
        ).rows[0] as PgRow | undefined
        if (!row) throw notFoundError(id)
        return fromPg(row)
      }),
    setLatestPost: ({ id, latestPost }) =>
      run(async () => setLatestPostRow(pool, t, id, latestPostColumns(latestPost, settings.limits))),
    check: (checkOptions) =>
      run(async () => {
        await pool.query(`SELECT id FROM ${t} WHERE id = ''`)
        if (!checkOptions?.thorough) return
        const row = (await pool.query(`SELECT max(version) AS version FROM ${s}.comments_schema`)).rows[0]
        const version = Number(row?.version ?? 0)
        if (version > migrations.length) throw newerSchemaError(schema, version)
      }),
    moderationQueue: (queueOptions) =>
      run(async () => {
        const q = parseQueueOptions(queueOptions)
        return queuePage(await queueRows(pool, t, q), q.limit)
      }),
    moderationCounts: (countOptions) => run(() => moderationCounts(pool, t, countOptions)),
    count: (countOptions) =>
      run(async () => {
        const result: Record<string, number> = {}
        const postIds = countOptions?.postIds
        if (postIds) for (const postId of postIds) result[postId] = 0
        const rows = postIds
          ? (
              await pool.query(
                `SELECT post_id, count(*)::int AS n FROM ${t} WHERE status = 'approved' AND post_id = ANY($1::text[]) GROUP BY post_id`,
                [[...postIds]],
              )
            ).rows
          : (
              await pool.query(
                `SELECT post_id, count(*)::int AS n FROM ${t} WHERE status = 'approved' GROUP BY post_id`,
              )
            ).rows
        for (const { post_id, n } of rows as Array<{ post_id: string; n: number }>)
          result[post_id] = Number(n)
        return result
      }),
    export: (exportOptions) =>
      run(async () => {
        const rows =
          exportOptions?.postId === undefined
            ? (await pool.query(`SELECT ${selectColumns} FROM ${t} ORDER BY created_at, id`)).rows
            : (await pool.query(listAllSql, [exportOptions.postId])).rows
        return {
          format: 'blogkit-comments',
          version: 1,
          exportedAt: settings.now().toISOString(),
          comments: rows.map(fromPg),
        } satisfies CommentExport
      }),
    import: (data, importOptions) =>
      run(async () => {
        const comments = parseExport(data, settings.limits)
        return importComments(pool, sql, comments, importOptions?.onConflict === 'skip')
      }),
    async close() {
      if (closed) return
      closed = true
      await Promise.allSettled([...inFlight])
      if (own) await pool.end()
    },
  }
}

/** The SQL of a store on schema `s` (quoted), and how rows travel to it. */
function storeSql(s: string) {
  const t = `${s}.comments`
  const insertColumns = [...commentColumns, 'moderation_reason'] as const
  const casts: Record<string, string> = { parent_inferred: 'boolean', score: 'float8', by_author: 'boolean' }
  const rowParams = (c: Comment, reason: string | null) => {
    const row = commentToRow(c, reason)
    return insertColumns.map((name) => {
      const value = row[name]
      return dateColumns.has(name) && value !== null ? Date.parse(value as string) : value
    })
  }
  // Rows travel as one array per column, unnested on the server: one statement for many comments.
  const arrayCasts = insertColumns.map((c) => (dateColumns.has(c) ? 'bigint[]' : `${casts[c] ?? 'text'}[]`))
  const unnestRows = `unnest(${arrayCasts.map((cast, i) => `$${i + 1}::${cast}`).join(', ')})
    WITH ORDINALITY AS x(${insertColumns.join(', ')}, i)`
  const fromX = (c: string) => (dateColumns.has(c) ? msToTimestamp(`x.${c}`) : `x.${c}`)
  const insertFromX = `INSERT INTO ${t} (${insertColumns.join(', ')})
    SELECT ${insertColumns.map(fromX).join(', ')}`
  // The held-parent rule (`heldByParent` and `heldParentReason` in store-core), in SQL: a reply to a
  // pending or spam parent gets the parent's status when that is stricter, and the reason.
  const heldStatus = `CASE WHEN p.status = 'spam' OR (p.status = 'pending' AND x.status = 'approved')
    THEN p.status ELSE x.status END`
  const heldReason = `CASE WHEN p.status IN ('pending', 'spam')
    THEN concat_ws('; ', x.moderation_reason, 'held-parent: answers ' || p.id || ', which is ' || p.status)
    ELSE x.moderation_reason END`
  const addValue = (c: string) =>
    c === 'status' ? heldStatus : c === 'moderation_reason' ? heldReason : fromX(c)
  const columnArrays = (rows: unknown[][]) => insertColumns.map((_, col) => rows.map((row) => row[col]))
  // Adds, batched: the parents are read and share-locked (a concurrent `moderate` waits for the commit),
  // a row is inserted only when its parent is on the same post and not deleted (with the parent's status
  // when that is held), a taken id is skipped, and each row's outcome comes back, so that one bad comment
  // does not fail the others.
  const addSql = `WITH x AS (SELECT * FROM ${unnestRows}),
    parent AS (SELECT id, post_id, status FROM ${t} WHERE id IN (SELECT parent_id FROM x) FOR SHARE),
    ins AS (
      INSERT INTO ${t} (${insertColumns.join(', ')})
      SELECT ${insertColumns.map(addValue).join(', ')}
      FROM x LEFT JOIN parent p ON p.id = x.parent_id
      WHERE x.parent_id IS NULL OR (p.post_id = x.post_id AND p.status <> 'deleted')
      ORDER BY x.i
      ON CONFLICT (id) DO NOTHING
      RETURNING id)
    SELECT x.i, x.id IN (SELECT id FROM ins) AS inserted, p.post_id AS parent_post, p.status AS parent_status
    FROM x LEFT JOIN parent p ON p.id = x.parent_id ORDER BY x.i`
  const listSql = `SELECT ${selectColumns} FROM ${t} WHERE post_id = $1 AND status = 'approved' ORDER BY created_at, id`
  const listAllSql = `SELECT ${selectColumns} FROM ${t} WHERE post_id = $1 ORDER BY created_at, id`
  return { t, insertColumns, rowParams, columnArrays, unnestRows, insertFromX, addSql, listSql, listAllSql }
}

type StoreSql = ReturnType<typeof storeSql>

/**
 * Group commit, as in the SQLite store: adds that arrive in the same event-loop turn share one statement
 * (at most 500 rows each). Each promise settles after the commit, with its own row's outcome.
 */
function groupCommit(pool: PostgresPool, sql: StoreSql): (prepared: PreparedComment) => Promise<void> {
  const { addSql, columnArrays, rowParams } = sql
  interface PendingAdd {
    prepared: PreparedComment
    params: unknown[]
    resolve: () => void
    reject: (error: unknown) => void
  }
  let queue: PendingAdd[] = []
  const insertBatch = async (batch: PendingAdd[]) => {
    let rows: Array<{
      i: string | number
      inserted: boolean
      parent_post: string | null
      parent_status: CommentStatus | null
    }>
    try {
      rows = (await pool.query(addSql, columnArrays(batch.map((b) => b.params)))).rows
    } catch (error) {
      for (const item of batch) item.reject(error)
      return
    }
    const claimed = new Set<string>()
    for (const r of rows) {
      const item = batch[Number(r.i) - 1]!
      const { comment } = item.prepared
      try {
        if (comment.parentId !== undefined) {
          // Note: the same checks and rule as the statement applied, on the parent row it read.
          checkParent(
            item.prepared,
            r.parent_post === null ? undefined : { post_id: r.parent_post, status: r.parent_status! },
          )
        }
        // Note: a taken id (or one taken earlier in the same batch) was skipped by ON CONFLICT.
        if (!r.inserted || claimed.has(comment.id)) throw duplicateIdError(comment.id)
        claimed.add(comment.id)
        item.resolve()
      } catch (error) {
        item.reject(error)
      }
    }
  }
  const flush = () => {
    const batch = queue
    queue = []
    for (let k = 0; k < batch.length; k += 500) void insertBatch(batch.slice(k, k + 500))
  }
  const enqueue = (prepared: PreparedComment) =>
    new Promise<void>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush)
      queue.push({ prepared, params: rowParams(prepared.comment, prepared.reason), resolve, reject })
    })
  return enqueue
}

/** `moderate` in one transaction: the row is locked, its status moved on. */
function moderateComment(
  pool: PostgresPool,
  t: string,
  id: string,
  action: ModerationAction,
): Promise<Comment> {
  return transaction(pool, async (client) => {
    const row = (
      await client.query(`SELECT ${selectColumns}, previous_status FROM ${t} WHERE id = $1 FOR UPDATE`, [id])
    ).rows[0] as (PgRow & { previous_status: CommentStatus | null }) | undefined
    if (!row) throw notFoundError(id)
    const next = moderationTransition(
      { id, status: row.status, previous: row.previous_status, purged: row.purged_ms !== null },
      action,
    )
    await client.query(`UPDATE ${t} SET status = $1, previous_status = $2 WHERE id = $3`, [
      next.status,
      next.previous,
      id,
    ])
    return fromPg({ ...row, status: next.status })
  })
}

/** `setLatestPost`: one UPDATE that skips a purged row (an erasure wins over a read that ends after it). */
async function setLatestPostRow(
  pool: PostgresPool,
  t: string,
  id: string,
  columns: { latest_post_title: string | null; latest_post_url: string | null },
): Promise<Comment> {
  const row = (
    await pool.query(
      `UPDATE ${t} SET latest_post_title = $1, latest_post_url = $2
       WHERE id = $3 AND purged_at IS NULL RETURNING ${selectColumns}`,
      [columns.latest_post_title, columns.latest_post_url, id],
    )
  ).rows[0] as PgRow | undefined
  if (row) return fromPg(row)
  const exists = (await pool.query(`SELECT 1 FROM ${t} WHERE id = $1`, [id])).rows.length > 0
  throw exists ? latestPostPurgedError(id) : notFoundError(id)
}

/** `import` in one transaction: all or nothing, ids checked, rows in id order, parents checked after. */
function importComments(pool: PostgresPool, sql: StoreSql, comments: Comment[], skip: boolean) {
  const { t, insertFromX, unnestRows, rowParams, columnArrays } = sql
  const ids = comments.map((c) => c.id)
  const indexOf = new Map(ids.map((id, i) => [id, i]))
  return transaction(pool, async (client) => {
    if (!skip && comments.length > 0) {
      const taken = new Set(
        (await client.query(`SELECT id FROM ${t} WHERE id = ANY($1::text[])`, [ids])).rows.map((r) => r.id),
      )
      const first = comments.findIndex((c) => taken.has(c.id))
      if (first !== -1) throw importDuplicateError(first, comments[first]!.id)
    }
    let imported = 0
    const importSql = `${insertFromX} FROM ${unnestRows} ${skip ? 'ON CONFLICT (id) DO NOTHING' : ''}`
    // Note: rows go in sorted by id, so two imports of overlapping ids at once wait for each other
    // in the same order (the second then fails with `duplicate-id`) instead of deadlocking.
    const sorted = [...comments].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    for (let start = 0; start < sorted.length; start += 1000) {
      const chunk = sorted.slice(start, start + 1000).map((c) => rowParams(c, null))
      try {
        imported += (await client.query(importSql, columnArrays(chunk))).rowCount ?? 0
      } catch (error) {
        // Note: a concurrent writer stored one of these ids after the check above.
        if (isUniqueViolation(error)) {
          const id = /\(id\)=\((.*)\)/.exec(error.detail ?? '')?.[1]
          const index = id === undefined ? undefined : indexOf.get(id)
          throw index === undefined ? duplicateIdError(id ?? '?') : importDuplicateError(index, id!)
        }
        throw error
      }
    }
    // Parents are checked after all rows are in, so an export's order does not matter.
    const replies = comments.flatMap((c, i) => (c.parentId === undefined ? [] : [[i, c] as const]))
    if (replies.length > 0) {
      const bad = (
        await client.query(
          `SELECT x.i FROM unnest($1::int[], $2::text[], $3::text[]) AS x(i, parent_id, post_id)
           WHERE NOT EXISTS (SELECT 1 FROM ${t} p WHERE p.id = x.parent_id AND p.post_id = x.post_id)
           ORDER BY x.i LIMIT 1`,
          [replies.map(([i]) => i), replies.map(([, c]) => c.parentId), replies.map(([, c]) => c.postId)],
        )
      ).rows[0]
      if (bad) throw importParentError(bad.i, comments[bad.i]!)
    }
    return { imported, skipped: comments.length - imported }
  })
}
