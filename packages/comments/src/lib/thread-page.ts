// `CommentStore.threadPage` apart from SQL (exported by `@blogkit/comments/store-kit`): its options,
// what a placeholder keeps, and the page built from what the database read.
import type { ThreadPage, ThreadPageOptions } from './comment-store.js'
import { CommentError } from './errors.js'
import { commentPlaceholder } from './thread-build.js'
import type { Comment } from './types.js'

/** `ThreadPageOptions`, checked, with defaults. */
export interface ThreadPageQuery {
  postId: string
  order: 'oldest' | 'newest'
  limit: number
  /** The page asked for (1 when `commentId` is given: the store finds the page). */
  page: number
  commentId: string | undefined
}

/** @throws {TypeError} for bad options (a programmer's mistake, not a reader's). */
export function parseThreadPageOptions(options: Readonly<ThreadPageOptions>): ThreadPageQuery {
  if (typeof options !== 'object' || options === null || typeof options.postId !== 'string') {
    throw new TypeError('Expected an options object with `postId` (a string)')
  }
  const order = options.order ?? 'oldest'
  if (order !== 'oldest' && order !== 'newest') {
    throw new TypeError(`Expected \`order\` to be \`oldest\` or \`newest\`, got \`${String(order)}\``)
  }
  const limit = options.limit ?? 50
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new TypeError(`Expected \`limit\` to be an integer from 1 to 500, got \`${String(limit)}\``)
  }
  const page = options.page ?? 1
  if (!Number.isSafeInteger(page) || page < 1) {
    throw new TypeError(`Expected \`page\` to be an integer from 1, got \`${String(page)}\``)
  }
  const { commentId } = options
  if (commentId !== undefined && typeof commentId !== 'string') {
    throw new TypeError(`Expected \`commentId\` to be a string, got \`${typeof commentId}\``)
  }
  return { postId: options.postId, order, limit, page: commentId === undefined ? page : 1, commentId }
}

/** The page that holds a thread with `before` visible threads ahead of it. */
export function pageOfThread(before: number, limit: number): number {
  return Math.floor(before / limit) + 1
}

/** `commentId` is not an approved comment on the post. */
export function notOnPageError(postId: string, commentId: string): CommentError {
  return new CommentError(
    'not-found',
    `No approved comment on post \`${postId}\` has id \`${commentId}\`; it may wait for a moderator, be deleted, or be on another post`,
    'commentId',
  )
}

/**
 * What a public page may see of a comment: an approved one whole; any other only as a placeholder
 * (status, ids, parent, date), with empty author and body and no e-mail, site or latest post.
 */
export function publicComment(comment: Comment): Comment {
  return comment.status === 'approved' ? comment : commentPlaceholder(comment)
}

/** The page, from the comments the database read and its counts. */
export function threadPageResult(
  query: ThreadPageQuery,
  read: { comments: readonly Comment[]; page: number; threadCount: number; total: number },
): ThreadPage {
  return {
    comments: read.comments.map(publicComment),
    page: read.page,
    pages: Math.max(1, Math.ceil(read.threadCount / query.limit)),
    threadCount: read.threadCount,
    total: read.total,
  }
}
