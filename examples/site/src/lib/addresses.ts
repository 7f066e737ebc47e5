import path from 'node:path'
import { type Post, postPath } from '@blogkit/post'
import type { SiteConfig } from './config.js'
import { SiteError } from './errors.js'
import type { ContentPage } from './load-pages.js'
import type { SiteUrls } from './urls.js'

/** Who has an address of the site: a post or page file, or a page the site makes itself. */
export type AddressOwner =
  | { kind: 'post' | 'page'; file: string }
  | { kind: 'site'; what: string; file?: undefined }

/**
 * The site's addresses: each path has one owner. `claim` records an owner, or the problem when the path
 * has one already; `check` throws them all at once.
 */
export interface AddressBook {
  claim(path: string, owner: AddressOwner): void
  /** The owner of a path. */
  owner(path: string): AddressOwner | undefined
  /** @throws {SiteError} with one line per collision, naming both files and the address. */
  check(): void
}

/**
 * A book of the site's addresses. `permalink` (site.json's pattern) decides the hint given for two posts
 * with one address: a pattern without the date is told to use one.
 */
export function createAddressBook(options: { permalink: string; siteJson: string }): AddressBook {
  const owners = new Map<string, AddressOwner>()
  const problems: string[] = []
  const dated = options.permalink.includes(':day')
  const hint = (a: AddressOwner, b: AddressOwner) => {
    if (a.kind === 'site' || b.kind === 'site') return 'give it another `slug:`'
    const own = a.kind === 'page' || b.kind === 'page' ? ' or a `permalink:`' : ''
    const pattern =
      a.kind === 'post' && b.kind === 'post' && !dated
        ? ` or use a dated permalink pattern in ${options.siteJson} (\`"permalink": "/:year/:month/:day/:slug/"\`)`
        : ''
    return `give one a \`slug:\`${own}${pattern}`
  }
  return {
    claim(path, owner) {
      const other = owners.get(path)
      if (!other) {
        owners.set(path, owner)
        return
      }
      const [first, second] = other.kind === 'site' ? [owner, other] : [other, owner]
      const [fileA, fileB] = [first.file, second.file]
      if (second.kind === 'site' || fileB === undefined)
        problems.push(
          `${fileA} has the address ${path}, which is the site's ${(second as { what: string }).what}: ${hint(first, second)}`,
        )
      else problems.push(`${fileA} and ${fileB} both have the address ${path}; ${hint(first, second)}`)
    },
    owner: (path) => owners.get(path),
    check() {
      if (problems.length > 0) throw new SiteError(problems.splice(0))
    },
  }
}

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
 * Give every post its address by the site's `permalink`, check that no two posts, pages and pages the site
 * makes share one (drafts included, so that publishing one never breaks the build), and give each
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
}): PlacedPosts {
  const { config, urls, book } = options
  book.claim(urls.home(), { kind: 'site', what: 'home page' })
  book.claim(urls.archive(), { kind: 'site', what: 'archive' })
  book.claim(urls.tags(), { kind: 'site', what: 'list of tags' })
  book.claim(urls.categories(), { kind: 'site', what: 'list of categories' })
  book.claim(urls.subscribe(), { kind: 'site', what: 'page of feeds' })
  const pathOf = new Map<Post, string>()
  for (const page of options.pages) book.claim(page.path, { kind: 'page', file: page.file })
  for (const post of options.loaded) {
    const at = postPath(post, { permalink: config.permalink, root: urls.root, timeZone: config.timeZone })
    pathOf.set(post, at)
    const file = path.relative(process.cwd(), path.join(options.postsDir, post.path ?? `${post.slug}.md`))
    book.claim(at, { kind: 'post', file })
  }
  book.check()
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
