// What a comment service (`createCommentHandler`) answers, as its build-time client reads it: the checks of
// its JSON, its threads turned back into `Comment`s, and the error the client throws.
import { CommentError } from '../errors.js'
import type { Comment } from '../types.js'

/**
 * Error thrown by `readServiceComments` when the service cannot be reached or answers something that is
 * not its JSON. `message` is `<request>: <reason>`, such as `GET https://comments.example/comments?page=
 * https://blog.example/hej/: the service answered 500 Internal Server Error (…): check …`.
 */
export class CommentServiceError extends CommentError {
  /** The request, as a reader reads it: `GET <service>/comments?page=<url>` or `GET <service>/counts (3 pages)`. */
  readonly request: string
  /** The page URLs the request asked about (one for `/comments`, up to 100 for `/counts`). */
  readonly pages: string[]
  /** The HTTP status of the answer, when there was one. */
  readonly status: number | undefined
  /** The service's own error code, when it refused the request with one (such as `invalid-url`). */
  readonly serviceCode: string | undefined
  /** What went wrong, without what to do: `the service answered 500 Internal Server Error (boom)`. */
  readonly answer: string

  /** @param problem The code, the request and its pages, what went wrong and what to do (`hint`). */
  constructor(problem: {
    code: string
    request: string
    pages: string[]
    answer: string
    hint?: string | undefined
    status?: number | undefined
    serviceCode?: string | undefined
  }) {
    super(problem.code, problem.hint ? `${problem.answer}: ${problem.hint}` : problem.answer)
    this.name = 'CommentServiceError'
    this.message = `${problem.request}: ${this.reason}`
    this.request = problem.request
    this.pages = problem.pages
    this.status = problem.status
    this.serviceCode = problem.serviceCode
    this.answer = problem.answer
  }
}

/** A published comment as the service's JSON gives it (`PublicComment`), the fields the client reads. */
export interface AnsweredComment {
  id: string
  parentId?: string
  author: { name: string; url?: string }
  byAuthor?: boolean
  createdAt: string
  body?: string
  placeholder: boolean
  replies: AnsweredComment[]
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value)

/** Whether a thread of the answer has the fields the client needs (the rest is not read). */
export function isAnsweredComment(value: unknown): value is AnsweredComment {
  if (!isObject(value) || typeof value.id !== 'string' || value.id === '') return false
  if (!isObject(value.author) || typeof value.author.name !== 'string') return false
  if (typeof value.createdAt !== 'string' || Number.isNaN(Date.parse(value.createdAt))) return false
  if (value.parentId !== undefined && typeof value.parentId !== 'string') return false
  if (value.author.url !== undefined && typeof value.author.url !== 'string') return false
  return Array.isArray(value.replies) && value.replies.every(isAnsweredComment)
}

/**
 * One thread of the answer as comments of the post `postId`, appended to `out` (replies after their
 * parents): placeholders as deleted comments. Returns false when a comment has no `body` (a service older
 * than `&body=1`).
 */
export function toComments(node: AnsweredComment, postId: string, out: Comment[]): boolean {
  if (typeof node.body !== 'string') return false
  const url = node.author.url
  out.push({
    id: node.id,
    postId,
    ...(node.parentId === undefined ? {} : { parentId: node.parentId }),
    // Note: only http(s) websites become links (the service checks them when stored; the client checks too).
    author: { name: node.author.name, ...(url !== undefined && /^https?:\/\//i.test(url) ? { url } : {}) },
    ...(node.byAuthor === true ? { byAuthor: true } : {}),
    createdAt: node.createdAt,
    body: node.body,
    status: node.placeholder ? 'deleted' : 'approved',
  })
  return node.replies.every((reply) => toComments(reply, postId, out))
}
