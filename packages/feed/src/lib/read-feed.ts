import { parseFeed } from '@rowanmanning/feed-parser'
import { decodeHTML } from 'entities'
import { FeedError } from './feed-error.js'
import type { FeedAuthor, FeedEnclosure, FeedItem } from './types.js'
import { escapeHtml } from './xml.js'

/** An item as `readFeed` returns it: the `FeedItem` shape, with dates as `Date`. */
export interface ReadFeedItem extends Omit<FeedItem, 'date' | 'updated' | 'commentsFeedUrl'> {
  /** URL of the item's comment feed (`wfw:commentRss`, or the first Atom `replies` link that is a feed). */
  commentsFeedUrl?: string | undefined
  /** Publication date. */
  date?: Date | undefined
  /** Last modification date. */
  updated?: Date | undefined
}

/** A feed as `readFeed` returns it. */
export interface ReadFeedResult {
  /** The format that was read. */
  format: 'rss' | 'atom' | 'json'
  /** Feed title, plain text. */
  title: string | undefined
  /** Feed description, plain text. */
  description: string | undefined
  /** URL of the site the feed is for. */
  siteUrl: string | undefined
  /** Language tag of the feed. */
  language: string | undefined
  /** Feed authors. */
  authors: FeedAuthor[]
  /** When the feed last changed. */
  updated: Date | undefined
  /** Items in document order (usually newest first; sort by `date` when it matters). */
  items: ReadFeedItem[]
}

type XmlFeed = ReturnType<typeof parseFeed>
type XmlItem = XmlFeed['items'][number]
type XmlElement = XmlItem['element']

/** Plain text of an HTML string: tags dropped, character references decoded. */
function htmlToText(html: string): string {
  return decodeHTML(html.replace(/<[^>]*>/g, '')).trim()
}

// Note: the parser matches local names, so `media:title` would pass for `title`; prefer the unprefixed one.
function child(element: XmlElement, name: string): XmlElement | undefined {
  const all = element.findElementsWithName(name)
  return all.find((el) => typeof el.namespace !== 'string') ?? all[0]
}

function nonEmpty(value: string | null | undefined): string | undefined {
  return value === null || value === undefined || value.trim() === '' ? undefined : value
}

// Note: the XML parser under @rowanmanning/feed-parser decodes the named XML entities but leaves numeric
// character references (`&#x3C;`, `&#60;`) as they are; decode those for Atom plain text.
const numericReference = /&#(?:x([\da-f]{1,6})|(\d{1,7}));/gi

function decodeNumericReferences(text: string): string {
  if (!text.includes('&#')) return text
  return text.replace(numericReference, (whole, hex: string | undefined, decimal: string | undefined) => {
    const code = hex === undefined ? Number(decimal) : Number.parseInt(hex, 16)
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

/** Text of an RSS element (HTML by usage) or an Atom text construct, as plain text. */
function textOf(element: XmlElement | undefined, atom: boolean): string | undefined {
  if (!element) return undefined
  const raw = element.textContent
  if (atom && (element.getAttribute('type') ?? 'text') === 'text') {
    return nonEmpty(decodeNumericReferences(raw).trim())
  }
  return nonEmpty(htmlToText(raw))
}

/** HTML of an RSS element or an Atom content construct. */
function htmlOf(element: XmlElement | undefined, atom: boolean): string | undefined {
  if (!element) return undefined
  const type = atom ? (element.getAttribute('type') ?? 'text') : 'html'
  if (type === 'xhtml') return nonEmpty(element.innerHtml)
  const raw = element.textContent.trim()
  return nonEmpty(type === 'text' ? escapeHtml(raw) : raw)
}

function count(value: string | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined
  const n = Number(value.trim())
  return Number.isInteger(n) && n >= 0 ? n : undefined
}

function authorsOf(list: { name: string | null; email: string | null; url: string | null }[]): FeedAuthor[] {
  const out: FeedAuthor[] = []
  for (const a of list) {
    const name = nonEmpty(a.name) ?? nonEmpty(a.email)
    if (!name) continue
    const author: FeedAuthor = { name: name.trim() }
    if (a.email && a.email !== name) author.email = a.email
    if (a.url) author.url = a.url
    out.push(author)
  }
  return out
}

function readXmlItem(item: XmlItem, atom: boolean): ReadFeedItem {
  const element = item.element
  const out: ReadFeedItem = {}
  const url = nonEmpty(item.url)
  const id = nonEmpty(item.id) ?? url
  if (id !== undefined) out.id = id
  if (url !== undefined) out.url = url
  const title = textOf(child(element, 'title'), atom)
  if (title !== undefined) out.title = title
  if (atom) {
    const summary = textOf(child(element, 'summary'), true)
    if (summary !== undefined) out.summary = summary
    const content = htmlOf(child(element, 'content'), true)
    if (content !== undefined) out.contentHtml = content
    const language = element.getAttribute('xml:lang')
    if (language) out.language = language
  } else {
    const encoded = element.findElementsWithName('encoded').find((el) => el.namespace === 'content')
    const description = child(element, 'description')
    if (encoded) {
      const content = htmlOf(encoded, false)
      if (content !== undefined) out.contentHtml = content
      const summary = textOf(description, false)
      if (summary !== undefined) out.summary = summary
    } else {
      const content = htmlOf(description, false)
      if (content !== undefined) out.contentHtml = content
    }
    // Note: `xml:lang` on the item first (what this package and most readers use), then `dc:language`.
    const language =
      element.getAttribute('xml:lang') ??
      element
        .findElementsWithName('language')
        .find((el) => el.namespace === 'dc')
        ?.textContent.trim()
    if (language) out.language = language
  }
  // Note: an Atom entry must have `updated` but may lack `published`; the date is then the update.
  const date = item.published ?? item.updated
  if (date) out.date = date
  if (item.updated && item.updated.getTime() !== date?.getTime()) out.updated = item.updated
  const authors = authorsOf(item.authors)
  if (authors.length > 0) out.authors = authors
  const tags = item.categories.map((c) => c.label ?? c.term).filter((t): t is string => Boolean(t))
  if (tags.length > 0) out.tags = tags
  if (item.image?.url) out.image = item.image.url
  const enclosures: FeedEnclosure[] = item.media
    .filter((m) => m.url !== out.image)
    .map((m) => ({ url: m.url, type: m.mimeType ?? '', length: m.length ?? 0 }))
  if (enclosures.length > 0) out.enclosures = enclosures
  if (atom) {
    for (const link of element.findElementsWithName('link')) {
      if (link.getAttribute('rel') !== 'replies') continue
      const href = link.getAttributeAsUrl('href')
      if (!href) continue
      // Note: with a `replies` link per format, the first (this package writes Atom first) is kept.
      if (/html/i.test(link.getAttribute('type') ?? '')) out.commentsUrl = href
      else out.commentsFeedUrl ??= href
      const n = count(link.getAttribute('thr:count'))
      if (n !== undefined) out.commentCount = n
    }
  } else {
    for (const el of element.findElementsWithName('comments')) {
      if (el.namespace === 'slash') {
        const n = count(el.textContent)
        if (n !== undefined) out.commentCount = n
      } else {
        const href = el.textContentAsUrl
        if (href) out.commentsUrl = href
      }
    }
    const rss = element.findElementsWithName('commentrss')[0]
    if (rss) {
      const href = rss.textContentAsUrl
      if (href) out.commentsFeedUrl = href
    }
  }
  return out
}

function readXml(text: string): ReadFeedResult {
  let feed: XmlFeed
  try {
    feed = parseFeed(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    throw new FeedError({
      code: 'unreadable-feed',
      reason: `Could not read the feed as RSS, Atom or JSON Feed: ${reason}`,
      field: 'text',
    })
  }
  const atom = feed.meta.type === 'atom'
  const root = feed.element
  const updated = feed.updated ?? feed.published
  return {
    format: atom ? 'atom' : 'rss',
    title: nonEmpty(feed.title === null ? null : textOf(child(root, 'title'), atom)),
    description: nonEmpty(feed.description),
    siteUrl: nonEmpty(feed.url),
    language: nonEmpty(feed.language) ?? nonEmpty(root.getAttribute('xml:lang')),
    authors: authorsOf(feed.authors),
    updated: updated ?? undefined,
    items: feed.items.map((item) => readXmlItem(item, atom)),
  }
}

function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value : undefined
}

function absolute(value: unknown, base: string | undefined): string | undefined {
  const text = str(value)
  if (text === undefined) return undefined
  try {
    return new URL(text, base).href
  } catch {
    return text
  }
}

function jsonDate(value: unknown): Date | undefined {
  const text = str(value)
  if (text === undefined) return undefined
  const date = new Date(text)
  return Number.isNaN(date.getTime()) ? undefined : date
}

function jsonAuthors(value: unknown, base: string | undefined): FeedAuthor[] {
  const list = Array.isArray(value) ? value : value && typeof value === 'object' ? [value] : []
  const out: FeedAuthor[] = []
  for (const a of list as Record<string, unknown>[]) {
    const name = str(a?.name)
    if (!name) continue
    const author: FeedAuthor = { name }
    const url = absolute(a.url, base)
    if (url) author.url = url
    out.push(author)
  }
  return out
}

function readJson(text: string): ReadFeedResult {
  let data: Record<string, unknown>
  try {
    data = JSON.parse(text)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    // Note: V8 reports a character offset; readers of the message want a line and column.
    const offset = /position (\d+)/.exec(reason)
    let where = ''
    if (offset) {
      const before = text.slice(0, Number(offset[1]))
      const line = before.split('\n').length
      where = ` (line ${line}, column ${before.length - before.lastIndexOf('\n')})`
    }
    throw new FeedError({
      code: 'unreadable-feed',
      reason: `Could not read the feed as JSON Feed${where}: ${reason}`,
      field: 'text',
    })
  }
  if (
    typeof data !== 'object' ||
    data === null ||
    !String(data.version ?? '').startsWith('https://jsonfeed.org/version/')
  ) {
    throw new FeedError({
      code: 'unreadable-feed',
      reason:
        'Could not read the feed as JSON Feed: `version` is not `https://jsonfeed.org/version/1.1` (or 1): is this a feed?',
      field: 'version',
    })
  }
  const base = str(data.feed_url) ?? str(data.home_page_url)
  const items = Array.isArray(data.items) ? (data.items as Record<string, unknown>[]) : []
  return {
    format: 'json',
    title: str(data.title),
    description: str(data.description),
    siteUrl: absolute(data.home_page_url, base),
    language: str(data.language),
    authors: jsonAuthors(data.authors ?? data.author, base),
    updated: undefined,
    items: items
      .filter((item) => item && typeof item === 'object')
      .map((item) => {
        const out: ReadFeedItem = {}
        const url = absolute(item.url, base)
        const id = item.id === undefined || item.id === null ? url : String(item.id)
        if (id !== undefined) out.id = id
        if (url !== undefined) out.url = url
        const title = str(item.title)
        if (title !== undefined) out.title = title
        const summary = str(item.summary)
        if (summary !== undefined) out.summary = summary
        const html =
          str(item.content_html) ??
          (str(item.content_text) ? escapeHtml(String(item.content_text)) : undefined)
        if (html !== undefined) out.contentHtml = html
        const date = jsonDate(item.date_published)
        if (date) out.date = date
        const updated = jsonDate(item.date_modified)
        if (updated) out.updated = updated
        const authors = jsonAuthors(item.authors ?? item.author, base)
        if (authors.length > 0) out.authors = authors
        if (Array.isArray(item.tags)) out.tags = item.tags.filter((t): t is string => typeof t === 'string')
        const language = str(item.language)
        if (language) out.language = language
        const image = absolute(item.image, url ?? base)
        if (image) out.image = image
        if (Array.isArray(item.attachments)) {
          out.enclosures = (item.attachments as Record<string, unknown>[]).flatMap((a) => {
            const href = absolute(a?.url, url ?? base)
            if (!href) return []
            const length = typeof a.size_in_bytes === 'number' ? a.size_in_bytes : 0
            return [{ url: href, type: str(a.mime_type) ?? '', length }]
          })
        }
        return out
      }),
  }
}

/**
 * Read an RSS, Atom or JSON Feed document into the `FeedItem` shape (through `@rowanmanning/feed-parser` for
 * RSS and Atom; JSON Feed 1 and 1.1 by hand).
 *
 * @param text
 *   The document, as text.
 * @returns
 *   The feed's title, site URL, language, authors and items (titles and summaries as plain text, content as
 *   HTML, dates as `Date`). The HTML is not sanitized: sanitize it before showing it.
 * @throws {FeedError}
 *   When the text is not a feed (the message says why).
 */
export function readFeed(text: string): ReadFeedResult {
  if (typeof text !== 'string')
    throw new TypeError(`Expected \`readFeed\` to get a string, got \`${typeof text}\``)
  const start = text.trimStart()
  if (start === '') {
    throw new FeedError({
      code: 'unreadable-feed',
      reason: 'Could not read the feed: the text is empty',
      field: 'text',
    })
  }
  return start.startsWith('{') ? readJson(start) : readXml(text)
}
