// The reading routes of the comment handler (threads, counts, the held page, CORS preflight) and the
// headers they share: ETag and 304, Cache-Control, CORS for allowed origins only.
import { CommentError } from '../errors.js'
import { type HeldReason, heldReasons } from '../form-rules.js'
import { heldPage } from './html-pages.js'
import { wordsFor } from './messages.js'
import { normalizePageUrl } from './page-identity.js'
import { readThreads, threadsFragment } from './read-comments.js'
import type { HandlerSettings } from './settings.js'

/** A route: the request and its query. */
export type Route = (request: Request, params: URLSearchParams) => Promise<Response> | Response

const json = (value: unknown, status: number, headers: Record<string, string>) =>
  new Response(JSON.stringify(value), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', ...headers },
  })

export const problem = (
  code: string,
  message: string,
  field: string | undefined,
  status: number,
  headers: Record<string, string>,
) =>
  json({ error: { code, message, ...(field === undefined ? {} : { field }) } }, status, {
    'cache-control': 'no-store',
    ...headers,
  })

/** A weak ETag of a body: the first 16 bytes of its SHA-256, base64url. */
export async function etagOf(body: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(body)))
  const binary = String.fromCharCode(...digest.subarray(0, 16))
  return `W/"${btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')}"`
}

export const matches = (ifNoneMatch: string | null, etag: string) =>
  (ifNoneMatch ?? '').split(',').some((tag) => {
    const t = tag.trim()
    return t !== '' && (t === '*' || t.replace(/^W\//, '') === etag.replace(/^W\//, ''))
  })

/** A whole-number parameter from 1 to `max`: `fallback` when absent, `undefined` when it is not one. */
function numberParam(params: URLSearchParams, name: string, fallback: number, max: number) {
  const value = params.get(name)
  if (value === null || value === '') return fallback
  const n = Number(value)
  return /^\d+$/.test(value) && n >= 1 && n <= max ? n : undefined
}

/** The page named by `page` (a URL on an allowed site) and what its comments are kept under. */
function pageOf(
  params: URLSearchParams,
  { origins, identify }: Pick<HandlerSettings, 'origins' | 'identify'>,
): { page?: string; identifier: string } | CommentError {
  const given = params.get('page')
  const identifier = params.get('identifier')?.trim()
  if (given === null || given.trim() === '') {
    if (identifier) return { identifier }
    return new CommentError('missing-field', 'Expected `page`, the URL of the page (or `identifier`)', 'page')
  }
  const page = normalizePageUrl(given)
  if (page === undefined || !origins.has(new URL(page).origin)) {
    return new CommentError(
      'invalid-url',
      `Expected \`page\` to be the URL of a page on an allowed site (${[...origins].join(', ')}), got \`${given}\``,
      'page',
    )
  }
  return { page, identifier: identifier || identify(page) }
}

/** The reading routes and the CORS headers of a request, for the settings. */
export function readRoutes(settings: HandlerSettings) {
  const { store, origins, catalog, language, cacheControl, maxCountPages, maxLinks } = settings
  const allowedOrigin = (request: Request) => {
    const origin = request.headers.get('origin')
    return origin !== null && origins.has(origin) ? origin : undefined
  }
  const cors = (request: Request): Record<string, string> => {
    const origin = allowedOrigin(request)
    return origin === undefined
      ? { vary: 'Origin' }
      : { 'access-control-allow-origin': origin, 'access-control-expose-headers': 'ETag', vary: 'Origin' }
  }
  /** A read answer with its ETag, or 304 when the reader has it. */
  const cached = async (request: Request, body: string, type: string) => {
    const etag = await etagOf(body)
    const headers = { etag, 'cache-control': cacheControl, ...cors(request) }
    if (matches(request.headers.get('if-none-match'), etag))
      return new Response(null, { status: 304, headers })
    return new Response(request.method === 'HEAD' ? null : body, {
      status: 200,
      headers: { 'content-type': type, ...headers },
    })
  }
  const readComments = async (request: Request, params: URLSearchParams) => {
    const at = pageOf(params, settings)
    const headers = cors(request)
    if (at instanceof CommentError) return problem(at.code, at.reason, at.field, 400, headers)
    if (!settings.pageExists(at.identifier)) {
      return problem(
        'unknown-page',
        'No such page on this site: check `page` (or `identifier`)',
        'page',
        404,
        headers,
      )
    }
    const p = numberParam(params, 'p', 1, Number.MAX_SAFE_INTEGER)
    if (p === undefined)
      return problem('invalid-page', 'Expected `p` to be a page number from 1', 'p', 400, headers)
    const limit = numberParam(params, 'limit', settings.commentsPerPage, 500)
    if (limit === undefined)
      return problem('invalid-limit', 'Expected `limit` to be from 1 to 500', 'limit', 400, headers)
    const order = params.get('order') ?? 'oldest'
    if (order !== 'oldest' && order !== 'newest') {
      return problem('invalid-order', 'Expected `order` to be `oldest` or `newest`', 'order', 400, headers)
    }
    const format = params.get('format') ?? 'json'
    if (format !== 'json' && format !== 'html') {
      return problem('invalid-format', 'Expected `format` to be `json` or `html`', 'format', 400, headers)
    }
    const body = params.get('body') ?? '0'
    if (body !== '0' && body !== '1') {
      return problem(
        'invalid-body',
        "Expected `body` to be `1` (add each comment's Markdown) or `0`",
        'body',
        400,
        headers,
      )
    }
    const answer = await readThreads({
      store,
      ...at,
      page: at.page,
      p,
      order,
      limit,
      commentId: params.get('comment') ?? undefined,
      maxDepth: settings.maxDepth,
      render: settings.render,
      withBody: body === '1',
    })
    if (format === 'html') {
      const { words } = wordsFor(catalog, params.get('lang') ?? undefined, language)
      return cached(request, threadsFragment(answer, words), 'text/html; charset=utf-8')
    }
    const { lang } = wordsFor(catalog, params.get('lang') ?? undefined, language)
    const offers = settings.replyMail ? { replyMail: true } : {}
    return cached(request, JSON.stringify({ ...answer, lang, ...offers }), 'application/json; charset=utf-8')
  }

  const readCounts = async (request: Request, params: URLSearchParams) => {
    const headers = cors(request)
    const keys = new Map<string, string>()
    for (const given of params.getAll('page')) {
      const at = pageOf(new URLSearchParams({ page: given }), settings)
      if (at instanceof CommentError) return problem(at.code, at.reason, at.field, 400, headers)
      keys.set(given, at.identifier)
    }
    for (const given of params.getAll('identifier')) if (given.trim() !== '') keys.set(given, given.trim())
    if (keys.size === 0 || keys.size > maxCountPages) {
      return problem(
        'invalid-count-request',
        `Expected 1 to ${maxCountPages} \`page\` (or \`identifier\`) parameters, got ${keys.size}`,
        'page',
        400,
        headers,
      )
    }
    const found = await store.count({ postIds: [...new Set(keys.values())] })
    const counts: Record<string, number> = {}
    for (const [given, identifier] of keys) counts[given] = found[identifier] ?? 0
    return cached(request, JSON.stringify({ counts }), 'application/json; charset=utf-8')
  }

  const held = (_request: Request, params: URLSearchParams) => {
    const { lang, words } = wordsFor(catalog, params.get('lang') ?? undefined, language)
    const code = (heldReasons as readonly string[]).includes(params.get('why') ?? '')
      ? (params.get('why') as HeldReason)
      : 'other'
    const why = code === 'links' ? words.heldWhy.links(maxLinks) : words.heldWhy[code]
    const page = normalizePageUrl(params.get('page') ?? '')
    const back = page !== undefined && origins.has(new URL(page).origin) ? page : undefined
    return new Response(heldPage({ lang, words, why, back }), {
      headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' },
    })
  }

  const preflight = (request: Request) => {
    const origin = allowedOrigin(request)
    if (origin === undefined) return new Response(null, { status: 403, headers: { vary: 'Origin' } })
    return new Response(null, {
      status: 204,
      headers: {
        'access-control-allow-origin': origin,
        'access-control-allow-methods': 'GET, HEAD, POST, OPTIONS',
        'access-control-allow-headers': 'Content-Type, If-None-Match',
        'access-control-max-age': '600',
        vary: 'Origin',
      },
    })
  }
  return { readComments, readCounts, held, preflight, cors }
}
