// How comments travel to and from PostgreSQL (shared by the store's files).
import { type CommentRow, commentColumns, rowToComment } from './store-core.js'
import type { Comment } from './types.js'

// Dates travel as milliseconds since the epoch, exact in both directions and independent of the
// session's time zone and of any type parsers set on the pool.
export const msToTimestamp = (param: string) =>
  `('epoch'::timestamptz + ${param}::bigint * interval '1 millisecond')`
/** The date columns, which travel as milliseconds (`created_ms`, `purged_ms`). */
export const dateColumns = new Set<string>(['created_at', 'purged_at'])
export const msColumn = (c: string) => c.replace('_at', '_ms')
export const selectColumns = commentColumns
  .map((c) => (dateColumns.has(c) ? `(extract(epoch from ${c}) * 1000)::bigint AS ${msColumn(c)}` : c))
  .join(', ')

export interface PgRow extends Omit<CommentRow, 'created_at' | 'purged_at' | 'moderation_reason'> {
  created_ms: string | number
  purged_ms: string | number | null
}

export function fromPg(row: PgRow): Comment {
  // Note: the row is fresh from `pg` and ours; filling in the dates beats copying it (5,000-row lists).
  const r = row as PgRow & { created_at: string; purged_at: string | null }
  r.created_at = new Date(Number(row.created_ms)).toISOString()
  r.purged_at = row.purged_ms === null ? null : new Date(Number(row.purged_ms)).toISOString()
  return rowToComment(r)
}
