/**
 * Moderation state of a comment.
 *
 * - `approved`: visible to everyone.
 * - `pending`: waits for a moderator.
 * - `spam`: caught by a spam check or marked by a moderator.
 * - `deleted`: removed; kept so that its replies keep their place (shown as a placeholder). A purged
 *   comment (`purgedAt`) is deleted for good, its author and text erased.
 */
export type CommentStatus = 'approved' | 'pending' | 'spam' | 'deleted'

/** The list of all statuses, in a stable order. */
export const commentStatuses: readonly CommentStatus[] = ['approved', 'pending', 'spam', 'deleted']

/** A commenter's most recent post on their own site (as CommentLuv showed it). */
export interface LatestPost {
  /** Title of the post. */
  title: string
  /** Absolute `http(s)` URL of the post, when known. */
  url?: string
}

/** Who wrote a comment. */
export interface CommentAuthor {
  /** Display name, plain text (never HTML). */
  name: string
  /** The commenter's site, an absolute `http(s)` URL. */
  url?: string
  /** E-mail address; private, never shown. */
  email?: string
  /** The commenter's latest post, e.g. split off a CommentLuv trailer by `inferReplies`. */
  latestPost?: LatestPost
}

/** One comment on one post. */
export interface Comment {
  /** Unique id of the comment (unique across all posts). */
  id: string
  /** Id of the post the comment belongs to. */
  postId: string
  /** Id of the comment this one answers; absent for a top-level comment. */
  parentId?: string
  /** `true` when `parentId` was guessed by `inferReplies` from an "@Name:" prefix (so a site can show or undo it). */
  parentInferred?: boolean
  /** Who wrote it. */
  author: CommentAuthor
  /**
   * `true` for a comment by the site's author (added with `add`'s `byAuthor`, e.g. while signed in to the
   * admin), so a site can mark it.
   */
  byAuthor?: boolean
  /** When it was written: an ISO 8601 date-time string with offset, e.g. `2021-10-30T20:15:00.000Z`. */
  createdAt: string
  /** Markdown source of the body (render it with `renderCommentHtml`). */
  body: string
  /** Moderation state. */
  status: CommentStatus
  /** Optional score (votes) used by the `top` sort. @default 0 */
  score?: number
  /**
   * When the comment was purged (`CommentStore.purge`, an erasure request): its `author` is `{ name: '' }`,
   * its `body` is empty and its status is `deleted` for good.
   */
  purgedAt?: string
}
