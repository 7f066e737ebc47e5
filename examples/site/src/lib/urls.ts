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

/**
 * The site's URL scheme (posts and pages by `postPath` and `pagePath` of @blogkit/post): `/page/2/`, `/tags/<slug>/`, `/categories/<slug>/`,
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
