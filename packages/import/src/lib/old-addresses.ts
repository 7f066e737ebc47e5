import { pagePath, postPath, slugify } from '@blogkit/post'
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

/**
 * Collects the old addresses of a WordPress blog while its posts are imported: each post's aliases (its
 * old path when the new permalink differs, and its `?p=<id>` short link), the old feed addresses
 * pointing at the new feeds, and the permalink pattern that would have kept every old address.
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
  const redirects = new Map<string, string>()
  /** Names of the tags and categories of published posts, and their years (the archives the new site has). */
  const terms = { category: new Set<string>(), tag: new Set<string>() }
  const years = new Set<string>()
  /** Candidate patterns that made every old post address so far, with the local dates WordPress used. */
  const keeping = new Set<string>(suggestedPermalinks)
  let posts = 0
  let moved = 0
  /** Posts whose old address was a path (not `?p=<id>`): the ones a pattern could have kept. */
  let pretty = 0

  return {
    /** The channel's `<link>`: the site root both blogs are under. */
    setSite(link: string) {
      root = rootOf(link)
    },
    /** The aliases of a published post (`[]` for drafts: they had no public address). */
    postAliases(post: ImportedPost): string[] {
      if (post.draft) return []
      const old = oldPathOf(post.source.link)
      const day = days.format(post.date)
      // Note: the new site's rule (@blogkit/post's), so that an unchanged address is seen as one.
      const path = postPath(post, { permalink: settings.permalink, root, timeZone })
      const aliases: string[] = []
      posts++
      // Note: a post scheduled for later is not on the new site yet: nothing may point at its feed or at
      // archives only it would make (a later import adds them).
      const shown = post.date.getTime() <= now
      if (shown) {
        for (const name of post.categories) terms.category.add(name)
        for (const name of post.tags) terms.tag.add(name)
        years.add(day.slice(0, 4))
      }
      if (old !== undefined && !samePath(old, path)) {
        aliases.push(old)
        moved++
      }
      if (old?.endsWith('/')) {
        // Note: WordPress's `<post>/feed/` is the post's comment feed (RSS 2.0).
        if (shown) redirects.set(`${old}feed/`, `${path}comments.rss`)
        // Note: the old addresses were made with the blog's local dates, as the front matter keeps them.
        const written = typeof post.data.date === 'string' ? post.data.date.slice(0, 10) : ''
        const local = new Date(`${/^\d{4}-\d{2}-\d{2}$/.test(written) ? written : day}T00:00:00Z`)
        pretty++
        for (const pattern of keeping) {
          const kept = postPath({ ...post, date: local }, { permalink: pattern, root, timeZone: 'UTC' })
          if (!samePath(old, kept)) keeping.delete(pattern)
        }
      }
      const short = `${root}?p=${post.source.id}`
      if (!aliases.includes(short)) aliases.push(short)
      return aliases
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
     * `<old path>feed/` at its comment feed; the archives `/category/<slug>/`, `/tag/<slug>/` and
     * `/<year>/` at the new site's `/categories/<slug>/`, `/tags/<slug>/` and `/archive/<year>/`.
     */
    redirects(): Record<string, string> {
      const all = new Map(redirects)
      for (const [kind, names] of [
        ['category', terms.category],
        ['tag', terms.tag],
      ] as const) {
        const slugs = [...names].map((name) => slugify(name))
        // Note: two names of one slug get `-2` on the new site; which one is which is not known here.
        for (const slug of slugs)
          if (slug !== '' && slugs.indexOf(slug) === slugs.lastIndexOf(slug))
            all.set(
              `${root}${kind}/${encodeURIComponent(slug)}/`,
              `${root}${kind === 'tag' ? 'tags' : 'categories'}/${encodeURIComponent(slug)}/`,
            )
      }
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
