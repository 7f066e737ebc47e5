// "Show my latest post": after a comment is stored, read the newest post of the commenter's website from
// its feed in the background (the package's SSRF-guarded reader) and store it with the comment.
import type { Comment, CommentStore, LatestPost } from '@blogkit/comments'
import { CommentError } from '@blogkit/comments'
import { createLatestPostFetcher, type LatestPostFetcher } from '@blogkit/comments/latest-post'
import type { LatestPostConfig } from './config.js'
import { logField } from './log.js'

/** Reads of commenters' latest posts, one at a time per comment, never in the request's way. */
export interface LatestPosts {
  /** Whether the form offers the checkbox (`LATEST_POST`). */
  readonly enabled: boolean
  /**
   * Read the latest post of `comment.author.url` and store it with the comment, after this returns (the
   * request that stored the comment does not wait). Nothing happens without a site, for spam, or when off.
   */
  request(comment: Comment): void
  /** Resolves when no read is waiting or running (for shutdown and tests). */
  idle(): Promise<void>
  /**
   * Take no more reads and drop the waiting ones; the running ones end without storing anything (call
   * before closing the store).
   */
  close(): void
}

/** What `createLatestPosts` needs. */
export interface LatestPostsOptions {
  config: LatestPostConfig
  store: CommentStore
  /** Tell the pages that a post's comments changed (the latest post shows at once). */
  markChanged: (postId: string) => Promise<void>
  /** Where the outcome of each read goes (one line); `console.warn` when absent. */
  log?: ((line: string) => void) | undefined
  /** Reads running at once; more wait their turn. @default 4 */
  concurrency?: number
  /** Reads waiting at most; more are dropped (and logged). @default 200 */
  maxWaiting?: number
}

/** The reader and its queue. */
export function createLatestPosts(options: LatestPostsOptions): LatestPosts {
  const { config, store } = options
  const log = options.log ?? ((line: string) => console.warn(line))
  const concurrency = options.concurrency ?? 4
  const maxWaiting = options.maxWaiting ?? 200
  const fetcher: LatestPostFetcher = createLatestPostFetcher({
    allowAddresses: config.allowAddresses,
    timeoutMs: config.timeoutMs,
    maxBytes: config.maxBytes,
  })
  const waiting: Comment[] = []
  let running = 0
  let closed = false
  const idleWaiters: Array<() => void> = []
  const line = (comment: Comment, outcome: string) =>
    `latest-post ${logField(comment.id)} ${logField(comment.author.url ?? '')} ${outcome}`

  const settle = () => {
    if (running > 0 || waiting.length > 0) return
    for (const resolve of idleWaiters.splice(0)) resolve()
  }

  async function read(comment: Comment): Promise<void> {
    let post: LatestPost | undefined
    try {
      post = await fetcher(comment.author.url!)
    } catch (error) {
      const what = error instanceof CommentError ? `${error.code}: ${error.message}` : String(error)
      log(line(comment, `none (${JSON.stringify(what)})`))
      return
    }
    if (post === undefined) {
      log(line(comment, 'none (no feed, or a feed without posts)'))
      return
    }
    if (closed) return
    try {
      await store.setLatestPost({ id: comment.id, latestPost: post })
      await options.markChanged(comment.postId)
      log(line(comment, `stored ${logField(post.url ?? '')}`))
    } catch (error) {
      // Note: the comment may have been purged meanwhile (an erasure request wins), or the store closed.
      const what = error instanceof CommentError ? `${error.code}: ${error.message}` : String(error)
      log(line(comment, `not stored (${JSON.stringify(what)})`))
    }
  }

  const next = () => {
    while (running < concurrency && waiting.length > 0 && !closed) {
      const comment = waiting.shift()!
      running++
      read(comment).finally(() => {
        running--
        next()
        settle()
      })
    }
    settle()
  }

  return {
    enabled: config.enabled,
    request(comment) {
      if (!config.enabled || closed || comment.author.url === undefined || comment.status === 'spam') return
      if (waiting.length >= maxWaiting) {
        log(line(comment, `dropped (${maxWaiting} reads are waiting already)`))
        return
      }
      waiting.push(comment)
      // Note: started on the next turn, so the request that stored the comment answers first.
      setImmediate(next)
    },
    idle() {
      if (running === 0 && waiting.length === 0) return Promise.resolve()
      return new Promise<void>((resolve) => idleWaiters.push(resolve))
    },
    close() {
      closed = true
      waiting.length = 0
      settle()
    },
  }
}
