import { type Comment, type CommentThreads, pageThreads } from '@blogkit/comments'
import { discoveryLinks } from '@blogkit/feed'
import { termSlug } from '@blogkit/post'
import { renderCommentEmbed } from '../comment-embed.js'
import { renderCommentHint } from '../comment-hint.js'
import { type CommentPaging, commentPagePath, renderComments } from '../comments.js'
import { commentFeedUrls } from '../feeds.js'
import { truncate } from '../format.js'
import { type Child, focusableScrollers, type Html, html, jsonForScript, raw } from '../html.js'
import { messagesFor } from '../i18n.js'
import { renderLayout } from '../layout.js'
import type { RelatedLink, Site, SitePost } from '../load-site.js'
import { langAttribute, renderDate } from './parts.js'
import { shareImage } from './share-image.js'

/** Options of `renderPostPage`: what a server changes on a post page. */
export interface RenderPostPageOptions {
  /** Threads to show instead of `item.threads` (e.g. read live from a comment store). */
  threads?: CommentThreads | undefined
  /** Every comment of the post, to go with `threads` (for the names of parents). */
  comments?: readonly Comment[] | undefined
  /**
   * HTML after the comment list, e.g. a comment form. Trusted markup. Without it: where to comment, a
   * link to the post on the live blog when site.json names one (`liveSite`), else nothing.
   */
  commentsSlot?: Html | string | undefined
  /** Link of the "reply" action of each comment (none without it). */
  replyHref?: ((comment: Comment) => string) | undefined
  /** Which page of the comments this is, with links to the others (`renderComments`' `paging`). */
  commentPaging?: CommentPaging | undefined
  /** A comment to mark, with a note in it (`renderComments`' `highlight`). */
  highlight?: { id: string; notice: string } | undefined
  /**
   * Without `threads` (a site without a comment store, as the static blog): the page of `item.threads` to
   * show, `commentThreadsPerPage` (50) threads a page, at `commentPagePath` (`<post>comments/<n>/`).
   * @default 1
   */
  commentPage?: number | undefined
}

/** How many pages `item.threads` fills (the static blog writes pages 2 and on at `<post>comments/<n>/`). */
export function postCommentPageCount(item: SitePost): number {
  return pageThreads(item.threads, { page: 1 }).pages
}

/** `item.threads` a page at a time, with links to the pages (the static blog's comment pages). */
function staticCommentPage(item: SitePost, page: number): { threads: CommentThreads; paging: CommentPaging } {
  const { threads, pages } = pageThreads(item.threads, { page })
  return { threads, paging: { page, pages, href: (n) => commentPagePath(item.path, n) } }
}

/** A heading-safe id that is not used by the post body. */
function freeId(base: string, taken: ReadonlySet<string>): string {
  let id = base
  for (let n = 2; taken.has(id); n++) id = `${base}-${n}`
  return id
}

function renderToc(item: SitePost, label: string, id: string): Child {
  const headings = item.post.headings.filter((heading) => heading.depth === 2 || heading.depth === 3)
  if (headings.length < 2) return ''
  const top = Math.min(...headings.map((heading) => heading.depth))
  // Nested list: depth-3 headings go into a sub-list of the preceding depth-2 heading.
  const parts: string[] = []
  let open = false
  for (const [index, heading] of headings.entries()) {
    const link = html`<a href="#${heading.id}">${heading.text}</a>`.value
    if (heading.depth === top || index === 0) {
      if (open) parts.push('</ol></li>')
      else if (index > 0) parts.push('</li>')
      parts.push(`<li>${link}`)
      open = false
    } else {
      if (!open) parts.push('<ol>')
      parts.push(`<li>${link}</li>`)
      open = true
    }
  }
  parts.push(open ? '</ol></li>' : '</li>')
  return html`<nav class="toc" aria-labelledby="${id}">
<h2 id="${id}">${label}</h2>
<ol>${raw(parts.join(''))}</ol>
</nav>`
}

function reasonText(link: RelatedLink, lang: string): string {
  const t = messagesFor(lang)
  const parts: string[] = []
  if (link.reasons.tags.length > 0) parts.push(`${t.sharedTags}: ${link.reasons.tags.join(', ')}`)
  else if (link.reasons.categories.length > 0)
    parts.push(`${t.sharedCategories}: ${link.reasons.categories.join(', ')}`)
  // Note: terms that are words of a shared tag ("sociala", "medier" beside "sociala medier") say nothing new.
  const tagWords = new Set(
    [...link.reasons.tags, ...link.reasons.categories].flatMap((name) =>
      name.toLocaleLowerCase().split(/\s+/),
    ),
  )
  const terms = link.reasons.terms.filter((term) => !tagWords.has(term.toLocaleLowerCase())).slice(0, 4)
  if (terms.length > 0) parts.push(`${t.sharedTerms}: ${terms.join(', ')}`)
  return parts.length > 0 ? parts.join(' · ') : t.similarText
}

function renderRelated(site: Site, item: SitePost, lang: string): Child {
  if (item.related.length === 0) return ''
  const t = messagesFor(lang)
  return html`<section class="related" aria-labelledby="related-title">
<h2 id="related-title">${t.relatedPosts}</h2>
<ul class="related-list">
${item.related.map(
  (link) => html`<li>
<a href="${link.post.path}"${langAttribute(link.post.post.lang, lang)}>${link.post.post.title}</a>
<span class="related-date">${renderDate(site, link.post.post.date, lang)}</span>
<span class="related-reason">${reasonText(link, lang)}</span>
</li>
`,
)}</ul>
</section>`
}

function renderAdjacent(item: SitePost, lang: string): Child {
  if (!item.previous && !item.next) return ''
  const t = messagesFor(lang)
  return html`<nav class="post-nav" aria-label="${t.postNavigation}">
${item.previous ? html`<a class="post-nav-previous" rel="prev" href="${item.previous.path}"><span class="post-nav-label">← ${t.previousPost}</span> <span class="post-nav-title"${langAttribute(item.previous.post.lang, lang)}>${item.previous.post.title}</span></a>` : html`<span></span>`}
${item.next ? html`<a class="post-nav-next" rel="next" href="${item.next.path}"><span class="post-nav-label">${t.nextPost} →</span> <span class="post-nav-title"${langAttribute(item.next.post.lang, lang)}>${item.next.post.title}</span></a>` : html`<span></span>`}
</nav>`
}

/** The description of a post for meta tags: front matter `description`, else its excerpt. */
export function postDescription(item: SitePost): string {
  return truncate(item.post.description ?? (item.post.excerpt.text || item.post.text), 200)
}

/**
 * A post's page: title, author, date, reading time, categories, table of contents, body, tags,
 * previous/next, related posts with the reason, and the threaded comments with a slot for a form.
 * `<html lang>` is the post's language; JSON-LD `BlogPosting` and Open Graph article tags are in the head.
 */
export function renderPostPage(
  site: Site,
  item: SitePost,
  options?: Readonly<RenderPostPageOptions> | null,
): string {
  const { config, urls } = site
  const { post } = item
  const lang = post.lang
  const t = messagesFor(lang)
  const commentPage = options?.commentPage ?? 1
  const paged = options?.threads === undefined ? staticCommentPage(item, commentPage) : undefined
  const threads = options?.threads ?? paged!.threads
  const comments = options?.comments ?? item.comments
  const taken = new Set(post.headings.map((heading) => heading.id))
  const commentsId = freeId('comments', taken)
  // Note: with a comment service (the static blog's --comments-url) its <blogkit-comments> wraps the
  // comments; the element takes `#comments` (kept with JavaScript, when it replaces what it wraps).
  const service = options?.commentsSlot === undefined ? config.commentsUrl : undefined
  const sectionId = service === undefined ? commentsId : freeId(`${commentsId}-static`, taken.add(commentsId))
  const tocId = freeId('toc-title', taken)
  const author = post.author ?? config.author.name
  const authorUrl =
    post.author === undefined || post.author === config.author.name ? config.author.url : undefined
  const commentFeeds = commentFeedUrls(site, item)
  const description = postDescription(item)
  const updated = post.updated && post.updated.getTime() > post.date.getTime() ? post.updated : undefined
  const image = shareImage(site, item)

  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'BlogPosting',
    headline: post.title,
    description,
    inLanguage: lang,
    datePublished: post.date.toISOString(),
    dateModified: (updated ?? post.date).toISOString(),
    author: { '@type': 'Person', name: author, ...(authorUrl ? { url: authorUrl } : {}) },
    publisher: { '@type': 'Organization', name: config.title, url: urls.absolute(urls.home()) },
    mainEntityOfPage: { '@type': 'WebPage', '@id': item.url },
    url: item.url,
    wordCount: post.readingTime.words,
    commentCount: threads.total,
    ...(post.tags.length > 0 ? { keywords: post.tags.join(', ') } : {}),
    ...(post.categories.length > 0 ? { articleSection: post.categories[0] } : {}),
    ...(image ? { image: image.url } : {}),
  }

  const head = html`<meta property="article:published_time" content="${post.date.toISOString()}">
${updated ? html`<meta property="article:modified_time" content="${updated.toISOString()}">\n` : ''}${post.tags.map((tag) => html`<meta property="article:tag" content="${tag}">\n`)}${image ? html`<meta property="og:image" content="${image.url}">\n${image.alt ? html`<meta property="og:image:alt" content="${image.alt}">\n` : ''}` : ''}<meta name="twitter:card" content="${image ? 'summary_large_image' : 'summary'}">
${raw(discoveryLinks({ title: t.commentFeedOf(post.title), feedUrls: commentFeeds }))}
<script type="application/ld+json">${jsonForScript(jsonLd)}</script>`

  const categories = post.categories.map((name, index) => {
    const term = item.categoryTerms[index]
    return html`<a href="${term?.path ?? urls.category(termSlug(name))}">${name}</a>`
  })
  const tags = post.tags.map((name, index) => {
    const term = item.tagTerms[index]
    return html`<li><a href="${term?.path ?? urls.tag(termSlug(name))}" rel="tag">${name}</a></li>`
  })

  const commentsSection = renderComments(threads, comments, {
    lang,
    timeZone: config.timeZone,
    id: sectionId,
    feedUrls: commentFeeds,
    aboutFeedsHref: urls.subscribe(),
    replyHref: options?.replyHref,
    slot: options?.commentsSlot ?? renderCommentHint(site, item, lang),
    paging: options?.commentPaging ?? paged?.paging,
    highlight: options?.highlight,
  })
  const main = html`<article class="post">
<header class="post-header">
${categories.length > 0 ? html`<p class="post-categories"><span class="visually-hidden">${t.filedUnder}: </span>${categories.map((link, index) => (index === 0 ? link : html`, ${link}`))}</p>` : ''}
<h1 class="post-title">${post.title}</h1>
${item.draft ? html`<p class="draft-marker">${t.draft}</p>` : ''}
<p class="post-meta">${t.by} ${authorUrl ? html`<a rel="author" href="${authorUrl}">${author}</a>` : html`<span>${author}</span>`} · ${renderDate(site, post.date, lang)} · ${t.minutesToRead(post.readingTime.minutes)} · <a href="#${commentsId}">${t.comments(threads.total)}</a>${updated ? html` · ${t.updated} ${renderDate(site, updated, lang)}` : ''}</p>
</header>
${renderToc(item, t.contents, tocId)}
<div class="post-body">
${raw(focusableScrollers(post.html))}
</div>
${tags.length > 0 ? html`<footer class="post-footer"><h2 class="visually-hidden">${t.taggedWith}</h2><ul class="tag-list">${tags}</ul></footer>` : ''}
</article>
${renderAdjacent(item, lang)}
${renderRelated(site, item, lang)}
${service === undefined ? commentsSection : renderCommentEmbed({ service, page: item.url, id: commentsId, content: commentsSection })}`

  return renderLayout(site, {
    lang,
    title: post.title,
    description,
    path: paged && commentPage > 1 ? commentPagePath(item.path, commentPage) : item.path,
    type: 'article',
    section: 'post',
    head,
    main,
  })
}
