// threadComments, phase 3: paging. A cursor is the sort key of the last thread of a page, so comments
// added meanwhile do not shift later pages.
import { decodeBase64Url, encodeBase64Url } from './base64url.js'
import { CommentError } from './errors.js'
import type { ThreadSort } from './thread-types.js'

/** Sort key of a top-level thread. */
export type Key = [score: number, count: number, time: number, id: string]

export function compareKeys(sort: ThreadSort, a: Key, b: Key): number {
  if (sort === 'top') {
    if (a[0] !== b[0]) return b[0] - a[0]
    if (a[1] !== b[1]) return b[1] - a[1]
  }
  const dir = sort === 'newest' ? -1 : 1
  if (a[2] !== b[2]) return (a[2] - b[2]) * dir
  return a[3] < b[3] ? -dir : a[3] > b[3] ? dir : 0
}

function encodeCursor(sort: ThreadSort, key: Key): string {
  return encodeBase64Url(JSON.stringify({ v: 1, s: sort, k: key }))
}

function decodeCursor(cursor: string, sort: ThreadSort): Key {
  let data: unknown
  try {
    data = JSON.parse(decodeBase64Url(cursor))
  } catch {
    data = undefined
  }
  const k = (data as { k?: unknown } | undefined)?.k
  const ok =
    typeof data === 'object' &&
    data !== null &&
    (data as { v?: unknown }).v === 1 &&
    Array.isArray(k) &&
    k.length === 4 &&
    typeof k[0] === 'number' &&
    typeof k[1] === 'number' &&
    typeof k[2] === 'number' &&
    typeof k[3] === 'string'
  if (!ok) {
    throw new CommentError(
      'invalid-cursor',
      `Expected \`cursor\` to be a \`nextCursor\` returned by \`threadComments\`, got \`${cursor.slice(0, 40)}\`; drop it to start from the first page`,
      'cursor',
    )
  }
  const s = (data as { s?: unknown }).s
  if (s !== sort) {
    throw new CommentError(
      'invalid-cursor',
      `Expected \`cursor\` to come from a page sorted by \`${sort}\`, but it comes from \`${String(s)}\`; drop it when the sort changes`,
      'cursor',
    )
  }
  return k as Key
}

/**
 * The page of `roots` (sorted by `sort`) after the cursor's key: at most `limit` threads, and the cursor of
 * the next page.
 * @throws {CommentError} `invalid-cursor`.
 */
export function pageOf(
  roots: readonly number[],
  options: { sort: ThreadSort; cursor: string | null | undefined; limit: number; keyOf: (r: number) => Key },
): { roots: number[]; nextCursor: string | undefined } {
  const { sort, cursor, limit, keyOf } = options
  let from = 0
  if (cursor !== undefined && cursor !== null && cursor !== '') {
    const after = decodeCursor(cursor, sort)
    while (from < roots.length && compareKeys(sort, keyOf(roots[from]!), after) <= 0) from++
  }
  const to = Math.min(roots.length, from + limit)
  const nextCursor = to < roots.length && to > from ? encodeCursor(sort, keyOf(roots[to - 1]!)) : undefined
  return { roots: roots.slice(from, to), nextCursor }
}
