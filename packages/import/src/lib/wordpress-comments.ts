// The comments, pingbacks and trackbacks of one WordPress `<item>` (its `<wp:comment>` elements).
import { commentFields, ordered } from './comment-fields.js'
import { resolveDate } from './dates.js'
import type { HtmlConverter } from './html-to-markdown.js'
import { decodeEntities, htmlToText, httpUrl } from './text.js'
import type { ImportedComment, ImportWarning, Mention } from './types.js'
import { childText, type XmlNode } from './xml.js'

/** What reading comments needs of the item's context. */
export interface CommentContext {
  timeZone: string | undefined
  convert: HtmlConverter
  warn: (warning: ImportWarning) => void
}

const statusOf: Record<string, ImportedComment['status']> = {
  '1': 'approved',
  approve: 'approved',
  approved: 'approved',
  '0': 'pending',
  hold: 'pending',
  spam: 'spam',
  trash: 'deleted',
  'post-trashed': 'deleted',
}

const mentionTypes = new Set(['pingback', 'trackback', 'webmention'])
/**
 * The item's comments (in export order, each with its parent when that is among them) and mentions
 * (pingbacks, trackbacks, webmentions), with a warning for each one not carried over exactly.
 */
export function readComments(
  raw: XmlNode[],
  slug: string,
  postId: string,
  context: CommentContext,
  postDate: string,
) {
  const { warn } = context
  const comments: ImportedComment[] = []
  const mentions: Mention[] = []
  const parents = new Map<ImportedComment | Mention, string>()
  raw.forEach((node, index) => {
    const text = (name: string) => childText(node, name)
    const sourceId = text('wp:comment_id').trim() || `${postId}-${index + 1}`
    const id = `wp-${sourceId}`
    const type = text('wp:comment_type').trim() || 'comment'
    const approved = text('wp:comment_approved').trim()
    let status = statusOf[approved]
    if (!status) {
      status = 'pending'
      warn({
        code: 'unknown-approval',
        message: `comment ${id}: approval \`${approved}\` is not known: imported as pending`,
        postId,
        commentId: id,
      })
    }
    const when = resolveDate(text('wp:comment_date'), text('wp:comment_date_gmt'), context.timeZone)
    if (!when)
      warn({
        code: 'missing-date',
        message: `comment ${id}: no date: the post's date is used`,
        postId,
        commentId: id,
      })
    const createdAt = (when?.date ?? new Date(postDate)).toISOString()
    const parent = text('wp:comment_parent').trim()
    if (mentionTypes.has(type)) {
      const mention: Mention = {
        id,
        postId: slug,
        type: type as Mention['type'],
        title: htmlToText(text('wp:comment_author')) || 'Unknown',
        excerpt: htmlToText(text('wp:comment_content')),
        createdAt,
        status,
      }
      const url = httpUrl(text('wp:comment_author_url'))
      if (url) mention.url = url
      mentions.push(mention)
      return
    }
    if (type !== 'comment') {
      warn({
        code: 'skipped-comment-type',
        message: `comment ${id}: type \`${type}\` (a plugin's) not imported`,
        postId,
        commentId: id,
      })
      return
    }
    const report = (p: { code: string; message: string }) =>
      warn({ code: p.code, message: `comment ${id}: ${p.message}`, postId, commentId: id })
    const body = context.convert(text('wp:comment_content'), { autop: true, shortcodes: false }, report)
    const fields = commentFields(
      {
        name: decodeEntities(text('wp:comment_author')),
        url: text('wp:comment_author_url'),
        email: text('wp:comment_author_email'),
        body,
      },
      { postId, commentId: id },
      warn,
    )
    const comment: ImportedComment = {
      id,
      postId: slug,
      author: fields.author,
      createdAt,
      body: fields.body,
      status,
    }
    if (parent && parent !== '0') parents.set(comment, `wp-${parent}`)
    comments.push(comment)
  })
  // Parents second: WordPress does not promise parents come first.
  const ids = new Set(comments.map((c) => c.id))
  const mentionIds = new Set(mentions.map((m) => m.id))
  for (const [comment, parentId] of parents) {
    if (ids.has(parentId) && parentId !== comment.id) (comment as ImportedComment).parentId = parentId
    else
      warn({
        code: 'missing-parent',
        message: `comment ${comment.id}: its parent ${parentId} ${mentionIds.has(parentId) ? 'is a pingback or trackback' : 'is not among the comments of this post'}: imported as a top-level comment`,
        postId,
        commentId: comment.id,
      })
  }
  return { comments: comments.map(ordered), mentions }
}
