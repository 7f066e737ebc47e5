// Who owns which address of a site: each path has one owner (a post file, a page file or a page the
// site makes itself), and two owners of one path are reported with both named and what to do.
import { VFileMessage } from 'vfile-message'
import { PostError, source } from './errors.js'
import { defaultPermalink, type PostPathInput, type PostPathOptions, postPath } from './permalink.js'

/** Who has an address of a site: a post or page file, or a page the site makes itself (its archive). */
export type AddressOwner =
  | { kind: 'post' | 'page'; file: string }
  | { kind: 'site'; what: string; file?: undefined }

/**
 * A site's addresses: each path has one owner. `claim` records an owner, or the collision when the path
 * has one already; `check` throws every collision at once.
 */
export interface AddressBook {
  /** Give `path` to `owner`; a path that has an owner already is a collision, kept for `check`. */
  claim(path: string, owner: AddressOwner): void
  /** The owner of a path. */
  owner(path: string): AddressOwner | undefined
  /**
   * @throws {PostError}
   *   `duplicate-address`, one message per collision claimed so far, naming both owners, the address and
   *   what to do. The collisions are then forgotten.
   */
  check(): void
}

/** Options of `createAddressBook`. */
export interface AddressBookOptions {
  /**
   * The site's permalink pattern of posts: one without `:day` makes two posts with one address get the
   * hint to use a dated pattern. @default defaultPermalink ('/posts/:slug/')
   */
  permalink?: string | undefined
  /** Where the pattern is set, named in that hint (`content/site.json`). */
  permalinkFile?: string | undefined
}

const dated = '/:year/:month/:day/:slug/'

/** A book of a site's addresses (see `AddressBook`). */
export function createAddressBook(options: AddressBookOptions = {}): AddressBook {
  const owners = new Map<string, AddressOwner>()
  const problems: VFileMessage[] = []
  const patternHint = (options.permalink ?? defaultPermalink).includes(':day')
    ? ''
    : options.permalinkFile === undefined
      ? ` or use a dated permalink pattern (\`${dated}\`)`
      : ` or use a dated permalink pattern in ${options.permalinkFile} (\`"permalink": "${dated}"\`)`
  const hint = (a: AddressOwner, b: AddressOwner) => {
    if (a.kind === 'site' || b.kind === 'site') return 'give it another `slug:`'
    const own = a.kind === 'page' || b.kind === 'page' ? ' or a `permalink:`' : ''
    return `give one a \`slug:\`${own}${a.kind === 'post' && b.kind === 'post' ? patternHint : ''}`
  }
  const name = (owner: AddressOwner) => (owner.kind === 'site' ? `the site's ${owner.what}` : owner.file)
  return {
    claim(path, owner) {
      const other = owners.get(path)
      if (!other) {
        owners.set(path, owner)
        return
      }
      // Note: a file first: the message starts with the file to change.
      const [first, second] = other.kind === 'site' ? [owner, other] : [other, owner]
      const reason =
        second.kind === 'site' && first.kind !== 'site'
          ? `${first.file} has the address ${path}, which is the site's ${second.what}: ${hint(first, second)}`
          : `${name(first)} and ${name(second)} both have the address ${path}; ${hint(first, second)}`
      const message = new VFileMessage(reason, { ruleId: 'duplicate-address', source })
      message.fatal = true
      if (first.file !== undefined) message.file = first.file
      // Note: the reason starts with the file (and names the other): no `file:` before it.
      message.name = ''
      problems.push(message)
    },
    owner: (path) => owners.get(path),
    check() {
      if (problems.length > 0) throw new PostError(problems.splice(0))
    },
  }
}

/** A post `placePosts` can place: what `postPath` needs, and its file (a `Post` has them all). */
export interface PlaceablePost extends PostPathInput {
  /** Its file, relative to the posts folder (`Post.path`). @default `${slug}.md` */
  path?: string | undefined
}

/** Options of `placePosts`. */
export interface PlacePostsOptions<T extends PlaceablePost> extends PostPathOptions {
  /** Every post, drafts included (so that publishing one never makes a collision). */
  posts: Iterable<T>
  /** A post's file as messages name it. @default post.path ?? `${post.slug}.md` */
  file?: ((post: T) => string) | undefined
  /**
   * The book to claim the posts' addresses in, with the caller's own pages claimed before or after.
   * @default a new book of `permalink` and `permalinkFile`
   */
  book?: AddressBook | undefined
  /** Where `permalink` is set, named in the hint for two posts with one address (`content/site.json`). */
  permalinkFile?: string | undefined
}

/**
 * The address of every post by the site's permalink pattern (`postPath`), each claimed in an address
 * book, then the book checked.
 *
 * @returns
 *   Each post's path, in the order of `posts`.
 * @throws {PostError}
 *   `duplicate-address` with every collision in the book (two posts, a post and a page, a post and a page
 *   of the site), each naming both, the address and what to do; `invalid-permalink` for a bad pattern.
 */
export function placePosts<T extends PlaceablePost>(options: PlacePostsOptions<T>): Map<T, string> {
  const book =
    options.book ?? createAddressBook({ permalink: options.permalink, permalinkFile: options.permalinkFile })
  const pathOptions = {
    permalink: options.permalink,
    root: options.root,
    timeZone: options.timeZone,
    categorySlugs: options.categorySlugs,
  }
  const fileOf = options.file ?? ((post: T) => post.path ?? `${post.slug}.md`)
  const pathOf = new Map<T, string>()
  for (const post of options.posts) {
    const at = postPath(post, pathOptions)
    pathOf.set(post, at)
    book.claim(at, { kind: 'post', file: fileOf(post) })
  }
  book.check()
  return pathOf
}
