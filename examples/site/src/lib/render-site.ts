import { favicon, stylesheet } from './assets.js'
import { createCommentFeed, createSiteFeed, feedItemLimit } from './feeds.js'
import {
  digest,
  postDigests,
  postFingerprint,
  postListKey,
  siteFingerprint,
  themeVersion,
} from './fingerprint.js'
import type { Site, SitePost, Term } from './load-site.js'
import { renderTermIndex, renderTermPage, type TermKind } from './pages/archives.js'
import { homePageCount, renderHomePage } from './pages/home.js'
import { renderNotFoundPage } from './pages/not-found.js'
import { renderPostPage } from './pages/post.js'
import { commentFeedPosts, renderSubscribePage } from './pages/subscribe.js'
import { renderRobots, renderSitemap } from './sitemap.js'

/** One file of the built site. */
export interface SiteFile {
  /** URL path of the file (`/posts/a/` for `/posts/a/index.html`, `/feed.xml`). */
  path: string
  /** What kind of file it is (lets a builder or server pick work and content type). */
  kind: 'page' | 'post' | 'feed' | 'asset' | 'meta'
  /** Slug of the post, for `kind: 'post'` and its comment feed. */
  slug?: string
  /**
   * Fingerprint of everything the file is made of (its posts as it shows them, the settings, the
   * theme): equal inputs give equal bodies, so a builder can skip rendering a file whose input is the
   * same as in its last build (examples/static-blog does).
   */
  input?: string
  /** Contents. */
  body: string
}

/** Every path a page ends in `/` is written to `index.html` inside that folder. */
export function filePathOf(urlPath: string, root: string): string {
  const relative = decodeURIComponent(urlPath.slice(root.length))
  return relative === '' || relative.endsWith('/') ? `${relative}index.html` : relative
}

/** Inputs of the pages that list posts, from short per-post keys (memoized for one `renderSite`). */
function createInputs(site: Site) {
  const global = siteFingerprint(site)
  const listKey = postListKey
  // What a summary on the home page shows: the list entry, reading time, comment count and excerpt.
  const summaryKey = (item: SitePost) => {
    const { post } = item
    return digest(
      listKey(item),
      String(post.readingTime.minutes),
      String(item.threads.total),
      postDigests(post).summary,
    )
  }
  const termsKey = (terms: readonly Term[]) =>
    terms.map((term) => `${term.name}\0${term.path}\0${term.posts.length}`).join('\n')
  return {
    home: (page: number, pages: number) => {
      const start = (page - 1) * site.config.postsPerPage
      const posts = site.posts.slice(start, start + site.config.postsPerPage)
      return digest(global, 'home', String(page), String(pages), ...posts.map(summaryKey))
    },
    term: (kind: TermKind, term: Term) =>
      digest(global, kind, term.name, term.path, ...term.posts.map(listKey)),
    termIndex: (kind: TermKind) =>
      digest(
        global,
        'index',
        kind,
        String(site.posts.length),
        termsKey(kind === 'tag' ? site.tags : kind === 'category' ? site.categories : site.years),
        kind === 'year' ? termsKey(site.categories) : '',
      ),
    notFound: () => digest(global, '404', ...site.posts.slice(0, 5).map(listKey)),
    // What the subscribe page shows of a post: the list entry (title, path, language) and its comment count.
    subscribe: () => {
      const { posts, total } = commentFeedPosts(site)
      return digest(
        global,
        'subscribe',
        String(total),
        ...posts.map((item) => `${listKey(item)}\0${item.threads.total}`),
      )
    },
    feeds: () =>
      digest(
        global,
        'feeds',
        ...site.posts.slice(0, feedItemLimit).map((item) => postFingerprint(site, item)),
      ),
    sitemap: () => {
      const parts: string[] = [global, 'sitemap', String(homePageCount(site))]
      for (const item of site.posts) {
        const { post } = item
        parts.push(`${item.path}\0${post.date.getTime()}\0${post.updated?.getTime() ?? ''}`)
      }
      for (const term of [...site.years, ...site.tags, ...site.categories]) parts.push(term.path)
      return digest(...parts)
    },
    robots: () => digest(global, 'robots'),
    asset: () => themeVersion,
  }
}

/**
 * Render the whole site, one file at a time (a generator, so a big site never sits in memory at once):
 * home pages, posts, archives, 404, the subscribe page, feeds, comment feeds (RSS, Atom and JSON Feed per
 * post), sitemap, robots.txt, styles and icon.
 * Copy `site.assets` (images, static files) yourself. Each file comes with its `input` fingerprint.
 *
 * @param filter
 *   Render only the files this returns `true` for (e.g. those whose `input` changed since the last build).
 */
export function* renderSite(
  site: Site,
  filter?: (file: Omit<SiteFile, 'body'>) => boolean,
): Generator<SiteFile> {
  const { urls } = site
  const inputs = createInputs(site)
  const emit = function* (
    path: string,
    kind: SiteFile['kind'],
    input: string,
    body: () => string,
    slug?: string,
  ): Generator<SiteFile> {
    const file: Omit<SiteFile, 'body'> =
      slug === undefined ? { path, kind, input } : { path, kind, slug, input }
    if (!filter || filter(file)) yield { ...file, body: body() }
  }
  yield* emit(urls.stylesheet(), 'asset', inputs.asset(), () => stylesheet)
  yield* emit(urls.favicon(), 'asset', inputs.asset(), () => favicon)
  const pages = homePageCount(site)
  for (let page = 1; page <= pages; page++) {
    yield* emit(urls.home(page), 'page', inputs.home(page, pages), () => renderHomePage(site, page))
  }
  for (const item of site.posts) {
    const slug = item.post.slug
    const input = postFingerprint(site, item)
    yield* emit(item.path, 'post', input, () => renderPostPage(site, item), slug)
    let comments: ReturnType<typeof createCommentFeed> | undefined
    const commentFeed = () => {
      comments ??= createCommentFeed(site, item)
      return comments
    }
    for (const format of ['rss', 'atom', 'json'] as const) {
      yield* emit(urls.commentFeed(slug, format), 'feed', input, () => commentFeed()[format](), slug)
    }
  }
  yield* emit(urls.archive(), 'page', inputs.termIndex('year'), () => renderTermIndex(site, 'year'))
  yield* emit(urls.tags(), 'page', inputs.termIndex('tag'), () => renderTermIndex(site, 'tag'))
  yield* emit(urls.categories(), 'page', inputs.termIndex('category'), () =>
    renderTermIndex(site, 'category'),
  )
  for (const term of site.years)
    yield* emit(term.path, 'page', inputs.term('year', term), () => renderTermPage(site, 'year', term))
  for (const term of site.tags)
    yield* emit(term.path, 'page', inputs.term('tag', term), () => renderTermPage(site, 'tag', term))
  for (const term of site.categories)
    yield* emit(term.path, 'page', inputs.term('category', term), () =>
      renderTermPage(site, 'category', term),
    )
  yield* emit(urls.notFound(), 'page', inputs.notFound(), () => renderNotFoundPage(site))
  yield* emit(urls.subscribe(), 'page', inputs.subscribe(), () => renderSubscribePage(site))
  const feedsInput = inputs.feeds()
  let feed: ReturnType<typeof createSiteFeed> | undefined
  const siteFeed = () => {
    feed ??= createSiteFeed(site)
    return feed
  }
  yield* emit(urls.feed('rss'), 'feed', feedsInput, () => siteFeed().rss())
  yield* emit(urls.feed('atom'), 'feed', feedsInput, () => siteFeed().atom())
  yield* emit(urls.feed('json'), 'feed', feedsInput, () => siteFeed().json())
  yield* emit(urls.sitemap(), 'meta', inputs.sitemap(), () => renderSitemap(site))
  yield* emit(urls.robots(), 'meta', inputs.robots(), () => renderRobots(site))
}
