import type { FeedTime } from './dates.js'
import { FeedError } from './feed-error.js'
import type { CleanAuthor, CleanItem, CleanMeta } from './normalize.js'
import { pagingRelations } from './paging.js'
import type { FeedFormat } from './types.js'
import {
  escapeAttribute as attr,
  cdata,
  escapeText as esc,
  escapeHtml,
  escapePlainText as plain,
  escapeRssText as rssText,
} from './xml.js'

/** What a writer needs besides the items. */
export interface WriteContext {
  meta: CleanMeta
  /** Feed `updated`: given, or the newest item date. */
  updated: FeedTime | undefined
  excerpt: boolean
}

/** A format writer: head, one string per item, tail. */
export interface Writer {
  head(context: WriteContext): string
  item(item: CleanItem, context: WriteContext): string
  /** Separator between items. */
  separator: string
  tail(context: WriteContext): string
}

const generator = '@blogkit/feed'
const absoluteUri = /^[a-z][a-z\d+.-]*:\S+$/i

// Note: an item `description` is HTML in RSS, so a plain-text summary there is escaped as HTML first and then
// as XML. Readers treat RSS titles, the channel description and copyright as HTML too (Python feedparser
// calls them `text/html`), so `rssText` escapes them for HTML where HTML would read markup, then for XML.
// Categories and names are plain text to readers: `plain` writes `&#x26;`, `&#x3C;`, `&#x3E;`.
function rssHtmlText(value: string): string {
  return esc(escapeHtml(value))
}

function rssAuthorsOf(item: CleanItem, meta: CleanMeta): CleanAuthor[] {
  return item.authors.length > 0 ? item.authors : meta.authors
}

const rss: Writer = {
  separator: '',
  head({ meta, updated }) {
    const { paging } = meta
    let out = `<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:slash="http://purl.org/rss/1.0/modules/slash/" xmlns:wfw="http://wellformedweb.org/CommentAPI/" xmlns:media="http://search.yahoo.com/mrss/"${paging.archive || paging.complete ? ' xmlns:fh="http://purl.org/syndication/history/1.0"' : ''}>\n<channel>\n<title>${rssText(meta.title)}</title>\n<link>${esc(meta.siteUrl)}</link>\n<description>${rssText(meta.description ?? meta.title)}</description>\n`
    if (meta.rssUrl) out += `<atom:link href="${attr(meta.rssUrl)}" rel="self" type="application/rss+xml"/>\n`
    for (const hub of meta.hubs) out += `<atom:link href="${attr(hub)}" rel="hub"/>\n`
    for (const [key, rel] of pagingRelations) {
      const href = paging[key]?.rss
      if (href) out += `<atom:link href="${attr(href)}" rel="${rel}" type="application/rss+xml"/>\n`
    }
    if (paging.archive) out += '<fh:archive/>\n'
    if (paging.complete) out += '<fh:complete/>\n'
    if (meta.language) out += `<language>${esc(meta.language)}</language>\n`
    if (meta.copyright) out += `<copyright>${rssText(meta.copyright)}</copyright>\n`
    if (updated) out += `<lastBuildDate>${updated.rfc822}</lastBuildDate>\n`
    out += `<generator>${generator}</generator>\n<docs>https://www.rssboard.org/rss-specification</docs>\n`
    if (meta.icon) {
      out += `<image>\n<url>${esc(meta.icon)}</url>\n<title>${rssText(meta.title)}</title>\n<link>${esc(meta.siteUrl)}</link>\n</image>\n`
    }
    return out
  },
  item(item, { meta, excerpt }) {
    // Note: `xml:lang` is what readers read (W3C accepts it on `<item>`); `dc:language` is kept for the others.
    let out = item.language ? `<item xml:lang="${attr(item.language)}">\n` : '<item>\n'
    if (item.title !== undefined) out += `<title>${rssText(item.title)}</title>\n`
    if (item.url) out += `<link>${esc(item.url)}</link>\n`
    const permalink = item.id === item.url && /^https?:/i.test(item.id)
    out += `<guid isPermaLink="${permalink}">${esc(item.id)}</guid>\n`
    const html = excerpt ? undefined : item.contentHtml
    if (item.summary !== undefined) {
      out += `<description>${rssHtmlText(item.summary)}</description>\n`
      if (html !== undefined) out += `<content:encoded>${cdata(html)}</content:encoded>\n`
    } else if (html !== undefined) {
      out += `<description>${cdata(html)}</description>\n`
    }
    if (item.date) out += `<pubDate>${item.date.rfc822}</pubDate>\n`
    for (const author of rssAuthorsOf(item, meta)) out += `<dc:creator>${plain(author.name)}</dc:creator>\n`
    for (const tag of item.tags) out += `<category>${plain(tag)}</category>\n`
    if (item.language) out += `<dc:language>${esc(item.language)}</dc:language>\n`
    item.enclosures.forEach((enclosure, i) => {
      // Note: RSS allows one enclosure per item; the others go in Media RSS so none is lost.
      out +=
        i === 0
          ? `<enclosure url="${attr(enclosure.url)}" length="${enclosure.length}" type="${attr(enclosure.type)}"/>\n`
          : `<media:content url="${attr(enclosure.url)}" fileSize="${enclosure.length}" type="${attr(enclosure.type)}"/>\n`
    })
    if (item.image) out += `<media:thumbnail url="${attr(item.image)}"/>\n`
    if (item.commentsUrl) out += `<comments>${esc(item.commentsUrl)}</comments>\n`
    const comments = item.commentsFeeds
    // Note: WordPress readers expect RSS here; an Atom feed is the next best, a JSON Feed none of them reads.
    const commentRss = comments && (comments.any ?? comments.rss ?? comments.atom)
    if (commentRss) out += `<wfw:commentRss>${esc(commentRss)}</wfw:commentRss>\n`
    if (item.commentCount !== undefined) out += `<slash:comments>${item.commentCount}</slash:comments>\n`
    return `${out}</item>\n`
  },
  tail() {
    return '</channel>\n</rss>\n'
  },
}

function atomPerson(author: CleanAuthor): string {
  let out = `<author>\n<name>${plain(author.name)}</name>\n`
  if (author.email) out += `<email>${esc(author.email)}</email>\n`
  if (author.url) out += `<uri>${esc(author.url)}</uri>\n`
  return `${out}</author>\n`
}

const atom: Writer = {
  separator: '',
  head({ meta, updated }) {
    const { paging } = meta
    if (!updated) {
      throw new FeedError({
        code: 'atom-missing-updated',
        reason:
          '`updated` is missing and no item has a `date`; Atom requires it: set `updated` on the feed or `date` on the items',
        field: 'updated',
        place: 'Feed',
      })
    }
    if (!absoluteUri.test(meta.id)) {
      throw new FeedError({
        code: 'atom-invalid-id',
        reason: `\`id\` \`${meta.id}\` is not an absolute URI; Atom requires one: use the feed URL or a tag URI`,
        field: 'id',
        place: 'Feed',
      })
    }
    let out = `<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom" xmlns:thr="http://purl.org/syndication/thread/1.0" xmlns:media="http://search.yahoo.com/mrss/"${paging.archive || paging.complete ? ' xmlns:fh="http://purl.org/syndication/history/1.0"' : ''}${meta.language ? ` xml:lang="${attr(meta.language)}"` : ''}>\n<id>${esc(meta.id)}</id>\n<title type="text">${plain(meta.title)}</title>\n`
    if (meta.description) out += `<subtitle type="text">${plain(meta.description)}</subtitle>\n`
    out += `<updated>${updated.rfc3339}</updated>\n<link rel="alternate" type="text/html" href="${attr(meta.siteUrl)}"/>\n`
    if (meta.atomUrl) out += `<link rel="self" type="application/atom+xml" href="${attr(meta.atomUrl)}"/>\n`
    for (const hub of meta.hubs) out += `<link rel="hub" href="${attr(hub)}"/>\n`
    for (const [key, rel] of pagingRelations) {
      const href = paging[key]?.atom
      if (href) out += `<link rel="${rel}" type="application/atom+xml" href="${attr(href)}"/>\n`
    }
    if (paging.archive) out += '<fh:archive/>\n'
    if (paging.complete) out += '<fh:complete/>\n'
    for (const author of meta.authors) out += atomPerson(author)
    out += `<generator>${generator}</generator>\n`
    if (meta.favicon) out += `<icon>${esc(meta.favicon)}</icon>\n`
    if (meta.icon) out += `<logo>${esc(meta.icon)}</logo>\n`
    if (meta.copyright) out += `<rights type="text">${plain(meta.copyright)}</rights>\n`
    return out
  },
  item(item, { meta, excerpt }) {
    const where = `items[${item.index}]${item.label ? ` (${item.label})` : ''}`
    const updated = item.updated ?? item.date
    if (!updated) {
      throw new FeedError({
        code: 'atom-missing-date',
        reason: '`date` is missing; Atom requires an updated date for every entry: set `date` (or `updated`)',
        field: 'date',
        itemIndex: item.index,
        place: where,
      })
    }
    if (item.authors.length === 0 && meta.authors.length === 0) {
      throw new FeedError({
        code: 'atom-missing-author',
        reason:
          '`authors` is missing and the feed has no `authors`; Atom requires an author: set `authors` on the feed or on every item',
        field: 'authors',
        itemIndex: item.index,
        place: where,
      })
    }
    if (!absoluteUri.test(item.id)) {
      throw new FeedError({
        code: 'atom-invalid-id',
        reason: `\`id\` \`${item.id}\` is not an absolute URI; Atom requires one: use the post URL or a tag URI such as \`tag:blog.example,2021:${item.id}\``,
        field: 'id',
        itemIndex: item.index,
        place: where,
      })
    }
    const html = excerpt ? undefined : item.contentHtml
    if (!item.url && html === undefined) {
      throw new FeedError({
        code: 'atom-missing-link',
        reason: `\`url\` is missing and there is no content to show; Atom requires one of them: set \`url\`${excerpt ? ' or write full content' : ' or `contentHtml`'}`,
        field: 'url',
        itemIndex: item.index,
        place: where,
      })
    }
    let out = `<entry${item.language ? ` xml:lang="${attr(item.language)}"` : ''}>\n<id>${esc(item.id)}</id>\n<title type="text">${plain(item.title ?? '')}</title>\n<updated>${updated.rfc3339}</updated>\n`
    if (item.date) out += `<published>${item.date.rfc3339}</published>\n`
    if (item.url) out += `<link rel="alternate" type="text/html" href="${attr(item.url)}"/>\n`
    for (const author of item.authors) out += atomPerson(author)
    for (const tag of item.tags) out += `<category term="${attr(tag)}"/>\n`
    if (item.summary !== undefined) out += `<summary type="text">${plain(item.summary)}</summary>\n`
    if (html !== undefined) out += `<content type="html">${cdata(html)}</content>\n`
    for (const enclosure of item.enclosures) {
      out += `<link rel="enclosure" type="${attr(enclosure.type)}" length="${enclosure.length}" href="${attr(enclosure.url)}"/>\n`
    }
    const count = item.commentCount === undefined ? '' : ` thr:count="${item.commentCount}"`
    const feeds = item.commentsFeeds
    if (feeds) {
      // Note: RFC 4685 assumes Atom when a `replies` link has no type; a URL of unknown format is written so.
      const atomFeed = feeds.any ?? feeds.atom
      for (const [href, type] of [
        [atomFeed, 'application/atom+xml'],
        [feeds.rss, 'application/rss+xml'],
        [feeds.json, 'application/feed+json'],
      ] as const) {
        if (href) out += `<link rel="replies" type="${type}" href="${attr(href)}"${count}/>\n`
      }
    }
    if (item.commentsUrl)
      out += `<link rel="replies" type="text/html" href="${attr(item.commentsUrl)}"${count}/>\n`
    if (item.image) out += `<media:thumbnail url="${attr(item.image)}"/>\n`
    return `${out}</entry>\n`
  },
  tail() {
    return '</feed>\n'
  },
}

function jsonAuthor(author: CleanAuthor) {
  return author.url ? { name: author.name, url: author.url } : { name: author.name }
}

function jsonHead(meta: CleanMeta): Record<string, unknown> {
  const head: Record<string, unknown> = { version: 'https://jsonfeed.org/version/1.1', title: meta.title }
  head.home_page_url = meta.siteUrl
  if (meta.jsonUrl) head.feed_url = meta.jsonUrl
  if (meta.description) head.description = meta.description
  if (meta.paging.next?.json) head.next_url = meta.paging.next.json
  if (meta.icon) head.icon = meta.icon
  if (meta.favicon) head.favicon = meta.favicon
  if (meta.authors.length > 0) head.authors = meta.authors.map(jsonAuthor)
  if (meta.language) head.language = meta.language
  if (meta.hubs.length > 0) head.hubs = meta.hubs.map((url) => ({ type: 'WebSub', url }))
  return head
}

function jsonItem(item: CleanItem, excerpt: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = { id: item.id }
  if (item.url) out.url = item.url
  if (item.title !== undefined) out.title = item.title
  const html = excerpt ? undefined : item.contentHtml
  if (html !== undefined) out.content_html = html
  else out.content_text = item.summary ?? ''
  if (item.summary !== undefined) out.summary = item.summary
  if (item.image) out.image = item.image
  if (item.date) out.date_published = item.date.rfc3339
  if (item.updated) out.date_modified = item.updated.rfc3339
  if (item.authors.length > 0) out.authors = item.authors.map(jsonAuthor)
  if (item.tags.length > 0) out.tags = item.tags
  if (item.language) out.language = item.language
  if (item.enclosures.length > 0) {
    out.attachments = item.enclosures.map((e) => ({ url: e.url, mime_type: e.type, size_in_bytes: e.length }))
  }
  return out
}

// Note: compact JSON. A document is head + items + tail like a stream's (`writeDocument`): one
// `JSON.stringify` of the whole feed took 2 to 2.7 times the CPU on Node 22 to 26 (BENCHMARKS.md).
const json: Writer = {
  separator: ',',
  head({ meta }) {
    return `${JSON.stringify(jsonHead(meta)).slice(0, -1)},"items":[`
  },
  item(item, { excerpt }) {
    return JSON.stringify(jsonItem(item, excerpt))
  },
  tail() {
    return ']}\n'
  },
}

/** The writer for each format. */
export const writers: Record<FeedFormat, Writer> = { rss, atom, json }
