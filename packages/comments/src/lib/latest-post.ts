import { lookup as dnsLookup } from 'node:dns/promises'
import { readFeed } from '@blogkit/feed'
import { Parser } from 'htmlparser2'
import ipaddr from 'ipaddr.js'
import { CommentError } from './errors.js'
import type { LatestPost } from './types.js'
import { checkHttpUrl } from './validate-comment.js'

/** Options of `createLatestPostFetcher`. */
export interface LatestPostFetcherOptions {
  /** The `fetch` to use (inject one in tests). @default globalThis.fetch */
  fetch?: typeof fetch
  /** DNS resolver returning every address of a host. @default `dns.promises.lookup(host, { all: true })` */
  lookup?: (hostname: string) => Promise<ReadonlyArray<{ address: string }>>
  /** Timeout of each request (page, redirects, feed). @default 5000 */
  timeoutMs?: number
  /** Largest response body read, in bytes. @default 1000000 */
  maxBytes?: number
  /** Redirects followed per request. @default 3 */
  maxRedirects?: number
  /** How long a result (or a failure) is kept. @default 21600000 (6 hours) */
  ttlMs?: number
  /** Sites kept in the cache; the oldest entry goes first. @default 1000 */
  maxEntries?: number
  /** Clock in milliseconds (inject one in tests). @default Date.now */
  now?: () => number
  /** `User-Agent` sent. @default 'blogkit-comments (latest post)' */
  userAgent?: string
}

/** Looks up a commenter's latest post, given their site URL; results are cached per site. */
export type LatestPostFetcher = (siteUrl: string) => Promise<LatestPost | undefined>

const feedTypes = new Set([
  'application/rss+xml',
  'application/atom+xml',
  'application/feed+json',
  'application/json',
])

/**
 * Attributes of every `<link>` tag in an HTML document's text (its first 512 kB), as htmlparser2 reads
 * them: names lower-cased, entities decoded, in any order and quoting; nothing inside comments, scripts,
 * styles, `<title>` or `<textarea>`.
 */
function linkTags(html: string): Array<Record<string, string>> {
  const out: Array<Record<string, string>> = []
  const parser = new Parser(
    {
      onopentag(name, attributes) {
        if (name === 'link') out.push(attributes)
      },
    },
    { decodeEntities: true, lowerCaseTags: true, lowerCaseAttributeNames: true },
  )
  parser.end(html.slice(0, 512_000))
  return out
}

/** The first feed advertised with `<link rel="alternate" type="…feed type…" href>`, resolved against the page URL. */
export function findFeedLink(html: string, pageUrl: string): string | undefined {
  for (const a of linkTags(html)) {
    const rel = (a.rel ?? '').toLowerCase().trim().split(/\s+/)
    const type = (a.type ?? '').toLowerCase().split(';')[0]!.trim()
    const href = a.href?.trim()
    if (rel.includes('alternate') && feedTypes.has(type) && href) {
      try {
        return new URL(href, pageUrl).href
      } catch {}
    }
  }
  return undefined
}

/**
 * Decode a body with the charset of the `Content-Type` header, else of the XML declaration or HTML
 * `<meta charset>`, else UTF-8 (old blogs often serve ISO-8859-1 feeds).
 */
function decode(bytes: Uint8Array, contentType: string): string {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1')
  const label =
    /charset\s*=\s*"?([\w.:-]+)/i.exec(contentType)?.[1] ??
    /^\s*<\?xml[^>]*encoding\s*=\s*["']([\w.:-]+)["']/i.exec(head)?.[1] ??
    /<meta[^>]+charset\s*=\s*["']?([\w.:-]+)/i.exec(head)?.[1] ??
    'utf-8'
  try {
    return new TextDecoder(label).decode(bytes)
  } catch {
    return new TextDecoder('utf-8').decode(bytes)
  }
}

function isPublic(address: string): boolean {
  if (!ipaddr.isValid(address)) return false
  // Note: `process` turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into IPv4, so it is judged as IPv4.
  return ipaddr.process(address).range() === 'unicast'
}

/**
 * Make a cached lookup of commenters' latest posts (as CommentLuv showed them): fetch the commenter's
 * site, find its feed (`<link rel="alternate">`), read it with `readFeed` from `@blogkit/feed` and return
 * the newest item's title and link.
 *
 * Only `http(s)` to public addresses: every DNS answer of every host (site, redirects, feed) must be a
 * public unicast address (checked with ipaddr.js), so comments cannot make the server call loopback,
 * private, link-local or cloud metadata addresses (SSRF). Each request has a timeout and a size limit.
 *
 * @param options Injected `fetch` and resolver, limits and cache settings.
 * @returns A function from a site URL to its latest post, or `undefined` when the site has no feed or no items.
 *   It throws `CommentError` (`invalid-url`, `blocked-address`, `fetch-failed`, `too-large`, `invalid-feed`).
 */
export function createLatestPostFetcher(
  options?: Readonly<LatestPostFetcherOptions> | null,
): LatestPostFetcher {
  const doFetch = options?.fetch ?? globalThis.fetch
  const lookup = options?.lookup ?? ((hostname: string) => dnsLookup(hostname, { all: true, verbatim: true }))
  const timeoutMs = options?.timeoutMs ?? 5000
  const maxBytes = options?.maxBytes ?? 1_000_000
  const maxRedirects = options?.maxRedirects ?? 3
  const ttlMs = options?.ttlMs ?? 6 * 60 * 60 * 1000
  const maxEntries = options?.maxEntries ?? 1000
  const now = options?.now ?? Date.now
  const userAgent = options?.userAgent ?? 'blogkit-comments (latest post)'
  const cache = new Map<string, { expires: number; result: Promise<LatestPost | undefined> }>()

  async function checkHost(url: URL) {
    const host = url.hostname.replace(/^\[|\]$/g, '')
    let addresses: string[]
    try {
      addresses = ipaddr.isValid(host) ? [host] : (await lookup(host)).map((a) => a.address)
    } catch (error) {
      throw new CommentError(
        'fetch-failed',
        `Could not resolve \`${host}\`: ${error instanceof Error ? error.message : String(error)}`,
        'siteUrl',
      )
    }
    if (addresses.length === 0 || !addresses.every(isPublic)) {
      throw new CommentError(
        'blocked-address',
        `Refusing to fetch \`${url.href}\`: \`${host}\` resolves to a non-public address (${addresses.join(', ') || 'none'})`,
        'siteUrl',
      )
    }
  }

  async function get(start: string): Promise<{ url: string; type: string; text: string }> {
    let url = new URL(start)
    for (let redirects = 0; ; redirects++) {
      if (url.protocol !== 'http:' && url.protocol !== 'https:') {
        throw new CommentError(
          'invalid-url',
          `Refusing to fetch \`${url.href}\`: only http(s) is allowed`,
          'siteUrl',
        )
      }
      await checkHost(url)
      let response: Response
      try {
        response = await doFetch(url, {
          redirect: 'manual',
          signal: AbortSignal.timeout(timeoutMs),
          headers: {
            'user-agent': userAgent,
            accept:
              'text/html, application/rss+xml, application/atom+xml, application/feed+json;q=0.9, */*;q=0.1',
          },
        })
      } catch (error) {
        const reason =
          error instanceof Error && error.name === 'TimeoutError'
            ? `no answer within ${timeoutMs} ms`
            : String(error)
        throw new CommentError('fetch-failed', `Could not fetch \`${url.href}\`: ${reason}`, 'siteUrl')
      }
      const location = response.headers.get('location')
      if (response.status >= 300 && response.status < 400 && location) {
        await response.body?.cancel()
        if (redirects >= maxRedirects) {
          throw new CommentError(
            'fetch-failed',
            `Too many redirects from \`${start}\` (limit ${maxRedirects})`,
            'siteUrl',
          )
        }
        url = new URL(location, url)
        continue
      }
      if (!response.ok) {
        await response.body?.cancel()
        throw new CommentError(
          'fetch-failed',
          `Fetching \`${url.href}\` answered HTTP ${response.status}`,
          'siteUrl',
        )
      }
      const bytes = await readBody(response, url, maxBytes)
      const type = (response.headers.get('content-type') ?? '').toLowerCase()
      return { url: url.href, type, text: decode(bytes, type) }
    }
  }

  async function latest(siteUrl: string): Promise<LatestPost | undefined> {
    const page = await get(siteUrl)
    let feed = page
    const looksLikeFeed =
      /^(application\/(rss\+xml|atom\+xml|feed\+json|xml|json)|text\/xml)\b/.test(page.type) ||
      (!page.type.startsWith('text/html') &&
        !page.type.includes('xhtml') &&
        /^\s*(<\?xml|<rss|<feed|\{)/.test(page.text))
    if (!looksLikeFeed) {
      const feedUrl = findFeedLink(page.text, page.url)
      if (feedUrl === undefined) return undefined
      feed = await get(feedUrl)
    }
    return newestPost(feed)
  }

  return async (siteUrl: string) => {
    const url = checkHttpUrl(siteUrl, 'siteUrl')
    const t = now()
    const hit = cache.get(url)
    if (hit && hit.expires > t) return hit.result
    const result = latest(url)
    cache.delete(url)
    cache.set(url, { expires: t + ttlMs, result })
    while (cache.size > maxEntries) cache.delete(cache.keys().next().value!)
    return result
  }
}

/** A response's body, at most `maxBytes` (by its `Content-Length`, and as it is read). */
async function readBody(response: Response, url: URL, maxBytes: number): Promise<Uint8Array> {
  const declared = Number(response.headers.get('content-length'))
  if (declared > maxBytes) {
    await response.body?.cancel()
    throw new CommentError(
      'too-large',
      `\`${url.href}\` is ${declared} bytes, more than the ${maxBytes} allowed`,
      'siteUrl',
    )
  }
  const chunks: Uint8Array[] = []
  let size = 0
  if (response.body) {
    const reader = response.body.getReader()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.byteLength
      if (size > maxBytes) {
        await reader.cancel()
        throw new CommentError(
          'too-large',
          `\`${url.href}\` sends more than the ${maxBytes} bytes allowed`,
          'siteUrl',
        )
      }
      chunks.push(value)
    }
  }
  return Buffer.concat(chunks)
}

/** The newest item with a title of a feed (by date; the first when none has one), as a `LatestPost`. */
function newestPost(feed: { url: string; text: string }): LatestPost | undefined {
  let items: ReturnType<typeof readFeed>['items']
  try {
    items = readFeed(feed.text).items
  } catch (error) {
    throw new CommentError(
      'invalid-feed',
      `The feed \`${feed.url}\` could not be read: ${error instanceof Error ? error.message : String(error)}`,
      'siteUrl',
    )
  }
  let best: (typeof items)[number] | undefined
  for (const item of items) {
    if (!item.title) continue
    if (!best || (item.date && (!best.date || item.date > best.date))) best = item
  }
  if (!best?.title) return undefined
  const post: LatestPost = { title: best.title }
  if (best.url) {
    try {
      post.url = checkHttpUrl(new URL(best.url, feed.url).href, 'url')
    } catch {}
  }
  return post
}
