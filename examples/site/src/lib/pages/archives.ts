import { formatMonth, monthNumber } from '../format.js'
import { type Html, html } from '../html.js'
import { messagesFor } from '../i18n.js'
import { renderLayout } from '../layout.js'
import type { Site, SitePost, Term } from '../load-site.js'
import { renderPostList, renderTermList } from './parts.js'

/** Which kind of archive a term belongs to. */
export type TermKind = 'tag' | 'category' | 'year'

/**
 * The posts of a year by month, newest first: a heading per month (its name in `lang`, in the site's time
 * zone) and the month's posts with their dates.
 */
function renderPostsByMonth(site: Site, posts: readonly SitePost[], lang: string): Html {
  const { timeZone } = site.config
  const months = new Map<string, SitePost[]>()
  const newestFirst = [...posts].sort((a, b) => b.post.date.getTime() - a.post.date.getTime())
  for (const item of newestFirst) {
    const month = monthNumber(item.post.date, timeZone)
    const list = months.get(month)
    if (list) list.push(item)
    else months.set(month, [item])
  }
  return html`${[...months].map(
    ([month, items]) => html`<section class="archive-month" aria-labelledby="month-${month}">
<h2 id="month-${month}">${formatMonth(items[0]!.post.date, lang, timeZone)}</h2>
${renderPostList(site, items, lang)}
</section>
`,
  )}`
}

/**
 * The archive page of one tag, category or year: its posts, newest first (a year's by month).
 */
export function renderTermPage(site: Site, kind: TermKind, term: Term): string {
  const lang = site.config.language
  const t = messagesFor(lang)
  const title =
    kind === 'tag'
      ? t.postsTagged(term.name)
      : kind === 'category'
        ? t.postsInCategory(term.name)
        : t.postsFrom(term.name)
  const main = html`<header class="page-header">
<h1>${title}</h1>
<p class="lead">${t.postCount(term.posts.length)}</p>
</header>
${kind === 'year' ? renderPostsByMonth(site, term.posts, lang) : renderPostList(site, term.posts, lang)}`
  return renderLayout(site, {
    lang,
    title,
    description: `${title}: ${t.postCount(term.posts.length)}. ${site.config.title}.`,
    path: term.path,
    section: kind === 'tag' ? 'tags' : kind === 'category' ? 'categories' : 'archive',
    main,
  })
}

/** The index of all tags, all categories, or all years (the archive), each with its post count. */
export function renderTermIndex(site: Site, kind: TermKind): string {
  const lang = site.config.language
  const t = messagesFor(lang)
  const { urls } = site
  const [title, terms, path, section] =
    kind === 'tag'
      ? ([t.allTags, site.tags, urls.tags(), 'tags'] as const)
      : kind === 'category'
        ? ([t.allCategories, site.categories, urls.categories(), 'categories'] as const)
        : ([t.archive, site.years, urls.archive(), 'archive'] as const)
  const main = html`<header class="page-header">
<h1>${title}</h1>
<p class="lead">${t.postCount(site.posts.length)}</p>
</header>
${renderTermList(terms, lang, kind === 'tag' ? 'term-list term-cloud' : 'term-list')}
${
  kind === 'year'
    ? html`<h2>${t.categories}</h2>
${renderTermList(site.categories, lang)}`
    : ''
}`
  return renderLayout(site, {
    lang,
    title,
    description: `${title}: ${site.config.title}.`,
    path,
    section,
    main,
  })
}
