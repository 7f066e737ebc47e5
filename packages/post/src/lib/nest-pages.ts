// WordPress-style pages (About, Contact, …): each under the page its front matter names as `parent` (or
// the import's `wordpress.parent` id), at `/<parent path><slug>/` unless it has a `permalink` of its own,
// with its place in a site's menu. Every problem is reported at once, each naming the file and the field.
import type { VFileMessage } from 'vfile-message'
import { createMessage, PostError } from './errors.js'
import { pagePath } from './permalink.js'

/** A page `nestPages` can place: its slug and front matter (a `Post` will do). */
export interface NestablePage {
  slug: string
  /** Front matter: `parent`, `permalink`, `menu` and `wordpress` (`id`, `parent`) are read. */
  data: Readonly<Record<string, unknown>>
  /** Its file, relative to the pages folder (`Post.path`). */
  path?: string | undefined
}

/** Options of `nestPages`. */
export interface NestPagesOptions<T extends NestablePage> {
  /** Path of the site root, with a trailing slash. @default '/' */
  root?: string | undefined
  /** A page's file as messages name it. @default page.path ?? `${page.slug}.md` */
  file?: ((page: T) => string) | undefined
}

/** Where `nestPages` puts a page. */
export interface PageNest<T> {
  /** The page it is nested under, if any. */
  parent: T | undefined
  /** Its path: its own `permalink` (under `root`), else its parent's path and its slug, else `<root><slug>/`. */
  path: string
  /**
   * Its place in the site's menu (front matter `menu`: a number, smallest first, or `true`, which is
   * `Infinity`: after the numbered ones); `undefined` when it has none (or `menu: false`).
   */
  menu: number | undefined
}

const permalinkPath = /^\/([A-Za-z0-9\-_.~%]+\/)*[A-Za-z0-9\-_.~%]*$/
const dotSegment = /(^|\/)\.\.?(\/|$)/
const shown = (value: unknown) => `\`${JSON.stringify(value)}\``

/** A problem of one page's front matter: printed `file: reason` (front matter values have no place here). */
function problem(reason: string, ruleId: string, file: string): VFileMessage {
  const message = createMessage(reason, { ruleId, file })
  message.name = file
  return message
}

/** The `id` or `parent` the WordPress import wrote in `wordpress:`, as a string. */
function wordPressId(page: NestablePage, key: 'id' | 'parent'): string | undefined {
  const wordpress = page.data.wordpress
  const value =
    typeof wordpress === 'object' && wordpress !== null
      ? (wordpress as Record<string, unknown>)[key]
      : undefined
  return value === undefined || value === null ? undefined : String(value)
}

/**
 * Each page's parent, path and menu place, for a site's pages (published ones: leave drafts out first, as
 * `filterPosts` does). A page's parent is the page whose slug its front matter `parent` names, else the
 * page whose `wordpress.id` is its `wordpress.parent` (as `@blogkit/import` writes them; a WordPress parent
 * that is not among `pages`, such as a draft, leaves the page standing alone).
 *
 * @returns
 *   A `Map` of each page to its `PageNest`, in the order of `pages`.
 * @throws {PostError}
 *   With every problem, each `file: reason`: `invalid-parent` for a `parent` that is no page's slug,
 *   `parent-cycle` for a page that is its own ancestor (the chain named), `invalid-permalink` for a
 *   `permalink` that is not a path from the site root, `invalid-menu` for a `menu` that is not `true`,
 *   `false` or a number.
 */
export function nestPages<T extends NestablePage>(
  pages: Iterable<T>,
  options: NestPagesOptions<T> = {},
): Map<T, PageNest<T>> {
  const list = [...pages]
  const fileOf = options.file ?? ((page: T) => page.path ?? `${page.slug}.md`)
  const root = options.root ?? '/'
  const bySlug = new Map(list.map((page) => [page.slug, page]))
  const byWordPressId = new Map<string, T>()
  for (const page of list) {
    const id = wordPressId(page, 'id')
    if (id !== undefined) byWordPressId.set(id, page)
  }
  const problems: VFileMessage[] = []
  const parents = new Map<T, T | undefined>()
  const permalinks = new Map<T, string | undefined>()
  const menus = new Map<T, number | undefined>()
  for (const page of list) {
    const file = fileOf(page)
    const named = page.data.parent
    let parent: T | undefined
    if (named !== undefined) {
      parent = typeof named === 'string' ? bySlug.get(named) : undefined
      if (!parent)
        problems.push(
          problem(
            `\`parent\` should be the slug of another page, got ${shown(named)}`,
            'invalid-parent',
            file,
          ),
        )
    } else {
      const id = wordPressId(page, 'parent')
      if (id !== undefined) parent = byWordPressId.get(id)
    }
    parents.set(page, parent)
    const permalink = page.data.permalink
    if (permalink !== undefined && !(typeof permalink === 'string' && isPagePermalink(permalink)))
      problems.push(
        problem(
          `\`permalink\` should be a path from the site root such as "/om-mig/" (letters, digits, \`-\`, \`_\`, \`.\`), got ${shown(permalink)}`,
          'invalid-permalink',
          file,
        ),
      )
    permalinks.set(page, typeof permalink === 'string' ? permalink : undefined)
    const menu = page.data.menu
    if (menu === undefined || menu === false) menus.set(page, undefined)
    else if (menu === true) menus.set(page, Number.POSITIVE_INFINITY)
    else if (typeof menu === 'number' && Number.isFinite(menu)) menus.set(page, menu)
    else
      problems.push(
        problem(
          `\`menu\` should be \`true\` (in the navigation) or a number (its place, smallest first), got ${shown(menu)}`,
          'invalid-menu',
          file,
        ),
      )
  }

  const nests = new Map<T, PageNest<T>>()
  const inCycle = new Set<T>()
  /** A page's nest, its ancestors' first; `undefined` for a page in or under a cycle (reported once). */
  const place = (page: T, seen: readonly T[]): PageNest<T> | undefined => {
    const made = nests.get(page)
    if (made || inCycle.has(page)) return made
    const at = seen.indexOf(page)
    if (at >= 0) {
      const chain = [...seen.slice(at), page]
      for (const member of chain) inCycle.add(member)
      problems.push(
        problem(
          `its \`parent\` pages lead back to it (${chain.map((p) => p.slug).join(' → ')}): remove one \`parent\``,
          'parent-cycle',
          fileOf(page),
        ),
      )
      return undefined
    }
    const parent = parents.get(page)
    const parentNest = parent ? place(parent, [...seen, page]) : undefined
    if (parent && !parentNest) return undefined
    const permalink = permalinks.get(page)
    const path =
      permalink === undefined && parentNest
        ? `${parentNest.path}${encodeURIComponent(page.slug)}/`
        : pagePath({ slug: page.slug, permalink }, { root })
    const nest = { parent, path, menu: menus.get(page) }
    nests.set(page, nest)
    return nest
  }
  for (const page of list) place(page, [])
  if (problems.length > 0) throw new PostError(problems)
  return new Map(list.map((page) => [page, nests.get(page)!]))
}

/** Whether `value` is a path from the site root (`/om-mig/`, `/a/b.html`): no `.` or `..` segment. */
function isPagePermalink(value: string): boolean {
  return permalinkPath.test(value) && !dotSegment.test(value)
}
