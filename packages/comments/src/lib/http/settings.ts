// The comment handler's options, checked once, as the settings its routes read.

import { commentThreadsPerPage } from '../comment-paging.js'
import type { CommentStore } from '../comment-store.js'
import {
  createRateLimiter,
  memoryCounters,
  type RateLimiter,
  type WindowCounters,
} from '../window-counters.js'
import { type CommentHandlerMessages, commentHandlerMessages } from './messages.js'
import { parseAllowedOrigins } from './page-identity.js'
import type { PostedComment } from './posted.js'
import { renderCache } from './read-comments.js'

/** Options of `createCommentHandler`. */
export interface CommentHandlerOptions {
  /** Where comments live (`createSqliteCommentStore`, `createPostgresCommentStore`, …). */
  store: CommentStore
  /**
   * Called after the form stored a new comment (approved, held or spam), before the reader is answered:
   * e.g. to mail the moderators about a held comment or record a reply-mail request. Its failure is
   * logged and does not change the answer.
   */
  onPosted?: (posted: PostedComment) => void | Promise<void>
  /**
   * Reply mails are offered: a ticked `notify` box (`notifyField`) without an e-mail address is refused
   * with the form kept, and `onPosted` hears `notify: true`. @default false (the box is ignored)
   */
  replyMail?: boolean
  /** Origins of the sites whose pages may post and read (`https://blog.example`). */
  allowedOrigins: readonly string[]
  /** Path the handler is mounted at (`/api` → `/api/comments`). @default '' */
  basePath?: string
  /** What a page's comments are kept under, from its normalized URL. @default the normalized URL */
  pageIdentifier?: (pageUrl: string) => string
  /**
   * Whether a page with this identifier exists (from `pageIdentifier`, or an explicit `identifier`): when it
   * returns `false`, reads answer 404 `unknown-page` and a post is refused, nothing stored. For a host that
   * knows its pages (a blog's posts). @default every page of an allowed site
   */
  pageExists?: (identifier: string) => boolean
  /** The reader's address (for the rate limit); without it the rate limit is not applied. */
  clientIp?: (request: Request) => string | undefined
  /** Comments one address may post per window before it is answered 429; `false` for none. @default { max: 10, windowMs: 60000 } */
  rateLimit?: { max: number; windowMs: number; counters?: WindowCounters } | false
  /** Largest form in bytes (413 above). @default 65536 */
  bodyLimit?: number
  /** Top-level threads per page when the reader does not ask (1 to 500). @default 50 */
  commentsPerPage?: number
  /** Deepest reply depth shown; deeper replies are shown at this depth with `inReplyTo` (1 to 50). @default 5 */
  maxDepth?: number
  /** Links allowed before a comment is held, as the held page tells readers (give the store's). @default 2 */
  maxLinks?: number
  /** Language of the pages when the form does not say (`lang` field). @default 'en' */
  language?: string
  /** More languages, or other words, by language code (English and Swedish are built in). */
  messages?: Readonly<Record<string, CommentHandlerMessages>>
  /** `Cache-Control` of read answers. @default 'public, no-cache' (revalidated with the ETag each time) */
  cacheControl?: string
  /** Most pages in one `/counts` request. @default 200 */
  maxCountPages?: number
  /** Names only the sites' authors may use; a reader's name that is or looks like one is refused (`checkReservedName`). @default [] */
  reservedNames?: readonly string[]
  /** The `<blogkit-comments>` script served at `GET /embed.js` (the text of `@blogkit/comments/embed`'s file); without it that route is 404. */
  embedScript?: string
}

/** The options, checked, with their defaults. */
export interface HandlerSettings {
  store: CommentStore
  origins: ReadonlySet<string>
  basePath: string
  commentsPerPage: number
  maxDepth: number
  maxLinks: number
  bodyLimit: number
  onPosted: ((posted: PostedComment) => void | Promise<void>) | undefined
  replyMail: boolean
  maxCountPages: number
  language: string
  catalog: Readonly<Record<string, CommentHandlerMessages>>
  cacheControl: string
  identify: (pageUrl: string) => string
  pageExists: (identifier: string) => boolean
  clientIp: (request: Request) => string | undefined
  rateLimiter: RateLimiter | undefined
  render: ReturnType<typeof renderCache>
  reservedNames: readonly string[]
  embedScript: string | undefined
}

function integerOption(name: string, value: number | undefined, fallback: number, min: number, max: number) {
  const v = value ?? fallback
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new TypeError(
      `Expected \`${name}\` to be an integer from ${min} to ${max}, got \`${String(value)}\``,
    )
  }
  return v
}

/**
 * Check the options and fill in the defaults.
 * @throws {TypeError} for wrong options (an origin that is not one, a limit out of range).
 */
export function settingsOf(options: Readonly<CommentHandlerOptions>): HandlerSettings {
  const { store } = options
  if (typeof store?.threadPage !== 'function') {
    throw new TypeError('Expected `store` to be a CommentStore (e.g. `createSqliteCommentStore(…)`)')
  }
  const { onPosted } = options
  if (onPosted !== undefined && typeof onPosted !== 'function') {
    throw new TypeError('Expected `onPosted` to be a function')
  }
  const origins = parseAllowedOrigins(options.allowedOrigins)
  const basePath = (options.basePath ?? '').replace(/\/+$/, '')
  if (basePath !== '' && !basePath.startsWith('/')) {
    throw new TypeError(`Expected \`basePath\` to start with \`/\`, got \`${basePath}\``)
  }
  const commentsPerPage = integerOption(
    'commentsPerPage',
    options.commentsPerPage,
    commentThreadsPerPage,
    1,
    500,
  )
  const maxDepth = integerOption('maxDepth', options.maxDepth, 5, 1, 50)
  const maxLinks = integerOption('maxLinks', options.maxLinks, 2, 0, 1_000_000)
  const bodyLimit = integerOption('bodyLimit', options.bodyLimit, 64 * 1024, 1024, 100 * 1024 * 1024)
  const maxCountPages = integerOption('maxCountPages', options.maxCountPages, 200, 1, 10_000)
  const language = options.language ?? 'en'
  const catalog = { ...commentHandlerMessages, ...options.messages }
  const cacheControl = options.cacheControl ?? 'public, no-cache'
  const identify = options.pageIdentifier ?? ((url: string) => url)
  const pageExists = options.pageExists ?? (() => true)
  const clientIp = options.clientIp ?? (() => undefined)
  const rateLimiter =
    options.rateLimit === false
      ? undefined
      : createRateLimiter(options.rateLimit?.counters ?? memoryCounters(), {
          name: 'post',
          max: integerOption('rateLimit.max', options.rateLimit?.max, 10, 1, 1e9),
          windowMs: integerOption('rateLimit.windowMs', options.rateLimit?.windowMs, 60_000, 1, 86_400_000),
        })
  const render = renderCache()
  const reservedNames = [...(options.reservedNames ?? [])]
  if (reservedNames.some((name) => typeof name !== 'string')) {
    throw new TypeError('Expected `reservedNames` to be a list of names')
  }
  const { embedScript } = options
  if (embedScript !== undefined && (typeof embedScript !== 'string' || embedScript.trim() === '')) {
    throw new TypeError(
      "Expected `embedScript` to be the text of the `<blogkit-comments>` script (`@blogkit/comments/embed`'s file)",
    )
  }
  return {
    store,
    origins,
    basePath,
    commentsPerPage,
    maxDepth,
    maxLinks,
    bodyLimit,
    onPosted,
    replyMail: options.replyMail === true,
    maxCountPages,
    language,
    catalog,
    cacheControl,
    identify,
    pageExists,
    clientIp,
    rateLimiter,
    render,
    reservedNames,
    embedScript,
  }
}
