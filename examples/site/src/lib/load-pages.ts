import { stat } from 'node:fs/promises'
import path from 'node:path'
import { filterPosts, nestPages, type PageNest, type Post, PostError } from '@blogkit/post'
import { loadPosts } from '@blogkit/post/node'
import type { SiteConfig } from './config.js'
import { SiteError } from './errors.js'
import type { SiteUrls } from './urls.js'

/** A page of the content folder's `pages/` (About, Contact, …): no date, feed, comments or archive. */
export interface ContentPage {
  /** The page as @blogkit/post reads it (same front matter as a post; `date` is optional). */
  post: Post
  /** Whether the page has a date of its own (front matter or file name); else `post.date` means nothing. */
  dated: boolean
  /** Path of the page: its `permalink`, else `/<parent slugs>/<slug>/`. */
  path: string
  /** Absolute URL. */
  url: string
  /** The page it is nested under (front matter `parent`, a page's slug, or the import's `wordpress.parent`). */
  parent: ContentPage | undefined
  /** Where it goes in the site's navigation (front matter `menu`: `true`, or a number to order by). */
  menu: number | undefined
  /** The file, as shown in messages (`pages/om.md`, relative to the working directory). */
  file: string
}

/** An entry of the site's navigation. */
export interface NavLink {
  title: string
  href: string
  /** The page it leads to, when it is one of `pages/`. */
  page?: ContentPage | undefined
}

// Note: pages need no date; this one stands for "none" (a page's own date is never the first second of 1970).
const noDate = '1970-01-01T00:00:00Z'
const noDateTime = Date.parse(noDate)

const isDirectory = async (dir: string) => (await stat(dir).catch(() => undefined))?.isDirectory() === true

/**
 * Read the content folder's `pages/` (none when it has no such folder) with @blogkit/post: published
 * pages (drafts only with `drafts`), each at its `permalink` or under its parents, with its `menu` place.
 *
 * @throws {SiteError}
 *   For a page with a problem @blogkit/post finds (`pages/om.md:3:1: …`; `nestPages`: a bad
 *   `permalink`, `menu` or `parent`, a page that is its own ancestor).
 */
export async function loadPages(options: {
  contentDir: string
  config: SiteConfig
  urls: SiteUrls
  drafts: boolean
  now: Date
}): Promise<ContentPage[]> {
  const { config, urls } = options
  const dir = path.join(options.contentDir, 'pages')
  if (!(await isDirectory(dir))) return []
  const shown = (page: Post) => path.relative(process.cwd(), path.join(dir, page.path ?? `${page.slug}.md`))
  let loaded: Post[]
  try {
    loaded = await loadPosts(dir, {
      lang: config.language,
      timeZone: config.timeZone,
      siteUrl: new URL(config.baseUrl).origin,
      defaults: { date: noDate },
      customFields: ['permalink', 'menu', 'parent'],
      unique: false,
    })
  } catch (error) {
    // Note: named from where the user is (`pages/om.md:3:1: …`): a builder shows a PostError's files
    // as files of the posts folder.
    if (!(error instanceof PostError)) throw error
    throw new SiteError(
      error.messages.map((message) =>
        message.file
          ? `${path.relative(process.cwd(), path.join(dir, message.file))}:${message.line ?? 1}:${message.column ?? 1}: ${message.reason}`
          : String(message),
      ),
    )
  }
  const published = filterPosts(loaded, { drafts: options.drafts, future: options.drafts, now: options.now })
  let nests: Map<Post, PageNest<Post>>
  try {
    nests = nestPages(published, { root: urls.root, file: shown })
  } catch (error) {
    if (!(error instanceof PostError)) throw error
    throw SiteError.of(error.messages)
  }
  const pages = new Map<Post, ContentPage>()
  for (const [page, nest] of nests) {
    pages.set(page, {
      post: page,
      dated: page.date.getTime() !== noDateTime,
      path: nest.path,
      url: urls.absolute(nest.path),
      parent: undefined,
      menu: nest.menu,
      file: shown(page),
    })
  }
  for (const [page, nest] of nests) if (nest.parent) pages.get(page)!.parent = pages.get(nest.parent)
  return [...pages.values()]
}

/**
 * The site's navigation: pages whose front matter has `menu` (by that number, then title), then the
 * entries of site.json `nav` (a page's slug, or a link).
 *
 * @throws {SiteError}
 *   For a `nav` entry naming no page.
 */
export function buildNav(config: SiteConfig, pages: readonly ContentPage[], siteJson: string): NavLink[] {
  const links: NavLink[] = pages
    .filter((page) => page.menu !== undefined)
    .sort((a, b) => a.menu! - b.menu! || a.post.title.localeCompare(b.post.title, config.language))
    .map((page) => ({ title: page.post.title, href: page.path, page }))
  const bySlug = new Map(pages.map((page) => [page.post.slug, page]))
  for (const [index, entry] of config.nav.entries()) {
    if ('page' in entry) {
      const page = bySlug.get(entry.page)
      if (!page)
        throw new SiteError([
          `${siteJson}: \`nav[${index}]\` names the page \`${entry.page}\`, but pages/ has no page with that slug${pages.length > 0 ? ` (it has: ${pages.map((p) => p.post.slug).join(', ')})` : ''}`,
        ])
      if (!links.some((link) => link.page === page))
        links.push({ title: page.post.title, href: page.path, page })
    } else links.push({ title: entry.title, href: entry.url })
  }
  return links
}
