// A comment's body as a page shows it: safe HTML with the "@Name" of the comment it answers linked to that
// comment's anchor. Rendering Markdown is the costly part and a comment is shown more than once (its
// post's page, the post's comment feed), so the HTML is kept per comment object.
import { commentAnchor } from './anchors.js'
import { mentionedName } from './infer-replies.js'
import { renderCommentHtml } from './render-comment-html.js'
import type { Comment } from './types.js'

// Note: a WeakMap, so the HTML goes away with the comments; keyed also by what was linked, so the same
// comment shown as a reply to another name is rendered again.
const bodies = new WeakMap<Comment, { key: string; html: string }>()

/**
 * A comment's body as safe HTML (`renderCommentHtml`), with the "@Name" of the comment it answers
 * (`replyTo`: its `id` and its author's name; `mentionedName` picks the full or the first name) linked
 * to `#comment-<id>` (`commentAnchor`). Kept per comment object: the same comment and `replyTo` give the
 * kept HTML without rendering again.
 *
 * @throws {CommentError} `body-too-long` for a body over 100,000 characters (`renderCommentHtml`).
 */
export function commentBodyHtml(
  comment: Comment,
  replyTo?: Readonly<{ id: string; name: string }> | undefined,
): string {
  if (typeof comment !== 'object' || comment === null || typeof comment.body !== 'string')
    throw new TypeError('Expected a comment with a `body` (a string)')
  const name = replyTo ? mentionedName(comment.body, replyTo.name) : ''
  const href = replyTo ? `#${commentAnchor(replyTo)}` : ''
  const key = `${name}\u0000${href}`
  const cached = bodies.get(comment)
  if (cached && cached.key === key) return cached.html
  const html = renderCommentHtml(comment.body, replyTo ? { replyTo: { name, href } } : null)
  bodies.set(comment, { key, html })
  return html
}
