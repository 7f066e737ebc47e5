// The sign-in limit of the admin: wrong tokens counted per address (the counters of
// @blogkit/comments/http: in memory, or shared through a database by several servers).
import type { WindowCount, WindowCounters } from '@blogkit/comments/http'

/**
 * Failed attempts per key (the client's address) within a fixed window. Only failures count: a client
 * that keeps giving the right answer is never limited, one that gave `max` wrong ones is refused until
 * the window ends, whatever it sends.
 */
export interface FailureLimiter {
  /** Seconds to wait when `key` is locked out, else `0`. */
  lockedFor(key: string): Promise<number>
  /** Count a failure; the seconds to wait when it locked `key` out, else `0`. */
  fail(key: string): Promise<number>
}

export function createFailureLimiter(
  counters: WindowCounters,
  options: { name: string; max: number; windowMs: number },
): FailureLimiter {
  const wait = (w: WindowCount) => (w.count >= options.max ? w.retryAfter : 0)
  return {
    lockedFor: async (key) => wait(await counters.peek(`${options.name}:${key}`, options.windowMs)),
    fail: async (key) => wait(await counters.hit(`${options.name}:${key}`, options.windowMs)),
  }
}
