import {
  type Comment,
  type CommentNode,
  type CommentThreads,
  commentAnchor,
  commentBodyHtml,
  oldCommentAnchor,
  pageNumbers,
} from '@blogkit/comments'
import { formatDateTime } from './format.js'
import { type Child, focusableScrollers, type Html, html, raw } from './html.js'
import { messagesFor } from './i18n.js'

/** Options of `renderComments`. */
export interface RenderCommentsOptions {
  /** Language of the page. */
  lang: string
  /** IANA time zone for comment times. */
  timeZone: string
  /** `id` of the section (usually `comments`). */
  id: string
  /** Absolute URLs of the post's comment feeds, linked under the heading. */
  feedUrls?: { rss: string; atom: string; json: string } | undefined
  /** Path of the page that explains feeds (the subscribe page), linked beside them. */
  aboutFeedsHref?: string | undefined
  /**
   * Link for a "reply" action under each visible comment (the server example opens its form there).
   * Without it, comments have no reply link (a static site takes no comments).
   */
  replyHref?: ((comment: Comment) => string) | undefined
  /** Label of the reply link. @default the catalog's `reply` ('Reply', 'Svara') */
  replyLabel?: string | undefined
  /** HTML placed after the list, e.g. the server's comment form. Trusted markup. */
  slot?: Html | string | undefined
  /** Which page of the threads this is, with links to the others (none when all fit on one page). */
  paging?: CommentPaging | undefined
  /** A comment to mark (`comment-new`), with a note in it: e.g. "your comment is published". */
  highlight?: { id: string; notice: string } | undefined
}

/** Order of top-level threads a reader may choose. */
export type CommentOrder = 'oldest' | 'newest'

/** The pages of a post's comments, for `renderComments`' `paging`. */
export interface CommentPaging {
  /** This page, from 1. */
  page: number
  /** Number of pages. */
  pages: number
  /** This page's order. @default 'oldest' */
  order?: CommentOrder | undefined
  /** Offer the reader the other order (links; a static site has one order). @default false */
  orders?: boolean | undefined
  /** Link of a page in an order. */
  href: (page: number, order: CommentOrder) => string
}

/** The path of a post's comment page: the post itself for page 1, else `<post>comments/<page>/`. */
export function commentPagePath(postPath: string, page: number): string {
  return page <= 1 ? postPath : `${postPath}comments/${page}/`
}

/** ` id="comment-123"` for a comment with an old anchor (see `oldCommentAnchor`), else nothing. */
const oldAnchorAttribute = (comment: Pick<Comment, 'id'>): Html | '' => {
  const old = oldCommentAnchor(comment)
  return old === undefined ? '' : html` id="${old}"`
}

function renderNode(
  node: CommentNode,
  byId: ReadonlyMap<string, Comment>,
  options: Readonly<RenderCommentsOptions>,
  top: boolean,
): Html {
  const t = messagesFor(options.lang)
  const { comment } = node
  const anchor = commentAnchor(comment)
  const replies: Child =
    node.replies.length > 0
      ? html`<ol class="comment-replies">${node.replies.map((reply) => renderNode(reply, byId, options, false))}</ol>`
      : ''
  if (node.placeholder) {
    return html`<li class="comment comment-deleted" id="${anchor}">
<p class="comment-placeholder"${oldAnchorAttribute(comment)}>${t.commentDeleted}</p>
${replies}</li>
`
  }
  const parent = comment.parentId === undefined ? undefined : byId.get(comment.parentId)
  const replyTo =
    node.inReplyTo ??
    (parent && parent.status === 'approved' ? { id: parent.id, name: parent.author.name } : undefined)
  const body = commentBodyHtml(comment, replyTo)
  const { author } = comment
  // The site author's own comment (stored with `byAuthor`) is marked, with a label for screen readers.
  const badge = comment.byAuthor
    ? html` <span class="comment-badge" role="img" aria-label="${t.authorBadgeLabel}">${t.authorBadge}</span>`
    : ''
  const name = author.url
    ? html`<h3 class="comment-author"><a href="${author.url}" rel="nofollow ugc noopener">${author.name}</a>${badge}</h3>`
    : html`<h3 class="comment-author">${author.name}${badge}</h3>`
  const created = new Date(comment.createdAt)
  const latest = author.latestPost
  const replyCount = node.count - 1
  const fresh = options.highlight?.id === comment.id
  return html`<li class="comment${top ? ' comment-top' : ''}${fresh ? ' comment-new' : ''}" id="${anchor}">
<article class="comment-card"${oldAnchorAttribute(comment)}>
${fresh ? html`<p class="comment-notice" role="status">${options.highlight!.notice}</p>\n` : ''}
<header class="comment-meta">
${name}
<a class="comment-permalink" href="#${anchor}"><time datetime="${created.toISOString()}">${formatDateTime(created, options.lang, options.timeZone)}</time></a>${
    node.inReplyTo
      ? html`<span class="comment-in-reply-to"><a href="#${commentAnchor(node.inReplyTo)}">${t.inReplyTo(node.inReplyTo.name)}</a></span>`
      : ''
  }${top && replyCount > 0 ? html`<span class="comment-count">${t.replies(replyCount)}</span>` : ''}
</header>
<div class="comment-body">${raw(focusableScrollers(body))}</div>
${
  latest
    ? html`<p class="comment-latest">${t.latestPost}: ${latest.url ? html`<a href="${latest.url}" rel="nofollow ugc noopener">${latest.title}</a>` : latest.title}</p>`
    : ''
}${
  options.replyHref
    ? html`<p class="comment-reply"><a href="${options.replyHref(comment)}" aria-label="${options.replyLabel ?? t.reply}: ${author.name}">${options.replyLabel ?? t.reply}</a></p>`
    : ''
}
</article>
${replies}</li>
`
}

function renderFeedLinks(options: Readonly<RenderCommentsOptions>): Child {
  const urls = options.feedUrls
  if (!urls) return ''
  const t = messagesFor(options.lang)
  const about = options.aboutFeedsHref
  return html`<p class="comment-feed">${t.followComments}${about ? html` (<a href="${about}">${t.aboutFeeds}</a>)` : ''}: <a href="${urls.rss}" type="application/rss+xml">RSS</a> · <a href="${urls.atom}" type="application/atom+xml">Atom</a> · <a href="${urls.json}" type="application/feed+json">JSON Feed</a></p>`
}

function renderOrderSwitch(paging: CommentPaging | undefined, lang: string, id: string): Child {
  if (!paging?.orders) return ''
  const t = messagesFor(lang)
  const current = paging.order ?? 'oldest'
  const choice = (order: CommentOrder, label: string) =>
    order === current
      ? html`<a href="${paging.href(1, order)}#${id}" aria-current="true">${label}</a>`
      : html`<a href="${paging.href(1, order)}#${id}">${label}</a>`
  return html`<p class="comment-order">${t.commentOrder}: ${choice('oldest', t.oldestFirst)} · ${choice('newest', t.newestFirst)}</p>
`
}

function renderPageLinks(paging: CommentPaging | undefined, lang: string, id: string): Child {
  if (!paging || paging.pages <= 1) return ''
  const t = messagesFor(lang)
  const { page, pages } = paging
  const order = paging.order ?? 'oldest'
  const link = (n: number) =>
    n === 0
      ? html`<li class="comment-pages-gap" aria-hidden="true">…</li>`
      : n === page
        ? html`<li><a href="${paging.href(n, order)}#${id}" aria-current="page">${n}</a></li>`
        : html`<li><a href="${paging.href(n, order)}#${id}">${n}</a></li>`
  return html`<nav class="comment-pages" aria-label="${t.commentPages}">
<p class="comment-pages-of">${t.pageOf(Math.min(page, pages), pages)}</p>
<ul>
${page > 1 ? html`<li><a href="${paging.href(Math.min(page - 1, pages), order)}#${id}" rel="prev">← ${t.previousCommentPage}</a></li>\n` : ''}${pageNumbers(page, pages).map(link)}
${page < pages ? html`<li><a href="${paging.href(page + 1, order)}#${id}" rel="next">${t.nextCommentPage} →</a></li>\n` : ''}</ul>
</nav>
`
}

/**
 * The comments section of a post: a heading with the count, links to the comment feeds, the threads
 * (commenters' names link to their sites, `@Name` links to the comment answered, replies nested), links
 * to the other pages of threads and a choice of order (`paging`), and a slot for a form.
 *
 * @param threads
 *   From `threadComments` (@blogkit/comments).
 * @param comments
 *   Every comment of the post (to find the names of parents).
 */
export function renderComments(
  threads: CommentThreads,
  comments: readonly Comment[],
  options: Readonly<RenderCommentsOptions>,
): Html {
  const t = messagesFor(options.lang)
  const byId = new Map(comments.map((comment) => [comment.id, comment]))
  return html`<section class="comments" id="${options.id}" aria-labelledby="${options.id}-title">
<h2 id="${options.id}-title">${t.comments(threads.total)}</h2>
${renderFeedLinks(options)}
${threads.threadCount > 1 ? renderOrderSwitch(options.paging, options.lang, options.id) : ''}${
  threads.threads.length > 0
    ? html`<ol class="comment-list">
${threads.threads.map((node) => renderNode(node, byId, options, true))}</ol>`
    : html`<p>${t.noComments}</p>`
}
${renderPageLinks(options.paging, options.lang, options.id)}${options.slot === undefined ? '' : typeof options.slot === 'string' ? raw(options.slot) : options.slot}
</section>`
}
