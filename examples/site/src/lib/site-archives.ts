import { type AddressBook, groupPosts, termSlugs } from '@blogkit/post'
import type { SiteConfig } from './config.js'
import type { SitePost, Term } from './load-site.js'
import type { SiteUrls } from './urls.js'

/**
 * The archives of a grouping: a tag's or category's slug is @blogkit/post's `termSlugs` (unique among
 * them), a year's the year. Names whose slugs collide (`C` and `C++`) are numbered in the order of their
 * oldest post, so a new post with a new name never takes an existing archive's address.
 */
function buildTerms(
  groups: Map<string, SitePost[]>,
  pathOf: (slug: string) => string,
  years = false,
): Term[] {
  // Note: each group's posts are newest first, so its last post is its oldest.
  const oldestFirst = [...groups].sort(
    ([a, x], [b, y]) =>
      x.at(-1)!.post.date.getTime() - y.at(-1)!.post.date.getTime() || (a < b ? -1 : a > b ? 1 : 0),
  )
  const slugs = years ? undefined : termSlugs(oldestFirst.map(([name]) => name))
  return [...groups].map(([name, posts]) => {
    const slug = slugs?.get(name) ?? name
    return { name, slug, path: pathOf(slug), posts }
  })
}

/**
 * The site's tag, category and year archives of its posts (most posts first; years newest first), each
 * address claimed in `book`; every post's `tagTerms` and `categoryTerms` set.
 */
export function buildArchives(
  posts: readonly SitePost[],
  options: { config: SiteConfig; urls: SiteUrls; book: AddressBook },
): { tags: Term[]; categories: Term[]; years: Term[] } {
  const { config, urls, book } = options
  const group = (by: 'tag' | 'category' | 'year') => {
    // Note: only the fields `groupPosts` reads; spreading the post would read its big fields (posts from
    // the cache decode them when first read: 10,000 posts' HTML and text for nothing).
    const groups = groupPosts(
      posts.map((item) => {
        const { slug, date, draft, tags, categories } = item.post
        return { slug, date, draft, tags, categories, item }
      }),
      { by, timeZone: config.timeZone },
    )
    return new Map([...groups].map(([key, list]) => [key, list.map((entry) => entry.item)]))
  }
  const byCount = (a: Term, b: Term) =>
    b.posts.length - a.posts.length || a.name.localeCompare(b.name, config.language)
  const tags = buildTerms(group('tag'), urls.tag).sort(byCount)
  const categories = buildTerms(group('category'), urls.category).sort(byCount)
  const years = buildTerms(group('year'), urls.year, true).sort((a, b) => b.name.localeCompare(a.name))
  for (const [kind, terms] of [
    ['tag', tags],
    ['category', categories],
    ['year', years],
  ] as const)
    for (const term of terms) book.claim(term.path, { kind: 'site', what: `${kind} archive "${term.name}"` })

  // Note: looked up once here; a page that searched `site.tags` for each of its tags read every tag.
  const tagsByName = new Map(tags.map((term) => [term.name, term]))
  const categoriesByName = new Map(categories.map((term) => [term.name, term]))
  for (const item of posts) {
    item.tagTerms = item.post.tags.map((name) => tagsByName.get(name))
    item.categoryTerms = item.post.categories.map((name) => categoriesByName.get(name))
  }
  return { tags, categories, years }
}
