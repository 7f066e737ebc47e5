import { pagePath, postPath, redirectKey, siteTermSlugs, slugify, termSlug } from '@blogkit/post'
import { oldPathOf, rootOf, samePath, suggestedPermalinks } from './addresses.js'
import type { ImportedPost } from './types.js'

/** How the new site makes addresses: what the import compares the old ones with. */
export interface AddressSettings {
  /** Permalink pattern of posts on the new site (`/posts/:slug/`). */
  permalink: string
  /** Time zone in which the new site reads the dates of `:year`, `:month`, `:day` (site.json `timeZone`). */
  timeZone: string
  /** The present, before which posts are on the new site (later ones are scheduled). @default new Date() */
  now?: Date | undefined
}

/** What the import keeps of each post to work out the addresses once every post is known. */
interface PlacedPost {
  /** The post's Markdown file (what `changedAliases` names). */
  file: string
  /** WordPress's post id (`?p=<id>`). */
  id: string
  slug: string
  date: Date
  categories: readonly string[]
  draft: boolean
  /** Its old path, when its `<link>` had one. */
  old: string | undefined
  /** The local day of its old address (the front matter's date), for the patterns that keep it. */
  local: Date
}

/** What the import keeps of a tag or category of published posts (one per name: their archives). */
interface SeenTerm {
  /** The date of its oldest published post (ms), what `siteTermSlugs` orders names by. */
  oldest: number
  /** Its slugs on the old blog (`PostSource.nicenames`): usually one, none when the export gave none. */
  nicenames: Set<string>
}

/** What `settle` works out once every post is known. */
interface Settled {
  /** The site's slug of each category (`siteTermSlugs`), for `:category` and the archives. */
  categorySlugs: Map<string, string>
  /** Each post's `<old path>feed/` at its comment feed. */
  feeds: Map<string, string>
  /** Files of posts whose aliases differ from those written while the posts were read, and their aliases. */
  changed: Array<{ file: string; aliases: string[] }>
  posts: number
  moved: number
  /** Posts whose old address was a path (not `?p=<id>`): the ones a pattern could have kept. */
  pretty: number
  /** Candidate patterns that made every old post address, with the local dates WordPress used. */
  keeping: Set<string>
}

/** Where the new site puts posts: `AddressSettings` read, with the site root. */
interface Placing {
  permalink: string
  root: string
  timeZone: string
  /** The present (ms): later posts are scheduled. */
  now: number
}

/** Whether the new site shows the post now (not a draft, not scheduled for later). */
const shown = (post: PlacedPost, now: number) => !post.draft && post.date.getTime() <= now

/** The post's address on the new site (the site's rule, @blogkit/post's: an unchanged address is seen as one). */
function pathOf(post: PlacedPost, placing: Placing, categorySlugs?: ReadonlyMap<string, string>): string {
  const { permalink, root, timeZone } = placing
  return postPath(post, { permalink, root, timeZone, categorySlugs })
}

/** The post's old path when it is not `path`, and its `?p=<id>` short link. */
function aliasesOf(post: PlacedPost, path: string, root: string): string[] {
  const aliases = post.old !== undefined && !samePath(post.old, path) ? [post.old] : []
  const short = `${root}?p=${post.id}`
  if (!aliases.includes(short)) aliases.push(short)
  return aliases
}

/** Every post's address by the site's category slugs (`placed`: every post read), and what follows. */
function settle(placed: readonly PlacedPost[], placing: Placing): Settled {
  // Note: a post scheduled for later is not on the new site yet (like a draft, it has an address).
  const published = placed.filter((post) => shown(post, placing.now))
  const categorySlugs = siteTermSlugs(published, { by: 'category', placed })
  const byCategory = placing.permalink.includes(':category')
  const result: Settled = {
    categorySlugs,
    feeds: new Map(),
    changed: [],
    posts: 0,
    moved: 0,
    pretty: 0,
    keeping: new Set(suggestedPermalinks),
  }
  for (const post of placed) {
    if (post.draft) continue
    const path = pathOf(post, placing, categorySlugs)
    result.posts++
    if (post.old !== undefined && !samePath(post.old, path)) result.moved++
    if (byCategory && path !== pathOf(post, placing))
      result.changed.push({ file: post.file, aliases: aliasesOf(post, path, placing.root) })
    if (!post.old?.endsWith('/')) continue
    // Note: WordPress's `<post>/feed/` is the post's comment feed (RSS 2.0); nothing may point at the
    // feed of a post scheduled for later (a later import adds it).
    if (shown(post, placing.now)) result.feeds.set(`${post.old}feed/`, `${path}comments.rss`)
    result.pretty++
    for (const pattern of result.keeping) {
      const options = { permalink: pattern, root: placing.root, timeZone: 'UTC', categorySlugs }
      if (!samePath(post.old, postPath({ ...post, date: post.local }, options)))
        result.keeping.delete(pattern)
    }
  }
  return result
}

/** A path as a browser requests it (percent-encoded), as `parseRedirectsJson` reads it back. */
const asRequested = (path: string) => new URL(path, 'http://import.invalid').pathname

/**
 * The old archives of `kind` (`/category/<nicename>/`: the old blog's slug, else the guess `slugify(name)`)
 * and their new ones (`/categories/<the site's slug>/`), by `redirectKey` of the old. An old address
 * two names would have is left out (two guesses alike; a guess never takes a known slug's).
 */
function archiveRedirects(
  kind: 'category' | 'tag',
  names: ReadonlyMap<string, SeenTerm>,
  slugs: ReadonlyMap<string, string>,
  root: string,
): Array<[string, string]> {
  const known = new Map<string, { from: string; to: string | undefined }>()
  const guessed = new Map<string, { from: string; to: string | undefined }>()
  for (const [name, seen] of names) {
    const to = asRequested(
      `${root}${kind === 'tag' ? 'tags' : 'categories'}/${slugs.get(name) ?? termSlug(name)}/`,
    )
    const into = seen.nicenames.size > 0 ? known : guessed
    for (const slug of seen.nicenames.size > 0 ? seen.nicenames : [slugify(name)]) {
      if (slug === '') continue
      const from = asRequested(`${root}${kind}/${slug}/`)
      const key = redirectKey(from)
      const other = into.get(key)
      into.set(key, { from, to: other === undefined || other.to === to ? to : undefined })
    }
  }
  for (const [key, entry] of guessed) if (!known.has(key)) known.set(key, entry)
  return [...known.values()].flatMap(({ from, to }) =>
    to === undefined ? [] : [[from, to] as [string, string]],
  )
}

/**
 * Collects the old addresses of a WordPress blog while its posts are imported: each post's aliases (its
 * old path when the new permalink differs, and its `?p=<id>` short link), the old feed addresses
 * pointing at the new feeds, and the permalink pattern that would have kept every old address.
 *
 * A post's aliases are given as it is read, with each category's plain `termSlug` for `:category`. The
 * site makes `:category` unique among its categories (@blogkit/post's `siteTermSlugs`: `C` and `C++` are
 * `c` and `c-2`, by their oldest published posts), which only all the posts tell: once they are read,
 * `changedAliases` names the posts whose aliases that changed, and `redirects` and `suggestion` use it.
 */
export function createOldAddresses(settings: AddressSettings) {
  const now = (settings.now ?? new Date()).getTime()
  let root = '/'
  const timeZone = knownTimeZone(settings.timeZone)
  const days = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    timeZone,
  })
  /** The tags and categories of published posts, and their years (the archives the new site has). */
  const terms = { category: new Map<string, SeenTerm>(), tag: new Map<string, SeenTerm>() }
  const years = new Set<string>()
  /** Every post read, drafts included (they have addresses on the new site too). */
  const placed: PlacedPost[] = []
  let settled: Settled | undefined
  const placing = () => ({ permalink: settings.permalink, root, timeZone, now })
  /** What follows from every post read so far (worked out again after a new one). */
  const settledAddresses = () => {
    settled ??= settle(placed, placing())
    return settled
  }

  return {
    /** The channel's `<link>`: the site root both blogs are under. */
    setSite(link: string) {
      root = rootOf(link)
      settled = undefined
    },
    /**
     * The aliases of a published post (`[]` for drafts: they had no public address), with each
     * category's `termSlug` for `:category`; `changedAliases` gives them again if that changes.
     *
     * @param file
     *   The post's Markdown file, as `changedAliases` names it. @default post.slug
     */
    postAliases(post: ImportedPost, file = post.slug): string[] {
      const day = days.format(post.date)
      // Note: the old addresses were made with the blog's local dates, as the front matter keeps them.
      const written = typeof post.data.date === 'string' ? post.data.date.slice(0, 10) : ''
      const local = new Date(`${/^\d{4}-\d{2}-\d{2}$/.test(written) ? written : day}T00:00:00Z`)
      const { id } = post.source
      const { slug, date, categories, draft } = post
      const entry: PlacedPost = {
        file,
        id,
        slug,
        date,
        categories,
        draft,
        old: oldPathOf(post.source.link),
        local,
      }
      placed.push(entry)
      settled = undefined
      if (draft) return []
      // Note: a post scheduled for later is not on the new site yet: nothing may point at archives only
      // it would make (a later import adds them).
      if (shown(entry, now)) {
        for (const kind of ['category', 'tag'] as const)
          for (const name of kind === 'tag' ? post.tags : post.categories) {
            const seen = terms[kind].get(name) ?? { oldest: date.getTime(), nicenames: new Set() }
            seen.oldest = Math.min(seen.oldest, date.getTime())
            const nicename = post.source.nicenames?.[kind].get(name)
            if (nicename !== undefined) seen.nicenames.add(nicename)
            terms[kind].set(name, seen)
          }
        years.add(day.slice(0, 4))
      }
      return aliasesOf(entry, pathOf(entry, placing()), root)
    },
    /**
     * Once every post is read: the posts whose aliases differ from those `postAliases` gave (their
     * `:category` is numbered: `/c-2/`), with their aliases.
     */
    changedAliases(): Array<{ file: string; aliases: string[] }> {
      return settledAddresses().changed
    },
    /** The aliases of a published page, nested under `parents` (slugs, outermost first). */
    pageAliases(post: ImportedPost, parents: readonly string[]): string[] {
      if (post.draft) return []
      const old = oldPathOf(post.source.link)
      const path = pagePath({ slug: post.slug, parents }, { root })
      const aliases: string[] = []
      if (old !== undefined && !samePath(old, path)) aliases.push(old)
      for (const short of [`${root}?page_id=${post.source.id}`, `${root}?p=${post.source.id}`])
        if (!aliases.includes(short)) aliases.push(short)
      return aliases
    },
    /**
     * The old addresses that are not a post's, and where they point now, for `redirects.json`: `/feed/`
     * (and `/feed/rss2/`) at the RSS feed, `/feed/atom/` at the Atom feed, `/comments/feed/` at the RSS
     * feed (the new site has comment feeds per post, none for the whole site), each post's
     * `<old path>feed/` at its comment feed; the archives `/category/<nicename>/`, `/tag/<nicename>/`
     * (the old blog's slugs, else guessed from the names) and `/<year>/` at the new site's
     * `/categories/<slug>/`, `/tags/<slug>/` (the site's slugs: `siteTermSlugs`, `C++` is `c-2`) and
     * `/archive/<year>/`.
     */
    redirects(): Record<string, string> {
      const { feeds, categorySlugs } = settledAddresses()
      const all = new Map(feeds)
      // Note: the site's tag slugs are `siteTermSlugs` of its published posts, which only the oldest post
      // of each name decides: one post per name stands for them.
      const oldest = [...terms.tag].map(([name, seen]) => ({ date: new Date(seen.oldest), tags: [name] }))
      const tagSlugs = siteTermSlugs(oldest, { by: 'tag' })
      for (const [from, to] of archiveRedirects('category', terms.category, categorySlugs, root))
        all.set(from, to)
      for (const [from, to] of archiveRedirects('tag', terms.tag, tagSlugs, root)) all.set(from, to)
      for (const year of years) all.set(`${root}${year}/`, `${root}archive/${year}/`)
      all.set(`${root}feed/`, `${root}feed.xml`)
      all.set(`${root}feed/rss2/`, `${root}feed.xml`)
      all.set(`${root}feed/atom/`, `${root}atom.xml`)
      all.set(`${root}comments/feed/`, `${root}feed.xml`)
      return Object.fromEntries([...all].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
    },
    /**
     * When posts moved: the pattern that keeps every old address (`/:year/:month/:day/:slug/`), or
     * `undefined` when none of the common ones does. `undefined` when nothing moved.
     */
    suggestion(): { moved: number; posts: number; pattern: string | undefined } | undefined {
      const { moved, posts, pretty, keeping } = settledAddresses()
      if (moved === 0) return undefined
      return { moved, posts, pattern: pretty > 0 ? [...keeping][0] : undefined }
    },
  }
}

/** The time zone, or UTC for one that is not (reported elsewhere: the option, site.json). */
function knownTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone })
    return timeZone
  } catch {
    return 'UTC'
  }
}
