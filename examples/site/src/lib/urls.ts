import { slugify } from '@blogkit/post'
import { SiteError } from './errors.js'

/** Where every page and file of the site lives. Paths start with the base URL's path (usually `/`). */
export interface SiteUrls {
  /** Path of the site root, with a trailing slash (`/`, or `/blog/` for a site under a folder). */
  readonly root: string
  home(page?: number): string
  tags(): string
  tag(slug: string): string
  categories(): string
  category(slug: string): string
  archive(): string
  year(year: string): string
  feed(format: 'rss' | 'atom' | 'json'): string
  /**
   * A post's comment feed, beside its page (`postPath` of the post): `comments.rss` (RSS), `comments.xml`
   * (Atom, the default), `comments.json`.
   */
  commentFeed(postPath: string, format?: 'rss' | 'atom' | 'json'): string
  /** The page that lists the feeds (the header's and footer's feed links go there). */
  subscribe(): string
  stylesheet(): string
  favicon(): string
  sitemap(): string
  robots(): string
  notFound(): string
  /** Absolute URL of a path made by the other methods. */
  absolute(path: string): string
}

/** Slug of a tag or category for its archive URL (`sociala medier` → `sociala-medier`). */
export function termSlug(name: string): string {
  return slugify(name) || encodeURIComponent(name.toLowerCase())
}

/**
 * The site's URL scheme (posts and pages by `postPath` and `pagePath`): `/page/2/`, `/tags/<slug>/`, `/categories/<slug>/`,
 * `/archive/<year>/`, `/feed.xml`, `/atom.xml`, `/feed.json`, `/subscribe/`, `<post>/comments.rss`,
 * `<post>/comments.xml` (Atom), `<post>/comments.json`, `/sitemap.xml`.
 *
 * @param baseUrl
 *   Absolute URL of the site, with a trailing slash.
 */
export function createUrls(baseUrl: string): SiteUrls {
  const base = new URL(baseUrl)
  const root = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`
  return {
    root,
    home: (page = 1) => (page <= 1 ? root : `${root}page/${page}/`),
    tags: () => `${root}tags/`,
    tag: (slug) => `${root}tags/${slug}/`,
    categories: () => `${root}categories/`,
    category: (slug) => `${root}categories/${slug}/`,
    archive: () => `${root}archive/`,
    year: (year) => `${root}archive/${year}/`,
    feed: (format) =>
      `${root}${format === 'rss' ? 'feed.xml' : format === 'atom' ? 'atom.xml' : 'feed.json'}`,
    // Note: `.rss` is what static hosts serve as `application/rss+xml`; the Atom feed keeps the URL it had.
    commentFeed: (postPath, format = 'atom') =>
      `${postPath}comments.${format === 'rss' ? 'rss' : format === 'atom' ? 'xml' : 'json'}`,
    subscribe: () => `${root}subscribe/`,
    stylesheet: () => `${root}styles.css`,
    favicon: () => `${root}favicon.svg`,
    sitemap: () => `${root}sitemap.xml`,
    robots: () => `${root}robots.txt`,
    notFound: () => `${root}404.html`,
    absolute: (path) => new URL(path, base).href,
  }
}

/** The default `permalink` of posts. */
export const defaultPermalink = '/posts/:slug/'

/** The placeholders a `permalink` pattern may use. */
export const permalinkPlaceholders = ['year', 'month', 'day', 'slug', 'category'] as const
type Placeholder = (typeof permalinkPlaceholders)[number]

/** A checked `permalink` pattern: literal text and placeholders, in order. */
export type Permalink = ReadonlyArray<string | { readonly name: Placeholder }>

const permalinkCache = new Map<string, Permalink>()

/**
 * Check a `permalink` pattern (`/:year/:month/:day/:slug/`, `/:category/:slug/`, `/posts/:slug/`): it
 * starts and ends with `/`, has `:slug`, and uses only the placeholders `:year`, `:month`, `:day`,
 * `:slug`, `:category` between literal letters, digits, `-`, `_`, `.` and `/`.
 *
 * @param pattern
 *   The pattern as written.
 * @param where
 *   Where it was written, for the error (`site.json`).
 * @throws {SiteError}
 *   Naming `where`, the field `permalink` and what is wrong.
 */
export function parsePermalink(pattern: unknown, where = 'site.json'): Permalink {
  const bad = (why: string): never => {
    throw new SiteError([
      `${where}: \`permalink\` ${why}, got \`${JSON.stringify(pattern)}\`; e.g. "/:year/:month/:day/:slug/", "/:year/:month/:slug/", "/:slug/", "/:category/:slug/" or "${defaultPermalink}" (the default)`,
    ])
  }
  if (typeof pattern !== 'string') return bad('should be a pattern string')
  const known = permalinkCache.get(pattern)
  if (known) return known
  if (!pattern.startsWith('/') || !pattern.endsWith('/')) bad('should start and end with `/`')
  if (pattern.includes('//')) bad('should not have an empty segment (`//`)')
  const parts: Array<string | { name: Placeholder }> = []
  const seen = new Set<string>()
  for (const match of pattern.matchAll(/:([A-Za-z_]*)|[^:]+/g)) {
    const [text, name] = match
    if (name === undefined) {
      if (!/^[A-Za-z0-9\-_./]+$/.test(text))
        bad(`has \`${text}\`: only letters, digits, \`-\`, \`_\`, \`.\`, \`/\` and placeholders may be used`)
      parts.push(text)
    } else if (!(permalinkPlaceholders as readonly string[]).includes(name)) {
      bad(
        `has an unknown placeholder \`:${name}\` (known: ${permalinkPlaceholders.map((p) => `:${p}`).join(', ')})`,
      )
    } else {
      if (seen.has(name)) bad(`has \`:${name}\` twice`)
      seen.add(name)
      parts.push({ name: name as Placeholder })
    }
  }
  if (!seen.has('slug')) bad('should have `:slug` (else every post would have one address)')
  permalinkCache.set(pattern, parts)
  return parts
}

/** What a post's address is made of. */
export interface PermalinkPost {
  slug: string
  date: Date
  categories: readonly string[]
}

/** What `postPath` and `pagePath` need of the site (a `Site` has it). */
export interface PermalinkSite {
  config: { readonly permalink: string; readonly timeZone: string }
  urls: Pick<SiteUrls, 'root'>
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** `{ year, month, day }` of a date in a time zone, zero-padded (`2021`, `04`, `02`). */
function dateParts(date: Date, timeZone: string): Record<'year' | 'month' | 'day', string> {
  let format = dateFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dateFormats.set(timeZone, format)
  }
  const parts = { year: '', month: '', day: '' }
  for (const part of format.formatToParts(date))
    if (part.type === 'year' || part.type === 'month' || part.type === 'day') parts[part.type] = part.value
  return parts
}

/**
 * Path of a post's page by the site's `permalink` pattern (`site.config.permalink`, default
 * `/posts/:slug/`), under the site root. `:year`, `:month`, `:day` are the post's date in the site's
 * `timeZone` (UTC unless site.json sets one); `:category` is the slug of its first category (a post
 * without one gets no such segment); `:slug` is its slug, percent-encoded.
 *
 * @example
 *   postPath(post, site) // '/2021/04/12/sluta-mata-rackvidd/'
 */
export function postPath(post: PermalinkPost, site: PermalinkSite): string {
  const parts = parsePermalink(site.config.permalink)
  let date: Record<'year' | 'month' | 'day', string> | undefined
  let out = ''
  for (const part of parts) {
    if (typeof part === 'string') out += part
    else if (part.name === 'slug') out += encodeURIComponent(post.slug)
    else if (part.name === 'category') {
      const first = post.categories[0]
      out += first === undefined ? '' : termSlug(first)
    } else {
      date ??= dateParts(post.date, site.config.timeZone)
      out += date[part.name]
    }
  }
  // Note: an empty `:category` leaves `//`; its segment goes.
  return `${site.urls.root}${out.replace(/\/{2,}/g, '/').slice(1)}`
}

/** What a page's address is made of. */
export interface PagePathInput {
  slug: string
  /** Its own `permalink` from front matter (a path from the site root, such as `/om-mig/`). */
  permalink?: string | undefined
  /** Slugs of the pages it is nested under, outermost first. */
  parents?: readonly string[] | undefined
}

/**
 * Path of a page (a file of the content folder's `pages/`): its own `permalink` when it has one (under
 * the site root), else `/<parent slugs>/<slug>/`.
 *
 * @example
 *   pagePath({ slug: 'team', parents: ['om'] }, site) // '/om/team/'
 */
export function pagePath(page: PagePathInput, site: Pick<PermalinkSite, 'urls'>): string {
  if (page.permalink !== undefined) {
    const own = page.permalink.replace(/^\/+/, '')
    return `${site.urls.root}${own === '' || own.endsWith('/') ? own : `${own}/`}`
  }
  const segments = [...(page.parents ?? []), page.slug].map((slug) => encodeURIComponent(slug))
  return `${site.urls.root}${segments.join('/')}/`
}
