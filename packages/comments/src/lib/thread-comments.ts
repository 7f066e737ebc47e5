// threadComments: the options and the phases, each in its own file: links and cycles (thread-links.ts),
// order and subtree counts (thread-order.ts), paging (thread-cursor.ts) and the nodes (thread-build.ts).
import { buildThreads } from './thread-build.js'
import { type Key, pageOf } from './thread-cursor.js'
import { linkComments } from './thread-links.js'
import { countSubtrees, rankComments, sortedRoots } from './thread-order.js'
import type { CommentThreads, ThreadCommentsOptions } from './thread-types.js'
import type { Comment, CommentStatus } from './types.js'
import { commentStatuses } from './types.js'

export type {
  CommentNode,
  CommentThreads,
  ReplySort,
  ThreadCommentsOptions,
  ThreadProblem,
  ThreadSort,
} from './thread-types.js'

function checkOptions(options: Readonly<ThreadCommentsOptions>) {
  const { sort, replySort, maxDepth, limit, include } = options
  if (sort !== undefined && sort !== 'oldest' && sort !== 'newest' && sort !== 'top') {
    throw new TypeError(`Expected \`sort\` to be \`oldest\`, \`newest\` or \`top\`, got \`${String(sort)}\``)
  }
  if (replySort !== undefined && replySort !== 'oldest' && replySort !== 'newest') {
    throw new TypeError(`Expected \`replySort\` to be \`oldest\` or \`newest\`, got \`${String(replySort)}\``)
  }
  for (const [name, value] of [
    ['maxDepth', maxDepth],
    ['limit', limit],
  ] as const) {
    if (
      value !== undefined &&
      value !== Number.POSITIVE_INFINITY &&
      !(Number.isInteger(value) && value >= 1)
    ) {
      throw new TypeError(
        `Expected \`${name}\` to be an integer ≥ 1 or \`Infinity\`, got \`${String(value)}\``,
      )
    }
  }
  if (include !== undefined) {
    for (const s of include) {
      if (!commentStatuses.includes(s)) {
        throw new TypeError(
          `Expected \`include\` to hold statuses (${commentStatuses.join(', ')}), got \`${String(s)}\``,
        )
      }
    }
  }
}

/**
 * Turn the comments of one post into threads, in linear time and without recursion (a reply chain
 * 100,000 deep is fine).
 *
 * Comments whose parent is missing become top-level, parent cycles are broken at their oldest comment
 * (both are reported in `problems`); hidden comments (deleted, pending, spam) with visible replies stay as
 * placeholders so the thread keeps its shape. Paging counts top-level threads only, and the cursor is a
 * position in the sort order, so comments added meanwhile do not shift later pages.
 *
 * @param comments Comments of one post, in any order (already sorted by `createdAt` is fastest).
 * @param options Sorting, depth limit, visible statuses and paging.
 * @returns The threads of the requested page, counts, the next cursor and the data problems found.
 * @throws {CommentError} `duplicate-id`, `invalid-date`, `invalid-comment`, `mixed-posts` or `invalid-cursor`.
 */
export function threadComments(
  comments: readonly Comment[],
  options?: Readonly<ThreadCommentsOptions> | null,
): CommentThreads {
  const opts = options ?? {}
  checkOptions(opts)
  const sort = opts.sort ?? 'oldest'
  const maxDepth = opts.maxDepth ?? Number.POSITIVE_INFINITY
  const includeSet = new Set<string>(opts.include ?? ['approved'])

  // Select the post's comments.
  let list: readonly Comment[] = comments
  // Positions in the caller's array, for error messages when `postId` picks a subset.
  let origin: number[] | undefined
  if (opts.postId !== undefined) {
    const postId = opts.postId
    origin = []
    for (let i = 0; i < comments.length; i++) if (comments[i]?.postId === postId) origin.push(i)
    list = origin.map((i) => comments[i]!)
  }
  // Note: most posts of a blog have no comments (a 10,000-post build threads thousands of empty lists).
  if (list.length === 0) {
    const { nextCursor } = pageOf([], { sort, cursor: opts.cursor, limit: 1, keyOf: () => [0, 0, 0, ''] })
    return { threads: [], total: 0, threadCount: 0, nextCursor, problems: [] }
  }
  let includeMask = 0
  for (const status of includeSet) includeMask |= 1 << commentStatuses.indexOf(status as CommentStatus)

  const linked = linkComments(list, origin, includeMask)
  const ranked = rankComments(linked)
  const counts = countSubtrees(ranked)
  const roots = sortedRoots(list, ranked, counts.count, sort)
  let total = 0
  for (const r of roots) total += counts.count[r]!
  const { ids, times } = linked
  const pos = (r: number) => (ranked.order === null ? r : ranked.order[r]!)
  const keyOf = (r: number): Key => [list[pos(r)]!.score ?? 0, counts.count[r]!, times[pos(r)]!, ids[pos(r)]!]
  const page = pageOf(roots, {
    sort,
    cursor: opts.cursor,
    limit: opts.limit ?? Number.POSITIVE_INFINITY,
    keyOf,
  })
  const threads = buildThreads({
    list,
    ids,
    ranked,
    counts,
    roots: page.roots,
    maxDepth,
    replyNewest: opts.replySort === 'newest',
  })
  const problems = linked.problems
  // Note: sorted so that the report does not depend on the input order.
  problems.sort((a, b) => (a.commentId < b.commentId ? -1 : a.commentId > b.commentId ? 1 : 0))
  return { threads, total, threadCount: roots.length, nextCursor: page.nextCursor, problems }
}
