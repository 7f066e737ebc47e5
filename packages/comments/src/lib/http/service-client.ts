// `readServiceComments`: the build-time client of the comment handler's reading routes (`GET /counts`,
// `GET /comments`), for a static site that shows its comments in its pages. Web APIs only (`fetch`,
// `URL`, `AbortSignal`): it runs on Node, in browsers and on edge runtimes.
import { CommentError } from '../errors.js'
import type { Comment } from '../types.js'
import { CommentServiceError, isAnsweredComment, isObject, toComments } from './service-answers.js'

/** A page whose comments to read. */
export interface ServicePage {
  /** What the page's comments get as `postId` (the post's id on the site). */
  id: string
  /** The page's published URL, as the service knows the page (its origin in the service's `allowedOrigins`). */
  url: string
}

/** Options of `readServiceComments`. */
export interface ReadServiceCommentsOptions {
  /** The service's address (`https://comments.example/`); its routes are under it (`counts`, `comments`). */
  serviceUrl: string | URL
  /** The pages to read. */
  pages: ReadonlyArray<ServicePage>
  /** Requests at once. @default 6 */
  concurrency?: number | undefined
  /** Milliseconds a request (and the reading of its answer) may take. @default 30000 */
  timeoutMs?: number | undefined
  /** The `fetch` to use (a test's, one with a proxy). @default globalThis.fetch */
  fetch?: ((input: URL, init: RequestInit) => Promise<Response>) | undefined
}

/** What `readServiceComments` read. */
export interface ServiceComments {
  /** Comments by page id (pages without comments are left out), replies after their parents. */
  comments: Map<string, Comment[]>
  /** Requests made (counts and pages of threads). */
  requests: number
}

/** Pages per `/counts` request (the handler's `maxCountPages` is 200 unless set lower). */
const countBatch = 100
/** Longest `/counts` URL (servers refuse request lines over 8 or 16 KB; page URLs may be long). */
const maxUrlLength = 6000
/** Top-level threads per `/comments` request (the handler's most). */
const threadLimit = 500

/**
 * A comment service's address, checked (an http(s) address without query or fragment) and with a
 * trailing slash: the base its routes (`comments`, `counts`, `embed.js`) are under.
 *
 * @throws {CommentError}
 *   `invalid-service-url` (field `serviceUrl`) for anything else.
 */
export function serviceBase(value: string | URL): string {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new CommentError(
      'invalid-service-url',
      `Expected \`serviceUrl\` to be the http(s) address of the comment service, such as https://comments.example/, got \`${String(value)}\``,
      'serviceUrl',
    )
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url.href
}

/** `GET <service>/comments?page=<url>` as a reader reads it (the counts' many pages summed up). */
function shown(url: URL): string {
  const pages = url.searchParams.getAll('page')
  const query = pages.length === 1 ? `?page=${pages[0]}` : ` (${pages.length} pages)`
  return `GET ${url.origin}${url.pathname}${query}`
}

/** Why `fetch` failed: a timeout, a port fetch refuses, or the network error's code. */
function fetchFailure(error: unknown, url: URL, base: string, timeoutMs: number) {
  const name = (error as Error | undefined)?.name
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause
  if (name === 'TimeoutError')
    return {
      code: 'service-timeout',
      answer: `the comment service cannot be reached (no answer in ${timeoutMs / 1000} s)`,
      hint: `check that it runs at ${base}, or allow more time (timeoutMs)`,
    }
  if (cause?.message === 'bad port')
    return {
      code: 'service-port-refused',
      answer: `the comment service cannot be reached (port ${url.port} is one that fetch refuses, kept for other protocols)`,
      hint: 'run the service on another port',
    }
  const why = cause?.code ?? cause?.message ?? (error as Error | undefined)?.message ?? String(error)
  return {
    code: 'service-unreachable',
    answer: `the comment service cannot be reached (${why})`,
    hint: `check that it runs at ${base}`,
  }
}

/**
 * Read the approved comments of many pages from a comment service (`createCommentHandler` of
 * `@blogkit/comments/http`), as a static site's build does: one `GET /counts` per 100 pages (fewer when
 * their URLs are long), then `GET /comments?page=<url>&body=1` (500 threads a request, every page of
 * threads) for the pages that have comments, `concurrency` requests at a time.
 *
 * @returns The comments by page id (as `Comment`s with the page's id as `postId`, replies after their
 *   parents, placeholders of hidden comments with replies as `status: 'deleted'`) and the requests made.
 * @throws {CommentServiceError}
 *   When the service cannot be reached (`service-unreachable`, `service-timeout`, `service-port-refused`),
 *   refuses a request (`service-refused`, with the service's `serviceCode`), answers an error status
 *   (`service-status`), or answers something that is not its JSON (`service-not-json`, `service-bad-answer`,
 *   `service-without-body`): naming the request and its page URL and what the service answered.
 * @throws {CommentError} `invalid-service-url` when `serviceUrl` is not an http(s) address.
 */
export async function readServiceComments(
  options: Readonly<ReadServiceCommentsOptions>,
): Promise<ServiceComments> {
  const base = serviceBase(options.serviceUrl)
  const timeoutMs = options.timeoutMs ?? 30_000
  const fetcher = options.fetch ?? ((input: URL, init: RequestInit) => fetch(input, init))
  let requests = 0
  const fail = (url: URL, problem: { code: string; answer: string; hint?: string }, extra = {}): never => {
    throw new CommentServiceError({
      ...problem,
      ...extra,
      request: shown(url),
      pages: url.searchParams.getAll('page'),
    })
  }
  const notService = `is ${base} the address of a blogkit comment service?`
  const getJson = async (url: URL): Promise<Record<string, unknown>> => {
    requests++
    const signal = AbortSignal.timeout(timeoutMs)
    let response: Response
    let text: string
    try {
      response = await fetcher(url, { headers: { accept: 'application/json' }, signal })
      text = await response.text()
    } catch (error) {
      return fail(url, fetchFailure(error, url, base, timeoutMs))
    }
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    const status = response.status
    if (status === 400 && isObject(json) && isObject(json.error)) {
      const serviceCode = typeof json.error.code === 'string' ? json.error.code : undefined
      const hint =
        serviceCode === 'invalid-url'
          ? "ask with the page's published URL, and add its origin to the service's allowedOrigins"
          : undefined
      const answer = `the service refused the request: ${String(json.error.message ?? serviceCode)}`
      return fail(
        url,
        { code: 'service-refused', answer, ...(hint ? { hint } : {}) },
        { status, serviceCode },
      )
    }
    if (!response.ok) {
      const excerpt = text.trim() ? ` (${text.trim().slice(0, 200)})` : ''
      const answer = `the service answered ${status}${response.statusText ? ` ${response.statusText}` : ''}${excerpt}`
      return fail(url, { code: 'service-status', answer, hint: `check that it runs at ${base}` }, { status })
    }
    if (!isObject(json)) {
      const type = response.headers.get('content-type') ?? 'no content type'
      const answer = `the answer is not the comment service's JSON (${type})`
      return fail(url, { code: 'service-not-json', answer, hint: notService }, { status })
    }
    return json
  }
  const badAnswer = (url: URL, answer: string): never =>
    fail(url, { code: 'service-bad-answer', answer, hint: notService })

  // Note: counts first, so that a site of 1,000 pages with comments on 30 asks 10 + 30 times, not 1,000.
  const withComments: ServicePage[] = []
  for (let from = 0; from < options.pages.length; ) {
    const url = new URL('counts', base)
    const batch: ServicePage[] = []
    for (let length = url.href.length; from < options.pages.length && batch.length < countBatch; from++) {
      const page = options.pages[from]!
      length += encodeURIComponent(page.url).length + 6
      if (batch.length > 0 && length > maxUrlLength) break
      batch.push(page)
      url.searchParams.append('page', page.url)
    }
    const counts = (await getJson(url)).counts
    if (!isObject(counts)) return badAnswer(url, 'the answer has no `counts`')
    for (const page of batch) {
      const count = counts[page.url]
      if (typeof count !== 'number') return badAnswer(url, `the answer has no count for ${page.url}`)
      if (count > 0) withComments.push(page)
    }
  }

  const comments = new Map<string, Comment[]>()
  const readPage = async (page: ServicePage) => {
    const list: Comment[] = []
    for (let p = 1, pages = 1; p <= pages; p++) {
      const url = new URL('comments', base)
      url.search = new URLSearchParams({
        page: page.url,
        body: '1',
        limit: String(threadLimit),
        p: String(p),
      }).toString()
      const json = await getJson(url)
      const { threads } = json
      if (!Array.isArray(threads) || typeof json.pages !== 'number' || !threads.every(isAnsweredComment))
        return badAnswer(url, 'the answer is not a page of comment threads')
      pages = json.pages
      if (!threads.every((thread) => toComments(thread, page.id, list))) {
        return fail(url, {
          code: 'service-without-body',
          answer: 'the service sent comments without their text (`body`)',
          hint: 'update the comment service to a version that answers `&body=1`',
        })
      }
    }
    if (list.length > 0) comments.set(page.id, list)
  }
  const queue = [...withComments]
  let failed = false
  const workers = Array.from({ length: Math.min(options.concurrency ?? 6, queue.length) }, async () => {
    // Note: after a failure the other workers finish their request and take no more pages.
    for (let page = queue.shift(); page !== undefined && !failed; page = queue.shift()) {
      await readPage(page).catch((error: unknown) => {
        failed = true
        throw error
      })
    }
  })
  await Promise.all(workers)
  return { comments, requests }
}
