// The per-address limits on their in-process counters (one server, SQLite): fixed windows per key.
import { describe, expect, it } from 'vitest'
import { createFailureLimiter, createRateLimiter, holdAfterCheck, memoryCounters } from '../src/limits.js'

describe('memoryCounters', () => {
  it('should count hits per key within a window, and start again after it', async () => {
    let t = 1_000_000
    const counters = memoryCounters(() => t)
    expect(await counters.hit('a', 60_000)).toEqual({ count: 1, retryAfter: 60 })
    t += 45_500
    expect(await counters.hit('a', 60_000)).toEqual({ count: 2, retryAfter: 15 })
    expect(await counters.peek('a', 60_000)).toEqual({ count: 2, retryAfter: 15 })
    expect(await counters.peek('b', 60_000)).toEqual({ count: 0, retryAfter: 60 })
    t += 14_500 // the window of `a` ends
    expect(await counters.peek('a', 60_000)).toMatchObject({ count: 0 })
    expect(await counters.hit('a', 60_000)).toEqual({ count: 1, retryAfter: 60 })
  })
})

describe('the limits on one set of counters', () => {
  it('should keep RATE_LIMIT, HOLD_AFTER and the admin sign-in limit apart for one address', async () => {
    const counters = memoryCounters(() => 0)
    const posts = createRateLimiter(counters, { name: 'post', max: 2, windowMs: 60_000 })
    const admin = createFailureLimiter(counters, { name: 'admin-login', max: 2, windowMs: 60_000 })
    const hold = holdAfterCheck(counters, { max: 1, windowMs: 60_000 })
    expect([await posts.hit('1.2.3.4'), await posts.hit('1.2.3.4'), await posts.hit('1.2.3.4')]).toEqual([
      { ok: true, retryAfter: 60 },
      { ok: true, retryAfter: 60 },
      { ok: false, retryAfter: 60 },
    ])
    expect(await posts.hit('5.6.7.8')).toEqual({ ok: true, retryAfter: 60 })
    expect(await admin.lockedFor('1.2.3.4')).toBe(0)
    expect([await admin.fail('1.2.3.4'), await admin.fail('1.2.3.4')]).toEqual([0, 60])
    expect(await admin.lockedFor('1.2.3.4')).toBe(60)
    const context = { comment: { postId: 'p', author: { name: 'A' }, body: 'x' }, now: new Date(0) }
    expect(await hold.check({ ...context, client: { ip: '1.2.3.4' } })).toEqual({ action: 'accept' })
    expect(await hold.check({ ...context, client: { ip: '1.2.3.4' } })).toEqual({
      action: 'pending',
      reason: '2 comments within 60000 ms from 1.2.3.4 (limit 1)',
    })
  })
})
