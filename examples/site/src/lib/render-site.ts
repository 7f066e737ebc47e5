import { favicon, stylesheet } from './assets.js'
import { createCommentFeed, createSiteFeed } from './feeds.js'
import type { Site } from './load-site.js'
import { renderTermIndex, renderTermPage } from './pages/archives.js'
import { homePageCount, renderHomePage } from './pages/home.js'
import { renderNotFoundPage } from './pages/not-found.js'
import { renderPostPage } from './pages/post.js'
import { renderSubscribePage } from './pages/subscribe.js'
import { renderRobots, renderSitemap } from './sitemap.js'

/** One file of the built site. */
export interface SiteFile {
  /** URL path of the file (`/posts/a/` for `/posts/a/index.html`, `/feed.xml`). */
  path: string
  /** What kind of file it is (lets a builder or server pick work and content type). */
  kind: 'page' | 'post' | 'feed' | 'asset' | 'meta'
  /** Slug of the post, for `kind: 'post'` and its comment feed. */
  slug?: string
  /** Contents. */
  body: string
}

/** Every path a page ends in `/` is written to `index.html` inside that folder. */
export function filePathOf(urlPath: string, root: string): string {
  const relative = decodeURIComponent(urlPath.slice(root.length))
  return relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative
}

/**
 * Render the whole site, one file at a time (a generator, so a big site never sits in memory at once):
 * home pages, posts, archives, 404, the subscribe page, feeds, comment feeds (RSS, Atom and JSON Feed per
 * post), sitemap, robots.txt, styles and icon.
 * Copy `site.assets` (images, static files) yourself.
 */
export function* renderSite(site: Site): Generator<SiteFile> {
  const { urls } = site
  const file = (path: string, kind: SiteFile['kind'], body: string, slug?: string): SiteFile =>
    slug === undefined ? { path, kind, body } : { path, kind, slug, body }
  yield file(urls.stylesheet(), 'asset', stylesheet)
  yield file(urls.favicon(), 'asset', favicon)
  const pages = homePageCount(site)
  for (let page = 1; page <= pages; page++) yield file(urls.home(page), 'page', renderHomePage(site, page))
  for (const item of site.posts) {
    const slug = item.post.slug
    yield file(item.path, 'post', renderPostPage(site, item), slug)
    const comments = createCommentFeed(site, item)
    for (const format of ['rss', 'atom', 'json'] as const)
      yield file(urls.commentFeed(slug, format), 'feed', comments[format](), slug)
  }
  yield file(urls.archive(), 'page', renderTermIndex(site, 'year'))
  yield file(urls.tags(), 'page', renderTermIndex(site, 'tag'))
  yield file(urls.categories(), 'page', renderTermIndex(site, 'category'))
  for (const term of site.years) yield file(term.path, 'page', renderTermPage(site, 'year', term))
  for (const term of site.tags) yield file(term.path, 'page', renderTermPage(site, 'tag', term))
  for (const term of site.categories) yield file(term.path, 'page', renderTermPage(site, 'category', term))
  yield file(urls.notFound(), 'page', renderNotFoundPage(site))
  yield file(urls.subscribe(), 'page', renderSubscribePage(site))
  const feed = createSiteFeed(site)
  for (const format of ['rss', 'atom', 'json'] as const) yield file(urls.feed(format), 'feed', feed[format]())
  yield file(urls.sitemap(), 'meta', renderSitemap(site))
  yield file(urls.robots(), 'meta', renderRobots(site))
}
