import type { ClientInfo } from './spam.js'
import type { Comment, CommentStatus, LatestPost } from './types.js'
import type { NewComment } from './validate-comment.js'

/** A moderator's action. `restore` undoes `delete` or `spam`, returning the comment to its earlier status. */
export type ModerationAction = 'approve' | 'spam' | 'delete' | 'restore'

/** Options of `CommentStore.add`. */
export interface AddCommentOptions {
  /** What the server knows about the request that sent the comment (for the spam checks). */
  client?: ClientInfo
  /**
   * The comment's id, chosen by the caller instead of the store's `generateId`: an idempotency key, e.g.
   * derived from a form's one-time submission id. An id that is taken is refused with `duplicate-id`
   * (also when two adds of it race), so one submission is stored once. A non-empty single-line string of
   * at most `limits.maxIdLength` (200) characters.
   */
  id?: string
  /**
   * The comment is the site author's (the server knows: e.g. sent while signed in to the admin): it may
   * use one of the store's `reservedNames`, and is stored with `byAuthor: true`. @default false
   */
  byAuthor?: boolean
}

/** Options of `CommentStore.check`. */
export interface CheckOptions {
  /**
   * Also check the database itself: `PRAGMA quick_check` in SQLite (reads every page: seconds for a big
   * file), the schema version in PostgreSQL. @default false (one cheap query)
   */
  thorough?: boolean
}

/** Result of `CommentStore.add`. */
export interface AddCommentResult {
  /** The stored comment, with its id, date and status (`approved`, `pending` or `spam`). */
  comment: Comment
  /** Why the spam checks held or rejected it; empty when accepted. */
  reasons: string[]
}

/** Options of `CommentStore.moderationQueue`. */
export interface ModerationQueueOptions {
  /** Statuses to list. @default ['pending', 'spam'] */
  statuses?: readonly CommentStatus[]
  /** Only this post's comments. @default all posts */
  postId?: string
  /**
   * Only comments of the posts whose id starts with this (at most 2,000 characters; `''`: no filter), e.g.
   * a site's origin and `/` (`https://blog.example/`) for all its pages when posts are kept by page URL.
   * Compared exactly (case and all). @default all posts
   */
  postIdPrefix?: string
  /**
   * Only comments whose author's name, e-mail address or text contains this (at most 200 characters;
   * `''` or spaces only: no filter). Letters are compared without case: all letters in PostgreSQL,
   * A to Z only in SQLite (its `lower()`). @default no filter
   */
  search?: string
  /** Page size, 1 to 500. @default 50 */
  limit?: number
  /** `next` of the previous page, to read on (an opaque cursor made by the store). */
  before?: string
}

/** Options of `CommentStore.moderationCounts`: the same filters as `moderationQueue`'s. */
export interface ModerationCountOptions {
  /** Only this post's comments. @default all posts */
  postId?: string
  /** As `ModerationQueueOptions.postIdPrefix`. @default all posts */
  postIdPrefix?: string
  /** As `ModerationQueueOptions.search`. @default no filter */
  search?: string
}

/** One comment in the moderation queue. */
export interface ModerationQueueItem {
  /** The comment, with its e-mail address (for moderators only). */
  comment: Comment
  /** Why the spam checks held it when it was added (`linkLimit: 3 links (limit 2)`); empty when none. */
  reasons: string[]
}

/** A page of `CommentStore.moderationQueue`. */
export interface ModerationQueuePage {
  /** Comments newest first (by `createdAt`, then `id` descending). */
  items: ModerationQueueItem[]
  /** Cursor for the next (older) page: pass it as `before`; absent on the last page. */
  next?: string
}

/** Options of `CommentStore.threadPage`. */
export interface ThreadPageOptions {
  /** The post. */
  postId: string
  /** Order of the top-level threads: `oldest` or `newest` first (by `createdAt`, then `id`). @default 'oldest' */
  order?: 'oldest' | 'newest'
  /** Top-level threads per page, 1 to 500. @default 50 */
  limit?: number
  /** Which page, from 1. Ignored with `commentId`. @default 1 */
  page?: number
  /**
   * Instead of `page`: the page that holds this comment (a permalink). It must be an approved comment on
   * the post, else the store throws `not-found`.
   */
  commentId?: string
}

/** A page of a post's threads, from `CommentStore.threadPage`: what a public page may show. */
export interface ThreadPage {
  /**
   * The comments of the page's threads, oldest first: each thread's top-level comment and all its
   * replies, ready for `threadComments`. Approved comments come whole; a comment that is not approved
   * (pending, spam, deleted) comes only as a placeholder (its `status`, ids and date; empty author and
   * body), so its replies keep their place.
   */
  comments: Comment[]
  /** This page's number (from 1; the one that holds `commentId` when it was given). */
  page: number
  /** Number of pages (at least 1). */
  pages: number
  /** Top-level threads with at least one approved comment, on all pages. */
  threadCount: number
  /** Approved comments on the post, on all pages. */
  total: number
}

/** The JSON export format of a comment store. */
export interface CommentExport {
  /** Always `blogkit-comments`. */
  format: 'blogkit-comments'
  /** Format version, `1`. */
  version: 1
  /** When the export was made (ISO 8601). */
  exportedAt: string
  /** All comments, oldest first. */
  comments: Comment[]
}

/**
 * Where comments live. All methods are async so that stores on a network database (PostgreSQL) can
 * implement the same interface; `createSqliteCommentStore` from `@blogkit/comments/sqlite` is the built-in one.
 */
export interface CommentStore {
  /**
   * Validate, spam-check and store a new comment. A reply to a `pending` or `spam` comment gets its
   * parent's status (the held-parent rule), decided in the writing transaction.
   * @throws {CommentError} for invalid input (`field` names it), a parent that is missing, on another post
   * or deleted, or a taken `id` (`duplicate-id`).
   */
  add(comment: NewComment, options?: AddCommentOptions): Promise<AddCommentResult>
  /** One comment by id, any status, or `undefined`. */
  get(id: string): Promise<Comment | undefined>
  /** A post's comments, oldest first: approved only, or all statuses for moderators (`moderator: true`). */
  list(options: { postId: string; moderator?: boolean }): Promise<Comment[]>
  /**
   * One page of a post's public threads, read in the database: the page's top-level threads (whole,
   * `limit` per page, `order` first) and nothing else; only approved comments, with placeholders for
   * hidden comments that have approved replies. A thread counts when it has an approved comment.
   * @throws {CommentError} `not-found` (field `commentId`) when `commentId` is not an approved comment on
   * the post; `TypeError` for a bad `order`, `limit` or `page`.
   */
  threadPage(options: ThreadPageOptions): Promise<ThreadPage>
  /**
   * Change a comment's status.
   * @throws {CommentError} `not-found` for an unknown id; `purged` for any action but `delete` on a purged
   * comment.
   */
  moderate(options: { id: string; action: ModerationAction }): Promise<Comment>
  /**
   * Set (or with `null` clear) the author's latest post on a stored comment, e.g. read from the
   * commenter's feed by `createLatestPostFetcher` after the comment was added. Any status; the title is
   * trimmed.
   * @throws {CommentError} `not-found` for an unknown id; `purged` for a purged comment (its author's data
   * is erased for good); for a bad `latestPost`, its field (`latestPost.title`, `latestPost.url`) and why.
   */
  setLatestPost(options: { id: string; latestPost: LatestPost | null }): Promise<Comment>
  /**
   * Erase a comment's personal data for good (an erasure request): the author's name, site, e-mail and
   * latest post, the body and the spam checks' reasons. The row stays, `deleted`, with `purgedAt` set, so
   * its replies keep their place; id, post, parent, dates and score stay. It cannot be restored. Purging a
   * purged comment changes nothing.
   * @throws {CommentError} `not-found` for an unknown id.
   */
  purge(options: { id: string }): Promise<Comment>
  /**
   * Comments waiting for a moderator across all posts (or one), newest first, a page at a time:
   * `pending` and `spam` unless `statuses` says otherwise.
   * @throws {CommentError} `invalid-cursor` (field `before`) for a cursor this store did not make;
   * `TypeError` for a bad `statuses` or `limit`.
   */
  moderationQueue(options?: ModerationQueueOptions): Promise<ModerationQueuePage>
  /**
   * How many comments each status has (every status, `0` when none), across all posts or one, and with
   * `search` only those `moderationQueue` would find with it: the counts of a moderation page's tabs.
   * @throws {TypeError} for a bad `search`.
   */
  moderationCounts(options?: ModerationCountOptions): Promise<Record<CommentStatus, number>>
  /** Approved comments per post (posts without comments are omitted, or `0` when listed in `postIds`). */
  count(options?: { postIds?: readonly string[] }): Promise<Record<string, number>>
  /** Everything, as JSON-ready data (including e-mail addresses: keep exports private; purged comments come without their erased data). */
  export(options?: { postId?: string }): Promise<CommentExport>
  /**
   * Add comments from an export (or a bare array of its comment records, as `blogkit-import` writes), all or
   * nothing. Existing ids are an error, or skipped with `onConflict: 'skip'`.
   * @throws {CommentError} naming the first bad record (`comments[3].createdAt`).
   */
  import(
    data: unknown,
    options?: { onConflict?: 'error' | 'skip' },
  ): Promise<{ imported: number; skipped: number }>
  /**
   * Whether the database answers: one cheap query, or with `thorough` a check of the database itself.
   * Resolves when it is fine; rejects with the database driver's error when it does not answer, or a
   * `CommentError` (`damaged-database`, `newer-schema`, `closed`) saying what is wrong.
   */
  check(options?: CheckOptions): Promise<void>
  /**
   * A number that changes whenever another connection has committed to the database (another process, a
   * server instance or a script writing to the same database; this store's own writes need not change
   * it), so that a
   * caller can keep what it read until it changes instead of reading again on a timer. Optional: a store
   * that cannot tell cheaply leaves it out (the SQLite store has it: `PRAGMA data_version`; the PostgreSQL
   * store does not).
   */
  externalVersion?(): Promise<number>
  /** Release the database. */
  close(): Promise<void>
}
