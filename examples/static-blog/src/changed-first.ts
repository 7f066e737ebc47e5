import path from 'node:path'
import { type Site, type SitePage, sitePages } from '@blogkit/example-site'

/**
 * The pages of `sitePages`, those of the changed posts first: `first` holds them once they are iterated;
 * `posts` is how many changed posts there are (0: `sitePages` as it is).
 */
export interface PageOrder {
  pages: Iterable<SitePage>
  first: ReadonlySet<SitePage>
  posts: number
}

/**
 * The site's pages with the post pages (and their comment pages) of the posts whose files are in
 * `changed` (absolute paths) first, then every other page in `sitePages`' order: a rebuild after a
 * writer saved a post renders and writes the page they look at before replaying the rest of the site.
 * Without `changed`, or when no post file is in it, `sitePages` as it is.
 */
export function changedPostsFirst(site: Site, changed: Iterable<string> | undefined): PageOrder {
  const files = new Set(changed ?? [])
  const slugs = new Set<string>()
  if (files.size > 0)
    for (const item of site.posts)
      if (item.post.path !== undefined && files.has(path.join(site.postsDir, item.post.path)))
        slugs.add(item.post.slug)
  if (slugs.size === 0) return { pages: sitePages(site), first: new Set(), posts: 0 }
  const first = new Set<SitePage>()
  const isFirst = (page: SitePage) => page.kind === 'post' && page.slug !== undefined && slugs.has(page.slug)
  function* pages(): Generator<SitePage> {
    for (const page of sitePages(site))
      if (isFirst(page)) {
        first.add(page)
        yield page
      }
    for (const page of sitePages(site)) if (!isFirst(page)) yield page
  }
  return { pages: pages(), first, posts: slugs.size }
}

/**
 * A pause for the event loop every `ms` of work (else `undefined`): a rebuild that sent the saved post's
 * page lets the dev server answer the browser's request for it while the rest of the site is replayed
 * (a replay never waits otherwise: the request would wait for the whole rebuild).
 */
export function breather(ms: number): () => Promise<void> | undefined {
  let last = performance.now()
  return () => {
    if (performance.now() - last < ms) return undefined
    return new Promise((resolve) =>
      setImmediate(() => {
        last = performance.now()
        resolve()
      }),
    )
  }
}
