// What every CommentStore does apart from SQL (exported by `@blogkit/comments/store-kit`): options, validation, spam decisions, moderation state
// transitions, import validation, the moderation queue's options and cursor, and row <-> Comment mapping.
// The SQLite and PostgreSQL stores keep only their SQL and transaction handling.

import { decodeBase64Url, encodeBase64Url } from './base64url.js'
import { checkComments } from './comment-records.js'
import type {
  AddCommentOptions,
  AddCommentResult,
  CommentExport,
  ModerationAction,
  ModerationCountOptions,
  ModerationQueueOptions,
  ModerationQueuePage,
} from './comment-store.js'
import { parseDateTime } from './dates.js'
import { CommentError } from './errors.js'
import { checkReservedName } from './reserved-names.js'
import { runSpamChecks, type SpamCheck } from './spam.js'
import { type Comment, type CommentStatus, commentStatuses } from './types.js'
import {
  type CommentLimits,
  checkHttpUrl,
  checkId,
  defaultCommentLimits,
  validateNewComment,
} from './validate-comment.js'

/** Options every comment store takes. */
export interface CommentStoreOptions {
  /** Spam checks run on `add`. @default [] */
  spamChecks?: readonly SpamCheck[]
  /** Status of accepted comments: `approved` publishes at once, `pending` makes every comment wait for a moderator. @default 'approved' */
  acceptedStatus?: 'approved' | 'pending'
  /** Length limits. */
  limits?: CommentLimits
  /**
   * Names only the site's author may use (e.g. the site's author name): `add` refuses a comment whose
   * name is one of them or looks like one (`reserved-name`), unless it is added with `byAuthor`. @default []
   */
  reservedNames?: readonly string[]
  /** Clock (inject one in tests). @default () => new Date() */
  now?: () => Date
  /** Id generator, for comments added without an `id` option. @default crypto.randomUUID (Web Crypto) */
  generateId?: () => string
}

/** `CommentStoreOptions` with the defaults filled in. */
export interface StoreSettings {
  spamChecks: readonly SpamCheck[]
  acceptedStatus: 'approved' | 'pending'
  limits: CommentLimits
  reservedNames: readonly string[]
  now: () => Date
  generateId: () => string
}

export function storeSettings(options: Readonly<CommentStoreOptions>): StoreSettings {
  const acceptedStatus = options.acceptedStatus ?? 'approved'
  if (acceptedStatus !== 'approved' && acceptedStatus !== 'pending') {
    throw new TypeError(
      `Expected \`acceptedStatus\` to be \`approved\` or \`pending\`, got \`${String(acceptedStatus)}\``,
    )
  }
  return {
    spamChecks: options.spamChecks ?? [],
    acceptedStatus,
    limits: options.limits ?? {},
    reservedNames: options.reservedNames ?? [],
    now: options.now ?? (() => new Date()),
    generateId: options.generateId ?? (() => crypto.randomUUID()),
  }
}

/** A stored comment as both databases hold it (column names). */
export interface CommentRow {
  id: string
  post_id: string
  parent_id: string | null
  /** `0`/`1` in SQLite, a boolean in PostgreSQL. */
  parent_inferred: number | boolean
  author_name: string
  author_url: string | null
  author_email: string | null
  latest_post_title: string | null
  latest_post_url: string | null
  /** ISO 8601, as `Date#toISOString` writes it. */
  created_at: string
  body: string
  status: CommentStatus
  score: number | null
  /** When the comment was purged (ISO 8601), or `null`. */
  purged_at: string | null
  /** `0`/`1` in SQLite, a boolean in PostgreSQL: the comment is the site author's. */
  by_author: number | boolean
  moderation_reason: string | null
}

/** The columns of a comment, in the order of `CommentRow` (without `moderation_reason`). */
export const commentColumns = [
  'id',
  'post_id',
  'parent_id',
  'parent_inferred',
  'author_name',
  'author_url',
  'author_email',
  'latest_post_title',
  'latest_post_url',
  'created_at',
  'body',
  'status',
  'score',
  'purged_at',
  'by_author',
] as const

export function rowToComment(row: Omit<CommentRow, 'moderation_reason'>): Comment {
  const c: Comment = {
    id: row.id,
    postId: row.post_id,
    author: { name: row.author_name },
    createdAt: row.created_at,
    body: row.body,
    status: row.status,
  }
  if (row.parent_id !== null) c.parentId = row.parent_id
  if (row.parent_inferred) c.parentInferred = true
  if (row.by_author) c.byAuthor = true
  if (row.author_url !== null) c.author.url = row.author_url
  if (row.author_email !== null) c.author.email = row.author_email
  if (row.latest_post_title !== null) {
    c.author.latestPost =
      row.latest_post_url === null
        ? { title: row.latest_post_title }
        : { title: row.latest_post_title, url: row.latest_post_url }
  }
  if (row.score !== null) c.score = row.score
  if (row.purged_at !== null) c.purgedAt = row.purged_at
  return c
}

export function commentToRow(c: Comment, reason: string | null): CommentRow {
  return {
    id: c.id,
    post_id: c.postId,
    parent_id: c.parentId ?? null,
    parent_inferred: c.parentInferred === true,
    author_name: c.author.name,
    author_url: c.author.url ?? null,
    author_email: c.author.email ?? null,
    latest_post_title: c.author.latestPost?.title ?? null,
    latest_post_url: c.author.latestPost?.url ?? null,
    created_at: c.createdAt,
    body: c.body,
    status: c.status,
    score: c.score ?? null,
    purged_at: c.purgedAt ?? null,
    by_author: c.byAuthor === true,
    moderation_reason: reason,
  }
}

/** A new comment, validated and spam-checked, ready to be stored. */
export interface PreparedComment {
  comment: Comment
  /** The spam checks' reasons joined with `; ` (stored as `moderation_reason`), or `null`. */
  reason: string | null
  /** `AddCommentResult.reasons`. */
  reasons: string[]
}

/**
 * Validate a submitted comment, run the spam checks, and give it an id (`options.id`, else a generated
 * one), a date and a status.
 */
export async function prepareComment(
  input: unknown,
  options: Readonly<AddCommentOptions> | undefined,
  settings: StoreSettings,
): Promise<PreparedComment> {
  const valid = validateNewComment(input, settings.limits)
  if (options?.byAuthor !== true && settings.reservedNames.length > 0) {
    await checkReservedName(valid.author.name, { reservedNames: settings.reservedNames })
  }
  const id = options?.id === undefined ? undefined : checkId(options.id, 'id', settings.limits)
  const date = settings.now()
  const verdict = await runSpamChecks(settings.spamChecks, {
    comment: valid,
    client: options?.client ?? {},
    now: date,
  })
  const comment: Comment = {
    id: id ?? settings.generateId(),
    postId: valid.postId,
    author: valid.author,
    createdAt: date.toISOString(),
    body: valid.body,
    status: verdict.action === 'accept' ? settings.acceptedStatus : verdict.action,
  }
  if (valid.parentId !== undefined) comment.parentId = valid.parentId
  if (valid.parentInferred) comment.parentInferred = true
  if (options?.byAuthor === true) comment.byAuthor = true
  return {
    comment,
    reason: verdict.reasons.length > 0 ? verdict.reasons.join('; ') : null,
    reasons: verdict.reasons,
  }
}

export function addResult(prepared: PreparedComment): AddCommentResult {
  return { comment: prepared.comment, reasons: prepared.reasons }
}

/** A parent as the writing transaction read it. */
export interface ParentRow {
  post_id: string
  status: CommentStatus
}

/**
 * Check the parent of a new comment, as read inside the writing transaction, and apply the held-parent
 * rule: a reply to a `pending` or `spam` comment gets its parent's status (when that is stricter than its
 * own) and a `held-parent` reason, so it waits with its parent instead of showing under a placeholder.
 * Changes `prepared` in place.
 * @throws {CommentError} `missing-parent` or `deleted-parent`.
 */
export function checkParent(prepared: PreparedComment, parent: ParentRow | undefined): void {
  const { comment } = prepared
  if (!parent || parent.post_id !== comment.postId) {
    throw new CommentError(
      'missing-parent',
      `Expected \`parentId\` to be a comment on post \`${comment.postId}\`, but \`${comment.parentId}\` is not; reply to an existing comment or leave \`parentId\` out`,
      'parentId',
    )
  }
  if (parent.status === 'deleted') {
    throw new CommentError(
      'deleted-parent',
      `The comment \`${comment.parentId}\` was deleted; it cannot be answered`,
      'parentId',
    )
  }
  const held = heldByParent(comment.status, parent.status)
  if (held === undefined) return
  comment.status = held
  prepared.reasons = [...prepared.reasons, heldParentReason(comment.parentId!, parent.status)]
  prepared.reason = prepared.reasons.join('; ')
}

/**
 * The status a reply gets under the held-parent rule, or `undefined` when its parent is not held
 * (`approved`). The PostgreSQL store says the same in SQL (`heldStatusSql`).
 */
export function heldByParent(own: CommentStatus, parent: CommentStatus): CommentStatus | undefined {
  if (parent !== 'pending' && parent !== 'spam') return undefined
  return parent === 'spam' || own === 'approved' ? parent : own
}

/** The reason a reply held by the held-parent rule gets (as spam checks' reasons are written). */
export function heldParentReason(parentId: string, parentStatus: CommentStatus): string {
  return `held-parent: answers ${parentId}, which is ${parentStatus}`
}

export function duplicateIdError(id: string): CommentError {
  return new CommentError('duplicate-id', `A comment with id \`${id}\` exists already`, 'id')
}

export function closedError(): CommentError {
  return new CommentError('closed', 'The comment store is closed; create a new one', 'store')
}

export function notFoundError(id: string): CommentError {
  return new CommentError('not-found', `No comment has id \`${id}\``, 'id')
}

/** A moderation action other than `delete` on a purged comment. */
export function purgedError(id: string, action: ModerationAction): CommentError {
  return new CommentError(
    'purged',
    `The comment \`${id}\` was purged: its author and text are erased, so it cannot be ${action === 'restore' ? 'restored' : action === 'approve' ? 'approved' : 'marked as spam'}; it stays deleted`,
    'id',
  )
}

const moderationActions: readonly ModerationAction[] = ['approve', 'spam', 'delete', 'restore']

/** @throws {TypeError} for an unknown action (a programmer error). */
export function checkModerationAction(action: unknown): asserts action is ModerationAction {
  if (!moderationActions.includes(action as ModerationAction)) {
    throw new TypeError(
      `Expected \`action\` to be one of ${moderationActions.join(', ')}, got \`${String(action)}\``,
    )
  }
}

/**
 * The status after a moderator's action. `previous` is what `restore` returns to: it is remembered when a
 * comment is deleted or marked spam, and forgotten when it is restored. A purged comment stays deleted.
 * @throws {CommentError} `purged` for any action but `delete` on a purged comment.
 */
export function moderationTransition(
  current: { id: string; status: CommentStatus; previous: CommentStatus | null; purged: boolean },
  action: ModerationAction,
): { status: CommentStatus; previous: CommentStatus | null } {
  if (current.purged) {
    if (action !== 'delete') throw purgedError(current.id, action)
    return { status: 'deleted', previous: null }
  }
  const hidden = current.status === 'deleted' || current.status === 'spam'
  if (action === 'approve') return { status: 'approved', previous: current.previous }
  if (action === 'restore') {
    return { status: hidden ? (current.previous ?? 'pending') : current.status, previous: null }
  }
  return {
    status: action === 'spam' ? 'spam' : 'deleted',
    previous: hidden ? current.previous : current.status,
  }
}

/**
 * What `purge` writes over a comment's row: the author's name, site, e-mail and latest post, the body and
 * the spam checks' reasons (which may name the client's address) are erased; the status becomes
 * `deleted` for good. Id, post, parent, dates and score stay, so the thread keeps its shape.
 */
export const purgedRow = {
  author_name: '',
  author_url: null,
  author_email: null,
  latest_post_title: null,
  latest_post_url: null,
  body: '',
  status: 'deleted',
  previous_status: null,
  moderation_reason: null,
} as const

/** Longest `latestPost.title` that `setLatestPost` stores (a longer feed title is cut by the fetcher). */
export const maxLatestPostTitleLength = 300

/**
 * Check `setLatestPost`'s `latestPost`: `{ title, url? }` with a non-empty single-line title of at most
 * 300 characters and an absolute http(s) `url`, or `null` (no latest post).
 * @returns The columns to write (`latest_post_title`, `latest_post_url`).
 * @throws {CommentError} naming the field (`latestPost.title`, `latestPost.url`).
 */
export function latestPostColumns(
  latestPost: unknown,
  limits: CommentLimits,
): { latest_post_title: string | null; latest_post_url: string | null } {
  if (latestPost === null) return { latest_post_title: null, latest_post_url: null }
  if (typeof latestPost !== 'object') {
    throw new CommentError(
      'invalid-latest-post',
      `Expected \`latestPost\` to be \`{ title, url? }\` or \`null\`, got \`${latestPost === undefined ? 'nothing' : typeof latestPost}\``,
      'latestPost',
    )
  }
  const { title, url } = latestPost as { title?: unknown; url?: unknown }
  return {
    // Note: checkId is the single-line text rule (a string, not empty, no control characters, a length limit).
    latest_post_title: checkId(title, 'latestPost.title', { maxIdLength: maxLatestPostTitleLength }).trim(),
    latest_post_url: url === undefined ? null : checkHttpUrl(url, 'latestPost.url', limits.maxUrlLength),
  }
}

/** `setLatestPost` on a purged comment: its author's data is erased for good. */
export function latestPostPurgedError(id: string): CommentError {
  return new CommentError(
    'purged',
    `The comment \`${id}\` was purged: its author's data is erased, so it gets no latest post`,
    'id',
  )
}

/**
 * Validate `import` data, naming the first bad record: an object made by `export()`, or a bare array of
 * the same comment records (a `<slug>.comments.json` file's, see `checkComments`). Dates become
 * `toISOString()` form.
 */
export function parseExport(data: unknown, limits: CommentLimits): Comment[] {
  const records = Array.isArray(data) ? data : exportedComments(data)
  const comments = checkComments(records, { limits: { ...defaultCommentLimits, ...limits } })
  for (const c of comments) {
    c.createdAt = new Date(c.createdAt).toISOString()
    if (c.purgedAt !== undefined) c.purgedAt = new Date(c.purgedAt).toISOString()
  }
  return comments
}

function exportedComments(data: unknown): unknown[] {
  const d = data as Partial<CommentExport> | null
  if (typeof d !== 'object' || d === null || d.format !== 'blogkit-comments' || !Array.isArray(d.comments)) {
    throw new CommentError(
      'invalid-export',
      'Expected an object made by `export()` (`{ format: "blogkit-comments", version: 1, comments: [...] }`) or an array of comments',
      'format',
    )
  }
  if (d.version !== 1) {
    throw new CommentError(
      'invalid-export',
      `Expected export \`version\` 1, got \`${String(d.version)}\`; upgrade @blogkit/comments`,
      'version',
    )
  }
  return d.comments
}

/** An imported record whose id is stored already (and `onConflict` is not `skip`). */
export function importDuplicateError(index: number, id: string): CommentError {
  return new CommentError(
    'duplicate-id',
    `\`comments[${index}].id\` \`${id}\` exists already; pass \`onConflict: 'skip'\` to keep the stored one`,
    `comments[${index}].id`,
  )
}

/** An imported reply whose parent is neither in the import nor stored, on the same post. */
export function importParentError(index: number, comment: Comment): CommentError {
  return new CommentError(
    'missing-parent',
    `\`comments[${index}].parentId\` \`${comment.parentId}\` is not a comment on post \`${comment.postId}\`; fix or remove it`,
    `comments[${index}].parentId`,
  )
}

/** `ModerationQueueOptions`, checked, with defaults. */
export interface QueueQuery extends ModerationFilter {
  statuses: CommentStatus[]
  limit: number
  /** Position after which to read on: `[createdAt, id]` of the previous page's last comment. */
  before: [createdAt: string, id: string] | undefined
}

export function parseQueueOptions(options: Readonly<ModerationQueueOptions> | undefined): QueueQuery {
  const statuses = [...new Set(options?.statuses ?? (['pending', 'spam'] as const))]
  if (statuses.length === 0 || statuses.some((s) => !commentStatuses.includes(s))) {
    throw new TypeError(
      `Expected \`statuses\` to be a non-empty list of ${commentStatuses.join(', ')}, got \`${JSON.stringify(options?.statuses)}\``,
    )
  }
  const limit = options?.limit ?? 50
  if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
    throw new TypeError(`Expected \`limit\` to be an integer from 1 to 500, got \`${String(limit)}\``)
  }
  return {
    statuses,
    ...parseModerationFilter(options),
    limit,
    before: options?.before === undefined ? undefined : decodeQueueCursor(options.before),
  }
}

/** The filters of `moderationQueue` and `moderationCounts`, checked. */
export interface ModerationFilter {
  postId: string | undefined
  /** `postIdPrefix`, or `undefined` for none (`''`). */
  postIdPrefix: string | undefined
  /** `search` trimmed, or `undefined` for none. */
  search: string | undefined
}

/** Longest `postIdPrefix` of `moderationQueue` and `moderationCounts`. */
export const maxPostIdPrefixLength = 2000

/**
 * The filters of a moderation read, checked (`ModerationFilter`).
 * @throws {TypeError} for a `search` or `postIdPrefix` that is not a string or is too long.
 */
export function parseModerationFilter(
  options: Readonly<ModerationCountOptions> | undefined,
): ModerationFilter {
  const prefix = options?.postIdPrefix
  if (prefix !== undefined && (typeof prefix !== 'string' || prefix.length > maxPostIdPrefixLength)) {
    throw new TypeError(
      `Expected \`postIdPrefix\` to be a string of at most ${maxPostIdPrefixLength} characters, got \`${String(prefix).slice(0, 40)}\``,
    )
  }
  return {
    postId: options?.postId,
    postIdPrefix: prefix === '' ? undefined : prefix,
    search: parseSearch(options?.search),
  }
}

/** Longest `search` of `moderationQueue` and `moderationCounts`. */
export const maxSearchLength = 200

/**
 * A moderation search, trimmed (`undefined` for none or only spaces). Stores match it as a substring of
 * `lower(author_name)`, `lower(author_email)` or `lower(body)` with `lower(search)`.
 * @throws {TypeError} for a value that is not a string or is longer than 200 characters.
 */
export function parseSearch(search: unknown): string | undefined {
  if (search === undefined) return undefined
  if (typeof search !== 'string' || search.length > maxSearchLength) {
    throw new TypeError(
      `Expected \`search\` to be a string of at most ${maxSearchLength} characters, got \`${String(search).slice(0, 40)}\``,
    )
  }
  const trimmed = search.trim()
  return trimmed === '' ? undefined : trimmed
}

/** `moderationCounts`' result from `[status, count]` rows (statuses without rows count `0`). */
export function statusCounts(
  rows: Iterable<{ status: string; n: number | string }>,
): Record<CommentStatus, number> {
  const counts = { approved: 0, pending: 0, spam: 0, deleted: 0 }
  for (const { status, n } of rows) {
    if (Object.hasOwn(counts, status)) counts[status as CommentStatus] = Number(n)
  }
  return counts
}

function decodeQueueCursor(before: unknown): [string, string] {
  if (typeof before === 'string') {
    try {
      const value: unknown = JSON.parse(decodeBase64Url(before))
      if (
        Array.isArray(value) &&
        value.length === 2 &&
        typeof value[0] === 'string' &&
        typeof value[1] === 'string' &&
        !Number.isNaN(parseDateTime(value[0]))
      ) {
        return [value[0], value[1]]
      }
    } catch {
      // Falls through to the error below.
    }
  }
  throw new CommentError(
    'invalid-cursor',
    `Expected \`before\` to be the \`next\` of an earlier moderationQueue page, got \`${String(before).slice(0, 40)}\``,
    'before',
  )
}

/**
 * A moderation queue page from up to `limit + 1` comments read newest first (the extra one tells
 * that there is a next page).
 */
export function queuePage(
  rows: ReadonlyArray<{ comment: Comment; reason: string | null }>,
  limit: number,
): ModerationQueuePage {
  const page: ModerationQueuePage = {
    items: rows.slice(0, limit).map(({ comment, reason }) => ({
      comment,
      reasons: reason === null ? [] : reason.split('; '),
    })),
  }
  if (rows.length > limit) {
    const last = page.items[limit - 1]!.comment
    page.next = encodeBase64Url(JSON.stringify([last.createdAt, last.id]))
  }
  return page
}
