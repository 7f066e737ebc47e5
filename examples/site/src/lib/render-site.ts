import {
  hasRedirectPage,
  redirectPagePath,
  serializeNetlifyRedirects,
  serializeRedirectsJson,
} from '@blogkit/post'
import { favicon, stylesheet } from './assets.js'
import { commentEmbedStylesheet } from './comment-embed.js'
import { commentFormStylesheet } from './comment-form.js'
import { commentPagePath } from './comments.js'
import { createCommentFeed, createSiteFeed } from './feeds.js'
import type { Site, SitePost } from './load-site.js'
import { renderTermIndex, renderTermPage } from './pages/archives.js'
import { homePageCount, renderHomePage } from './pages/home.js'
import { renderNotFoundPage } from './pages/not-found.js'
import { renderContentPage } from './pages/page.js'
import { postCommentPageCount, renderPostPage } from './pages/post.js'
import { renderRedirectPage } from './pages/redirect.js'
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
 * One file of the site before it is rendered: `render(...inputs)` gives its contents. The inputs are what
 * the template is called with, so a builder can tell what a file is made of (examples/static-blog records
 * what each render read of them, and skips files whose inputs read the same).
 */
export interface SitePage {
  path: string
  kind: SiteFile['kind']
  slug?: string
  inputs: readonly unknown[]
  render: (...inputs: never[]) => string
}

/** A page whose `render` takes exactly its `inputs` (checked at the call). */
function page<Inputs extends unknown[]>(
  path: string,
  kind: SiteFile['kind'],
  render: (...inputs: Inputs) => string,
  inputs: Inputs,
  slug?: string,
): SitePage {
  const call = render as unknown as SitePage['render']
  return slug === undefined
    ? { path, kind, inputs, render: call }
    : { path, kind, slug, inputs, render: call }
}

const text = (body: string) => body
const commentFeed = (format: 'rss' | 'atom' | 'json') => (site: Site, item: SitePost) =>
  createCommentFeed(site, item)[format]()
const siteFeed = (format: 'rss' | 'atom' | 'json') => (site: Site) => createSiteFeed(site)[format]()

/**
 * Every file of the site, not yet rendered (home pages, posts, archives, 404, the subscribe page, feeds,
 * comment feeds (RSS, Atom and JSON Feed per post), sitemap, robots.txt, styles and icon).
 * Copy `site.assets` (images, static files) yourself.
 */
export function* sitePages(site: Site): Generator<SitePage> {
  const { urls } = site
  // Note: with a comment service's form and <blogkit-comments> on the post pages, their styles too.
  const css =
    site.config.commentsUrl === undefined
      ? stylesheet
      : `${stylesheet}\n${commentFormStylesheet}\n${commentEmbedStylesheet}`
  yield page(urls.stylesheet(), 'asset', text, [css])
  yield page(urls.favicon(), 'asset', text, [favicon])
  const pages = homePageCount(site)
  for (let number = 1; number <= pages; number++)
    yield page(urls.home(number), 'page', renderHomePage, [site, number])
  for (const item of site.posts) {
    const slug = item.post.slug
    yield page(item.path, 'post', renderPostPage, [site, item], slug)
    // Note: more than 50 threads: pages 2 and on of the comments at `<post>comments/<n>/`.
    for (let n = 2; n <= postCommentPageCount(item); n++)
      yield page(
        commentPagePath(item.path, n),
        'post',
        renderPostPage,
        [site, item, { commentPage: n }],
        slug,
      )
    for (const format of ['rss', 'atom', 'json'] as const)
      yield page(urls.commentFeed(item.path, format), 'feed', commentFeed(format), [site, item], slug)
  }
  for (const item of site.pages) yield page(item.path, 'page', renderContentPage, [site, item])
  yield page(urls.archive(), 'page', renderTermIndex, [site, 'year'])
  yield page(urls.tags(), 'page', renderTermIndex, [site, 'tag'])
  yield page(urls.categories(), 'page', renderTermIndex, [site, 'category'])
  for (const term of site.years) yield page(term.path, 'page', renderTermPage, [site, 'year', term])
  for (const term of site.tags) yield page(term.path, 'page', renderTermPage, [site, 'tag', term])
  for (const term of site.categories) yield page(term.path, 'page', renderTermPage, [site, 'category', term])
  yield page(urls.notFound(), 'page', renderNotFoundPage, [site])
  yield page(urls.subscribe(), 'page', renderSubscribePage, [site])
  for (const format of ['rss', 'atom', 'json'] as const)
    yield page(urls.feed(format), 'feed', siteFeed(format), [site])
  yield page(urls.sitemap(), 'meta', renderSitemap, [site])
  yield page(urls.robots(), 'meta', renderRobots, [site])
  // Note: old addresses (`aliases`, redirects.json): a page at each that can have one, and the redirects
  // for hosts that answer with a 301 (`_redirects`) or a proxy of your own (`redirects.json`).
  const { redirects } = site
  for (const redirect of redirects)
    if (hasRedirectPage(redirect))
      yield page(redirectPagePath(redirect.from), 'page', renderRedirectPage, [site, redirect])
  if (redirects.length > 0) {
    yield page(`${urls.root}_redirects`, 'meta', serializeNetlifyRedirects, [redirects])
    yield page(`${urls.root}redirects.json`, 'meta', serializeRedirectsJson, [redirects])
  }
}

/**
 * Render the whole site, one file at a time (a generator, so a big site never sits in memory at once):
 * the files of `sitePages`, rendered.
 * Copy `site.assets` (images, static files) yourself.
 */
export function* renderSite(site: Site): Generator<SiteFile> {
  for (const { inputs, render, ...file } of sitePages(site))
    yield { ...file, body: (render as (...inputs: readonly unknown[]) => string)(...inputs) }
}
