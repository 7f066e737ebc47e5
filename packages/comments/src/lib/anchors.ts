// The anchors of comments on a page: `comment-<id>` for every comment, and the one an imported comment had
// on the blog it came from, so links into old comment sections still land on the comment.
import type { Comment } from './types.js'

/**
 * The `id` attribute of a comment's element, `comment-<id>`, whitespace in the id replaced by `-`
 * (an HTML id has no spaces). A page links a reply's `@Name` and a comment's permalink to `#` and this.
 */
export function commentAnchor(comment: Pick<Comment, 'id'>): string {
  if (typeof comment?.id !== 'string')
    throw new TypeError(`Expected a comment with an \`id\` (a string), got \`${String(comment?.id)}\``)
  return `comment-${comment.id.replace(/\s+/g, '-')}`
}

/**
 * The anchor a comment had on the blog it was imported from (`comment-123`): `blogkit-import` keeps
 * WordPress's comment 123 as `wp-123` and Disqus's post 123 as `dsq-123`, so that links to
 * `#comment-123` on the old blog still land on the comment. `undefined` for other comments.
 */
export function oldCommentAnchor(comment: Pick<Comment, 'id'>): string | undefined {
  if (typeof comment?.id !== 'string')
    throw new TypeError(`Expected a comment with an \`id\` (a string), got \`${String(comment?.id)}\``)
  const match = /^(?:wp|dsq)-(\d+)$/.exec(comment.id)
  return match ? `comment-${match[1]}` : undefined
}
