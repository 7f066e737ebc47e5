import { defaultStylesheet } from '@blogkit/feed'
import { favicon, stylesheet } from './assets.js'
import { createCommentFeed, createSiteFeed } from './feeds.js'
import type { Site } from './load-site.js'
import { renderTermIndex, renderTermPage } from './pages/archives.js'
import { homePageCount, renderHomePage } from './pages/home.js'
import { renderNotFoundPage } from './pages/not-found.js'
import { renderPostPage } from './pages/post.js'
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
 * home pages, posts, archives, 404, feeds, comment feeds, sitemap, robots.txt, styles and icon.
 * Copy `site.assets` (images, static files) yourself.
 *
 * @param filter
 *   Render only the files this returns `true` for (e.g. after one post changed).
 */
export function* renderSite(
  site: Site,
  filter?: (file: Omit<SiteFile, 'body'>) => boolean,
): Generator<SiteFile> {
  const { urls } = site
  const want = (file: Omit<SiteFile, 'body'>) => !filter || filter(file)
  const emit = function* (file: Omit<SiteFile, 'body'>, body: () => string): Generator<SiteFile> {
    if (want(file)) yield { ...file, body: body() }
  }
  yield* emit({ path: urls.stylesheet(), kind: 'asset' }, () => stylesheet)
  yield* emit({ path: urls.favicon(), kind: 'asset' }, () => favicon)
  yield* emit({ path: urls.feedStylesheet(), kind: 'asset' }, () => defaultStylesheet)
  for (let page = 1; page <= homePageCount(site); page++) {
    yield* emit({ path: urls.home(page), kind: 'page' }, () => renderHomePage(site, page))
  }
  for (const item of site.posts) {
    const slug = item.post.slug
    yield* emit({ path: item.path, kind: 'post', slug }, () => renderPostPage(site, item))
    yield* emit({ path: urls.commentFeed(slug), kind: 'feed', slug }, () =>
      createCommentFeed(site, item).atom(),
    )
  }
  yield* emit({ path: urls.archive(), kind: 'page' }, () => renderTermIndex(site, 'year'))
  yield* emit({ path: urls.tags(), kind: 'page' }, () => renderTermIndex(site, 'tag'))
  yield* emit({ path: urls.categories(), kind: 'page' }, () => renderTermIndex(site, 'category'))
  for (const term of site.years)
    yield* emit({ path: term.path, kind: 'page' }, () => renderTermPage(site, 'year', term))
  for (const term of site.tags)
    yield* emit({ path: term.path, kind: 'page' }, () => renderTermPage(site, 'tag', term))
  for (const term of site.categories)
    yield* emit({ path: term.path, kind: 'page' }, () => renderTermPage(site, 'category', term))
  yield* emit({ path: urls.notFound(), kind: 'page' }, () => renderNotFoundPage(site))
  if (want({ path: urls.feed('rss'), kind: 'feed' })) {
    const feed = createSiteFeed(site)
    yield { path: urls.feed('rss'), kind: 'feed', body: feed.rss() }
    yield { path: urls.feed('atom'), kind: 'feed', body: feed.atom() }
    yield { path: urls.feed('json'), kind: 'feed', body: feed.json() }
  }
  yield* emit({ path: urls.sitemap(), kind: 'meta' }, () => renderSitemap(site))
  yield* emit({ path: urls.robots(), kind: 'meta' }, () => renderRobots(site))
}
