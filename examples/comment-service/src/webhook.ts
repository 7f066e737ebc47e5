// `ON_APPROVE_URL`: when a comment becomes visible (approved when posted, or approved later by a
// moderator) the service POSTs `{ "event": "approved", "page", "identifier", "commentId" }` there, so that
// the host of a static site can rebuild the page. Sent in the background (never delaying the reader's
// answer), with a timeout, and tried again a few times with growing pauses; failures are logged.
import type { Comment, CommentStore } from '@blogkit/comments'
import { normalizePageUrl } from '@blogkit/comments/http'

/** Options of `createApprovalWebhook`. */
export interface ApprovalWebhookOptions {
  /** Where to POST (`ON_APPROVE_URL`): an http(s) URL, e.g. a static host's build hook. */
  url: string
  /** Tries in all (the first and the retries). @default 4 */
  attempts?: number | undefined
  /** Milliseconds one try may take. @default 10000 */
  timeoutMs?: number | undefined
  /** Pause before the first retry, in milliseconds; each next pause is 4 times longer. @default 1000 */
  backoffMs?: number | undefined
  /** Where failures are told (one line each). @default console.error */
  log?: ((line: string) => void) | undefined
}

/** What the webhook is sent: JSON. */
export interface ApprovalEvent {
  event: 'approved'
  /** The page's URL: the comment's page identifier when it is a URL (absent for an explicit identifier). */
  page?: string
  /** What the page's comments are kept under (its normalized URL, or an identifier such as Disqus's). */
  identifier: string
  commentId: string
}

/** The approval webhook of a running service. */
export interface ApprovalWebhook {
  /**
   * Tell the webhook that a comment became visible: it is sent in the background. Called by
   * `withApprovalWebhook`'s store (posting, `moderate`); an admin that changes comments another way
   * calls it itself.
   */
  approved(comment: Pick<Comment, 'id' | 'postId'>): void
  /** Resolves when every delivery begun so far has succeeded or given up. */
  settled(): Promise<void>
  /** Stop: retries not yet begun are given up (logged); tries in flight finish. */
  close(): Promise<void>
}

/** The body sent for a comment. */
export function approvalEvent(comment: Pick<Comment, 'id' | 'postId'>): ApprovalEvent {
  const page = normalizePageUrl(comment.postId)
  return {
    event: 'approved',
    ...(page === undefined ? {} : { page }),
    identifier: comment.postId,
    commentId: comment.id,
  }
}

/** Whether an answer says to try again later (any other failure is not going to change). */
const retryable = (status: number) => status >= 500 || status === 408 || status === 429

/** The webhook that POSTs approval events to `options.url`. */
export function createApprovalWebhook(options: Readonly<ApprovalWebhookOptions>): ApprovalWebhook {
  const attempts = options.attempts ?? 4
  const timeoutMs = options.timeoutMs ?? 10_000
  const backoffMs = options.backoffMs ?? 1000
  const log = options.log ?? ((line: string) => console.error(line))
  const stopping = new AbortController()
  const pending = new Set<Promise<void>>()

  const pause = (ms: number) =>
    new Promise<boolean>((resolve) => {
      if (stopping.signal.aborted) return resolve(false)
      const timer = setTimeout(() => {
        stopping.signal.removeEventListener('abort', stop)
        resolve(true)
      }, ms)
      const stop = () => {
        clearTimeout(timer)
        resolve(false)
      }
      stopping.signal.addEventListener('abort', stop, { once: true })
    })

  const deliver = async (event: ApprovalEvent) => {
    const body = JSON.stringify(event)
    const what = `ON_APPROVE_URL ${options.url}: comment ${event.commentId} on ${event.page ?? event.identifier}`
    for (let attempt = 1; attempt <= attempts; attempt++) {
      let failure: string
      let again = true
      try {
        const response = await fetch(options.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'blogkit-comment-service' },
          body,
          signal: AbortSignal.timeout(timeoutMs),
        })
        await response.body?.cancel()
        if (response.ok) return
        failure = `answered ${response.status}`
        again = retryable(response.status)
      } catch (error) {
        const cause = (error as { cause?: { code?: string } }).cause
        failure =
          (error as Error).name === 'TimeoutError'
            ? `no answer in ${timeoutMs} ms`
            : `not reached (${cause?.code ?? (error as Error).message})`
      }
      if (!again || attempt === attempts) {
        log(`${what}: not delivered: ${failure} (tried ${attempt} time${attempt === 1 ? '' : 's'})`)
        return
      }
      const wait = backoffMs * 4 ** (attempt - 1)
      log(`${what}: ${failure}; trying again in ${wait} ms`)
      if (!(await pause(wait))) {
        log(`${what}: not delivered: the service is stopping`)
        return
      }
    }
  }

  return {
    approved(comment) {
      const delivery: Promise<void> = deliver(approvalEvent(comment))
        .catch((error: unknown) => log(`ON_APPROVE_URL ${options.url}: ${String(error)}`))
        .finally(() => pending.delete(delivery))
      pending.add(delivery)
    },
    async settled() {
      while (pending.size > 0) await Promise.all(pending)
    },
    async close() {
      stopping.abort()
      while (pending.size > 0) await Promise.all(pending)
    },
  }
}

/**
 * The store, with the webhook told of each comment that becomes visible through it: `add` of a comment
 * stored approved, and `moderate` that makes a comment approved that was not (the admin's "approve" or
 * "restore"). `close()` closes the webhook (retries not yet begun are given up), then the store.
 * Everything else is the store's own.
 */
export function withApprovalWebhook(store: CommentStore, webhook: ApprovalWebhook): CommentStore {
  const add: CommentStore['add'] = async (comment, options) => {
    const result = await store.add(comment, options)
    if (result.comment.status === 'approved') webhook.approved(result.comment)
    return result
  }
  const moderate: CommentStore['moderate'] = async (options) => {
    const before = await store.get(options.id)
    const after = await store.moderate(options)
    if (after.status === 'approved' && before?.status !== 'approved') webhook.approved(after)
    return after
  }
  return new Proxy(store, {
    get(target, key) {
      if (key === 'add') return add
      if (key === 'moderate') return moderate
      if (key === 'close') return () => webhook.close().then(() => target.close())
      const value = Reflect.get(target, key, target)
      return typeof value === 'function' ? value.bind(target) : value
    },
  })
}
