import { CommentError } from './errors.js'
import { cleanName, looksEmpty, readerWebsite } from './reader-input.js'
import type { CommentAuthor, CommentStatus } from './types.js'
import { commentStatuses } from './types.js'

/** A comment as submitted: what `CommentStore.add` takes. */
export interface NewComment {
  /** Id of the post. */
  postId: string
  /** Id of the answered comment (must exist on the same post and not be deleted). */
  parentId?: string | undefined
  /**
   * `true` when `parentId` was guessed from an "@Name:" at the start of the body (as `inferReplies` does),
   * not chosen by the writer; stored as the comment's `parentInferred`. Ignored without `parentId`.
   */
  parentInferred?: boolean | undefined
  /** Who writes it. `latestPost` is ignored on add. */
  author: CommentAuthor
  /** Markdown body. */
  body: string
}

/** Length limits for submitted comments. */
export interface CommentLimits {
  /** Longest `body`, in UTF-16 code units. @default 10000 */
  maxBodyLength?: number
  /** Longest `author.name`. @default 100 */
  maxNameLength?: number
  /** Longest `author.url`. @default 2000 */
  maxUrlLength?: number
  /** Longest `author.email` (the RFC 5321 limit). @default 254 */
  maxEmailLength?: number
  /** Longest `postId`, `parentId` and `id` (`add`'s option). @default 200 */
  maxIdLength?: number
}

/**
 * The default length limits of submitted comments (what a store uses unless told otherwise; an import
 * that writes comments files can cut to them).
 */
export const defaultCommentLimits: Readonly<Required<CommentLimits>> = Object.freeze({
  maxBodyLength: 10_000,
  maxNameLength: 100,
  maxUrlLength: 2000,
  maxEmailLength: 254,
  maxIdLength: 200,
})

const defaults = defaultCommentLimits

// C0/C1 controls except tab and newlines, and bidi overrides/isolates (spoofing).
// Note: a string, not a literal, because Biome rejects control characters in regex literals; finding them is the point.
const controlCharacterSource =
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]'
const controlCharacter = new RegExp(controlCharacterSource, '')

function fail(code: string, field: string, message: string): never {
  throw new CommentError(code, message, field)
}

function text(value: unknown, field: string, max: number, options: { multiline: boolean }): string {
  if (typeof value !== 'string')
    fail(
      'missing-field',
      field,
      `Expected \`${field}\` to be a string, got \`${value === undefined ? 'nothing' : typeof value}\``,
    )
  const trimmed = value.trim()
  if (trimmed === '')
    fail('empty-field', field, `Expected \`${field}\` to have some text, got an empty value; fill it in`)
  if (value.length > max) {
    fail(
      'too-long',
      field,
      `Expected \`${field}\` to be at most ${max} characters, got ${value.length}; shorten it`,
    )
  }
  const bad = controlCharacter.exec(options.multiline ? value : value.replace(/[\t]/g, ' '))
  const newline = options.multiline ? null : /[\n\r]/.exec(value)
  const hit = bad ?? newline
  if (hit) {
    const code = hit[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')
    fail(
      'control-character',
      field,
      `Expected \`${field}\` to hold no control characters, found U+${code} at position ${hit.index}; remove it`,
    )
  }
  return options.multiline ? value.replace(/\r\n?/g, '\n') : trimmed
}

/**
 * Check an id given from outside (`add`'s `id` option, a `parentId`): a non-empty single-line string of
 * at most `maxIdLength` characters, without control characters. Returned as given (not trimmed).
 */
export function checkId(value: unknown, field: string, limits?: Readonly<CommentLimits>): string {
  text(value, field, limits?.maxIdLength ?? defaults.maxIdLength, { multiline: false })
  return value as string
}

/**
 * Check an absolute `http(s)` URL (what a commenter's site must be).
 * @returns The normalized URL.
 */
export function checkHttpUrl(value: unknown, field: string, max = defaults.maxUrlLength): string {
  const raw = text(value, field, max, { multiline: false })
  let url: URL | undefined
  try {
    url = new URL(raw)
  } catch {
    url = undefined
  }
  if (
    !url ||
    (url.protocol !== 'http:' && url.protocol !== 'https:') ||
    url.username !== '' ||
    url.password !== ''
  ) {
    fail(
      'invalid-url',
      field,
      `Expected \`${field}\` to be an http(s) address such as \`https://example.com\`, got \`${raw.slice(0, 80)}\``,
    )
  }
  return url.href
}

/** A commenter's name: NFC, invisible characters removed, not empty-looking. */
function authorName(value: unknown, max: number): string {
  const name = typeof value === 'string' ? cleanName(value) : value
  if (typeof value === 'string' && value.trim() !== '' && looksEmpty(name as string)) {
    fail(
      'empty-field',
      'author.name',
      'Expected `author.name` to have some text, got only invisible characters, spaces or marks; write your name',
    )
  }
  return text(name, 'author.name', max, { multiline: false })
}

/**
 * Validate and normalize a submitted comment: required fields, length limits, no control characters,
 * `author.url` a web address as readers type it (`www.åsaöberg.example`: `https://` added, the host
 * stored in ASCII form), `author.name` in NFC without invisible characters (zero-width, bidi marks) and
 * not empty-looking, a plausible `author.email`. (The site author's name: `checkReservedName`.)
 *
 * @throws {CommentError} with `field` set to the offending field.
 */
export function validateNewComment(input: unknown, limits?: Readonly<CommentLimits>): NewComment {
  const l = { ...defaults, ...limits }
  if (typeof input !== 'object' || input === null)
    fail('invalid-comment', 'comment', 'Expected a comment object')
  const c = input as Record<string, unknown>
  const author = c.author as Record<string, unknown> | undefined
  if (typeof author !== 'object' || author === null) {
    fail('missing-field', 'author', 'Expected `author` to be an object with at least a `name`')
  }
  const result: NewComment = {
    postId: text(c.postId, 'postId', l.maxIdLength, { multiline: false }),
    author: { name: authorName(author.name, l.maxNameLength) },
    body: text(c.body, 'body', l.maxBodyLength, { multiline: true }),
  }
  if (c.parentId !== undefined && c.parentId !== null && c.parentId !== '') {
    result.parentId = text(c.parentId, 'parentId', l.maxIdLength, { multiline: false })
  }
  // Note: the flag says something only about a parent (records of an import may carry it alone).
  if (c.parentInferred === true && result.parentId !== undefined) result.parentInferred = true
  if (author.url !== undefined && author.url !== null && author.url !== '') {
    result.author.url = readerWebsite(
      text(author.url, 'author.url', l.maxUrlLength, { multiline: false }),
      'author.url',
    )
  }
  if (author.email !== undefined && author.email !== null && author.email !== '') {
    const email = text(author.email, 'author.email', l.maxEmailLength, { multiline: false })
    if (!/^[^\s@<>"]+@[^\s@<>"]+\.[^\s@<>"]+$/.test(email)) {
      fail(
        'invalid-email',
        'author.email',
        `Expected \`author.email\` to be an e-mail address such as \`name@example.com\`, got \`${email.slice(0, 80)}\``,
      )
    }
    result.author.email = email
  }
  return result
}

/** Check a status value read from outside (an import). */
export function checkStatus(value: unknown, field: string): CommentStatus {
  if (typeof value === 'string' && (commentStatuses as readonly string[]).includes(value))
    return value as CommentStatus
  return fail(
    'invalid-status',
    field,
    `Expected \`${field}\` to be one of ${commentStatuses.join(', ')}, got \`${String(value)}\``,
  )
}
