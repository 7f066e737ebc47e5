// Per-address limits of a comment form, counted in fixed windows: the rate limit (a 429 answer) and
// "hold after" (past a number of comments, the next ones wait for a moderator). The counters are an
// interface so that several servers can share them (the server example keeps them in PostgreSQL); the
// ones here live in this process's memory. No Node built-ins: they run on edge runtimes too.
import { honeypotCheck, linkLimitCheck, type SpamCheck } from './spam.js'

/** The hits of one key in its current window. */
export interface WindowCount {
  /** Hits within the window, the one just counted included. */
  count: number
  /** Whole seconds until the window ends (at least 1). */
  retryAfter: number
}

/**
 * Hits per key within fixed windows: a key's window starts with its first hit and lasts `windowMs`; the
 * next hit after it starts a new one.
 */
export interface WindowCounters {
  /** Count a hit of `key`. */
  hit(key: string, windowMs: number): Promise<WindowCount>
  /** The hits of `key` in its current window, without counting one (`count` 0 when it has none). */
  peek(key: string, windowMs: number): Promise<WindowCount>
  close(): Promise<void>
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000))

/** Counters in this process's memory (for one server). Old windows are swept now and then. */
export function memoryCounters(now: () => number = Date.now): WindowCounters {
  const windows = new Map<string, { end: number; count: number }>()
  let lastSweep = 0
  const current = (key: string, t: number) => {
    const w = windows.get(key)
    return w && w.end > t ? w : undefined
  }
  return {
    async hit(key, windowMs) {
      const t = now()
      if (t - lastSweep > windowMs) {
        for (const [k, w] of windows) if (w.end <= t) windows.delete(k)
        lastSweep = t
      }
      const w = current(key, t) ?? { end: t + windowMs, count: 0 }
      w.count++
      windows.set(key, w)
      return { count: w.count, retryAfter: seconds(w.end - t) }
    },
    async peek(key, windowMs) {
      const t = now()
      const w = current(key, t)
      return w
        ? { count: w.count, retryAfter: seconds(w.end - t) }
        : { count: 0, retryAfter: seconds(windowMs) }
    },
    async close() {
      windows.clear()
    },
  }
}

/** A fixed-window limit per key (the reader's address): past `max` hits, requests are refused. */
export interface RateLimiter {
  /** Count a hit; `ok: false` with the seconds to wait once `max` hits were made within the window. */
  hit(key: string): Promise<{ ok: boolean; retryAfter: number }>
}

/** Options of `createRateLimiter`. */
export interface RateLimiterOptions {
  /** Prefix of the counters' keys, so that several limits can share counters. */
  name: string
  /** Hits allowed per key within the window. */
  max: number
  /** Window length in milliseconds. */
  windowMs: number
}

export function createRateLimiter(counters: WindowCounters, options: RateLimiterOptions): RateLimiter {
  return {
    async hit(key) {
      const w = await counters.hit(`${options.name}:${key}`, options.windowMs)
      return { ok: w.count <= options.max, retryAfter: w.retryAfter }
    },
  }
}

/**
 * "Hold after": past `max` comments from one address within the window, the next ones wait for a
 * moderator (`pending`, reason `rate-limit: …`). A spam check of the store; when the counters do not
 * answer, the store holds the comment (a failing check means `pending`).
 */
export function holdAfterCheck(
  counters: WindowCounters,
  options: { max: number; windowMs: number },
): SpamCheck {
  return {
    name: 'rate-limit',
    async check({ client }) {
      const key = client.ip ?? 'unknown'
      const { count } = await counters.hit(`hold:${key}`, options.windowMs)
      return count > options.max
        ? {
            action: 'pending',
            reason: `${count} comments within ${options.windowMs} ms from ${key} (limit ${options.max})`,
          }
        : { action: 'accept' }
    },
  }
}

/** Options of `formSpamChecks`. */
export interface FormSpamChecksOptions {
  /** Comments one address may post per window before the next ones wait for a moderator. @default 3 */
  holdAfter?: number
  /** The window of `holdAfter`, in milliseconds. @default 60000 */
  windowMs?: number
  /** Links allowed in a comment before it waits for a moderator. @default 2 */
  maxLinks?: number
  /** Where `holdAfter` counts. @default memoryCounters() */
  counters?: WindowCounters
}

/**
 * The spam checks of a comment form, for a store's `spamChecks`: a filled honeypot is spam; more than
 * `holdAfter` comments per window from one address, or more than `maxLinks` links, wait for a moderator.
 */
export function formSpamChecks(options: Readonly<FormSpamChecksOptions> = {}): SpamCheck[] {
  return [
    honeypotCheck(),
    holdAfterCheck(options.counters ?? memoryCounters(), {
      max: options.holdAfter ?? 3,
      windowMs: options.windowMs ?? 60_000,
    }),
    linkLimitCheck({ max: options.maxLinks ?? 2, action: 'pending' }),
  ]
}
