// `submitComment`: the part of a comment form's POST that every server of one shares (the comment service's
// handler and the server example's post pages): the fields read into a `NewComment`, the honeypot, "@Name:"
// reply inference, a form sent again, the rate limit, the required fields, the reserved names, and the
// store's validation and spam checks with its errors told by form field. What comes before (the origin,
// a form token) and after (the redirect, the page shown again) stays with each server.
import type { CommentStore } from '../comment-store.js'
import { CommentError } from '../errors.js'
import {
  type CommentFormField,
  formFieldOf,
  honeypotField,
  mentionedParent,
  normalizeAuthorUrl,
} from '../form-rules.js'
import { checkReservedName } from '../reserved-names.js'
import type { ClientInfo } from '../spam.js'
import type { Comment } from '../types.js'
import { type NewComment, validateNewComment } from '../validate-comment.js'
import type { RateLimiter } from '../window-counters.js'

/** The words a reader is told by `submitComment`, in the page's language. */
export interface SubmitCommentMessages {
  /** The name field is empty. */
  nameMissing: string
  /** The comment field is empty. */
  bodyMissing: string
  /** Too many forms from one reader: wait `seconds`. */
  rate: (seconds: number) => string
  /** A `CommentError` of the store or the reserved names, for the form field it is about. */
  problem: (error: CommentError, field: CommentFormField) => string
}

/** Options of `submitComment`. */
export interface SubmitCommentOptions {
  /** Where the comment is stored. */
  store: CommentStore
  /** The page (post) the comment is written on: the store's `postId`. */
  postId: string
  /** The words of the problems, in the reader's language. */
  messages: SubmitCommentMessages
  /** Name of the field with the answered comment's id. @default 'parent' */
  parentField?: string
  /** What the spam checks hear about the request (the honeypot is read from the form). @default {} */
  client?: Omit<ClientInfo, 'honeypot'>
  /** The earlier comments an "@Name:" may answer, oldest first. @default the store's list of the page */
  earlierComments?: () => Promise<readonly Comment[]>
  /**
   * The id to store the comment under (a digest of what it says, a one-time submission id's): a comment
   * stored under it already that is this one is the answer (the same form sent again: nothing stored, no
   * rate limit counted); another comment under it leaves this one the store's own id.
   */
  id?: (input: NewComment) => string | undefined | Promise<string | undefined>
  /** Counts the form against a rate limit (the reader's address as `key`). */
  rateLimit?: { limiter: RateLimiter; key: string } | undefined
  /** When given, the e-mail field is required (the reader asked for reply mails): the words when it is empty. */
  emailRequired?: string | undefined
  /** Names only the site's authors may use (`checkReservedName`). @default [] */
  reservedNames?: readonly string[]
}

/** A form's problems by field (`form` for the whole form). */
export type CommentFormErrors = Partial<Record<CommentFormField, string>>

/** What `submitComment` did with a form. */
export type CommentSubmission =
  /** Stored now: approved, held (`pending`) or `spam`, with the spam checks' reasons. */
  | { status: 'stored'; comment: Comment; reasons: readonly string[] }
  /** The same form sent again: the comment stored the first time (no reasons: they were given then). */
  | { status: 'resent'; comment: Comment }
  /** Refused: a required field is empty, or the store or the reserved names refused it (HTTP 422). */
  | { status: 'invalid'; errors: CommentFormErrors }
  /** Refused: too many forms; `errors.form` says to wait `retryAfter` seconds (HTTP 429). */
  | { status: 'rate-limited'; errors: CommentFormErrors; retryAfter: number }

/** A form field's text (`''` when absent; a file counts as `file`, so that a filled honeypot stays filled). */
const textOf = (form: FormData, name: string, file = '') => {
  const value = form.get(name)
  return value === null ? '' : typeof value === 'string' ? value : file
}

/** The comment as the store keeps it, to compare with a stored one (its own input when it is not valid). */
const normalized = (input: NewComment): NewComment => {
  try {
    return validateNewComment(input)
  } catch {
    return input
  }
}

/** Whether a stored comment is the one `input` would store (the same form sent again). */
const sameComment = (stored: Comment, input: NewComment) => {
  const wanted = normalized(input)
  return (
    stored.postId === wanted.postId &&
    (stored.parentId ?? '') === (wanted.parentId ?? '') &&
    stored.author.name === wanted.author.name &&
    stored.body === wanted.body
  )
}

/**
 * Store a comment form's comment: fields `name`, `email`, `url`, `body`, the answered comment's id
 * (`parentField`) and the honeypot (`honeypotField`). In order: "@Name:" at the start of a new top-level
 * comment answers that reader's latest earlier comment (`mentionedParent`); a form whose `id` holds this
 * comment already is answered with it; the rate limit; the required fields; the reserved names; the
 * store's validation and spam checks. A reader's mistake is never thrown: it comes back by form field.
 * @throws what the store throws when it fails (not a `CommentError`): the caller answers "try again".
 */
export async function submitComment(
  form: FormData,
  options: Readonly<SubmitCommentOptions>,
): Promise<CommentSubmission> {
  const { store, messages } = options
  const name = textOf(form, 'name')
  const email = textOf(form, 'email').trim()
  const url = normalizeAuthorUrl(textOf(form, 'url'))
  const body = textOf(form, 'body')
  const parentId = textOf(form, options.parentField ?? 'parent').trim()
  const input: NewComment = {
    postId: options.postId,
    ...(parentId === '' ? {} : { parentId }),
    author: { name: name.trim(), ...(url === '' ? {} : { url }), ...(email === '' ? {} : { email }) },
    body,
  }
  try {
    if (input.parentId === undefined && body.trimStart().startsWith('@')) {
      const earlier = await (options.earlierComments?.() ?? store.list({ postId: input.postId }))
      const parent = mentionedParent(earlier, input)
      if (parent !== undefined) Object.assign(input, { parentId: parent, parentInferred: true })
    }
    let id = await options.id?.(input)
    const holder = id === undefined ? undefined : await store.get(id)
    if (holder !== undefined && sameComment(holder, input)) return { status: 'resent', comment: holder }
    if (holder !== undefined) id = undefined

    if (options.rateLimit !== undefined) {
      const limit = await options.rateLimit.limiter.hit(options.rateLimit.key)
      if (!limit.ok) {
        const errors = { form: messages.rate(limit.retryAfter) }
        return { status: 'rate-limited', errors, retryAfter: limit.retryAfter }
      }
    }
    const errors: CommentFormErrors = {}
    if (name.trim() === '') errors.name = messages.nameMissing
    if (options.emailRequired !== undefined && email === '') errors.email = options.emailRequired
    if (body.trim() === '') errors.body = messages.bodyMissing
    if (Object.keys(errors).length > 0) return { status: 'invalid', errors }
    const reservedNames = options.reservedNames ?? []
    if (reservedNames.length > 0) await checkReservedName(input.author.name, { reservedNames })

    const client: ClientInfo = { ...options.client, honeypot: textOf(form, honeypotField, 'file') }
    const add = (commentId: string | undefined) =>
      store.add(input, commentId === undefined ? { client } : { client, id: commentId })
    try {
      const { comment, reasons } = await add(id)
      return { status: 'stored', comment, reasons }
    } catch (error) {
      if (!(error instanceof CommentError && error.code === 'duplicate-id' && id !== undefined)) throw error
      // The same form arrived twice at once and the other one was stored first.
      const first = await store.get(id)
      if (first !== undefined && sameComment(first, input)) return { status: 'resent', comment: first }
      const { comment, reasons } = await add(undefined)
      return { status: 'stored', comment, reasons }
    }
  } catch (error) {
    if (!(error instanceof CommentError)) throw error
    const field = formFieldOf(error)
    return { status: 'invalid', errors: { [field]: messages.problem(error, field) } }
  }
}
