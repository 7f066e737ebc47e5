import { formatDate } from '../format.js'
import { type Child, type Html, html, raw } from '../html.js'
import { messagesFor } from '../i18n.js'
import type { Site, SitePost, Term } from '../load-site.js'

/** `lang="…"` when a part of a page is in another language than the page. */
export function langAttribute(lang: string, pageLang: string): Html {
  return lang.toLowerCase() === pageLang.toLowerCase() ? raw('') : html` lang="${lang}"`
}

/** `<time>` with the date as readers of `lang` write it. */
export function renderDate(site: Site, date: Date, lang: string): Html {
  return html`<time datetime="${date.toISOString()}">${formatDate(date, lang, site.config.timeZone)}</time>`
}

// Note: excerpts come from the post body; ids in them would clash with other posts on the same page, and
// headings or media would break the list's outline, so such excerpts fall back to plain text.
function excerptHtml(item: SitePost): Html {
  const { excerpt } = item.post
  if (
    /<(h[1-6]|img|picture|video|audio|iframe|table|figure|pre|hr|input|form|script)\b/i.test(excerpt.html)
  ) {
    return excerpt.text.trim() === '' ? raw('') : html`<p>${excerpt.text}</p>`
  }
  return raw(excerpt.html.replace(/\s(id|name)="[^"]*"/g, ''))
}

/** A post in a list: title, date, reading time, comment count, excerpt. */
export function renderSummary(site: Site, item: SitePost, pageLang: string, headingLevel: 2 | 3 = 2): Html {
  const { post } = item
  const t = messagesFor(pageLang)
  const p = messagesFor(post.lang)
  const heading =
    headingLevel === 2
      ? html`<h2 class="summary-title"><a href="${item.path}">${post.title}</a></h2>`
      : html`<h3 class="summary-title"><a href="${item.path}">${post.title}</a></h3>`
  return html`<article class="summary"${langAttribute(post.lang, pageLang)}>
${heading}
${item.draft ? html`<p class="draft-marker">${p.draft}</p>` : ''}
<p class="post-meta">${renderDate(site, post.date, post.lang)} · ${p.minutesToRead(post.readingTime.minutes)} · <a href="${item.path}#comments">${p.comments(item.threads.total)}</a></p>
<div class="summary-excerpt">${excerptHtml(item)}</div>
<p class="read-more"${langAttribute(pageLang, post.lang)}><a href="${item.path}">${t.readMore(post.title)}</a></p>
</article>
`
}

/** A compact list of posts (archives): date and title. */
export function renderPostList(site: Site, posts: readonly SitePost[], pageLang: string): Html {
  return html`<ul class="post-list">
${posts.map(
  (item) =>
    html`<li${langAttribute(item.post.lang, pageLang)}>${renderDate(site, item.post.date, pageLang)} <a href="${item.path}">${item.post.title}</a></li>
`,
)}</ul>`
}

/** Tags, categories or years as a list of links with counts. */
export function renderTermList(terms: readonly Term[], pageLang: string, className = 'term-list'): Html {
  const t = messagesFor(pageLang)
  return html`<ul class="${className}">
${terms.map(
  (term) =>
    html`<li><a href="${term.path}">${term.name}</a> <span class="count">${t.postCount(term.posts.length)}</span></li>
`,
)}</ul>`
}

/** Previous/next page links of a paginated list. */
export function renderPagination(
  pageLang: string,
  page: number,
  pages: number,
  href: (page: number) => string,
): Child {
  if (pages <= 1) return ''
  const t = messagesFor(pageLang)
  return html`<nav class="pagination" aria-label="${t.pagination}">
${page > 1 ? html`<a class="pagination-newer" rel="prev" href="${href(page - 1)}">← ${t.newerPosts}</a>` : html`<span></span>`}
<span class="pagination-status">${t.pageOf(page, pages)}</span>
${page < pages ? html`<a class="pagination-older" rel="next" href="${href(page + 1)}">${t.olderPosts} →</a>` : html`<span></span>`}
</nav>`
}
