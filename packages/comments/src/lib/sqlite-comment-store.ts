import type { CommentExport, CommentStore, ModerationAction } from './comment-store.js'
import { CommentError } from './errors.js'
import {
  openSqlite,
  type SqliteConnection,
  type SqliteDriverChoice,
  type SqliteStatement,
  sqliteDriverChoices,
} from './sqlite-driver.js'
import { threadPageReader } from './sqlite-thread-page.js'
import {
  addResult,
  type CommentRow,
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
  type ModerationFilter,
  moderationTransition,
  notFoundError,
  type PreparedComment,
  parseExport,
  parseModerationFilter,
  parseQueueOptions,
  prepareComment,
  purgedRow,
  queuePage,
  rowToComment,
  type StoreSettings,
  statusCounts,
  storeSettings,
} from './store-core.js'
import { parseThreadPageOptions, threadPageResult } from './thread-page.js'
import type { Comment, CommentStatus } from './types.js'

/** Options of `createSqliteCommentStore`: the database file and the options every store takes. */
export interface SqliteCommentStoreOptions extends CommentStoreOptions {
  /** Database file, or `:memory:`. Created and migrated when needed. */
  filename: string
  /**
   * SQLite driver: `better-sqlite3` (an optional peer dependency), `node:sqlite` (built into Node 22.13
   * and later), or `auto`: better-sqlite3 when it is installed and loads on this Node, else node:sqlite.
   * Both read and write the same database files. @default 'auto'
   */
  driver?: SqliteDriverChoice
}

interface Row extends CommentRow {
  previous_status: CommentStatus | null
}

// Note: writes use BEGIN IMMEDIATE (`db.immediate`), so concurrent connections wait on busy_timeout
// instead of failing with SQLITE_BUSY when a read transaction upgrades to a write.
// Append only; each entry moves `user_version` up by one, inside a transaction.
const migrations = [
  `CREATE TABLE comments (
     seq INTEGER PRIMARY KEY,
     id TEXT NOT NULL UNIQUE,
     post_id TEXT NOT NULL,
     parent_id TEXT,
     parent_inferred INTEGER NOT NULL DEFAULT 0,
     author_name TEXT NOT NULL,
     author_url TEXT,
     author_email TEXT,
     latest_post_title TEXT,
     latest_post_url TEXT,
     created_at TEXT NOT NULL,
     body TEXT NOT NULL,
     status TEXT NOT NULL CHECK (status IN ('approved', 'pending', 'spam', 'deleted')),
     score INTEGER,
     previous_status TEXT,
     moderation_reason TEXT
   );
   CREATE INDEX comments_post ON comments (post_id, created_at, id);
   CREATE INDEX comments_parent ON comments (parent_id);`,
  // 2: the moderation queue reads by status, newest first.
  'CREATE INDEX comments_status ON comments (status, created_at, id);',
  // 3: purged comments (erasure requests) are marked.
  'ALTER TABLE comments ADD COLUMN purged_at TEXT;',
  // 4: `threadPage` reads a post's top-level comments by status and date.
  'CREATE INDEX comments_roots ON comments (post_id, status, created_at, id) WHERE parent_id IS NULL;',
  // 5: comments by the site's author are marked.
  'ALTER TABLE comments ADD COLUMN by_author INTEGER NOT NULL DEFAULT 0;',
]

type RawRow = [
  id: string,
  post_id: string,
  parent_id: string | null,
  parent_inferred: number,
  author_name: string,
  author_url: string | null,
  author_email: string | null,
  latest_post_title: string | null,
  latest_post_url: string | null,
  created_at: string,
  body: string,
  status: CommentStatus,
  score: number | null,
  purged_at: string | null,
  by_author: number,
]

function rawToComment(r: RawRow): Comment {
  return rowToComment({
    id: r[0],
    post_id: r[1],
    parent_id: r[2],
    parent_inferred: r[3],
    author_name: r[4],
    author_url: r[5],
    author_email: r[6],
    latest_post_title: r[7],
    latest_post_url: r[8],
    created_at: r[9],
    body: r[10],
    status: r[11],
    score: r[12],
    purged_at: r[13],
    by_author: r[14],
  })
}

/** Bind parameters of a row (SQLite has no booleans). */
function toParams(c: Comment, reason: string | null) {
  const row = commentToRow(c, reason)
  return { ...row, parent_inferred: row.parent_inferred ? 1 : 0, by_author: row.by_author ? 1 : 0 }
}

function migrate(db: SqliteConnection, filename: string) {
  const version = db.userVersion()
  if (version > migrations.length) {
    throw new CommentError(
      'newer-schema',
      `The database \`${filename}\` has schema version ${version}, newer than this @blogkit/comments knows (${migrations.length}); upgrade @blogkit/comments`,
      'filename',
    )
  }
  for (let v = version; v < migrations.length; v++) {
    db.immediate(() => {
      // Note: another process may have migrated meanwhile; re-read inside the write lock.
      if (db.userVersion() > v) return
      db.exec(migrations[v]!)
      db.setUserVersion(v + 1)
    })()
  }
}

/** Open the database and set it up: the driver's errors about the file name the file. */
function openDatabase(filename: string, driver: SqliteDriverChoice): SqliteConnection {
  let db: SqliteConnection
  try {
    db = openSqlite(filename, driver)
  } catch (error) {
    if (error instanceof CommentError) throw error
    throw new Error(`Could not open the SQLite comment store \`${filename}\`: ${(error as Error)?.message}`, {
      cause: error,
    })
  }
  try {
    // Note: busy_timeout first, so that opening next to other writers waits instead of failing.
    db.exec('PRAGMA busy_timeout = 5000')
    db.exec('PRAGMA journal_mode = WAL')
    db.exec('PRAGMA synchronous = NORMAL')
    // Note: what a purge erases is overwritten with zeros in the file, not only marked free.
    db.exec('PRAGMA secure_delete = ON')
    migrate(db, filename)
  } catch (error) {
    db.close()
    throw error
  }
  return db
}

/**
 * Open (and create or migrate) a SQLite comment store on better-sqlite3 or node:sqlite: WAL journal,
 * prepared statements, one transaction per write.
 *
 * @param options Database file, driver, spam checks, moderation mode, limits, clock and id generator.
 * @returns A `CommentStore`.
 */
export function createSqliteCommentStore(options: Readonly<SqliteCommentStoreOptions>): CommentStore {
  if (typeof options?.filename !== 'string' || options.filename === '') {
    throw new TypeError('Expected `filename` to be a database file path or `:memory:`')
  }
  const { filename, driver = 'auto' } = options
  if (!sqliteDriverChoices.includes(driver)) {
    throw new TypeError(
      `Expected \`driver\` to be ${sqliteDriverChoices.map((d) => `\`${d}\``).join(', ')}, got \`${String(driver)}\``,
    )
  }
  const settings = storeSettings(options)
  const db = openDatabase(filename, driver)

  const statements = prepareStatements(db)
  const {
    insert,
    selectOne,
    selectPost,
    selectPostAll,
    selectAll,
    countAll,
    countOne,
    probe,
    quickCheck,
    dataVersion,
  } = statements

  let closed = false
  const open = () => {
    if (closed) throw closedError()
  }

  // Note: checks only read, and a failing INSERT is undone by SQLite alone, so no savepoint is needed.
  const addRow = (prepared: PreparedComment) => {
    const { comment } = prepared
    if (comment.parentId !== undefined) checkParent(prepared, selectOne.get(comment.parentId))
    try {
      insert.run(toParams(comment, prepared.reason))
    } catch (error) {
      // Note: the UNIQUE index finds a taken id; no extra lookup per add.
      if (db.isUniqueViolation(error)) throw duplicateIdError(comment.id)
      throw error
    }
  }

  const commit = groupCommit(db, addRow)
  const readThreadPage = threadPageReader<RawRow>(db, rawToComment)

  const { importTx, moderateTx, purgeTx, latestPostTx } = transactions(db, statements, settings)

  return {
    async add(input, addOptions) {
      open()
      const prepared = await prepareComment(input, addOptions, settings)
      open() // Note: the store may have been closed while the spam checks ran.
      await commit.enqueue(prepared)
      return addResult(prepared)
    },
    async get(id) {
      open()
      const row = selectOne.get(id)
      return row ? rowToComment(row) : undefined
    },
    async list({ postId, moderator }) {
      open()
      return (moderator ? selectPostAll : selectPost).all(postId).map(rawToComment)
    },
    async threadPage(pageOptions) {
      open()
      const q = parseThreadPageOptions(pageOptions)
      return threadPageResult(q, readThreadPage(q))
    },
    async moderate({ id, action }) {
      open()
      checkModerationAction(action)
      return moderateTx(id, action)
    },
    async purge({ id }) {
      open()
      const comment = purgeTx(id)
      // Note: the erased text's old page images may still be in the WAL file: copy them into the
      // database (now zeroed there) and empty the WAL, unless a reader holds it (then a later checkpoint does).
      try {
        db.exec('PRAGMA wal_checkpoint(TRUNCATE)')
      } catch {}
      return comment
    },
    async setLatestPost({ id, latestPost }) {
      open()
      return latestPostTx(id, latestPostColumns(latestPost, settings.limits))
    },
    async check(checkOptions) {
      open()
      probe.get()
      if (!checkOptions?.thorough) return
      const problems = quickCheck
        .all()
        .map((row) => row.quick_check)
        .filter((problem) => problem !== 'ok')
      if (problems.length > 0) throw damagedError(filename, problems)
    },
    async externalVersion() {
      open()
      return dataVersion.get()!.data_version
    },
    ...moderationReads(statements, open),
    async count(countOptions) {
      open()
      const result: Record<string, number> = {}
      if (countOptions?.postIds) {
        for (const postId of countOptions.postIds) result[postId] = countOne.get(postId)!.n
        return result
      }
      for (const { post_id, n } of countAll.all()) result[post_id] = n
      return result
    },
    async export(exportOptions) {
      open()
      const rows =
        exportOptions?.postId === undefined ? selectAll.all() : selectPostAll.all(exportOptions.postId)
      return {
        format: 'blogkit-comments',
        version: 1,
        exportedAt: settings.now().toISOString(),
        comments: rows.map(rawToComment),
      } satisfies CommentExport
    },
    async import(data, importOptions) {
      open()
      const comments = parseExport(data, settings.limits)
      return importTx(comments, importOptions?.onConflict === 'skip')
    },
    async close() {
      if (closed) return
      closed = true
      commit.flush()
      db.close()
    },
  }
}

type QueueRow = [moderation_reason: string | null, ...RawRow]

/** The prepared statements of a store. */
function prepareStatements(db: SqliteConnection) {
  const columns = [...commentColumns, 'moderation_reason']
  const insert = db.prepare<[ReturnType<typeof toParams>], never>(
    `INSERT INTO comments (${columns.join(', ')}) VALUES (${columns.map((c) => `@${c}`).join(', ')})`,
  )
  const selectOne = db.prepare<[string], Row>('SELECT * FROM comments WHERE id = ?')
  // Note: list statements return arrays (`prepareArrays`), about twice as fast as row objects for a 5,000-comment post.
  const listColumns = `SELECT ${commentColumns.join(', ')} FROM comments`
  const selectPost = db.prepareArrays<[string], RawRow>(
    `${listColumns} WHERE post_id = ? AND status = 'approved' ORDER BY created_at, id`,
  )
  const selectPostAll = db.prepareArrays<[string], RawRow>(
    `${listColumns} WHERE post_id = ? ORDER BY created_at, id`,
  )
  const selectAll = db.prepareArrays<[], RawRow>(`${listColumns} ORDER BY created_at, id`)
  const updateStatus = db.prepare<[CommentStatus, CommentStatus | null, string], never>(
    'UPDATE comments SET status = ?, previous_status = ? WHERE id = ?',
  )
  const updateLatestPost = db.prepare<[string | null, string | null, string], never>(
    'UPDATE comments SET latest_post_title = ?, latest_post_url = ? WHERE id = ?',
  )
  const countAll = db.prepare<[], { post_id: string; n: number }>(
    "SELECT post_id, count(*) AS n FROM comments WHERE status = 'approved' GROUP BY post_id",
  )
  const countOne = db.prepare<[string], { n: number }>(
    "SELECT count(*) AS n FROM comments WHERE post_id = ? AND status = 'approved'",
  )
  const existsId = db.prepare<[string], { id: string }>('SELECT id FROM comments WHERE id = ?')
  const purgeRow = db.prepare<[Record<string, unknown>], never>(
    `UPDATE comments SET ${Object.keys(purgedRow)
      .map((c) => `${c} = @${c}`)
      .join(', ')}, purged_at = coalesce(purged_at, @purged_at) WHERE id = @id`,
  )
  const probe = db.prepare<[], { id: string }>("SELECT id FROM comments WHERE id = ''")
  const quickCheck = db.prepare<[], { quick_check: string }>('PRAGMA quick_check')
  const dataVersion = db.prepare<[], { data_version: number }>('PRAGMA data_version')
  // One statement per (statuses, postId?, postIdPrefix?, search?, cursor?) shape, made on first use.
  const queueStatements = new Map<string, SqliteStatement<unknown[], QueueRow>>()
  const queueStatement = (statuses: readonly CommentStatus[], shape: QueueShape & { cursor: boolean }) => {
    const key = `${statuses.join(',')}|${shape.byPost}|${shape.byPrefix}|${shape.search}|${shape.cursor}`
    let statement = queueStatements.get(key)
    if (!statement) {
      const where = [`status IN (${statuses.map(() => '?').join(', ')})`, ...filterSql(shape)]
      if (shape.cursor) where.push('(created_at < ? OR (created_at = ? AND id < ?))')
      statement = db.prepareArrays<unknown[], QueueRow>(
        `${listColumns.replace('SELECT ', 'SELECT moderation_reason, ')} WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
      )
      queueStatements.set(key, statement)
    }
    return statement
  }
  const countStatements = new Map<string, SqliteStatement<unknown[], { status: string; n: number }>>()
  const countStatement = (shape: QueueShape) => {
    const key = `${shape.byPost}|${shape.byPrefix}|${shape.search}`
    let statement = countStatements.get(key)
    if (!statement) {
      const where = filterSql(shape)
      statement = db.prepare<unknown[], { status: string; n: number }>(
        `SELECT status, count(*) AS n FROM comments ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY status`,
      )
      countStatements.set(key, statement)
    }
    return statement
  }
  return {
    insert,
    selectOne,
    selectPost,
    selectPostAll,
    selectAll,
    updateStatus,
    countAll,
    countOne,
    existsId,
    purgeRow,
    updateLatestPost,
    probe,
    quickCheck,
    dataVersion,
    queueStatement,
    countStatement,
  }
}

/** `moderationQueue` and `moderationCounts`: the moderation page's reads, with its filters. */
function moderationReads(
  { queueStatement, countStatement }: Statements,
  open: () => void,
): Pick<CommentStore, 'moderationQueue' | 'moderationCounts'> {
  return {
    async moderationQueue(queueOptions) {
      open()
      const q = parseQueueOptions(queueOptions)
      const filter = filterOf(q)
      const params: unknown[] = [...q.statuses, ...filter.params]
      if (q.before) params.push(q.before[0], q.before[0], q.before[1])
      params.push(q.limit + 1)
      const rows = queueStatement(q.statuses, { ...filter.shape, cursor: q.before !== undefined }).all(
        ...params,
      )
      return queuePage(
        rows.map(([reason, ...raw]) => ({ comment: rawToComment(raw), reason })),
        q.limit,
      )
    },
    async moderationCounts(countOptions) {
      open()
      const filter = filterOf(parseModerationFilter(countOptions))
      return statusCounts(countStatement(filter.shape).all(...filter.params))
    },
  }
}

/** Which filters a moderation query has (`postId`, `postIdPrefix`, `search`). */
interface QueueShape {
  byPost: boolean
  byPrefix: boolean
  search: boolean
}

/** A moderation filter's shape, and its values in the order of `filterSql`'s terms. */
function filterOf(f: ModerationFilter): { shape: QueueShape; params: unknown[] } {
  const params: unknown[] = []
  if (f.postId !== undefined) params.push(f.postId)
  if (f.postIdPrefix !== undefined) params.push(f.postIdPrefix, f.postIdPrefix)
  if (f.search !== undefined) params.push(f.search, f.search, f.search)
  const shape = {
    byPost: f.postId !== undefined,
    byPrefix: f.postIdPrefix !== undefined,
    search: f.search !== undefined,
  }
  return { shape, params }
}

/** The WHERE terms of the moderation filters; the prefix takes its text twice, the search three times. */
function filterSql(shape: QueueShape): string[] {
  const where: string[] = []
  if (shape.byPost) where.push('post_id = ?')
  if (shape.byPrefix) where.push('substr(post_id, 1, length(?)) = ?')
  if (shape.search) {
    // Note: instr, not LIKE, so that % and _ in the search are plain characters.
    where.push(
      "(instr(lower(author_name), lower(?)) > 0 OR instr(lower(coalesce(author_email, '')), lower(?)) > 0 OR instr(lower(body), lower(?)) > 0)",
    )
  }
  return where
}

type Statements = ReturnType<typeof prepareStatements>

/**
 * Group commit: adds that arrive in the same event-loop turn share one transaction (one bad comment does
 * not fail the others). Each promise settles after the commit.
 */
function groupCommit(db: SqliteConnection, addRow: (prepared: PreparedComment) => void) {
  interface Pending {
    prepared: PreparedComment
    resolve: () => void
    reject: (error: unknown) => void
  }
  let queue: Pending[] = []
  const flushTx = db.immediate((batch: Pending[]) => {
    const outcomes: Array<unknown> = []
    for (const item of batch) {
      try {
        addRow(item.prepared)
        outcomes.push(undefined)
      } catch (error) {
        outcomes.push(error ?? new Error('add failed'))
      }
    }
    return outcomes
  })
  const flush = () => {
    const batch = queue
    queue = []
    let outcomes: unknown[]
    try {
      outcomes = flushTx(batch)
    } catch (error) {
      for (const item of batch) item.reject(error)
      return
    }
    for (const [i, item] of batch.entries()) {
      if (outcomes[i] === undefined) item.resolve()
      else item.reject(outcomes[i])
    }
  }
  const enqueue = (prepared: PreparedComment) =>
    new Promise<void>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush)
      queue.push({ prepared, resolve, reject })
    })
  return {
    enqueue,
    /** Commit what waits now (on close). */
    flush: () => {
      if (queue.length > 0) flush()
    },
  }
}

/** The write transactions of `import`, `moderate` and `purge`. */
function transactions(db: SqliteConnection, s: Statements, settings: StoreSettings) {
  const { insert, selectOne, existsId, updateStatus, purgeRow, updateLatestPost } = s
  const importTx = db.immediate((comments: Comment[], skip: boolean) => {
    let imported = 0
    let skipped = 0
    for (const [i, c] of comments.entries()) {
      if (existsId.get(c.id)) {
        if (skip) {
          skipped++
          continue
        }
        throw importDuplicateError(i, c.id)
      }
      insert.run(toParams(c, null))
      imported++
    }
    // Parents are checked after all rows are in, so an export's order does not matter.
    for (const [i, c] of comments.entries()) {
      if (c.parentId === undefined) continue
      const parent = selectOne.get(c.parentId)
      if (!parent || parent.post_id !== c.postId) throw importParentError(i, c)
    }
    return { imported, skipped }
  })

  const moderateTx = db.immediate((id: string, action: ModerationAction) => {
    const row = selectOne.get(id)
    if (!row) throw notFoundError(id)
    const next = moderationTransition(
      { id, status: row.status, previous: row.previous_status, purged: row.purged_at !== null },
      action,
    )
    updateStatus.run(next.status, next.previous, id)
    return rowToComment({ ...row, status: next.status })
  })

  const purgeTx = db.immediate((id: string) => {
    if (!selectOne.get(id)) throw notFoundError(id)
    purgeRow.run({ ...purgedRow, purged_at: settings.now().toISOString(), id })
    return rowToComment(selectOne.get(id)!)
  })
  const latestPostTx = db.immediate(
    (id: string, columns: { latest_post_title: string | null; latest_post_url: string | null }) => {
      const row = selectOne.get(id)
      if (!row) throw notFoundError(id)
      if (row.purged_at !== null) throw latestPostPurgedError(id)
      updateLatestPost.run(columns.latest_post_title, columns.latest_post_url, id)
      return rowToComment({ ...row, ...columns })
    },
  )
  return { importTx, moderateTx, purgeTx, latestPostTx }
}

/** `PRAGMA quick_check` found problems: a `CommentError` whose `cause` has SQLite's code for them. */
function damagedError(filename: string, problems: string[]): CommentError {
  const found = `PRAGMA quick_check found ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.join('; ').replace(/\s+/g, ' ').slice(0, 300)}`
  const error = new CommentError(
    'damaged-database',
    `The SQLite comment store \`${filename}\` is damaged (${found}); restore it from a backup, or recover what is left with \`sqlite3 <file> .recover\``,
    'filename',
  )
  error.cause = Object.assign(new Error(found), { code: 'SQLITE_CORRUPT' })
  return error
}
