// `POST /comments` answered as JSON, for a script that posts in place (the `<blogkit-comments>` element sends
// `Accept: application/json`): the stored comment rendered as the reads show it, the held message in the
// reader's language, or the problems by field (the reader's text stays in their form).
import type { CommentFormField } from '../form-rules.js'
import type { Comment } from '../types.js'
import type { PublicComment, renderCache } from './read-comments.js'

/** Whether the request asks for JSON (`Accept: application/json`) rather than pages and redirects. */
export const wantsJson = (request: Request): boolean =>
  /(^|,)\s*application\/json\s*(;|,|$)/i.test(request.headers.get('accept') ?? '')

/** What `POST /comments` answers a script: the comment stored and shown, held, or refused. */
export type PostAnswer =
  | { status: 'approved'; comment: PublicComment; location: string }
  | { status: 'pending'; why: string; message: string; location: string }
  | {
      status: 'error'
      error: { code: string; message: string; field?: CommentFormField }
      errors: Partial<Record<CommentFormField, string>>
    }

/** The stable code of a refused form, by HTTP status. */
const codes: Record<number, string> = {
  400: 'invalid-page',
  403: 'origin-not-allowed',
  413: 'too-large',
  415: 'not-form',
  422: 'invalid-comment',
  429: 'rate-limited',
  503: 'unavailable',
}

export const jsonAnswer = (answer: PostAnswer, status: number, headers: Record<string, string>) =>
  new Response(JSON.stringify(answer), {
    status,
    headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', ...headers },
  })

/** A refused form as JSON: the first problem as `error`, all of them by field as `errors`. */
export function jsonProblems(
  errors: Partial<Record<CommentFormField, string>>,
  status: number,
  headers: Record<string, string>,
): Response {
  const [field, message] = Object.entries(errors)[0] as [CommentFormField, string]
  const error = { code: codes[status] ?? 'invalid-comment', message, ...(field === 'form' ? {} : { field }) }
  return jsonAnswer({ status: 'error', error, errors }, status, headers)
}

/** A comment just stored and approved, as `GET /comments` shows it (no e-mail address). */
export function publicComment(
  comment: Comment,
  parent: Comment | undefined,
  render: ReturnType<typeof renderCache>,
): PublicComment {
  const replyTo =
    parent !== undefined && parent.status === 'approved'
      ? { id: parent.id, name: parent.author.name }
      : undefined
  return {
    id: comment.id,
    ...(comment.parentId === undefined ? {} : { parentId: comment.parentId }),
    author: { name: comment.author.name, ...(comment.author.url ? { url: comment.author.url } : {}) },
    createdAt: comment.createdAt,
    html: render(comment, replyTo),
    placeholder: false,
    replies: [],
  }
}
