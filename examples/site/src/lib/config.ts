import { stat } from 'node:fs/promises'
import path from 'node:path'
import { defaultPermalink, PostError, parsePermalink } from '@blogkit/post'
import { readJsonObjectFile } from './content-files.js'
import { SiteError } from './errors.js'

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
   * `/:category/:slug/`, … (see `postPath` of @blogkit/post). @default '/posts/:slug/'
   */
  permalink: string
  /**
   * The site's navigation links, in order, after the pages whose front matter says `menu`: a page's
   * slug (`"om"`) or a link `{ "title": "…", "url": "…" }`. @default []
   */
  nav: NavEntry[]
  /**
   * The image a shared post shows when it has none of its own (`og:image`), with its alt text: `src` is
   * an absolute http(s) URL or a path on the site (`/images/share.png`: `images/` or `static/` of the
   * content folder).
   */
  image?: SiteImage
  /**
   * Address of the live blog where readers comment (examples/server-blog): a static build links each
   * post to the same post there. Absolute http(s) URL, with a trailing slash.
   */
  liveSite?: string
  /**
   * Address of the comment service (examples/comment-service) whose form the post pages show, posting
   * there: set by a builder that reads the comments from it (the static blog's `--comments-url`), not read
   * from site.json. Absolute http(s) URL, with a trailing slash.
   */
  commentsUrl?: string
}

/** `image` of site.json: the share image of posts without one. */
export interface SiteImage {
  /** Absolute http(s) URL, or a path from the site's root (`/images/share.png`). */
  src: string
  /** What the image shows, for readers who cannot see it (`og:image:alt`). */
  alt: string
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
  try {
    parsePermalink(permalink, { file: shown })
  } catch (error) {
    throw error instanceof PostError ? SiteError.of(error.messages) : error
  }
  const image = await readImage(data.image, shown, contentDir)
  const liveSite = readLiveSite(data.liveSite, shown)
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
    ...(image ? { image } : {}),
    ...(liveSite ? { liveSite } : {}),
  }
}

const imageShape = '`{ "src": "/images/share.png", "alt": "what it shows" }`'

/** Whether `src` starts with a URL scheme (`https:`, `data:`), as opposed to a path. */
const hasScheme = (src: string) => /^[a-z][a-z\d+.-]*:/i.test(src)

/**
 * `image` of site.json: `{ src, alt }`, src an http(s) URL or a path of a file the site copies
 * (`/images/…` from `images/`, anything else from `static/`).
 */
async function readImage(value: unknown, shown: string, contentDir: string): Promise<SiteImage | undefined> {
  if (value === undefined) return undefined
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    fail(shown, 'image', imageShape, value)
  const { src, alt } = value as { src?: unknown; alt?: unknown }
  if (typeof src !== 'string' || src.trim() === '')
    fail(shown, 'image.src', 'an http(s) URL or a path such as `/images/share.png`', src)
  if (typeof alt !== 'string' || alt.trim() === '')
    fail(shown, 'image.alt', 'a non-empty text saying what the image shows', alt)
  if (hasScheme(src) || src.startsWith('//')) {
    let url: URL | undefined
    try {
      url = new URL(src)
    } catch {}
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
      fail(shown, 'image.src', 'an http(s) URL or a path such as `/images/share.png`', src)
    return { src: url.href, alt }
  }
  const relative = src.replace(/^\/+/, '').split(/[?#]/)[0]!
  const candidates = [path.join(contentDir, 'static', relative)]
  if (relative.startsWith('images/')) candidates.unshift(path.join(contentDir, relative))
  const found = await Promise.all(
    candidates.map((file) =>
      stat(file).then(
        (s) => s.isFile(),
        () => false,
      ),
    ),
  )
  if (!found.includes(true))
    throw new SiteError([
      `${shown}: \`image.src\` is \`${src}\`, but there is no such file: put it at ${candidates
        .map((file) => path.relative(process.cwd(), file) || file)
        .join(' or ')}, or give an http(s) URL`,
    ])
  return { src: `/${src.replace(/^\/+/, '')}`, alt }
}

/** `liveSite` of site.json: the live blog's address, checked and with a trailing slash. */
function readLiveSite(value: unknown, shown: string): string | undefined {
  if (value === undefined) return undefined
  if (typeof value !== 'string' || value.trim() === '')
    fail(shown, 'liveSite', 'the http(s) address of the live blog, such as `https://blog.example/`', value)
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {}
  if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:'))
    fail(shown, 'liveSite', 'the http(s) address of the live blog, such as `https://blog.example/`', value)
  return normalizeBaseUrl(value, `${shown}: liveSite`)
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
