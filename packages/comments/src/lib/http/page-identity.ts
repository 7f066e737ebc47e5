// Which page a comment belongs to: a page is its canonical URL, normalized so that the same page read
// through another spelling of its address gets the same comments; or an explicit identifier (as Disqus's
// `disqus_identifier`), so that comments imported from Disqus threads or WordPress posts land on the page
// whose identifier they were imported under.

/** Query parameters that only say where a reader came from: dropped from page URLs. */
const trackingParameter = /^(utm_[a-z]+|fbclid|gclid|dclid|msclkid|mc_cid|mc_eid)$/i

/**
 * A page's URL as its comments are kept under: an absolute http(s) URL with the scheme and host in lower
 * case, no default port, no user name or password, no fragment, no tracking parameters (`utm_*`,
 * `fbclid`, `gclid`, …) and a trailing `index.html` (or `index.htm`) removed. The query is kept otherwise
 * (`?p=12` is a WordPress page), and so is a trailing slash (`/a` and `/a/` may be different pages).
 * @returns The normalized URL, or `undefined` when `value` is not an absolute http(s) URL.
 */
export function normalizePageUrl(value: string): string | undefined {
  let url: URL
  try {
    url = new URL(value.trim())
  } catch {
    return undefined
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
  url.hash = ''
  url.username = ''
  url.password = ''
  for (const key of [...url.searchParams.keys()]) {
    if (trackingParameter.test(key)) url.searchParams.delete(key)
  }
  if (url.search === '?') url.search = ''
  url.pathname = url.pathname.replace(/\/index\.html?$/i, '/')
  return url.href
}

/**
 * The origins of `allowedOrigins`, checked: each an http(s) origin (`https://blog.example`, a port when
 * not the default), nothing after the host.
 * @throws {TypeError} naming the entry that is not an origin.
 */
export function parseAllowedOrigins(origins: readonly string[]): Set<string> {
  if (!Array.isArray(origins) || origins.length === 0) {
    throw new TypeError(
      'Expected `allowedOrigins` to list the origins of the sites that may post and read, e.g. `["https://blog.example"]`',
    )
  }
  const set = new Set<string>()
  for (const entry of origins) {
    let url: URL | undefined
    try {
      url = new URL(String(entry).trim())
    } catch {
      url = undefined
    }
    const origin = url?.origin
    const exact = url !== undefined && `${url.origin}/` === url.href.replace(/\/?$/, '/')
    if (!url || !/^https?:$/.test(url.protocol) || origin === undefined || !exact) {
      throw new TypeError(
        `Expected each of \`allowedOrigins\` to be an origin such as \`https://blog.example\` (scheme, host and port, no path), got \`${String(entry)}\``,
      )
    }
    set.add(origin)
  }
  return set
}

/** The origin a browser says a request was sent from: `Origin`, else the `Referer`'s; `null` when neither. */
export function requestOrigin(headers: Headers): string | null {
  const origin = headers.get('origin')?.trim()
  if (origin) return origin
  const referrer = headers.get('referer')?.trim()
  if (!referrer) return null
  try {
    return new URL(referrer).origin
  } catch {
    return 'null'
  }
}
