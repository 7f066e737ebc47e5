import { slugify } from '@blogkit/post'

/** The permalink of posts on the new site when neither `--permalink` nor site.json names one. */
export const defaultPermalink = '/posts/:slug/'

/** The patterns the import suggests when the old addresses all follow one (WordPress's common settings). */
export const suggestedPermalinks = [
  '/:year/:month/:day/:slug/',
  '/:year/:month/:slug/',
  '/:category/:slug/',
  '/:slug/',
] as const

const placeholders = ['year', 'month', 'day', 'slug', 'category']

/**
 * Check a permalink pattern the way the blogkit examples read site.json's `permalink`: it starts and ends
 * with `/`, has `:slug`, and uses only `:year`, `:month`, `:day`, `:slug` and `:category`.
 *
 * @returns What is wrong, or `undefined` when the pattern is fine.
 */
export function permalinkProblem(pattern: string): string | undefined {
  if (!pattern.startsWith('/') || !pattern.endsWith('/')) return 'should start and end with `/`'
  if (pattern.includes('//')) return 'should not have an empty segment (`//`)'
  const names = [...pattern.matchAll(/:([A-Za-z_]*)/g)].map((match) => match[1] ?? '')
  const unknown = names.find((name) => !placeholders.includes(name))
  if (unknown !== undefined)
    return `has an unknown placeholder \`:${unknown}\` (known: ${placeholders.map((p) => `:${p}`).join(', ')})`
  if (new Set(names).size !== names.length) return 'uses a placeholder twice'
  if (!names.includes('slug')) return 'should have `:slug`'
  if (!/^[A-Za-z0-9\-_./:]+$/.test(pattern))
    return 'may hold only letters, digits, `-`, `_`, `.`, `/` and placeholders'
  return undefined
}

/** What a post's new address is made of. */
export interface AddressPost {
  slug: string
  /** `YYYY-MM-DD` of the post's date in the site's time zone. */
  day: string
  categories: readonly string[]
}

/**
 * A post's path on the new site, as the blogkit examples make it (`postPath` of examples/site): the
 * pattern's placeholders filled in, `:slug` percent-encoded, `:category` the slug of the first category
 * (its segment left out when there is none), under `root` (`/`, or `/blog/` for a site in a folder).
 */
export function postPathOf(pattern: string, post: AddressPost, root: string): string {
  const [year, month, day] = post.day.split('-')
  const first = post.categories[0]
  const values: Record<string, string> = {
    year: year ?? '',
    month: month ?? '',
    day: day ?? '',
    slug: encodeURIComponent(post.slug),
    category: first === undefined ? '' : slugify(first) || encodeURIComponent(first.toLowerCase()),
  }
  const path = pattern.replace(/:([a-z]+)/g, (_, name: string) => values[name] ?? '')
  return `${root}${path.replace(/\/{2,}/g, '/').slice(1)}`
}

/** A page's path on the new site: `/<parent slugs>/<slug>/` under `root`. */
export function pagePathOf(slugs: readonly string[], root: string): string {
  return `${root}${slugs.map((slug) => encodeURIComponent(slug)).join('/')}/`
}

/** The path and query of a WordPress `<link>` (`https://example.com/2018/11/02/hello/` → `/2018/11/02/hello/`). */
export function oldPathOf(link: string | undefined): string | undefined {
  if (link === undefined || !/^https?:\/\//i.test(link)) return undefined
  try {
    const url = new URL(link)
    return `${url.pathname}${url.search === '?' ? '' : url.search}`
  } catch {
    return undefined
  }
}

/** Compares paths as a server finds files: `%c3%a4` and `%C3%A4` are one address. */
export function samePath(a: string, b: string): boolean {
  return decodeSafely(a) === decodeSafely(b)
}

function decodeSafely(path: string): string {
  try {
    return decodeURI(path)
  } catch {
    return path
  }
}

/** The site root (path of the site's address, with a trailing slash) of a WordPress `<link>` of the channel. */
export function rootOf(siteLink: string | undefined): string {
  if (siteLink === undefined || !/^https?:\/\//i.test(siteLink)) return '/'
  try {
    const path = new URL(siteLink).pathname
    return path.endsWith('/') ? path : `${path}/`
  } catch {
    return '/'
  }
}
