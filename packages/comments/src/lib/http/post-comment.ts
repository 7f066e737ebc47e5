// `POST /comments`: the comment form of a page the service does not render, sent without JavaScript.
import { commentAnchor } from '../anchors.js'
import type { CommentStore } from '../comment-store.js'
import type { CommentError } from '../errors.js'
import { type CommentFormField, heldReason } from '../form-rules.js'
import type { Comment } from '../types.js'
import type { NewComment } from '../validate-comment.js'
import type { RateLimiter } from '../window-counters.js'
import { errorPage, type SentForm } from './html-pages.js'
import { type CommentHandlerMessages, wordsFor } from './messages.js'
import { normalizePageUrl, requestOrigin } from './page-identity.js'
import { jsonAnswer, jsonProblems, publicComment, wantsJson } from './post-answers.js'
import { notifyChecked, notifyField, type PostedComment, tellPosted } from './posted.js'
import type { renderCache } from './read-comments.js'
import { submitComment } from './submit-comment.js'

/** What posting needs from the handler. */
export interface PostContext {
  store: CommentStore
  /** Told about each new comment the form stored. */
  onPosted: ((posted: PostedComment) => void | Promise<void>) | undefined
  /** The `notify` box is honoured (reply mails are offered). */
  replyMail: boolean
  origins: ReadonlySet<string>
  catalog: Readonly<Record<string, CommentHandlerMessages>>
  language: string
  bodyLimit: number
  rateLimiter: RateLimiter | undefined
  clientIp: (request: Request) => string | undefined
  identify: (pageUrl: string) => string
  pageExists: (identifier: string) => boolean
  /** Names readers may not write under (`checkReservedName`). */
  reservedNames: readonly string[]
  /** The held page's path (`<basePath>/held`). */
  heldPath: string
  /** CORS headers for the request (empty unless its origin is allowed). */
  cors: (request: Request) => Record<string, string>
  /** Links allowed before a comment is held (what the held message says). */
  maxLinks: number
  /** Renders a stored comment's body for the JSON answer. */
  render: ReturnType<typeof renderCache>
}

/** The request's body, at most `limit` bytes; `undefined` when it is longer. */
async function readBody(request: Request, limit: number): Promise<Uint8Array<ArrayBuffer> | undefined> {
  const declared = Number(request.headers.get('content-length') ?? '0')
  if (declared > limit) return undefined
  if (request.body === null) return new Uint8Array(new ArrayBuffer(0))
  const reader = request.body.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  for (;;) {
    const { done, value } = await reader.read()
    if (done) break
    size += value.byteLength
    if (size > limit) {
      await reader.cancel()
      return undefined
    }
    chunks.push(value)
  }
  const bytes = new Uint8Array(new ArrayBuffer(size))
  let at = 0
  for (const chunk of chunks) {
    bytes.set(chunk, at)
    at += chunk.byteLength
  }
  return bytes
}

/** Whether a request came from a page allowed to post: an allowed origin, or the service's own pages. */
function originAllowed(request: Request, origins: ReadonlySet<string>): boolean {
  const origin = requestOrigin(request.headers)
  if (origin === null || origin === 'null') return false
  if (origins.has(origin)) return true
  // Note: the error page's form, sent again from the service's own page.
  try {
    const host = request.headers.get('host') ?? new URL(request.url).host
    return new URL(origin).host === host.toLowerCase()
  } catch {
    return false
  }
}

/** A comment's id made from what it says and the day, so that the same form sent twice stores one comment. */
async function contentId(input: NewComment, day: string): Promise<string> {
  const text = JSON.stringify([day, input.postId, input.parentId ?? '', input.author, input.body])
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))
  const bytes = digest.subarray(0, 16)
  // Note: an RFC 9562 UUID version 8 (custom), shaped like the store's own ids.
  bytes[6] = (bytes[6]! & 0x0f) | 0x80
  bytes[8] = (bytes[8]! & 0x3f) | 0x80
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
}

const html = (body: string, status: number, headers: Record<string, string> = {}) =>
  new Response(body, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers },
  })

const formOf = (data: FormData): SentForm => {
  const field = (name: string) => {
    const value = data.get(name)
    return typeof value === 'string' ? value : ''
  }
  return {
    page: field('page'),
    identifier: field('identifier'),
    parent: field('parent'),
    lang: field('lang'),
    name: field('name'),
    email: field('email'),
    url: field('url'),
    body: field('body'),
    notify: field(notifyField),
  }
}

export async function postComment(request: Request, ctx: PostContext): Promise<Response> {
  const cors = ctx.cors(request)
  const action = new URL(request.url).pathname
  const fallback = wordsFor(ctx.catalog, undefined, ctx.language)
  // Note: a script posting in place asks for JSON; a plain form gets pages and redirects.
  const json = wantsJson(request)
  const plain = (errors: Partial<Record<CommentFormField, string>>, status: number) =>
    json
      ? jsonProblems(errors, status, cors)
      : html(errorPage({ ...fallback, errors, form: undefined, action, back: undefined }), status, cors)
  const type = request.headers.get('content-type') ?? ''
  if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
    return plain({ form: fallback.words.notForm }, 415)
  }
  const bytes = await readBody(request, ctx.bodyLimit)
  if (bytes === undefined) return plain({ form: fallback.words.bodyLimit(ctx.bodyLimit) }, 413)
  let data: FormData
  try {
    data = await new Response(bytes, { headers: { 'content-type': type } }).formData()
  } catch {
    return plain({ form: fallback.words.notForm }, 400)
  }
  const form = formOf(data)
  const { lang, words } = wordsFor(ctx.catalog, form.lang, ctx.language)
  const pageUrl = normalizePageUrl(form.page)
  const pageAllowed = pageUrl !== undefined && ctx.origins.has(new URL(pageUrl).origin)
  const back = pageAllowed ? pageUrl : undefined
  const again = (errors: Partial<Record<CommentFormField, string>>, status: number, headers = {}) =>
    json
      ? jsonProblems(errors, status, { ...cors, ...headers })
      : html(errorPage({ lang, words, errors, form: { ...form, page: back ?? '' }, action, back }), status, {
          ...cors,
          ...headers,
        })

  // Nothing is stored for a form from a page that may not post, nor for a page of another site.
  if (!originAllowed(request, ctx.origins)) return again({ form: words.crossOrigin }, 403)
  if (!pageAllowed) return again({ form: words.badPage }, 400)
  const postId = form.identifier.trim() || ctx.identify(pageUrl)
  if (!ctx.pageExists(postId)) return again({ form: words.badPage }, 404)
  const ip = ctx.clientIp(request)
  const notify = ctx.replyMail && notifyChecked(form.notify)
  const client = {
    ...(ip === undefined ? {} : { ip }),
    userAgent: request.headers.get('user-agent') ?? '',
    referrer: request.headers.get('referer') ?? '',
    permalink: pageUrl,
  }
  const stored = async (comment: Comment, reasons: readonly string[]) => {
    if (comment.status === 'approved' && json) {
      const parent = comment.parentId === undefined ? undefined : await ctx.store.get(comment.parentId)
      const location = `${pageUrl}#${commentAnchor(comment)}`
      return jsonAnswer(
        { status: 'approved', comment: publicComment(comment, parent, ctx.render), location },
        201,
        cors,
      )
    }
    if (comment.status === 'approved') {
      return new Response(null, {
        status: 303,
        headers: { location: `${pageUrl}#${commentAnchor(comment)}`, 'cache-control': 'no-store', ...cors },
      })
    }
    const why = heldReason(comment.status, reasons)
    const query = new URLSearchParams({ page: pageUrl, why, lang })
    if (json) {
      const text = why === 'links' ? words.heldWhy.links(ctx.maxLinks) : words.heldWhy[why]
      const location = new URL(`${ctx.heldPath}?${query}`, request.url).href
      return jsonAnswer({ status: 'pending', why, message: words.held(text), location }, 202, cors)
    }
    return new Response(null, {
      status: 303,
      headers: { location: `${ctx.heldPath}?${query}`, 'cache-control': 'no-store', ...cors },
    })
  }
  try {
    const submitted = await submitComment(data, {
      store: ctx.store,
      postId,
      messages: { ...words, problem: (error, at) => problemWords(words, error, at) },
      client,
      // Note: the same form sent twice on one day stores one comment: its id is made from what it says.
      id: (input) => contentId(input, new Date().toISOString().slice(0, 10)),
      rateLimit: ctx.rateLimiter && ip !== undefined ? { limiter: ctx.rateLimiter, key: ip } : undefined,
      emailRequired: notify ? words.notifyNeedsEmail : undefined,
      reservedNames: ctx.reservedNames,
    })
    switch (submitted.status) {
      case 'rate-limited':
        return again(submitted.errors, 429, { 'retry-after': String(submitted.retryAfter) })
      case 'invalid':
        return again(submitted.errors, 422)
      case 'resent':
        return await stored(submitted.comment, [])
      case 'stored': {
        const { comment, reasons } = submitted
        await tellPosted(ctx.onPosted, { comment, reasons, notify, lang, pageUrl, request })
        return await stored(comment, reasons)
      }
    }
  } catch (error) {
    console.error(error)
    return again({ form: words.failed }, 503)
  }
}

/** A store's or the reserved names' refusal in the reader's words. */
function problemWords(words: CommentHandlerMessages, error: CommentError, at: CommentFormField): string {
  if (error.code === 'missing-parent' || error.code === 'deleted-parent') return words.parent
  if (error.code === 'too-long' && at === 'body') return words.tooLarge
  if (error.code === 'reserved-name') return words.reservedName
  return error.reason.replace(/`/g, '')
}
