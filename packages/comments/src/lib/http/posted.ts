// What the comment handler tells its host after the form stored a comment (`onPosted`): the comment with
// the reader's e-mail address (for the server's own use, never for a page), why it was held, and whether
// the reader ticked "e-mail me when someone replies" (`notifyField`).
import type { Comment } from '../types.js'

/** Name of the comment form's "e-mail me when someone replies" checkbox (value `yes`). */
export const notifyField = 'notify'

/** A comment the form just stored (a form sent again is not told twice). */
export interface PostedComment {
  /** The stored comment, with its status and the author's e-mail address. */
  comment: Comment
  /** Why the spam checks held it; empty when approved. */
  reasons: readonly string[]
  /**
   * The reader ticked `notifyField` and gave an e-mail address (always `false` unless the handler's
   * `replyMail` is on).
   */
  notify: boolean
  /** The language of the form (`lang`, else the handler's `language`). */
  lang: string
  /** The page the comment was written on (its normalized URL). */
  pageUrl: string
  /** The request that sent it. */
  request: Request
}

/** Whether a form's value of `notifyField` says yes (`yes`, `on`, `1`, `true`). */
export const notifyChecked = (value: string): boolean => /^(yes|on|1|true)$/i.test(value.trim())

/** Tell `onPosted`; its failure is logged and does not change the reader's answer (the comment is stored). */
export async function tellPosted(
  onPosted: ((posted: PostedComment) => void | Promise<void>) | undefined,
  posted: PostedComment,
): Promise<void> {
  if (onPosted === undefined) return
  try {
    await onPosted(posted)
  } catch (error) {
    console.error(`comments: onPosted failed for comment ${posted.comment.id}:`, error)
  }
}
