import type { Comment, CommentStatus } from './types.js'

/** Order of top-level threads: by date, or by `score` (then size of the thread). */
export type ThreadSort = 'oldest' | 'newest' | 'top'

/** Order of replies under their parent. */
export type ReplySort = 'oldest' | 'newest'

/** Options of `threadComments`. */
export interface ThreadCommentsOptions {
  /** Order of top-level threads. `top` sorts by `score` (highest first), then by number of visible comments in the thread, then oldest first. @default 'oldest' */
  sort?: ThreadSort
  /** Order of replies under their parent. @default 'oldest' */
  replySort?: ReplySort
  /**
   * Deepest `depth` a reply is shown at (top-level comments have depth 0), an integer ≥ 1 or `Infinity`.
   * Deeper replies are shown at this depth right after their parent's subtree, with `inReplyTo` set
   * (as WordPress does); the stored `parentId` is never changed. @default Infinity
   */
  maxDepth?: number
  /** Statuses shown as comments; others become placeholders when they have visible replies. Use `['approved', 'pending', 'spam']` for moderators. @default ['approved'] */
  include?: readonly CommentStatus[]
  /** Top-level threads per page (an integer ≥ 1, or `Infinity` for all). @default Infinity */
  limit?: number
  /** `nextCursor` of the previous page; absent for the first page. */
  cursor?: string | null | undefined
  /** Only thread the comments of this post. Without it, all comments must belong to one post. */
  postId?: string
}

/** A comment with its replies, as shown. */
export interface CommentNode {
  /** The comment. For a placeholder, a copy with an empty `body` and `author.name` (nothing private leaks). */
  comment: Comment
  /** Depth as shown: 0 for top-level comments, at most `maxDepth`. */
  depth: number
  /** Replies shown under this comment. */
  replies: CommentNode[]
  /** Visible comments in this comment's true subtree, itself included (replies flattened by `maxDepth` count here too). */
  count: number
  /** `true` when the comment itself is not visible (e.g. deleted) but has visible replies: show "comment deleted". */
  placeholder: boolean
  /** Set when the comment is shown away from its true parent because of `maxDepth`: whom it answers, for a label. */
  inReplyTo?: { id: string; name: string }
}

/** A problem found in the data and worked around by `threadComments`. */
export interface ThreadProblem {
  /** `missing-parent`: the parent does not exist on this post, the comment is shown top-level. `cycle`: parents form a loop, broken at its oldest comment, which is shown top-level. */
  code: 'missing-parent' | 'cycle'
  /** The comment whose parent was dropped. */
  commentId: string
  /** The dropped parent id. */
  parentId: string
  /** Human-readable explanation. */
  message: string
}

/** Result of `threadComments`. */
export interface CommentThreads {
  /** Top-level threads of this page. */
  threads: CommentNode[]
  /** Visible comments on the post (all pages). */
  total: number
  /** Top-level threads with at least one visible comment (all pages). */
  threadCount: number
  /** Cursor of the next page, or `undefined` on the last page. */
  nextCursor: string | undefined
  /** Data problems that were worked around. */
  problems: ThreadProblem[]
}
