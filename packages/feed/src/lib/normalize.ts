import { type FeedTime, parseFeedDate } from './dates.js'
import { FeedError, type FeedErrorCode } from './feed-error.js'
import { type CleanPaging, pagingRelations } from './paging.js'
import type { FeedAuthor, FeedItem, FeedMeta, FeedUrls } from './types.js'
import { cleanText } from './xml.js'

/** An author after checks and XML character cleaning. */
export interface CleanAuthor {
  name: string
  email: string | undefined
  url: string | undefined
}

/** An item after checks, cleaning and URL resolution: what the writers render. */
export interface CleanItem {
  id: string
  url: string | undefined
  title: string | undefined
  summary: string | undefined
  contentHtml: string | undefined
  date: FeedTime | undefined
  updated: FeedTime | undefined
  authors: CleanAuthor[]
  tags: string[]
  language: string | undefined
  image: string | undefined
  enclosures: { url: string; type: string; length: number }[]
  commentsUrl: string | undefined
  commentsFeeds: CleanCommentFeeds | undefined
  commentCount: number | undefined
  label: string
  index: number
}

/**
 * A post's comment feeds after checks. A plain `commentsFeedUrl` string (format not known) is `any`: RSS
 * writes it as `wfw:commentRss` and Atom as a `replies` link of the default type (Atom, RFC 4685).
 */
export interface CleanCommentFeeds {
  any?: string
  rss?: string
  atom?: string
  json?: string
}

/** The feed's own fields after checks and cleaning. */
export interface CleanMeta {
  title: string
  description: string | undefined
  siteUrl: string
  id: string
  rssUrl: string | undefined
  atomUrl: string | undefined
  jsonUrl: string | undefined
  language: string | undefined
  authors: CleanAuthor[]
  updated: FeedTime | undefined
  icon: string | undefined
  favicon: string | undefined
  copyright: string | undefined
  hubs: string[]
  paging: CleanPaging
  resolveRelativeUrls: boolean
}

const absolute = /^[a-z][a-z\d+.-]*:/i
const languageTag = /^[A-Za-z]{2,8}(?:-[A-Za-z\d]{1,8})*$/

function describe(itemIndex: number | undefined, label: string | undefined): string {
  return itemIndex === undefined ? 'Feed' : `items[${itemIndex}]${label ? ` (${label})` : ''}`
}

function fail(
  code: FeedErrorCode,
  itemIndex: number | undefined,
  label: string | undefined,
  field: string,
  problem: string,
  fix?: string,
): never {
  throw new FeedError({
    code,
    reason: `\`${field}\` ${problem}${fix ? `; ${fix}` : ''}`,
    field,
    itemIndex,
    place: describe(itemIndex, label),
  })
}

function text(value: unknown, index: number | undefined, label: string | undefined, field: string) {
  if (value === undefined || value === null) return undefined
  if (typeof value !== 'string')
    fail('not-a-string', index, label, field, `must be a string, got \`${typeof value}\``)
  const clean = cleanText(value)
  return clean === '' ? undefined : clean
}

// Note: every URL is written in its WHATWG serialization (`new URL(value).href`): a space becomes `%20`,
// non-ASCII path characters are percent-encoded and host names are lowercased and punycoded, which is what the
// W3C validator accepts in RSS (`InvalidURLAttribute`), Atom (`InvalidUriChar`) and JSON Feed.
function url(value: unknown, index: number | undefined, label: string | undefined, field: string) {
  const clean = text(value, index, label, field)
  if (clean === undefined) return undefined
  const trimmed = clean.trim()
  const parsed = absolute.test(trimmed) ? URL.parse(trimmed) : null
  if (parsed === null) {
    fail(
      'not-absolute-url',
      index,
      label,
      field,
      `\`${trimmed}\` is not an absolute URL`,
      'readers fetch feeds away from the site, so give the full URL such as `https://example.com/posts/hello/` (for example `new URL(path, siteUrl).href`)',
    )
  }
  return parsed.href
}

function date(value: unknown, index: number | undefined, label: string | undefined, field: string) {
  if (value === undefined || value === null) return undefined
  const parsed = parseFeedDate(value)
  if (typeof parsed === 'string') fail('invalid-date', index, label, field, parsed)
  return parsed
}

function language(value: unknown, index: number | undefined, label: string | undefined, field: string) {
  const clean = text(value, index, label, field)
  if (clean !== undefined && !languageTag.test(clean)) {
    fail(
      'invalid-language',
      index,
      label,
      field,
      `\`${clean}\` is not a BCP 47 language tag`,
      'use a tag such as `sv` or `en-GB`',
    )
  }
  return clean
}

function authors(value: unknown, index: number | undefined, label: string | undefined): CleanAuthor[] {
  if (value === undefined || value === null) return []
  if (!Array.isArray(value))
    fail('invalid-author', index, label, 'authors', 'must be an array of `{ name, email?, url? }`')
  return (value as FeedAuthor[]).map((author, i) => {
    const field = `authors[${i}]`
    if (typeof author !== 'object' || author === null)
      fail('invalid-author', index, label, field, 'must be `{ name, email?, url? }`')
    const name = text(author.name, index, label, `${field}.name`)
    if (name === undefined)
      fail('missing-field', index, label, `${field}.name`, 'is missing', 'every author needs a name')
    const email = text(author.email, index, label, `${field}.email`)
    if (email !== undefined && !/^[^@\s]+@[^@\s]+$/.test(email)) {
      fail(
        'invalid-email',
        index,
        label,
        `${field}.email`,
        `\`${email}\` is not an email address`,
        'give `name@example.com` or leave it out',
      )
    }
    return {
      name,
      email,
      url: url(author.url, index, label, `${field}.url`),
    }
  })
}

function commentFeeds(
  value: unknown,
  index: number,
  label: string | undefined,
): CleanCommentFeeds | undefined {
  if (value === undefined || value === null) return undefined
  if (typeof value === 'string') {
    const any = url(value, index, label, 'commentsFeedUrl')
    return any === undefined ? undefined : { any }
  }
  if (typeof value !== 'object') {
    fail(
      'invalid-comments-feed-url',
      index,
      label,
      'commentsFeedUrl',
      `must be a URL or \`{ rss?, atom?, json? }\`, got \`${typeof value}\``,
    )
  }
  const feeds: CleanCommentFeeds = {}
  for (const format of ['rss', 'atom', 'json'] as const) {
    const clean = url((value as FeedUrls)[format], index, label, `commentsFeedUrl.${format}`)
    if (clean !== undefined) feeds[format] = clean
  }
  return feeds.rss || feeds.atom || feeds.json ? feeds : undefined
}

/** Check and clean the feed's own fields. */
export function cleanMeta(meta: FeedMeta): CleanMeta {
  if (typeof meta !== 'object' || meta === null) {
    throw new TypeError('Expected `createFeed` to get an object with `title` and `siteUrl`')
  }
  if ((meta as { stylesheet?: unknown }).stylesheet !== undefined) {
    fail(
      'stylesheet-removed',
      undefined,
      undefined,
      'stylesheet',
      'is no longer supported: browsers are removing XSLT, so feeds carry no `<?xml-stylesheet?>`',
      'remove it, and link readers to an HTML page that lists your feeds instead (the `discoveryLinks` tags still go in every page’s `<head>`)',
    )
  }
  const title = text(meta.title, undefined, undefined, 'title')
  if (title === undefined)
    fail('missing-field', undefined, undefined, 'title', 'is missing', 'give the blog’s title')
  const siteUrl = url(meta.siteUrl, undefined, undefined, 'siteUrl')
  if (siteUrl === undefined)
    fail(
      'missing-field',
      undefined,
      undefined,
      'siteUrl',
      'is missing',
      'give the absolute URL of the blog’s home page',
    )
  const feedUrls = meta.feedUrls ?? {}
  const atomUrl = url(feedUrls.atom, undefined, undefined, 'feedUrls.atom')
  const hub = meta.hub === undefined ? [] : typeof meta.hub === 'string' ? [meta.hub] : [...meta.hub]
  const paging: CleanPaging = {}
  const given = meta.paging ?? {}
  if (given.archive === true) paging.archive = true
  if (given.complete === true) paging.complete = true
  for (const [key] of pagingRelations) {
    const value = given[key]
    if (value === undefined || value === null) continue
    const field = `paging.${key}`
    if (typeof value === 'string') {
      const clean = url(value, undefined, undefined, field) as string
      paging[key] = { rss: clean, atom: clean, json: clean }
    } else {
      const links: { rss?: string; atom?: string; json?: string } = {}
      for (const format of ['rss', 'atom', 'json'] as const) {
        const clean = url(value[format], undefined, undefined, `${field}.${format}`)
        if (clean !== undefined) links[format] = clean
      }
      paging[key] = links
    }
  }
  return {
    title,
    description: text(meta.description, undefined, undefined, 'description'),
    siteUrl,
    id: text(meta.id, undefined, undefined, 'id') ?? atomUrl ?? siteUrl,
    rssUrl: url(feedUrls.rss, undefined, undefined, 'feedUrls.rss'),
    atomUrl,
    jsonUrl: url(feedUrls.json, undefined, undefined, 'feedUrls.json'),
    language: language(meta.language, undefined, undefined, 'language'),
    authors: authors(meta.authors, undefined, undefined),
    updated: date(meta.updated, undefined, undefined, 'updated'),
    icon: url(meta.icon, undefined, undefined, 'icon'),
    favicon: url(meta.favicon, undefined, undefined, 'favicon'),
    copyright: text(meta.copyright, undefined, undefined, 'copyright'),
    hubs: hub.map((h, i) => url(h, undefined, undefined, `hub[${i}]`) as string),
    paging,
    resolveRelativeUrls: meta.resolveRelativeUrls !== false,
  }
}

/** Check and clean one item; `resolveUrls` rewrites relative URLs in its HTML. */
export function cleanItem(
  item: FeedItem,
  index: number,
  resolveUrls: ((html: string, base: string) => string) | undefined,
): CleanItem {
  if (typeof item !== 'object' || item === null) {
    throw new FeedError({
      code: 'invalid-item',
      reason: 'must be an object with at least `id` or `url`',
      field: 'item',
      itemIndex: index,
      place: `items[${index}]`,
    })
  }
  const rawLabel =
    typeof item.id === 'string' ? item.id : typeof item.url === 'string' ? item.url : item.title
  const label = typeof rawLabel === 'string' ? `\`${rawLabel.slice(0, 80)}\`` : undefined
  const itemUrl = url(item.url, index, label, 'url')
  const id = text(item.id, index, label, 'id') ?? itemUrl
  if (id === undefined) {
    fail(
      'missing-id',
      index,
      label,
      'id',
      'and `url` are both missing',
      'give the item a `url` (absolute) or a stable `id`',
    )
  }
  let contentHtml = text(item.contentHtml, index, label, 'contentHtml')
  if (contentHtml !== undefined && resolveUrls && itemUrl !== undefined)
    contentHtml = resolveUrls(contentHtml, itemUrl)
  const count = item.commentCount
  if (count !== undefined && (!Number.isInteger(count) || count < 0)) {
    fail(
      'invalid-comment-count',
      index,
      label,
      'commentCount',
      `must be a whole number ≥ 0, got \`${String(count)}\``,
    )
  }
  const enclosures = (item.enclosures ?? []).map((enclosure, i) => {
    const field = `enclosures[${i}]`
    const enclosureUrl = url(enclosure?.url, index, label, `${field}.url`)
    if (enclosureUrl === undefined) fail('missing-field', index, label, `${field}.url`, 'is missing')
    const type = text(enclosure.type, index, label, `${field}.type`)
    if (type === undefined || !type.includes('/')) {
      fail('invalid-enclosure', index, label, `${field}.type`, 'must be a MIME type such as `audio/mpeg`')
    }
    const length = enclosure.length
    if (!Number.isInteger(length) || length < 0) {
      fail(
        'invalid-enclosure',
        index,
        label,
        `${field}.length`,
        `must be the size in bytes (0 when unknown), got \`${String(length)}\``,
      )
    }
    return { url: enclosureUrl, type, length }
  })
  return {
    id,
    url: itemUrl,
    title: text(item.title, index, label, 'title'),
    summary: text(item.summary, index, label, 'summary'),
    contentHtml,
    date: date(item.date, index, label, 'date'),
    updated: date(item.updated, index, label, 'updated'),
    authors: authors(item.authors, index, label),
    tags: (item.tags ?? [])
      .map((tag, i) => text(tag, index, label, `tags[${i}]`))
      .filter((t) => t !== undefined),
    language: language(item.language, index, label, 'language'),
    image: url(item.image, index, label, 'image'),
    enclosures,
    commentsUrl: url(item.commentsUrl, index, label, 'commentsUrl'),
    commentsFeeds: commentFeeds(item.commentsFeedUrl, index, label),
    commentCount: count,
    label: label ?? '',
    index,
  }
}

export { fail as failItem }
