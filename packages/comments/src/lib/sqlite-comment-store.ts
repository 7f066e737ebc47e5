import { randomUUID } from 'node:crypto'
import Database from 'better-sqlite3'
import type {
  AddCommentResult,
  CommentExport,
  CommentStore,
  ModerationAction,
  ModerationQueuePage,
} from './comment-store.js'
import { CommentError } from './errors.js'
import { runSpamChecks, type SpamCheck } from './spam.js'
import { type Comment, type CommentStatus, commentStatuses } from './types.js'
import { type CommentLimits, checkHttpUrl, checkStatus, validateNewComment } from './validate-comment.js'

/** Options of `createSqliteCommentStore`. */
export interface SqliteCommentStoreOptions {
  /** Database file, or `:memory:`. Created and migrated when needed. */
  filename: string
  /** Spam checks run on `add`. @default [] */
  spamChecks?: readonly SpamCheck[]
  /** Status of accepted comments: `approved` publishes at once, `pending` makes every comment wait for a moderator. @default 'approved' */
  acceptedStatus?: 'approved' | 'pending'
  /** Length limits. */
  limits?: CommentLimits
  /** Clock (inject one in tests). @default () => new Date() */
  now?: () => Date
  /** Id generator. @default crypto.randomUUID */
  generateId?: () => string
}

interface Row {
  id: string
  post_id: string
  parent_id: string | null
  parent_inferred: number
  author_name: string
  author_url: string | null
  author_email: string | null
  latest_post_title: string | null
  latest_post_url: string | null
  created_at: string
  body: string
  status: CommentStatus
  score: number | null
  previous_status: CommentStatus | null
}

// Note: writes use BEGIN IMMEDIATE (`.immediate`), so concurrent connections wait on busy_timeout
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
]

function toComment(row: Row): Comment {
  const c: Comment = {
    id: row.id,
    postId: row.post_id,
    author: { name: row.author_name },
    createdAt: row.created_at,
    body: row.body,
    status: row.status,
  }
  if (row.parent_id !== null) c.parentId = row.parent_id
  if (row.parent_inferred) c.parentInferred = true
  if (row.author_url !== null) c.author.url = row.author_url
  if (row.author_email !== null) c.author.email = row.author_email
  if (row.latest_post_title !== null) {
    c.author.latestPost =
      row.latest_post_url === null
        ? { title: row.latest_post_title }
        : { title: row.latest_post_title, url: row.latest_post_url }
  }
  if (row.score !== null) c.score = row.score
  return c
}

const commentColumns = [
  'id',
  'post_id',
  'parent_id',
  'parent_inferred',
  'author_name',
  'author_url',
  'author_email',
  'latest_post_title',
  'latest_post_url',
  'created_at',
  'body',
  'status',
  'score',
] as const

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
]

function rawToComment(r: RawRow): Comment {
  return toComment({
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
    previous_status: null,
  })
}

function toRow(c: Comment, reason: string | null) {
  return {
    id: c.id,
    post_id: c.postId,
    parent_id: c.parentId ?? null,
    parent_inferred: c.parentInferred ? 1 : 0,
    author_name: c.author.name,
    author_url: c.author.url ?? null,
    author_email: c.author.email ?? null,
    latest_post_title: c.author.latestPost?.title ?? null,
    latest_post_url: c.author.latestPost?.url ?? null,
    created_at: c.createdAt,
    body: c.body,
    status: c.status,
    score: c.score ?? null,
    moderation_reason: reason,
  }
}

function migrate(db: Database.Database, filename: string) {
  const version = db.pragma('user_version', { simple: true }) as number
  if (version > migrations.length) {
    throw new CommentError(
      'newer-schema',
      `The database \`${filename}\` has schema version ${version}, newer than this @blogkit/comments knows (${migrations.length}); upgrade @blogkit/comments`,
      'filename',
    )
  }
  for (let v = version; v < migrations.length; v++) {
    db.transaction(() => {
      // Note: another process may have migrated meanwhile; re-read inside the write lock.
      if ((db.pragma('user_version', { simple: true }) as number) > v) return
      db.exec(migrations[v]!)
      db.pragma(`user_version = ${v + 1}`)
    }).immediate()
  }
}

/**
 * Open (and create or migrate) a SQLite comment store on better-sqlite3: WAL journal, prepared
 * statements, one transaction per write.
 *
 * @param options Database file, spam checks, moderation mode, limits, clock and id generator.
 * @returns A `CommentStore`.
 */
export function createSqliteCommentStore(options: Readonly<SqliteCommentStoreOptions>): CommentStore {
  if (typeof options?.filename !== 'string' || options.filename === '') {
    throw new TypeError('Expected `filename` to be a database file path or `:memory:`')
  }
  const { filename } = options
  const spamChecks = options.spamChecks ?? []
  const acceptedStatus = options.acceptedStatus ?? 'approved'
  const now = options.now ?? (() => new Date())
  const generateId = options.generateId ?? randomUUID
  const limits = options.limits ?? {}

  const db = new Database(filename)
  // Note: busy_timeout first, so that opening next to other writers waits instead of failing.
  db.pragma('busy_timeout = 5000')
  db.pragma('journal_mode = WAL')
  db.pragma('synchronous = NORMAL')
  migrate(db, filename)

  const columns =
    'id, post_id, parent_id, parent_inferred, author_name, author_url, author_email, latest_post_title, latest_post_url, created_at, body, status, score, moderation_reason'
  const insert = db.prepare(
    `INSERT INTO comments (${columns}) VALUES (${columns
      .split(', ')
      .map((c) => `@${c}`)
      .join(', ')})`,
  )
  const selectOne = db.prepare<[string], Row>('SELECT * FROM comments WHERE id = ?')
  // Note: list statements return arrays (`raw`), about twice as fast as row objects for a 5,000-comment post.
  const listColumns = `SELECT ${commentColumns.join(', ')} FROM comments`
  const selectPost = db
    .prepare<[string], RawRow>(
      `${listColumns} WHERE post_id = ? AND status = 'approved' ORDER BY created_at, id`,
    )
    .raw()
  const selectPostAll = db
    .prepare<[string], RawRow>(`${listColumns} WHERE post_id = ? ORDER BY created_at, id`)
    .raw()
  const selectAll = db.prepare<[], RawRow>(`${listColumns} ORDER BY created_at, id`).raw()
  const updateStatus = db.prepare<[CommentStatus, CommentStatus | null, string]>(
    'UPDATE comments SET status = ?, previous_status = ? WHERE id = ?',
  )
  const countAll = db.prepare<[], { post_id: string; n: number }>(
    "SELECT post_id, count(*) AS n FROM comments WHERE status = 'approved' GROUP BY post_id",
  )
  const countOne = db.prepare<[string], { n: number }>(
    "SELECT count(*) AS n FROM comments WHERE post_id = ? AND status = 'approved'",
  )
  const existsId = db.prepare<[string], { id: string }>('SELECT id FROM comments WHERE id = ?')
  // One statement per (statuses, postId?, cursor?) shape, made on first use.
  const queueStatements = new Map<string, Database.Statement<unknown[], QueueRow>>()
  const queueStatement = (statuses: readonly CommentStatus[], byPost: boolean, cursor: boolean) => {
    const key = `${statuses.join(',')}|${byPost}|${cursor}`
    let statement = queueStatements.get(key)
    if (!statement) {
      const where = [`status IN (${statuses.map(() => '?').join(', ')})`]
      if (byPost) where.push('post_id = ?')
      if (cursor) where.push('(created_at < ? OR (created_at = ? AND id < ?))')
      statement = db
        .prepare<unknown[], QueueRow>(
          `${listColumns.replace('SELECT ', 'SELECT moderation_reason, ')} WHERE ${where.join(' AND ')} ORDER BY created_at DESC, id DESC LIMIT ?`,
        )
        .raw()
      queueStatements.set(key, statement)
    }
    return statement
  }

  let closed = false
  const open = () => {
    if (closed) throw new CommentError('closed', 'The comment store is closed; create a new one', 'store')
  }

  // Note: checks only read, and a failing INSERT is undone by SQLite alone, so no savepoint is needed.
  const addRow = (comment: Comment, reason: string | null) => {
    if (comment.parentId !== undefined) {
      const parent = selectOne.get(comment.parentId)
      if (!parent || parent.post_id !== comment.postId) {
        throw new CommentError(
          'missing-parent',
          `Expected \`parentId\` to be a comment on post \`${comment.postId}\`, but \`${comment.parentId}\` is not; reply to an existing comment or leave \`parentId\` out`,
          'parentId',
        )
      }
      if (parent.status === 'deleted') {
        throw new CommentError(
          'deleted-parent',
          `The comment \`${comment.parentId}\` was deleted; it cannot be answered`,
          'parentId',
        )
      }
    }
    try {
      insert.run(toRow(comment, reason))
    } catch (error) {
      // Note: the UNIQUE index finds a taken id; no extra lookup per add.
      if ((error as { code?: string }).code === 'SQLITE_CONSTRAINT_UNIQUE') {
        throw new CommentError('duplicate-id', `A comment with id \`${comment.id}\` exists already`, 'id')
      }
      throw error
    }
  }

  // Group commit: adds that arrive in the same event-loop turn share one transaction (one bad comment does
  // not fail the others). Each promise settles after the commit.
  interface Pending {
    comment: Comment
    reason: string | null
    resolve: () => void
    reject: (error: unknown) => void
  }
  let queue: Pending[] = []
  const flushTx = db.transaction((batch: Pending[]) => {
    const outcomes: Array<unknown> = []
    for (const item of batch) {
      try {
        addRow(item.comment, item.reason)
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
      outcomes = flushTx.immediate(batch)
    } catch (error) {
      for (const item of batch) item.reject(error)
      return
    }
    for (const [i, item] of batch.entries()) {
      if (outcomes[i] === undefined) item.resolve()
      else item.reject(outcomes[i])
    }
  }
  const enqueue = (comment: Comment, reason: string | null) =>
    new Promise<void>((resolve, reject) => {
      if (queue.length === 0) setImmediate(flush)
      queue.push({ comment, reason, resolve, reject })
    })

  const importTx = db.transaction((comments: Comment[], skip: boolean) => {
    let imported = 0
    let skipped = 0
    for (const [i, c] of comments.entries()) {
      if (existsId.get(c.id)) {
        if (skip) {
          skipped++
          continue
        }
        throw new CommentError(
          'duplicate-id',
          `\`comments[${i}].id\` \`${c.id}\` exists already; pass \`onConflict: 'skip'\` to keep the stored one`,
          `comments[${i}].id`,
        )
      }
      insert.run(toRow(c, null))
      imported++
    }
    // Parents are checked after all rows are in, so an export's order does not matter.
    for (const [i, c] of comments.entries()) {
      if (c.parentId === undefined) continue
      const parent = selectOne.get(c.parentId)
      if (!parent || parent.post_id !== c.postId) {
        throw new CommentError(
          'missing-parent',
          `\`comments[${i}].parentId\` \`${c.parentId}\` is not a comment on post \`${c.postId}\`; fix or remove it`,
          `comments[${i}].parentId`,
        )
      }
    }
    return { imported, skipped }
  })

  return {
    async add(input, addOptions) {
      open()
      const valid = validateNewComment(input, limits)
      const date = now()
      const verdict = await runSpamChecks(spamChecks, {
        comment: valid,
        client: addOptions?.client ?? {},
        now: date,
      })
      const comment: Comment = {
        id: generateId(),
        postId: valid.postId,
        author: valid.author,
        createdAt: date.toISOString(),
        body: valid.body,
        status: verdict.action === 'accept' ? acceptedStatus : verdict.action,
      }
      if (valid.parentId !== undefined) comment.parentId = valid.parentId
      open() // Note: the store may have been closed while the spam checks ran.
      await enqueue(comment, verdict.reasons.length > 0 ? verdict.reasons.join('; ') : null)
      return { comment, reasons: verdict.reasons } satisfies AddCommentResult
    },
    async get(id) {
      open()
      const row = selectOne.get(id)
      return row ? toComment(row) : undefined
    },
    async list({ postId, moderator }) {
      open()
      return (moderator ? selectPostAll : selectPost).all(postId).map(rawToComment)
    },
    async moderate({ id, action }) {
      open()
      const actions: ModerationAction[] = ['approve', 'spam', 'delete', 'restore']
      if (!actions.includes(action)) {
        throw new TypeError(
          `Expected \`action\` to be one of ${actions.join(', ')}, got \`${String(action)}\``,
        )
      }
      return db
        .transaction(() => {
          const row = selectOne.get(id)
          if (!row) throw new CommentError('not-found', `No comment has id \`${id}\``, 'id')
          let next: CommentStatus
          let previous: CommentStatus | null = row.previous_status
          if (action === 'approve') next = 'approved'
          else if (action === 'restore') {
            next =
              row.status === 'deleted' || row.status === 'spam'
                ? (row.previous_status ?? 'pending')
                : row.status
            previous = null
          } else {
            next = action === 'spam' ? 'spam' : 'deleted'
            if (row.status !== 'deleted' && row.status !== 'spam') previous = row.status
          }
          updateStatus.run(next, previous, id)
          return toComment({ ...row, status: next, previous_status: previous })
        })
        .immediate()
    },
    async moderationQueue(queueOptions) {
      open()
      const statuses = [...new Set(queueOptions?.statuses ?? (['pending', 'spam'] as const))]
      if (statuses.length === 0 || statuses.some((s) => !commentStatuses.includes(s))) {
        throw new TypeError(
          `Expected \`statuses\` to be a non-empty list of ${commentStatuses.join(', ')}, got \`${JSON.stringify(queueOptions?.statuses)}\``,
        )
      }
      const limit = queueOptions?.limit ?? 50
      if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
        throw new TypeError(`Expected \`limit\` to be an integer from 1 to 500, got \`${String(limit)}\``)
      }
      const postId = queueOptions?.postId
      const cursor = queueOptions?.before === undefined ? undefined : decodeCursor(queueOptions.before)
      const params: unknown[] = [...statuses]
      if (postId !== undefined) params.push(postId)
      if (cursor) params.push(cursor[0], cursor[0], cursor[1])
      params.push(limit + 1)
      const rows = queueStatement(statuses, postId !== undefined, cursor !== undefined).all(...params)
      const page: ModerationQueuePage = {
        items: rows.slice(0, limit).map(([reason, ...raw]) => ({
          comment: rawToComment(raw),
          reasons: reason === null ? [] : reason.split('; '),
        })),
      }
      if (rows.length > limit) {
        const last = page.items[limit - 1]!.comment
        page.next = Buffer.from(JSON.stringify([last.createdAt, last.id])).toString('base64url')
      }
      return page
    },
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
        exportedAt: now().toISOString(),
        comments: rows.map(rawToComment),
      } satisfies CommentExport
    },
    async import(data, importOptions) {
      open()
      const comments = parseExport(data, limits)
      return importTx.immediate(comments, importOptions?.onConflict === 'skip')
    },
    async close() {
      if (closed) return
      closed = true
      if (queue.length > 0) flush()
      db.close()
    },
  }
}

type QueueRow = [moderation_reason: string | null, ...RawRow]

function decodeCursor(before: unknown): [string, string] {
  if (typeof before === 'string') {
    try {
      const value: unknown = JSON.parse(Buffer.from(before, 'base64url').toString('utf8'))
      if (
        Array.isArray(value) &&
        value.length === 2 &&
        typeof value[0] === 'string' &&
        typeof value[1] === 'string'
      ) {
        return [value[0], value[1]]
      }
    } catch {
      // Falls through to the error below.
    }
  }
  throw new CommentError(
    'invalid-cursor',
    `Expected \`before\` to be the \`next\` of an earlier moderationQueue page, got \`${String(before).slice(0, 40)}\``,
    'before',
  )
}

function parseExport(data: unknown, limits: CommentLimits): Comment[] {
  const d = data as Partial<CommentExport> | null
  if (typeof d !== 'object' || d === null || d.format !== 'blogkit-comments' || !Array.isArray(d.comments)) {
    throw new CommentError(
      'invalid-export',
      'Expected an object made by `export()`: `{ format: "blogkit-comments", version: 1, comments: [...] }`',
      'format',
    )
  }
  if (d.version !== 1) {
    throw new CommentError(
      'invalid-export',
      `Expected export \`version\` 1, got \`${String(d.version)}\`; upgrade @blogkit/comments`,
      'version',
    )
  }
  const seen = new Set<string>()
  return d.comments.map((raw, i): Comment => {
    const at = `comments[${i}]`
    const r = raw as Partial<Comment> | null
    let valid: ReturnType<typeof validateNewComment>
    try {
      valid = validateNewComment(r, limits)
    } catch (error) {
      if (error instanceof CommentError) {
        throw new CommentError(
          error.code,
          error.message.replace(/`([^`]+)`/, `\`${at}.$1\``),
          `${at}.${error.field}`,
        )
      }
      throw error
    }
    if (typeof r?.id !== 'string' || r.id.trim() === '') {
      throw new CommentError('missing-field', `Expected \`${at}.id\` to be a non-empty string`, `${at}.id`)
    }
    if (seen.has(r.id))
      throw new CommentError(
        'duplicate-id',
        `\`${at}.id\` \`${r.id}\` appears twice in the export`,
        `${at}.id`,
      )
    seen.add(r.id)
    if (typeof r.createdAt !== 'string' || Number.isNaN(Date.parse(r.createdAt))) {
      throw new CommentError(
        'invalid-date',
        `Expected \`${at}.createdAt\` to be an ISO 8601 date-time, got \`${String(r.createdAt)}\``,
        `${at}.createdAt`,
      )
    }
    const c: Comment = {
      id: r.id,
      postId: valid.postId,
      author: valid.author,
      createdAt: new Date(r.createdAt).toISOString(),
      body: valid.body,
      status: checkStatus(r.status, `${at}.status`),
    }
    if (valid.parentId !== undefined) c.parentId = valid.parentId
    if (r.parentInferred === true) c.parentInferred = true
    if (typeof r.score === 'number' && Number.isFinite(r.score)) c.score = r.score
    const latest = r.author?.latestPost
    if (latest && typeof latest.title === 'string' && latest.title.trim() !== '') {
      c.author.latestPost = { title: latest.title }
      if (latest.url !== undefined)
        c.author.latestPost.url = checkHttpUrl(latest.url, `${at}.author.latestPost.url`)
    }
    return c
  })
}
