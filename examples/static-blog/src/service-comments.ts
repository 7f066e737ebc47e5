// `--comments-url`: the approved comments of each post read from a comment service
// (examples/comment-service, `@blogkit/comments/http`) at build time, so that the static pages show them
// (readers without JavaScript and search engines see them) through the theme's own comment rendering.
import { type Site, SiteError, threadPostComments } from '@blogkit/example-site'

/** A comment as the site model holds it (@blogkit/comments' `Comment`). */
type Comment = Site['posts'][number]['comments'][number]

/** Options of `readServiceComments`. */
export interface ServiceCommentsOptions {
  /** The service's address (`http://127.0.0.1:3100/`); its routes are under it (`comments`, `counts`). */
  serviceUrl: string
  /** The pages to read: the post's id (comments get it as `postId`) and its canonical URL. */
  pages: ReadonlyArray<{ id: string; url: string }>
  /** Requests at once. @default 6 */
  concurrency?: number | undefined
  /** Milliseconds a request may take. @default 30000 */
  timeoutMs?: number | undefined
}

/** What `readServiceComments` read. */
export interface ServiceComments {
  /** Comments by post id (posts without comments are left out), replies after their parents. */
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

/** The service's address, checked, with a trailing slash. */
export function serviceBase(value: string): string {
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:') || url.search || url.hash) {
    throw new SiteError([
      `--comments-url: expected the http(s) address of the comment service, such as http://127.0.0.1:3100/, got \`${value}\``,
    ])
  }
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url.href
}

/** A published comment as the service's JSON gives it (`PublicComment` of @blogkit/comments/http). */
interface Answered {
  id: string
  parentId?: string
  author: { name: string; url?: string }
  byAuthor?: boolean
  createdAt: string
  body?: string
  placeholder: boolean
  replies: Answered[]
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Whether a thread of the answer has the fields the build needs (the rest is not read). */
function isAnswered(value: unknown): value is Answered {
  if (!isObject(value) || typeof value.id !== 'string' || value.id === '') return false
  if (!isObject(value.author) || typeof value.author.name !== 'string') return false
  if (typeof value.createdAt !== 'string' || Number.isNaN(Date.parse(value.createdAt))) return false
  if (value.parentId !== undefined && typeof value.parentId !== 'string') return false
  return Array.isArray(value.replies) && value.replies.every(isAnswered)
}

/** One thread of the answer as comments of the post `postId`: placeholders as deleted comments. */
function toComments(node: Answered, postId: string, out: Comment[], where: () => string): void {
  if (typeof node.body !== 'string') {
    throw new SiteError([
      `${where()}: the service sent comments without their text (\`body\`): update the comment service to a version that answers \`&body=1\``,
    ])
  }
  const url = node.author.url
  out.push({
    id: node.id,
    postId,
    ...(node.parentId === undefined ? {} : { parentId: node.parentId }),
    // Note: only http(s) websites become links (the service checks them when stored; this page checks too).
    author: { name: node.author.name, ...(url !== undefined && /^https?:\/\//i.test(url) ? { url } : {}) },
    ...(node.byAuthor === true ? { byAuthor: true } : {}),
    createdAt: node.createdAt,
    body: node.body,
    status: node.placeholder ? 'deleted' : 'approved',
  })
  for (const reply of node.replies) toComments(reply, postId, out, where)
}

/**
 * Read the approved comments of many pages from a comment service: one `GET /counts` per 100 pages,
 * then `GET /comments?page=<url>&body=1` (each page of 500 threads) for the pages that have comments,
 * `concurrency` at a time.
 *
 * @throws {SiteError}
 *   When the service cannot be reached, refuses a page (a site origin not in its `ALLOWED_ORIGINS`) or
 *   answers something that is not its JSON: naming `--comments-url`, the request and what to do. The
 *   build stops (a site built without them would drop the comments).
 */
export async function readServiceComments(
  options: Readonly<ServiceCommentsOptions>,
): Promise<ServiceComments> {
  const base = serviceBase(options.serviceUrl)
  const timeoutMs = options.timeoutMs ?? 30_000
  let requests = 0
  /** `GET <service>/comments?page=<url>` as a reader reads it (the counts' many pages summed up). */
  const shown = (url: URL) => {
    const pages = url.searchParams.getAll('page')
    const query = pages.length === 1 ? `?page=${pages[0]}` : ` (${pages.length} pages)`
    return `GET ${url.origin}${url.pathname}${query}`
  }
  const fail = (url: URL, reason: string): never => {
    throw new SiteError([`--comments-url ${base}: ${shown(url)}: ${reason}`])
  }
  const getJson = async (url: URL): Promise<Record<string, unknown>> => {
    requests++
    let response: Response
    try {
      response = await fetch(url, {
        headers: { accept: 'application/json' },
        signal: AbortSignal.timeout(timeoutMs),
      })
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause
      const why =
        (error as Error).name === 'TimeoutError'
          ? `no answer in ${timeoutMs / 1000} s`
          : cause?.message === 'bad port'
            ? `port ${url.port} is one that fetch refuses, kept for other protocols: run the service on another PORT`
            : (cause?.code ?? cause?.message ?? (error as Error).message)
      return fail(
        url,
        `the comment service cannot be reached (${why}): start it (npm start -w examples/comment-service) or give its address with --comments-url`,
      )
    }
    const text = await response.text()
    let json: unknown
    try {
      json = JSON.parse(text)
    } catch {
      json = undefined
    }
    if (response.status === 400 && isObject(json) && isObject(json.error)) {
      const message = String(json.error.message ?? json.error.code)
      const hint =
        json.error.code === 'invalid-url'
          ? `; build with the --base-url the site is published at, and add its origin to the service's ALLOWED_ORIGINS`
          : ''
      return fail(url, `the service refused the request: ${message}${hint}`)
    }
    if (!response.ok) {
      return fail(
        url,
        `the service answered ${response.status} ${response.statusText}${text.trim() ? ` (${text.trim().slice(0, 200)})` : ''}: check that it runs and that --comments-url is its address`,
      )
    }
    if (!isObject(json)) {
      return fail(
        url,
        `the answer is not the comment service's JSON (${response.headers.get('content-type') ?? 'no content type'}): is --comments-url the address of a blogkit comment service?`,
      )
    }
    return json
  }

  // Note: counts first, so that a site of 1,000 posts with comments on 30 asks 10 + 30 times, not 1,000.
  const withComments: Array<{ id: string; url: string }> = []
  for (let from = 0; from < options.pages.length; ) {
    const url = new URL('counts', base)
    const batch: Array<{ id: string; url: string }> = []
    for (let length = url.href.length; from < options.pages.length && batch.length < countBatch; from++) {
      const page = options.pages[from]!
      length += encodeURIComponent(page.url).length + 6
      if (batch.length > 0 && length > maxUrlLength) break
      batch.push(page)
      url.searchParams.append('page', page.url)
    }
    const json = await getJson(url)
    const counts = json.counts
    if (!isObject(counts))
      return fail(url, 'the answer has no `counts`: is --comments-url the comment service?')
    for (const page of batch) {
      const count = counts[page.url]
      if (typeof count !== 'number') return fail(url, `the answer has no count for ${page.url}`)
      if (count > 0) withComments.push(page)
    }
  }

  const comments = new Map<string, Comment[]>()
  const readPage = async (page: { id: string; url: string }) => {
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
      if (!Array.isArray(json.threads) || typeof json.pages !== 'number' || !json.threads.every(isAnswered)) {
        return fail(
          url,
          'the answer is not a page of comment threads: is --comments-url the comment service?',
        )
      }
      pages = json.pages
      for (const thread of json.threads)
        toComments(thread, page.id, list, () => `--comments-url ${base}: ${shown(url)}`)
    }
    if (list.length > 0) comments.set(page.id, list)
  }
  const queue = [...withComments]
  const workers = Array.from({ length: Math.min(options.concurrency ?? 6, queue.length) }, async () => {
    for (let page = queue.shift(); page !== undefined; page = queue.shift()) await readPage(page)
  })
  await Promise.all(workers)
  return { comments, requests }
}

/**
 * Show each post's comments from the service on its page, beside those of its comments file
 * (`<slug>.comments.json`): merged by id (the service's copy wins, so comments imported into both are
 * shown once), threaded again as the theme threads. The pages that show comments (the post, its comment
 * pages and feeds, lists with counts) read them from the site model, so the build's page memo renders
 * again exactly those whose comments changed.
 * @returns How many comments came from the service, and the requests made.
 */
export async function addServiceComments(
  site: Site,
  serviceUrl: string,
): Promise<{ comments: number; posts: number; requests: number }> {
  const read = await readServiceComments({
    serviceUrl,
    pages: site.posts.map((item) => ({ id: item.id, url: item.url })),
  })
  let count = 0
  for (const item of site.posts) {
    const fromService = read.comments.get(item.id)
    if (fromService === undefined) continue
    count += fromService.filter((comment) => comment.status === 'approved').length
    const ids = new Set(fromService.map((comment) => comment.id))
    const comments = [...item.comments.filter((comment) => !ids.has(comment.id)), ...fromService]
    item.comments = comments
    item.threads = threadPostComments(site, item.id, comments)
  }
  return { comments: count, posts: read.comments.size, requests: read.requests }
}
