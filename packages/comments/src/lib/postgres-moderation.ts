// The moderation page's reads in PostgreSQL: a page of the queue and the counts per status, with the
// same filters (a post, the posts whose ids start alike, a search).
import type { ModerationCountOptions } from './comment-store.js'
import type { PostgresPool } from './postgres-comment-store.js'
import { fromPg, msToTimestamp, type PgRow, selectColumns } from './postgres-rows.js'
import { type ModerationFilter, parseModerationFilter, type QueueQuery, statusCounts } from './store-core.js'
import type { CommentStatus } from './types.js'

/** The rows of a moderation queue page (one more than `limit`, which tells that there is a next page). */
export async function queueRows(pool: PostgresPool, t: string, q: QueueQuery) {
  const params: unknown[] = [q.statuses]
  const where = ['status = ANY($1::text[])', ...filterSql(params, q)]
  if (q.before !== undefined) {
    params.push(Date.parse(q.before[0]), q.before[1])
    where.push(
      `(created_at, id) < (${msToTimestamp(`$${params.length - 1}`)}, $${params.length}::text COLLATE "C")`,
    )
  }
  params.push(q.limit + 1)
  const rows = (
    await pool.query(
      `SELECT moderation_reason, ${selectColumns} FROM ${t} WHERE ${where.join(' AND ')}
       ORDER BY created_at DESC, id DESC LIMIT $${params.length}`,
      params,
    )
  ).rows as Array<PgRow & { moderation_reason: string | null }>
  return rows.map((r) => ({ comment: fromPg(r), reason: r.moderation_reason }))
}

/** `moderationCounts`: one grouped count over the filtered rows. */
export async function moderationCounts(
  pool: PostgresPool,
  t: string,
  options: Readonly<ModerationCountOptions> | undefined,
): Promise<Record<CommentStatus, number>> {
  const params: unknown[] = []
  const where = filterSql(params, parseModerationFilter(options))
  const rows = (
    await pool.query(
      `SELECT status, count(*)::int AS n FROM ${t} ${where.length > 0 ? `WHERE ${where.join(' AND ')}` : ''} GROUP BY status`,
      params,
    )
  ).rows as Array<{ status: string; n: number }>
  return statusCounts(rows)
}

/** The WHERE terms of the moderation filters (`postId`, `postIdPrefix`, `search`), their values added to `params`. */
function filterSql(params: unknown[], { postId, postIdPrefix, search }: ModerationFilter): string[] {
  const where: string[] = []
  if (postId !== undefined) {
    params.push(postId)
    where.push(`post_id = $${params.length}`)
  }
  if (postIdPrefix !== undefined) {
    params.push(postIdPrefix)
    // Note: left(), not LIKE, so that % and _ in the prefix are plain characters.
    where.push(`left(post_id, char_length($${params.length}::text)) = $${params.length}::text`)
  }
  if (search !== undefined) {
    params.push(search)
    const term = `lower($${params.length}::text)`
    // Note: strpos, not LIKE, so that % and _ in the search are plain characters.
    where.push(
      `(strpos(lower(author_name), ${term}) > 0 OR strpos(lower(coalesce(author_email, '')), ${term}) > 0 OR strpos(lower(body), ${term}) > 0)`,
    )
  }
  return where
}
