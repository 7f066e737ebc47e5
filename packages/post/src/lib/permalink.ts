import { createMessage, PostError } from './errors.js'
import { slugify } from './slug.js'

/** The permalink pattern of posts when a site sets none. */
export const defaultPermalink = '/posts/:slug/'

/** The placeholders a permalink pattern may use. */
export const permalinkPlaceholders = ['year', 'month', 'day', 'slug', 'category'] as const

/** One of `permalinkPlaceholders`. */
export type PermalinkPlaceholder = (typeof permalinkPlaceholders)[number]

/** A checked permalink pattern: its literal text and placeholders, in order. */
export type Permalink = ReadonlyArray<string | { readonly name: PermalinkPlaceholder }>

/** Where a pattern was written, for the error `parsePermalink` throws. */
export interface ParsePermalinkOptions {
  /** The file it was read from (`content/site.json`). */
  file?: string | undefined
  /** The field or option that holds it. @default 'permalink' */
  field?: string | undefined
}

const parsed = new Map<string, Permalink>()
const examples = `"/:year/:month/:day/:slug/", "/:year/:month/:slug/", "/:slug/", "/:category/:slug/" or "${defaultPermalink}" (the default)`

/**
 * Check a permalink pattern (`/:year/:month/:day/:slug/`, `/:category/:slug/`, `/posts/:slug/`): it starts
 * and ends with `/`, has `:slug`, no empty segment, and only the placeholders `:year`, `:month`, `:day`,
 * `:slug`, `:category` (each once) between letters, digits, `-`, `_`, `.` and `/`.
 *
 * @param pattern
 *   The pattern as written (any value: a non-string is refused too).
 * @param options
 *   Where it was written, for the error.
 * @returns
 *   The pattern's parts.
 * @throws {PostError}
 *   `invalid-permalink`, naming the file and field, what is wrong and patterns to write instead.
 */
export function parsePermalink(pattern: unknown, options: ParsePermalinkOptions = {}): Permalink {
  const bad = (why: string): never => {
    const message = createMessage(`${why}, got \`${JSON.stringify(pattern)}\`; e.g. ${examples}`, {
      ruleId: 'invalid-permalink',
      field: options.field ?? 'permalink',
      file: options.file,
    })
    // Note: a pattern has no line and column: the message starts with its file (or field), not `1:1`.
    message.name = options.file ?? ''
    throw new PostError([message])
  }
  if (typeof pattern !== 'string') return bad('should be a pattern string')
  const known = parsed.get(pattern)
  if (known) return known
  if (!pattern.startsWith('/') || !pattern.endsWith('/')) bad('should start and end with `/`')
  if (pattern.includes('//')) bad('should not have an empty segment (`//`)')
  const parts: Array<string | { name: PermalinkPlaceholder }> = []
  const seen = new Set<string>()
  for (const [text, name] of pattern.matchAll(/:([A-Za-z_]*)|[^:]+/g)) {
    if (name === undefined) {
      if (!/^[A-Za-z0-9\-_./]+$/.test(text))
        bad(`has \`${text}\`: only letters, digits, \`-\`, \`_\`, \`.\`, \`/\` and placeholders may be used`)
      parts.push(text)
    } else if (!(permalinkPlaceholders as readonly string[]).includes(name)) {
      bad(
        `has an unknown placeholder \`:${name}\` (known: ${permalinkPlaceholders.map((p) => `:${p}`).join(', ')})`,
      )
    } else {
      if (seen.has(name)) bad(`has \`:${name}\` twice`)
      seen.add(name)
      parts.push({ name: name as PermalinkPlaceholder })
    }
  }
  if (!seen.has('slug')) bad('should have `:slug` (else every post would have one address)')
  parsed.set(pattern, parts)
  return parts
}

/** Slug of a tag or category for its address (`Sociala medier` → `sociala-medier`). */
export function termSlug(name: string): string {
  return slugify(name) || encodeURIComponent(name.toLowerCase())
}

/**
 * The slug of each of a site's tags (or categories) for its archive's address: `termSlug` of the name,
 * made unique among `names` (`C` and `C++` are both `c`): a name whose slug an earlier name took gets
 * `-2`, `-3`, … (the first free one). So the order decides which name keeps the bare slug: give the names
 * in an order that adding a post does not change, or an archive's address can pass to another name.
 * Give the categories' map to `postPath` (`categorySlugs`) too, so that `:category` is the archive's slug.
 *
 * @param names
 *   The names, each once (a repeated name keeps its first slug).
 * @returns
 *   Each name's slug, in the order of `names`.
 * @example
 *   termSlugs(['C', 'C++', 'Sociala medier']) // Map { 'C' => 'c', 'C++' => 'c-2', 'Sociala medier' => 'sociala-medier' }
 */
export function termSlugs(names: Iterable<string>): Map<string, string> {
  const slugs = new Map<string, string>()
  const used = new Set<string>()
  for (const name of names) {
    if (slugs.has(name)) continue
    const base = termSlug(name)
    let slug = base
    for (let n = 2; used.has(slug); n++) slug = `${base}-${n}`
    used.add(slug)
    slugs.set(name, slug)
  }
  return slugs
}

/** What `siteTermSlugs` reads of a post (a `Post` has it). */
export interface TermSlugsInput {
  date: Date
  /** @default [] */
  tags?: readonly string[] | undefined
  /** @default [] */
  categories?: readonly string[] | undefined
}

/** Options of `siteTermSlugs`. */
export interface SiteTermSlugsOptions {
  /** Whose slugs: the posts' tags or their categories. */
  by: 'tag' | 'category'
  /**
   * Every post that gets an address, drafts and future posts included (`posts` may be in it too): the
   * names only these have get their slugs after every name of `posts`. @default []
   */
  placed?: Iterable<TermSlugsInput> | undefined
}

/** Each name of `by` of `posts`, oldest post first, then by name (code points). */
function oldestFirst(posts: Iterable<TermSlugsInput>, by: 'tag' | 'category'): string[] {
  const oldest = new Map<string, number>()
  for (const post of posts) {
    const time = post.date.getTime()
    for (const name of (by === 'tag' ? post.tags : post.categories) ?? []) {
      const known = oldest.get(name)
      if (known === undefined || time < known) oldest.set(name, time)
    }
  }
  return [...oldest].sort(([a, x], [b, y]) => x - y || (a < b ? -1 : a > b ? 1 : 0)).map(([name]) => name)
}

/**
 * The slug of each tag (or category) of a site: its archive's and (for a category) `:category`'s in
 * `postPath` (`categorySlugs`). `termSlugs` of the names in the order of their oldest post in `posts`
 * (the published ones), then by name, so that of two names of one slug (`C` and `C++`) the older keeps
 * it and a new post with a new name never takes an existing slug. The names only `placed` has (drafts,
 * future posts) follow in the same order: they never move a published name's slug.
 *
 * @param posts
 *   The published posts (the ones with archives).
 * @returns
 *   Each name's slug, published names first.
 * @example
 *   siteTermSlugs([{ date: new Date('2024-02-01'), categories: ['C++'] }, { date: new Date('2023-05-01'), categories: ['C'] }], { by: 'category' })
 *   // Map { 'C' => 'c', 'C++' => 'c-2' }
 */
export function siteTermSlugs(
  posts: Iterable<TermSlugsInput>,
  options: SiteTermSlugsOptions,
): Map<string, string> {
  // Note: `termSlugs` keeps a name's first slug, and a name's slug depends only on the names before it.
  return termSlugs([...oldestFirst(posts, options.by), ...oldestFirst(options.placed ?? [], options.by)])
}

/** What a post's address is made of (a `Post` has it). */
export interface PostPathInput {
  slug: string
  date: Date
  /** Its categories: `:category` is the first. @default [] */
  categories?: readonly string[] | undefined
}

/** How a site makes the addresses of its posts. */
export interface PostPathOptions {
  /** The permalink pattern. @default defaultPermalink ('/posts/:slug/') */
  permalink?: string | undefined
  /** Path of the site root, with a trailing slash (`/blog/` for a site in a folder). @default '/' */
  root?: string | undefined
  /** IANA time zone in which `:year`, `:month`, `:day` are read. @default 'UTC' */
  timeZone?: string | undefined
  /**
   * The slug of each category for `:category`: the site's `siteTermSlugs` of its categories, the slugs
   * of their archives, so that `C` and `C++` are `c` and `c-2` here too. A category not in it gets its
   * `termSlug`. @default none (every category its `termSlug`)
   */
  categorySlugs?: ReadonlyMap<string, string> | undefined
}

const dateFormats = new Map<string, Intl.DateTimeFormat>()

/** `{ year, month, day }` of a date in a time zone, zero-padded (`2021`, `04`, `02`). */
function dateParts(date: Date, timeZone: string): Record<'year' | 'month' | 'day', string> {
  let format = dateFormats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    dateFormats.set(timeZone, format)
  }
  const parts = { year: '', month: '', day: '' }
  for (const part of format.formatToParts(date))
    if (part.type === 'year' || part.type === 'month' || part.type === 'day') parts[part.type] = part.value
  return parts
}

/**
 * Path of a post's page by a permalink pattern, under the site root: `:year`, `:month`, `:day` are its
 * date in `timeZone`; `:category` is the slug of its first category in `categorySlugs`, else its
 * `termSlug` (a post without one gets no such segment); `:slug` is its slug, percent-encoded. The path
 * ends with `/`.
 *
 * @throws {PostError}
 *   `invalid-permalink` for a bad pattern (see `parsePermalink`).
 * @example
 *   postPath(post, { permalink: '/:year/:month/:day/:slug/', timeZone: 'Europe/Stockholm' })
 *   // '/2022/01/01/sluta-m%C3%A4ta/'
 */
export function postPath(post: PostPathInput, options: PostPathOptions = {}): string {
  const parts = parsePermalink(options.permalink ?? defaultPermalink)
  let date: Record<'year' | 'month' | 'day', string> | undefined
  let out = ''
  for (const part of parts) {
    if (typeof part === 'string') out += part
    else if (part.name === 'slug') out += encodeURIComponent(post.slug)
    else if (part.name === 'category') {
      const first = post.categories?.[0]
      out += first === undefined ? '' : (options.categorySlugs?.get(first) ?? termSlug(first))
    } else {
      date ??= dateParts(post.date, options.timeZone ?? 'UTC')
      out += date[part.name]
    }
  }
  // Note: an empty `:category` leaves `//`; its segment goes.
  return `${options.root ?? '/'}${out.replace(/\/{2,}/g, '/').slice(1)}`
}

/** What a page's address is made of. */
export interface PagePathInput {
  slug: string
  /** Its own permalink (a path from the site root, such as `/om-mig/`). */
  permalink?: string | undefined
  /** Slugs of the pages it is nested under, outermost first. */
  parents?: readonly string[] | undefined
}

/** Where a site is. */
export interface PagePathOptions {
  /** Path of the site root, with a trailing slash. @default '/' */
  root?: string | undefined
}

/**
 * Path of a page (not a post: `about`, `contact`): its own `permalink` when it has one (under the root,
 * a `/` added at the end), else `/<parent slugs>/<slug>/`, each slug percent-encoded.
 *
 * @example
 *   pagePath({ slug: 'team', parents: ['om'] }) // '/om/team/'
 */
export function pagePath(page: PagePathInput, options: PagePathOptions = {}): string {
  const root = options.root ?? '/'
  if (page.permalink !== undefined) {
    const own = page.permalink.replace(/^\/+/, '')
    return `${root}${own === '' || own.endsWith('/') ? own : `${own}/`}`
  }
  const segments = [...(page.parents ?? []), page.slug].map((slug) => encodeURIComponent(slug))
  return `${root}${segments.join('/')}/`
}
