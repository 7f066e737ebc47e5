// The rules of a comment form that every server of one shares (the server example's form and the comment
// service's handler): how the typed website is read, which form field an error belongs to, why a held
// comment waits (in a reader's words), and which comment an "@Name:" at the start of a new comment answers.
import type { CommentError } from './errors.js'
import { inferReplies } from './infer-replies.js'
import type { Comment } from './types.js'
import type { NewComment } from './validate-comment.js'

/** The form fields a reader fills in, and `form` for a problem with the whole form. */
export type CommentFormField = 'name' | 'email' | 'url' | 'body' | 'form'

/** Name of the hidden honeypot field of the comment form (bots fill it in, people do not see it). */
export const honeypotField = 'website'

/** `www.example.se` → `https://www.example.se`: readers often leave the scheme out. */
export function normalizeAuthorUrl(url: string): string {
  const trimmed = url.trim()
  if (trimmed === '' || /^[a-z][a-z\d+.-]*:/i.test(trimmed)) return trimmed
  return /^[\w-]+(\.[\w-]+)+([/?#].*)?$/.test(trimmed) ? `https://${trimmed}` : trimmed
}

/** The form field a store's `CommentError` is about (`author.email` → `email`), else `form`. */
export function formFieldOf(error: CommentError): CommentFormField {
  const field = error.field ?? ''
  if (field.startsWith('author.name')) return 'name'
  if (field.startsWith('author.email')) return 'email'
  if (field.startsWith('author.url')) return 'url'
  if (field === 'body') return 'body'
  return 'form'
}

/** Why a held comment waits, as a reader is told: a short code. */
export type HeldReason = 'links' | 'rate' | 'parent' | 'spam' | 'other'

/** The codes of `HeldReason`. */
export const heldReasons: readonly HeldReason[] = Object.freeze(['links', 'rate', 'parent', 'spam', 'other'])

/**
 * The reader's reason for a held comment, from the spam checks' reasons (`too-many-links: 3 links (limit
 * 2)`): the first one that says. A check that failed (a service down) is not the reader's fault: it says
 * nothing.
 */
export function heldReason(status: string, reasons: readonly string[]): HeldReason {
  for (const reason of reasons) {
    if (/^[\w-]+: check failed/.test(reason)) continue
    if (reason.startsWith('too-many-links:')) return 'links'
    if (reason.startsWith('rate-limit:')) return 'rate'
    if (reason.startsWith('held-parent:')) return 'parent'
  }
  return status === 'spam' ? 'spam' : 'other'
}

/**
 * The comment that an "@Name:" at the start of a new top-level comment answers: the latest earlier
 * comment by that name on the post, by `inferReplies`' rule (the one that threads imported comments).
 * @param earlier The post's approved comments, oldest first.
 */
export function mentionedParent(earlier: readonly Comment[], input: NewComment): string | undefined {
  const draft: Comment = {
    id: '\u0000new',
    postId: input.postId,
    author: { name: input.author.name },
    createdAt: new Date().toISOString(),
    body: input.body,
    status: 'approved',
  }
  const all = inferReplies([...earlier, draft], { splitCommentLuv: false })
  return all[all.length - 1]!.parentId
}
