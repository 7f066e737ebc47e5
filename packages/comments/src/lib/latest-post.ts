import { lookup as dnsLookup } from 'node:dns/promises'
import { readFeed } from '@blogkit/feed/read'
import { Parser } from 'htmlparser2'
import ipaddr from 'ipaddr.js'
import { CommentError } from './errors.js'
import { guardedFetch } from './guarded-fetch.js'
import { maxLatestPostTitleLength } from './store-core.js'
import type { LatestPost } from './types.js'
import { checkHttpUrl } from './validate-comment.js'

/** Options of `createLatestPostFetcher`. */
export interface LatestPostFetcherOptions {
  /**
   * The `fetch` to use (inject one in tests). @default a `fetch` on node:http(s) that connects only to
   * addresses `lookup` gives and the address rules allow, checked again as it connects
   */
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
  /**
   * Addresses and networks that may be fetched although they are not public (`'127.0.0.1'`, `'::1'`,
   * `'10.0.0.0/8'`): for tests against a server on this machine, or blogs on an intranet. Everything else
   * must be a public unicast address. @default [] (public addresses only)
   */
  allowAddresses?: readonly string[]
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

type Network = [ipaddr.IPv4 | ipaddr.IPv6, number]

/** `allowAddresses`, parsed. @throws {TypeError} naming an entry that is not an address or network. */
function parseAllowed(entries: readonly string[] | undefined): Network[] {
  if (entries === undefined) return []
  if (!Array.isArray(entries)) {
    throw new TypeError(
      'Expected `allowAddresses` to be a list of addresses and networks, e.g. `["127.0.0.1"]`',
    )
  }
  return entries.map((entry): Network => {
    const text = typeof entry === 'string' ? entry.trim() : ''
    try {
      if (text.includes('/')) return ipaddr.parseCIDR(text)
      const address = ipaddr.process(text)
      return [address, address.kind() === 'ipv4' ? 32 : 128]
    } catch {
      throw new TypeError(
        `Expected \`allowAddresses\` entries to be addresses or networks such as \`127.0.0.1\` or \`10.0.0.0/8\`, got \`${String(entry)}\``,
      )
    }
  })
}

/** Whether `address` may be fetched: a public unicast address, or in one of the `allowed` networks. */
function isAllowed(address: string, allowed: readonly Network[]): boolean {
  if (!ipaddr.isValid(address)) return false
  // Note: `process` turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into IPv4, so it is judged as IPv4.
  const ip = ipaddr.process(address)
  if (ip.range() === 'unicast') return true
  return allowed.some(([network, bits]) => network.kind() === ip.kind() && ip.match(network, bits))
}

/**
 * Make a cached lookup of commenters' latest posts (as CommentLuv showed them): fetch the commenter's
 * site, find its feed (`<link rel="alternate">`), read it with `readFeed` from `@blogkit/feed/read` and return
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
  const lookup = options?.lookup ?? ((hostname: string) => dnsLookup(hostname, { all: true, verbatim: true }))
  const timeoutMs = options?.timeoutMs ?? 5000
  const maxBytes = options?.maxBytes ?? 1_000_000
  const maxRedirects = options?.maxRedirects ?? 3
  const ttlMs = options?.ttlMs ?? 6 * 60 * 60 * 1000
  const maxEntries = options?.maxEntries ?? 1000
  const now = options?.now ?? Date.now
  const userAgent = options?.userAgent ?? 'blogkit-comments (latest post)'
  const allowed = parseAllowed(options?.allowAddresses)
  const cache = new Map<string, { expires: number; result: Promise<LatestPost | undefined> }>()

  /** Every address of `host`, all of them allowed. @throws {CommentError} `fetch-failed`, `blocked-address`. */
  async function allowedAddresses(host: string, href: string): Promise<string[]> {
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
    if (addresses.length === 0 || !addresses.every((address) => isAllowed(address, allowed))) {
      throw new CommentError(
        'blocked-address',
        `Refusing to fetch \`${href}\`: \`${host}\` resolves to a non-public address (${addresses.join(', ') || 'none'})`,
        'siteUrl',
      )
    }
    return addresses
  }
  const checkHost = (url: URL) => allowedAddresses(url.hostname.replace(/^\[|\]$/g, ''), url.href)
  // Note: the default fetch checks the addresses again as it connects (the name may answer differently now).
  const doFetch =
    options?.fetch ??
    guardedFetch((host) => allowedAddresses(host.replace(/^\[|\]$/g, ''), `http://${host}/`))

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
        if (error instanceof CommentError) throw error
        throw new CommentError(
          'fetch-failed',
          `Could not fetch \`${url.href}\`: ${failure(error, timeoutMs)}`,
          'siteUrl',
        )
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
      const bytes = await readBody(response, url, maxBytes, timeoutMs)
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

/** Why a request failed, in words (`no answer within 5000 ms` for a timeout). */
function failure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`
  return error instanceof Error ? error.message || error.name : String(error)
}

/**
 * A response's body, at most `maxBytes` (by its `Content-Length`, and as it is read). A body that stops
 * coming (the request's timeout) or breaks off is a `fetch-failed` error.
 */
async function readBody(
  response: Response,
  url: URL,
  maxBytes: number,
  timeoutMs: number,
): Promise<Uint8Array> {
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
      let chunk: Awaited<ReturnType<typeof reader.read>>
      try {
        chunk = await reader.read()
      } catch (error) {
        throw new CommentError(
          'fetch-failed',
          `Could not read \`${url.href}\`: ${failure(error, timeoutMs)}`,
          'siteUrl',
        )
      }
      const { done, value } = chunk
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

// Controls, and bidi overrides and isolates (they could turn the comment's text around).
// Note: a string, not a literal, because Biome rejects control characters in regex literals.
const unsafeInTitleSource = '[\\u0000-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]'
const unsafeInTitle = new RegExp(unsafeInTitleSource, 'g')

/**
 * A feed item's title as one line a comment can show: controls and bidi marks gone, white space
 * collapsed, at most 300 characters (cut at a word, with …; `setLatestPost` takes no more).
 */
function postTitle(raw: string): string {
  const line = raw.replace(unsafeInTitle, ' ').replace(/\s+/g, ' ').trim()
  if (line.length <= maxLatestPostTitleLength) return line
  const cut = line.slice(0, maxLatestPostTitleLength - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > maxLatestPostTitleLength / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
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
  const title = best?.title && postTitle(best.title)
  if (!best || !title) return undefined
  const post: LatestPost = { title }
  if (best.url) {
    try {
      post.url = checkHttpUrl(new URL(best.url, feed.url).href, 'url')
    } catch {}
  }
  return post
}
