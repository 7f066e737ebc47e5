// The pure part of the `<blogkit-comments>` element: where it reads and posts, and what the service's
// answers mean. No DOM here (unit-tested in Node).
import type { CommentFormField } from '../form-rules.js'
import type { PostAnswer } from '../http/post-answers.js'
import type { CommentsAnswer } from '../http/read-comments.js'

export type { PublicComment } from '../http/read-comments.js'

/** What the element reads comments for. */
export interface EmbedTarget {
  /** The comment service's base URL, ending in `/` (`https://comments.example/`). */
  service: string
  /** The page's URL. */
  page: string
  /** The thread's explicit identifier (an imported Disqus thread), when it has one. */
  identifier?: string
  /** The page's language, when it says. */
  lang?: string
}

/** An author's website as a link target: only an absolute http(s) URL, else `undefined`. */
export function safeHttpUrl(url: string | undefined): string | undefined {
  if (url === undefined) return undefined
  try {
    const parsed = new URL(url)
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : undefined
  } catch {
    return undefined
  }
}

/** `#comment-<id>` → `<id>`, else `undefined`. */
export function commentIdOf(hash: string): string | undefined {
  const match = /^#comment-([\w-]{1,100})$/.exec(hash)
  return match?.[1]
}

/** The URL of one page of the target's threads (`p`), or of the page that holds `comment`. */
export function commentsUrl(target: EmbedTarget, at: { p?: number; comment?: string } = {}): string {
  const query = new URLSearchParams({ page: target.page })
  if (target.identifier) query.set('identifier', target.identifier)
  if (target.lang) query.set('lang', target.lang)
  if (at.comment !== undefined) query.set('comment', at.comment)
  else if (at.p !== undefined && at.p > 1) query.set('p', String(at.p))
  return `${target.service}comments?${query}`
}

/** The page's URL as given (`/2024/hej/` is read against the page's address `base`), without the fragment. */
export function pageUrlOf(given: string, base: string): string {
  let url: URL
  try {
    url = new URL(given, base)
  } catch {
    url = new URL(base)
  }
  url.hash = ''
  return url.href
}

/** The service's base URL from the script's own URL (`…/embed.js` → `…/`) or a `service` attribute. */
export function serviceUrlOf(given: string | null, scriptUrl: string): string {
  const base = given ? new URL(given, scriptUrl) : new URL('.', scriptUrl)
  return base.href.endsWith('/') ? base.href : `${base.href}/`
}

/** A read answer, checked enough to render: `undefined` when it is not one. */
export function readAnswerOf(value: unknown): CommentsAnswer | undefined {
  const answer = value as CommentsAnswer | null
  return answer !== null &&
    typeof answer === 'object' &&
    Array.isArray(answer.threads) &&
    Number.isInteger(answer.p) &&
    Number.isInteger(answer.pages) &&
    Number.isInteger(answer.total)
    ? answer
    : undefined
}

/** What a post came to, for the reader. */
export type PostOutcome =
  | Extract<PostAnswer, { status: 'approved' }>
  | { status: 'pending'; message: string }
  | { status: 'error'; errors: Partial<Record<CommentFormField, string>> }
  | { status: 'failed' }

/** The service's answer to a post (`Accept: application/json`): anything unexpected is `failed`. */
export function postOutcomeOf(value: unknown): PostOutcome {
  const answer = value as PostAnswer | null
  if (answer === null || typeof answer !== 'object') return { status: 'failed' }
  if (answer.status === 'approved' && typeof answer.comment?.id === 'string') return answer
  if (answer.status === 'pending' && typeof answer.message === 'string') {
    return { status: 'pending', message: answer.message }
  }
  if (answer.status === 'error' && answer.errors !== null && typeof answer.errors === 'object') {
    const errors: Partial<Record<CommentFormField, string>> = {}
    for (const field of ['name', 'email', 'url', 'body', 'form'] as const) {
      const message = answer.errors[field]
      if (typeof message === 'string') errors[field] = message
    }
    if (Object.keys(errors).length > 0) return { status: 'error', errors }
  }
  return { status: 'failed' }
}
