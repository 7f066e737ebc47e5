// The reading side of the comment handler: a page's threads of approved comments (paged in the store, as
// on the live blog) as JSON or as an HTML fragment, both rendered by the package's sanitizer.
import { commentAnchor } from '../anchors.js'
import type { CommentStore } from '../comment-store.js'
import { mentionedName } from '../infer-replies.js'
import { renderCommentHtml } from '../render-comment-html.js'
import { threadComments } from '../thread-comments.js'
import type { CommentNode } from '../thread-types.js'
import type { Comment } from '../types.js'
import { escapeHtml } from './html-pages.js'

/** A comment as the handler shows it to anyone: no e-mail address, the body rendered to safe HTML. */
export interface PublicComment {
  id: string
  /** The comment it answers (absent for a top-level comment). */
  parentId?: string
  author: { name: string; url?: string }
  /** `true` for a comment by the site's author (`Comment.byAuthor`). */
  byAuthor?: true
  /** ISO 8601. */
  createdAt: string
  /** The body rendered by `renderCommentHtml` (empty for a placeholder). */
  html: string
  /**
   * The body as written (Markdown), only when asked for with `&body=1`: for a builder that renders the
   * comments with its own templates (`renderCommentHtml`). Empty for a placeholder.
   */
  body?: string
  /** `true` for a comment that is not shown (held, deleted) but has shown replies. */
  placeholder: boolean
  /** Set on a reply shown away from its parent (deeper than `maxDepth`): whom it answers. */
  inReplyTo?: { id: string; name: string }
  replies: PublicComment[]
}

/** `GET /comments?page=…`: one page of a page's threads. */
export interface CommentsAnswer {
  /** The page's URL, normalized (absent when asked by `identifier` alone). */
  page?: string
  /** What the comments are kept under (the store's `postId`). */
  identifier: string
  /** This page of threads, from 1. */
  p: number
  /** Pages of threads (at least 1). */
  pages: number
  order: 'oldest' | 'newest'
  /** Approved comments on the page, on all pages of threads. */
  total: number
  /** Top-level threads, on all pages. */
  threadCount: number
  threads: PublicComment[]
  /** The language of the service's words for this read (`lang` when it has it, else its `language`). */
  lang?: string
  /** The service offers reply mails (the handler's `replyMail`): a form may send the `notify` box. */
  replyMail?: true
}

/** Rendered bodies by comment id and body, so that a read does not render every comment again. */
export function renderCache(
  maxEntries = 5000,
): (comment: Comment, replyTo?: { name: string; id: string }) => string {
  const cache = new Map<string, string>()
  return (comment, replyTo) => {
    const key = `${comment.id}\u0000${replyTo?.name ?? ''}\u0000${comment.body}`
    let html = cache.get(key)
    if (html === undefined) {
      html = renderCommentHtml(comment.body, {
        maxLength: Math.max(100_000, comment.body.length),
        // Note: "@Henrik:" answering "Henrik Sandmark" links the first name, as pages do (`mentionedName`).
        ...(replyTo
          ? {
              replyTo: {
                name: mentionedName(comment.body, replyTo.name),
                href: `#${commentAnchor(replyTo)}`,
              },
            }
          : {}),
      })
      if (cache.size >= maxEntries) cache.delete(cache.keys().next().value!)
      cache.set(key, html)
    }
    return html
  }
}

/** Read one page of threads and make it public. */
export async function readThreads(options: {
  store: CommentStore
  identifier: string
  page: string | undefined
  p: number
  order: 'oldest' | 'newest'
  limit: number
  commentId: string | undefined
  maxDepth: number
  render: ReturnType<typeof renderCache>
  /** Add each comment's Markdown `body`. @default false */
  withBody?: boolean
}): Promise<CommentsAnswer> {
  const { store, identifier, order } = options
  const read = await store.threadPage({
    postId: identifier,
    order,
    limit: options.limit,
    ...(options.commentId === undefined ? { page: options.p } : { commentId: options.commentId }),
  })
  const byId = new Map(read.comments.map((comment) => [comment.id, comment]))
  const threads = threadComments(read.comments, {
    postId: identifier,
    sort: order,
    maxDepth: options.maxDepth,
  })
  const publicNode = (node: CommentNode): PublicComment => {
    const { comment } = node
    const parent = comment.parentId === undefined ? undefined : byId.get(comment.parentId)
    const replyTo =
      parent && parent.status === 'approved' ? { id: parent.id, name: parent.author.name } : undefined
    return {
      id: comment.id,
      ...(comment.parentId === undefined ? {} : { parentId: comment.parentId }),
      author: node.placeholder
        ? { name: '' }
        : { name: comment.author.name, ...(comment.author.url ? { url: comment.author.url } : {}) },
      ...(comment.byAuthor && !node.placeholder ? { byAuthor: true as const } : {}),
      createdAt: comment.createdAt,
      html: node.placeholder ? '' : options.render(comment, replyTo),
      ...(options.withBody ? { body: node.placeholder ? '' : comment.body } : {}),
      placeholder: node.placeholder,
      ...(node.inReplyTo ? { inReplyTo: node.inReplyTo } : {}),
      replies: node.replies.map(publicNode),
    }
  }
  return {
    ...(options.page === undefined ? {} : { page: options.page }),
    identifier,
    p: read.page,
    pages: read.pages,
    order,
    total: read.total,
    threadCount: read.threadCount,
    threads: threads.threads.map(publicNode),
  }
}

/** Words of the HTML fragment. */
export interface FragmentWords {
  /** Shown for a placeholder (a comment not shown that has replies). */
  removed: string
  /** Before the name of the comment a flattened reply answers. */
  inReplyTo: string
}

/** An author's site, when it is an http(s) URL (stored data is checked on add and import; this is the page's own guard). */
const safeHref = (url: string | undefined) =>
  url !== undefined && /^https?:\/\//i.test(url) ? url : undefined

/** The threads as an HTML fragment: names and dates escaped, bodies from `renderCommentHtml`. */
export function threadsFragment(answer: CommentsAnswer, words: FragmentWords): string {
  const item = (c: PublicComment): string => {
    const replies =
      c.replies.length === 0 ? '' : `\n<ol class="blogkit-replies">\n${c.replies.map(item).join('\n')}\n</ol>`
    if (c.placeholder) {
      return `<li class="blogkit-comment blogkit-placeholder" id="${escapeHtml(commentAnchor(c))}"><p>${escapeHtml(words.removed)}</p>${replies}</li>`
    }
    const href = safeHref(c.author.url)
    const name = escapeHtml(c.author.name)
    const author =
      href === undefined
        ? `<span class="blogkit-author">${name}</span>`
        : `<a class="blogkit-author" href="${escapeHtml(href)}" rel="nofollow ugc noopener">${name}</a>`
    const answers = c.inReplyTo
      ? ` <a class="blogkit-in-reply-to" href="#${escapeHtml(commentAnchor(c.inReplyTo))}">${escapeHtml(words.inReplyTo)} ${escapeHtml(c.inReplyTo.name)}</a>`
      : ''
    return `<li class="blogkit-comment" id="${escapeHtml(commentAnchor(c))}"><article>
<header>${author} <time datetime="${escapeHtml(c.createdAt)}">${escapeHtml(c.createdAt.slice(0, 10))}</time>${answers}</header>
<div class="blogkit-body">${c.html}</div>
</article>${replies}</li>`
  }
  const attributes = `data-total="${answer.total}" data-p="${answer.p}" data-pages="${answer.pages}"`
  return `<section class="blogkit-comments" ${attributes}>\n<ol class="blogkit-threads">\n${answer.threads.map(item).join('\n')}\n</ol>\n</section>\n`
}
