import path from 'node:path'
import { type AddressBook, type Post, placePosts as placeByPermalink } from '@blogkit/post'
import type { SiteConfig } from './config.js'
import { asSiteError } from './errors.js'
import type { ContentPage } from './load-pages.js'
import type { SiteUrls } from './urls.js'

/** Where each post is (`postPath`) and its id for comments and related posts. */
export interface PlacedPosts {
  pathOf: Map<Post, string>
  /**
   * The id of each published post: its slug, or, for a post whose slug an older published post has too
   * (a dated `permalink` lets them share it), its address without the slashes (`2003/02/01/la-verite`).
   */
  idOf: Map<Post, string>
}

/**
 * Give every post its address by the site's `permalink` (`:category` is the slug of the category's
 * archive, `categorySlugs`) and check that no two posts, pages and pages the site makes share one (drafts
 * included, so that publishing one never breaks the build): @blogkit/post's `placePosts`. Then give each
 * published post its id.
 *
 * @param loaded
 *   Every post read, drafts included.
 * @param published
 *   The posts that are built, newest first.
 * @throws {SiteError}
 *   With one line per collision, naming both files, the address and what to do.
 */
export function placePosts(options: {
  loaded: readonly Post[]
  published: readonly Post[]
  pages: readonly ContentPage[]
  config: SiteConfig
  urls: SiteUrls
  postsDir: string
  book: AddressBook
  /** The slug of each category for `:category`: the one its archive has (`siteTermSlugs`). */
  categorySlugs: ReadonlyMap<string, string>
}): PlacedPosts {
  const { config, urls, book } = options
  book.claim(urls.home(), { kind: 'site', what: 'home page' })
  book.claim(urls.archive(), { kind: 'site', what: 'archive' })
  book.claim(urls.tags(), { kind: 'site', what: 'list of tags' })
  book.claim(urls.categories(), { kind: 'site', what: 'list of categories' })
  book.claim(urls.subscribe(), { kind: 'site', what: 'page of feeds' })
  for (const page of options.pages) book.claim(page.path, { kind: 'page', file: page.file })
  // Note: the folder as shown once, not `path.relative` per post (10,000 posts: 20 ms).
  const shownDir = path.relative(process.cwd(), options.postsDir)
  const pathOf = asSiteError(() =>
    placeByPermalink({
      posts: options.loaded,
      book,
      permalink: config.permalink,
      root: urls.root,
      timeZone: config.timeZone,
      categorySlugs: options.categorySlugs,
      file: (post) => path.join(shownDir, post.path ?? `${post.slug}.md`),
    }),
  )
  const idOf = new Map<Post, string>()
  const taken = new Set<string>()
  for (let index = options.published.length - 1; index >= 0; index--) {
    const post = options.published[index]!
    const id = taken.has(post.slug) ? pathOf.get(post)!.slice(urls.root.length, -1) : post.slug
    taken.add(post.slug)
    idOf.set(post, id)
  }
  return { pathOf, idOf }
}
