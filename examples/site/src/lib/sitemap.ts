import { escapeHtml } from './html.js'
import type { Site } from './load-site.js'
import { homePageCount } from './pages/home.js'

/** `sitemap.xml`: every page (home pages, posts with their last change, pages of `pages/`, archives). */
export function renderSitemap(site: Site): string {
  const { urls } = site
  const entries: string[] = []
  const add = (path: string, lastmod?: Date) => {
    entries.push(
      `<url><loc>${escapeHtml(urls.absolute(path))}</loc>${lastmod ? `<lastmod>${lastmod.toISOString()}</lastmod>` : ''}</url>`,
    )
  }
  const newest = site.posts[0]?.post
  add(urls.home(), newest && (newest.updated ?? newest.date))
  for (let page = 2; page <= homePageCount(site); page++) add(urls.home(page))
  for (const item of site.posts) {
    const updated =
      item.post.updated && item.post.updated > item.post.date ? item.post.updated : item.post.date
    add(item.path, updated)
  }
  for (const page of site.pages) {
    const { updated } = page.post
    add(page.path, updated ?? (page.dated ? page.post.date : undefined))
  }
  add(urls.archive())
  add(urls.tags())
  add(urls.categories())
  add(urls.subscribe())
  for (const term of [...site.years, ...site.tags, ...site.categories]) add(term.path)
  return `<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
${entries.join('\n')}
</urlset>
`
}

/** `robots.txt`: everything may be crawled; points at the sitemap. */
export function renderRobots(site: Site): string {
  return `User-agent: *
Allow: /

Sitemap: ${site.urls.absolute(site.urls.sitemap())}
`
}
