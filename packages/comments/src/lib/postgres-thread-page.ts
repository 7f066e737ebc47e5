// `threadPage` of the PostgreSQL store: the same SQL as the SQLite store's (sqlite-thread-page.ts), with
// dates as milliseconds. The top-level comments come from a partial index (`comments_roots`).
import type { PostgresPool } from './postgres-comment-store.js'
import { fromPg, msToTimestamp, selectColumns } from './postgres-rows.js'
import { notOnPageError, pageOfThread, type ThreadPageQuery } from './thread-page.js'
import type { Comment } from './types.js'

/** The threads a public page shows (see sqlite-thread-page.ts); `$1` is the post. */
const rootsSql = (t: string) => `WITH RECURSIVE
  hidden(root, id, status) AS (
    SELECT id, id, status FROM ${t}
    WHERE post_id = $1 AND parent_id IS NULL AND status <> 'approved'
    UNION ALL
    SELECT h.root, c.id, c.status FROM ${t} c JOIN hidden h ON c.parent_id = h.id
  ),
  roots(id, created_at) AS (
    SELECT id, created_at FROM ${t}
    WHERE post_id = $1 AND parent_id IS NULL AND status = 'approved'
    UNION ALL
    SELECT id, created_at FROM ${t} WHERE id IN (SELECT root FROM hidden WHERE status = 'approved')
  )`

/** `threadPage`'s reads on table `t` (schema-qualified). */
export function threadPageReader(pool: PostgresPool, t: string) {
  const countsSql = `${rootsSql(t)}
    SELECT (SELECT count(*) FROM roots)::int AS threads,
      (SELECT count(*) FROM ${t} WHERE post_id = $1 AND status = 'approved')::int AS total`
  const pageSql = (dir: 'ASC' | 'DESC') => `${rootsSql(t)},
    page(id) AS (SELECT id FROM roots ORDER BY created_at ${dir}, id ${dir} LIMIT $2 OFFSET $3),
    thread(id) AS (
      SELECT id FROM page
      UNION ALL
      SELECT c.id FROM ${t} c JOIN thread ON c.parent_id = thread.id
    )
    SELECT ${selectColumns} FROM ${t} WHERE id IN (SELECT id FROM thread) ORDER BY created_at, id`
  const pages = { oldest: pageSql('ASC'), newest: pageSql('DESC') }
  // Note: UNION (not UNION ALL) ends the walk up should imported data hold a parent cycle.
  const rootOfSql = `WITH RECURSIVE up(id, parent_id) AS (
      SELECT id, parent_id FROM ${t} WHERE id = $2 AND post_id = $1 AND status = 'approved'
      UNION
      SELECT c.id, c.parent_id FROM ${t} c JOIN up ON c.id = up.parent_id
    )
    SELECT c.id, (extract(epoch from c.created_at) * 1000)::bigint AS created_ms
    FROM up JOIN ${t} c ON c.id = up.id WHERE up.parent_id IS NULL`
  const rankSql = (op: '<' | '>') =>
    `${rootsSql(t)} SELECT count(*)::int AS n FROM roots
     WHERE (created_at, id) ${op} (${msToTimestamp('$2')}, $3::text COLLATE "C")`
  const ranks = { oldest: rankSql('<'), newest: rankSql('>') }

  return async (q: ThreadPageQuery) => {
    const post = q.postId
    let page = q.page
    if (q.commentId !== undefined) {
      const root = (await pool.query(rootOfSql, [post, q.commentId])).rows[0] as
        | { id: string; created_ms: string | number }
        | undefined
      // Note: a comment in a parent cycle (only imported data can hold one) reaches no top-level comment.
      if (!root) throw notOnPageError(post, q.commentId)
      const rank = (await pool.query(ranks[q.order], [post, Number(root.created_ms), root.id])).rows[0]
      page = pageOfThread(Number(rank.n), q.limit)
    }
    const counts = (await pool.query(countsSql, [post])).rows[0] as { threads: number; total: number }
    const offset = (page - 1) * q.limit
    const comments: Comment[] =
      offset < counts.threads
        ? (await pool.query(pages[q.order], [post, q.limit, offset])).rows.map(fromPg)
        : []
    return { comments, page, threadCount: Number(counts.threads), total: Number(counts.total) }
  }
}
