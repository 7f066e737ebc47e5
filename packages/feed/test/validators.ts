// Checks the tests run on written feeds, besides jing (Atom schema) and Python feedparser: the URL syntax the W3C
// Feed Validation Service checks in RSS and Atom, and the JSON Feed 1.1 rules.

// Note: the W3C validator's test for a full URI (feedvalidator `rfc2396_full`): a scheme, then only the
// characters RFC 2396 allows unescaped. A space (`InvalidURLAttribute`, `InvalidUriChar`) or a raw non-ASCII
// character fails it.
const fullUri = /^[a-zA-Z][0-9a-zA-Z+\-.]*:(\/\/)?[0-9a-zA-Z;/?:@&=+$.\-_!~*'()%,#]+$/

const xmlEntities: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

function unescapeXml(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos);/g, (_, name: string) => xmlEntities[name] ?? '')
}

/** A URL is written as it should be: valid, and in its serialized form (`new URL(url).href`). */
function urlProblem(where: string, value: unknown): string | undefined {
  if (typeof value !== 'string') return `${where}: not a string URL (${JSON.stringify(value)})`
  if (!fullUri.test(value)) return `${where}: \`${value}\` has characters a URI may not hold`
  if (URL.parse(value)?.href !== value) return `${where}: \`${value}\` is not in its serialized form`
  return undefined
}

// Elements and attributes of RSS 2.0 and Atom 1.0 (and the modules this package writes) that hold URLs.
const urlElements = ['link', 'comments', 'wfw:commentRss', 'url', 'uri', 'icon', 'logo', 'docs']
const urlElement = new RegExp(`<(${urlElements.join('|')})>([^<]*)</\\1>`, 'g')
const urlAttribute = /<([\w:]+)[^>]*?\s(href|url)="([^"]*)"/g
const permalinkGuid = /<guid isPermaLink="true">([^<]*)<\/guid>/g

/** Every URL an RSS or Atom document holds that the W3C validator would reject or that is not serialized. */
export function xmlUrlProblems(xml: string): string[] {
  const problems: string[] = []
  const check = (where: string, raw: string) => {
    const problem = urlProblem(where, unescapeXml(raw))
    if (problem) problems.push(problem)
  }
  for (const [, name, value] of xml.matchAll(urlElement)) check(`<${name}>`, value ?? '')
  for (const [, name, attribute, value] of xml.matchAll(urlAttribute))
    check(`<${name} ${attribute}>`, value ?? '')
  for (const [, value] of xml.matchAll(permalinkGuid)) check('<guid isPermaLink="true">', value ?? '')
  return problems
}

/** How many URLs `xmlUrlProblems` looked at (so a test can see that the check found them). */
export function xmlUrlCount(xml: string): number {
  return [...xml.matchAll(urlElement), ...xml.matchAll(urlAttribute), ...xml.matchAll(permalinkGuid)].length
}

const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

type Json = Record<string, unknown>

/**
 * The problems a JSON Feed 1.1 document has (https://www.jsonfeed.org/version/1.1/): required fields and their
 * types, RFC 3339 dates, and every URL field valid and serialized (the JSON Feed validator warns about URLs
 * it cannot parse).
 */
export function jsonFeedProblems(text: string): string[] {
  const problems: string[] = []
  let feed: Json
  try {
    feed = JSON.parse(text) as Json
  } catch (error) {
    return [`not JSON: ${(error as Error).message}`]
  }
  const url = (where: string, value: unknown) => {
    if (value === undefined) return
    const problem = urlProblem(where, value)
    if (problem) problems.push(problem)
  }
  const authors = (where: string, value: unknown) => {
    if (value === undefined) return
    if (!Array.isArray(value)) return problems.push(`${where}: not an array`)
    value.forEach((author: Json, i) => {
      if (typeof author?.name !== 'string' && author?.url === undefined && author?.avatar === undefined)
        problems.push(`${where}[${i}]: needs name, url or avatar`)
      url(`${where}[${i}].url`, author?.url)
      url(`${where}[${i}].avatar`, author?.avatar)
    })
  }
  if (feed.version !== 'https://jsonfeed.org/version/1.1') problems.push('version: not JSON Feed 1.1')
  if (typeof feed.title !== 'string') problems.push('title: missing')
  for (const key of ['home_page_url', 'feed_url', 'next_url', 'icon', 'favicon'] as const) url(key, feed[key])
  authors('authors', feed.authors)
  if (feed.hubs !== undefined) {
    for (const [i, hub] of (feed.hubs as Json[]).entries()) {
      if (typeof hub.type !== 'string') problems.push(`hubs[${i}].type: missing`)
      url(`hubs[${i}].url`, hub.url)
    }
  }
  if (!Array.isArray(feed.items)) return [...problems, 'items: not an array']
  for (const [i, item] of (feed.items as Json[]).entries()) {
    const at = `items[${i}]`
    if (typeof item.id !== 'string' || item.id === '') problems.push(`${at}.id: not a non-empty string`)
    if (typeof item.content_html !== 'string' && typeof item.content_text !== 'string')
      problems.push(`${at}: needs content_html or content_text`)
    for (const key of ['url', 'external_url', 'image', 'banner_image'] as const)
      url(`${at}.${key}`, item[key])
    for (const key of ['date_published', 'date_modified'] as const) {
      const value = item[key]
      if (value !== undefined && (typeof value !== 'string' || !rfc3339.test(value)))
        problems.push(`${at}.${key}: \`${String(value)}\` is not RFC 3339`)
    }
    authors(`${at}.authors`, item.authors)
    for (const [j, attachment] of ((item.attachments ?? []) as Json[]).entries()) {
      url(`${at}.attachments[${j}].url`, attachment.url)
      if (typeof attachment.mime_type !== 'string')
        problems.push(`${at}.attachments[${j}].mime_type: missing`)
      if (attachment.size_in_bytes !== undefined && typeof attachment.size_in_bytes !== 'number')
        problems.push(`${at}.attachments[${j}].size_in_bytes: not a number`)
    }
  }
  return problems
}
