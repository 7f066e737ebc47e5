// `threadPage` of the SQLite store: a post's public threads a page at a time, in SQL. The top-level
// comments come from a partial index (`comments_roots`); each page walks down only its own threads.
import type { SqliteConnection } from './sqlite-driver.js'
import { commentColumns } from './store-core.js'
import { notOnPageError, pageOfThread, type ThreadPageQuery } from './thread-page.js'
import type { Comment } from './types.js'

/**
 * The threads a public page shows: top-level comments that are approved, or that are hidden (pending,
 * spam, deleted) but have an approved reply somewhere below them (shown as placeholders).
 */
const rootsSql = `WITH RECURSIVE
  hidden(root, id, status) AS (
    SELECT id, id, status FROM comments
    WHERE post_id = @post AND parent_id IS NULL AND status <> 'approved'
    UNION ALL
    SELECT h.root, c.id, c.status FROM comments c JOIN hidden h ON c.parent_id = h.id
  ),
  roots(id, created_at) AS (
    SELECT id, created_at FROM comments
    WHERE post_id = @post AND parent_id IS NULL AND status = 'approved'
    UNION ALL
    SELECT id, created_at FROM comments WHERE id IN (SELECT root FROM hidden WHERE status = 'approved')
  )`

/** The statements of `threadPage`, and the read they make (rows as the store maps them). */
export function threadPageReader<Raw extends unknown[]>(
  db: SqliteConnection,
  toComment: (raw: Raw) => Comment,
) {
  const counts = db.prepare<[{ post: string }], { threads: number; total: number }>(
    `${rootsSql}
    SELECT (SELECT count(*) FROM roots) AS threads,
      (SELECT count(*) FROM comments WHERE post_id = @post AND status = 'approved') AS total`,
  )
  const pageSql = (dir: 'ASC' | 'DESC') => `${rootsSql},
    page(id) AS (SELECT id FROM roots ORDER BY created_at ${dir}, id ${dir} LIMIT @limit OFFSET @offset),
    thread(id) AS (
      SELECT id FROM page
      UNION ALL
      SELECT c.id FROM comments c JOIN thread t ON c.parent_id = t.id
    )
    SELECT ${commentColumns.join(', ')} FROM comments WHERE id IN (SELECT id FROM thread)
    ORDER BY created_at, id`
  type PageParams = [{ post: string; limit: number; offset: number }]
  const pages = {
    oldest: db.prepareArrays<PageParams, Raw>(pageSql('ASC')),
    newest: db.prepareArrays<PageParams, Raw>(pageSql('DESC')),
  }
  // Note: UNION (not UNION ALL) ends the walk up should imported data hold a parent cycle.
  const rootOf = db.prepare<[{ post: string; id: string }], { id: string; created_at: string }>(
    `WITH RECURSIVE up(id, parent_id) AS (
       SELECT id, parent_id FROM comments WHERE id = @id AND post_id = @post AND status = 'approved'
       UNION
       SELECT c.id, c.parent_id FROM comments c JOIN up ON c.id = up.parent_id
     )
     SELECT c.id, c.created_at FROM up JOIN comments c ON c.id = up.id WHERE up.parent_id IS NULL`,
  )
  type RankParams = [{ post: string; id: string; at: string }]
  const rankSql = (op: '<' | '>') =>
    `${rootsSql} SELECT count(*) AS n FROM roots WHERE (created_at, id) ${op} (@at, @id)`
  const ranks = {
    oldest: db.prepare<RankParams, { n: number }>(rankSql('<')),
    newest: db.prepare<RankParams, { n: number }>(rankSql('>')),
  }

  return (q: ThreadPageQuery) => {
    const post = q.postId
    let page = q.page
    if (q.commentId !== undefined) {
      const root = rootOf.get({ post, id: q.commentId })
      // Note: a comment in a parent cycle (only imported data can hold one) reaches no top-level comment.
      if (!root) throw notOnPageError(post, q.commentId)
      page = pageOfThread(ranks[q.order].get({ post, id: root.id, at: root.created_at })!.n, q.limit)
    }
    const { threads, total } = counts.get({ post })!
    const offset = (page - 1) * q.limit
    const comments =
      offset < threads ? pages[q.order].all({ post, limit: q.limit, offset }).map(toComment) : []
    return { comments, page, threadCount: threads, total }
  }
}
