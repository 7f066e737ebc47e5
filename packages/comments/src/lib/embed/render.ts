/// <reference lib="dom" />
// The threads as DOM: names, dates and links through DOM APIs; only a comment's body is HTML, and that HTML
// is the service's, rendered by the package's sanitizer (`renderCommentHtml`). The classes are the HTML
// fragment's (`GET /comments?format=html`), so one stylesheet serves both.
import { commentAnchor } from '../anchors.js'
import { type PublicComment, safeHttpUrl } from './answers.js'
import { h } from './dom.js'
import type { EmbedWords } from './words.js'

/** What rendering a comment needs. */
export interface RenderContext {
  words: EmbedWords
  lang: string | undefined
  /** Called when the reader asks to reply to a comment. */
  onReply: (comment: PublicComment, item: HTMLLIElement) => void
}

/** A date as the page's language writes it (`6 december 2026`), else as given. */
export function formatDate(iso: string, lang: string | undefined): string {
  const date = new Date(iso)
  if (Number.isNaN(date.getTime())) return iso
  try {
    return date.toLocaleDateString(lang || undefined, { year: 'numeric', month: 'long', day: 'numeric' })
  } catch {
    return iso.slice(0, 10)
  }
}

/** One comment with its replies, as a list item. */
export function commentItem(comment: PublicComment, ctx: RenderContext): HTMLLIElement {
  const item = h('li', { class: 'blogkit-comment', id: commentAnchor(comment), tabindex: '-1' })
  if (comment.placeholder) {
    item.classList.add('blogkit-placeholder')
    item.append(h('p', {}, ctx.words.removed))
  } else {
    const href = safeHttpUrl(comment.author.url)
    const author = href
      ? h('a', { class: 'blogkit-author', href, rel: 'nofollow ugc noopener' }, comment.author.name)
      : h('span', { class: 'blogkit-author' }, comment.author.name)
    const time = h('time', { datetime: comment.createdAt }, formatDate(comment.createdAt, ctx.lang))
    const inReplyTo =
      comment.inReplyTo &&
      h(
        'a',
        { class: 'blogkit-in-reply-to', href: `#${commentAnchor(comment.inReplyTo)}` },
        `${ctx.words.inReplyTo} ${comment.inReplyTo.name}`,
      )
    const body = h('div', { class: 'blogkit-body' })
    // Note: the one place HTML is set: the service's sanitized rendering of the body.
    body.innerHTML = comment.html
    const reply = h('button', { type: 'button', class: 'blogkit-reply' }, ctx.words.reply)
    reply.addEventListener('click', () => ctx.onReply(comment, item))
    const header = h('header', {}, author, ' ', time, inReplyTo && ' ', inReplyTo)
    item.append(h('article', {}, header, body, h('p', {}, reply)))
  }
  if (comment.replies.length > 0) {
    item.append(h('ol', { class: 'blogkit-replies' }, ...comment.replies.map((c) => commentItem(c, ctx))))
  }
  return item
}

/** The list of a reply's siblings under `parent` (made when the parent has no replies yet). */
export function repliesOf(parent: HTMLLIElement): HTMLOListElement {
  const existing = parent.querySelector(':scope > ol.blogkit-replies')
  if (existing) return existing as HTMLOListElement
  const list = h('ol', { class: 'blogkit-replies' })
  parent.append(list)
  return list
}
