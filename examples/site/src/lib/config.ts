import path from 'node:path'
import { readJsonObjectFile } from './content-files.js'
import { SiteError } from './errors.js'
import { defaultPermalink, parsePermalink } from './urls.js'

/** The blog's settings, from `site.json` in the content folder (every field optional there). */
export interface SiteConfig {
  /** Name of the blog. @default the content folder's name */
  title: string
  /** One-line description, for the home page and the feeds. @default '' */
  description: string
  /** Main author, used when a post names none. */
  author: { name: string; url?: string }
  /** BCP 47 language of the site (pages that are not a post). @default 'en' */
  language: string
  /** Absolute URL the site is published at. @default 'http://localhost:3000/' */
  baseUrl: string
  /** Posts per page on the home page. @default 10 */
  postsPerPage: number
  /** IANA time zone in which dates are shown and date-only front matter is read. @default 'UTC' */
  timeZone: string
  /** Related posts shown under a post. @default 4 */
  relatedLimit: number
  /** Deepest comment reply level shown (deeper replies are shown at that level, labelled). @default 4 */
  commentsMaxDepth: number
  /**
   * Address pattern of posts: `/:year/:month/:day/:slug/`, `/:year/:month/:slug/`, `/:slug/`,
   * `/:category/:slug/`, … (see `postPath`). @default '/posts/:slug/'
   */
  permalink: string
  /**
   * The site's navigation links, in order, after the pages whose front matter says `menu`: a page's
   * slug (`"om"`) or a link `{ "title": "…", "url": "…" }`. @default []
   */
  nav: NavEntry[]
}

/** An entry of `nav` in site.json: a page by its slug, or any link. */
export type NavEntry = { page: string } | { title: string; url: string }

function fail(file: string, field: string, expected: string, value: unknown): never {
  throw new SiteError([`${file}: \`${field}\` should be ${expected}, got \`${JSON.stringify(value)}\``])
}

/** Parse and check an absolute http(s) URL; always returns it with a trailing slash. */
export function normalizeBaseUrl(value: string, where: string): string {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    throw new SiteError([`${where}: base URL should be an absolute http(s) URL, got \`${value}\``])
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new SiteError([`${where}: base URL should be an absolute http(s) URL, got \`${value}\``])
  url.search = ''
  url.hash = ''
  if (!url.pathname.endsWith('/')) url.pathname += '/'
  return url.href
}

/**
 * Read `site.json` from a content folder (it is optional: without it every field has its default).
 *
 * @param contentDir
 *   The content folder.
 * @returns
 *   The settings, with defaults filled in.
 * @throws {SiteError}
 *   When site.json is not valid JSON or a field has the wrong type.
 */
export async function readSiteConfig(contentDir: string): Promise<SiteConfig> {
  const file = path.join(contentDir, 'site.json')
  const shown = path.relative(process.cwd(), file) || file
  const data = (await readJsonObjectFile(file, shown)) ?? {}
  const base = path.basename(contentDir) === 'posts' ? path.dirname(contentDir) : contentDir
  const string = (field: string, fallback: string): string => {
    const value = data[field]
    if (value === undefined) return fallback
    if (typeof value !== 'string' || value.trim() === '') fail(shown, field, 'a non-empty string', value)
    return value
  }
  const integer = (field: string, fallback: number): number => {
    const value = data[field]
    if (value === undefined) return fallback
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      fail(shown, field, 'a positive integer', value)
    return value
  }
  const title = string('title', path.basename(path.resolve(base)))
  let author: SiteConfig['author'] = { name: title }
  const rawAuthor = data.author
  if (typeof rawAuthor === 'string' && rawAuthor.trim() !== '') author = { name: rawAuthor }
  else if (rawAuthor !== undefined) {
    const value = rawAuthor as { name?: unknown; url?: unknown }
    if (typeof value !== 'object' || value === null || typeof value.name !== 'string' || value.name === '')
      fail(shown, 'author', 'a name or `{ "name": "…", "url": "https://…" }`', rawAuthor)
    author = { name: value.name }
    if (value.url !== undefined) {
      if (typeof value.url !== 'string' || !/^https?:\/\//.test(value.url))
        fail(shown, 'author.url', 'an absolute http(s) URL', value.url)
      author.url = value.url
    }
  }
  const language = string('language', 'en')
  try {
    Intl.getCanonicalLocales(language)
  } catch {
    fail(shown, 'language', 'a BCP 47 language tag such as `sv` or `en-GB`', language)
  }
  const timeZone = string('timeZone', 'UTC')
  try {
    new Intl.DateTimeFormat('en', { timeZone })
  } catch {
    fail(shown, 'timeZone', 'an IANA time zone such as `Europe/Stockholm`', timeZone)
  }
  const permalink = data.permalink === undefined ? defaultPermalink : data.permalink
  parsePermalink(permalink, shown)
  return {
    title,
    description: data.description === undefined ? '' : string('description', ''),
    author,
    language,
    baseUrl: normalizeBaseUrl(string('baseUrl', 'http://localhost:3000/'), `${shown}: baseUrl`),
    postsPerPage: integer('postsPerPage', 10),
    timeZone,
    relatedLimit: integer('relatedLimit', 4),
    commentsMaxDepth: integer('commentsMaxDepth', 4),
    permalink: permalink as string,
    nav: readNav(data.nav, shown),
  }
}

/** `nav` of site.json: page slugs and `{ title, url }` links. */
function readNav(value: unknown, shown: string): NavEntry[] {
  if (value === undefined) return []
  if (!Array.isArray(value))
    fail(shown, 'nav', 'a list of page slugs and `{ "title": "…", "url": "…" }` links', value)
  return value.map((entry, index): NavEntry => {
    if (typeof entry === 'string' && entry.trim() !== '') return { page: entry }
    const link = entry as { title?: unknown; url?: unknown }
    if (
      typeof link === 'object' &&
      link !== null &&
      typeof link.title === 'string' &&
      link.title.trim() !== '' &&
      typeof link.url === 'string' &&
      link.url.trim() !== ''
    )
      return { title: link.title, url: link.url }
    return fail(shown, `nav[${index}]`, 'a page slug or `{ "title": "…", "url": "…" }`', entry)
  })
}
