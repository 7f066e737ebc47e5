// The rules of a stored comment record: what a `<slug>.comments.json` file and a store's `import` hold.
// One check for the site, the import and the stores.
import { parseDateTime } from './dates.js'
import { CommentError } from './errors.js'
import type { Comment } from './types.js'
import {
  type CommentLimits,
  checkHttpUrl,
  checkId,
  checkStatus,
  validateNewComment,
} from './validate-comment.js'

/** Options of `checkComments`. */
export interface CheckCommentsOptions {
  /**
   * Id of the post the records belong to: a record may leave `postId` out (it is filled in), and one that
   * names another post is an error. Without it every record needs its `postId`.
   */
  postId?: string | undefined
  /** Length limits to enforce; a limit left out is not checked. @default {} (no length limits) */
  limits?: Readonly<CommentLimits> | undefined
}

const unlimited: Required<CommentLimits> = {
  maxBodyLength: Number.POSITIVE_INFINITY,
  maxNameLength: Number.POSITIVE_INFINITY,
  maxUrlLength: Number.POSITIVE_INFINITY,
  maxEmailLength: Number.POSITIVE_INFINITY,
  maxIdLength: Number.POSITIVE_INFINITY,
}

/**
 * Check comment records (parsed JSON) and return them as `Comment`s, naming the first bad record's field
 * (`comments[3].author.url`). A record needs `id` (unique), `postId` (unless `options.postId`),
 * `author.name`, `createdAt` (ISO 8601, kept as written), `body` and `status`; `parentId`,
 * `parentInferred`, `author.url` (http(s)), `author.email`, `author.latestPost`, `score` and `purgedAt`
 * are optional. A purged record (`purgedAt`) is returned as `purge` leaves it: no author, no body,
 * `deleted`. Names are trimmed and line breaks in bodies become `\n`; unknown fields are dropped.
 *
 * @throws {CommentError} with `field` `comments[<index>].<field>`.
 */
export function checkComments(records: readonly unknown[], options: CheckCommentsOptions = {}): Comment[] {
  const limits = { ...unlimited, ...options.limits }
  const seen = new Map<string, number>()
  return records.map((raw, i): Comment => {
    const at = `comments[${i}]`
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
      throw new CommentError(
        'invalid-comment',
        `Expected \`${at}\` to be a comment object, got \`${JSON.stringify(raw)?.slice(0, 80)}\``,
        at,
      )
    }
    const r = raw as Partial<Record<keyof Comment, unknown>> & { author?: Record<string, unknown> }
    const id = within(at, () => checkId(r.id, 'id', limits))
    const postId = within(at, () => recordPostId(r.postId, options.postId))
    const purged = r.purgedAt !== undefined && r.purgedAt !== null
    const valid = within(at, () =>
      // Note: a purged record has no name and no body; the placeholders stand in for the check only.
      validateNewComment(
        purged ? { ...r, postId, author: { name: '-' }, body: '-' } : { ...r, postId },
        limits,
      ),
    )
    const earlier = seen.get(id)
    if (earlier !== undefined) {
      throw new CommentError(
        'duplicate-id',
        `\`${at}.id\` \`${id}\` is the id of \`comments[${earlier}]\` too; ids must be unique`,
        `${at}.id`,
      )
    }
    seen.set(id, i)
    const createdAt = checkDate(r.createdAt, `${at}.createdAt`)
    const status = purged ? 'deleted' : checkStatus(r.status, `${at}.status`)
    const score = checkScore(r.score, `${at}.score`)
    const purgedAt = purged ? checkDate(r.purgedAt, `${at}.purgedAt`) : undefined
    const author = purged ? { name: '' } : valid.author
    if (!purged) {
      const latest = r.author?.latestPost as { title?: unknown; url?: unknown } | undefined
      if (latest && typeof latest.title === 'string' && latest.title.trim() !== '') {
        author.latestPost = { title: latest.title }
        if (latest.url !== undefined)
          author.latestPost.url = checkHttpUrl(latest.url, `${at}.author.latestPost.url`)
      }
    }
    // Note: keys in the file's order (see `serializeCommentsFile`), so that equal comments stringify alike.
    return {
      id,
      postId: valid.postId,
      ...(valid.parentId === undefined ? {} : { parentId: valid.parentId }),
      ...(r.parentInferred === true ? { parentInferred: true } : {}),
      author,
      ...(r.byAuthor === true ? { byAuthor: true } : {}),
      createdAt,
      body: purged ? '' : valid.body,
      status,
      ...(score === undefined ? {} : { score }),
      ...(purgedAt === undefined ? {} : { purgedAt }),
    }
  })
}

/** Run a check of one record, prefixing the field it names with the record's place. */
function within<T>(at: string, check: () => T): T {
  try {
    return check()
  } catch (error) {
    if (!(error instanceof CommentError)) throw error
    throw new CommentError(
      error.code,
      error.reason.replace(/`([^`]+)`/, `\`${at}.$1\``),
      `${at}.${error.field}`,
    )
  }
}

function recordPostId(value: unknown, postId: string | undefined): unknown {
  if (postId === undefined || value === undefined) return postId ?? value
  if (value !== postId) {
    throw new CommentError(
      'wrong-post',
      `Expected \`postId\` to be the post's id \`${postId}\`, got \`${JSON.stringify(value)?.slice(0, 80)}\`; move the comment to its post's file or fix \`postId\``,
      'postId',
    )
  }
  return value
}

function checkDate(value: unknown, field: string): string {
  if (typeof value !== 'string' || Number.isNaN(parseDateTime(value))) {
    throw new CommentError(
      'invalid-date',
      `Expected \`${field}\` to be an ISO 8601 date-time such as \`2021-10-30T20:15:00.000Z\`, got \`${String(value)}\``,
      field,
    )
  }
  return value
}

function checkScore(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'number' && Number.isFinite(value)) return value
  throw new CommentError(
    'invalid-score',
    `Expected \`${field}\` to be a number, got \`${JSON.stringify(value)?.slice(0, 40)}\`; remove it or write a number`,
    field,
  )
}
