import { honeypotCheck, linkLimitCheck } from '../spam.js'
import type { StoreContractApi } from './api.js'
import { type ContractStores, magnus, rejection } from './helpers.js'

export function moderationContract(t: StoreContractApi, { open }: ContractStores): void {
  const { expect, it } = t
  it('should moderate: approve, mark spam, delete and restore', async () => {
    const store = await open({ acceptedStatus: 'pending' })
    const { comment } = await store.add({ postId: 'p1', author: magnus, body: 'hej' })
    expect(comment.status).toBe('pending')
    expect(await store.list({ postId: 'p1' })).toEqual([])
    expect((await store.list({ postId: 'p1', moderator: true })).length).toBe(1)
    expect((await store.moderate({ id: 'c1', action: 'approve' })).status).toBe('approved')
    expect((await store.moderate({ id: 'c1', action: 'delete' })).status).toBe('deleted')
    expect((await store.moderate({ id: 'c1', action: 'restore' })).status).toBe('approved')
    expect((await store.moderate({ id: 'c1', action: 'spam' })).status).toBe('spam')
    expect((await store.moderate({ id: 'c1', action: 'delete' })).status).toBe('deleted')
    expect((await store.moderate({ id: 'c1', action: 'restore' })).status).toBe('approved')
    const missing = await rejection(store.moderate({ id: 'zz', action: 'approve' }))
    expect(missing.code).toBe('not-found')
  })

  it('should count approved comments per post', async () => {
    const store = await open()
    await store.add({ postId: 'p1', author: magnus, body: 'a' })
    await store.add({ postId: 'p1', author: magnus, body: 'b' })
    await store.add({ postId: 'p2', author: magnus, body: 'c' })
    await store.moderate({ id: 'c2', action: 'delete' })
    expect(await store.count()).toEqual({ p1: 1, p2: 1 })
    expect(await store.count({ postIds: ['p1', 'p3'] })).toEqual({ p1: 1, p3: 0 })
  })

  it('should reject a reply to a missing, other-post or deleted parent', async () => {
    const store = await open()
    await store.add({ postId: 'p1', author: magnus, body: 'a' })
    await store.add({ postId: 'p2', author: magnus, body: 'b' })
    const missing = await rejection(store.add({ postId: 'p1', parentId: 'zz', author: magnus, body: 'x' }))
    expect([missing.code, missing.field]).toEqual(['missing-parent', 'parentId'])
    const other = await rejection(store.add({ postId: 'p1', parentId: 'c2', author: magnus, body: 'x' }))
    expect(other.code).toBe('missing-parent')
    await store.moderate({ id: 'c1', action: 'delete' })
    const deleted = await rejection(store.add({ postId: 'p1', parentId: 'c1', author: magnus, body: 'x' }))
    expect(deleted.code).toBe('deleted-parent')
    expect(await store.count()).toEqual({ p2: 1 })
  })

  it('should keep concurrent adds independent: one bad reply does not fail the others', async () => {
    const store = await open()
    const results = await Promise.allSettled([
      store.add({ postId: 'p1', author: magnus, body: 'a' }),
      store.add({ postId: 'p1', parentId: 'missing', author: magnus, body: 'b' }),
      store.add({ postId: 'p1', author: magnus, body: 'c' }),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled'])
    expect((await store.list({ postId: 'p1' })).map((c) => c.body)).toEqual(['a', 'c'])
  })

  it('should reject bad input with the field named', async () => {
    const store = await open()
    const cases: Array<[unknown, string, string]> = [
      [{ postId: 'p1', author: magnus, body: '   ' }, 'body', 'empty-field'],
      [{ postId: 'p1', author: magnus, body: 'x'.repeat(10_001) }, 'body', 'too-long'],
      [{ postId: 'p1', author: magnus, body: 'a\u0000\u0001\u0002\u0007b' }, 'body', 'control-character'],
      [{ postId: 'p1', author: magnus, body: 'a\u202Eb' }, 'body', 'control-character'],
      [{ postId: 'p1', author: { name: '' }, body: 'x' }, 'author.name', 'empty-field'],
      [{ postId: 'p1', author: { name: 'a\nb' }, body: 'x' }, 'author.name', 'control-character'],
      [{ postId: 'p1', author: { name: '\u200B\u200D \uFEFF' }, body: 'x' }, 'author.name', 'empty-field'],
      [
        { postId: 'p1', author: { name: 'A', url: 'https://intranet/' }, body: 'x' },
        'author.url',
        'invalid-url-host',
      ],
      [{ postId: 'p1', author: { name: 'x'.repeat(101) }, body: 'x' }, 'author.name', 'too-long'],
      [
        { postId: 'p1', author: { name: 'A', url: 'javascript:alert(1)' }, body: 'x' },
        'author.url',
        'unsupported-url-scheme',
      ],
      [
        { postId: 'p1', author: { name: 'A', url: 'JaVaScRiPt:alert(1)' }, body: 'x' },
        'author.url',
        'unsupported-url-scheme',
      ],
      [
        { postId: 'p1', author: { name: 'A', url: 'data:text/html,x' }, body: 'x' },
        'author.url',
        'unsupported-url-scheme',
      ],
      [
        { postId: 'p1', author: { name: 'A', email: 'not-an-address' }, body: 'x' },
        'author.email',
        'invalid-email',
      ],
      [{ author: magnus, body: 'x' }, 'postId', 'missing-field'],
      [{ postId: 'p1', body: 'x' }, 'author', 'missing-field'],
      [{ postId: 'p1', author: magnus }, 'body', 'missing-field'],
    ]
    for (const [input, field, code] of cases) {
      // @ts-expect-error: untyped input from a form
      const error = await rejection(store.add(input))
      expect([error.field, error.code]).toEqual([field, code])
      expect(error.message).toContain(`\`${field}\``)
    }
    expect(await store.count()).toEqual({})
  })

  it('should refuse an id that is taken (e.g. a bad id generator)', async () => {
    const store = await open({ generateId: () => 'same' })
    await store.add({ postId: 'p1', author: magnus, body: 'a' })
    const error = await rejection(store.add({ postId: 'p1', author: magnus, body: 'b' }))
    expect([error.code, error.field]).toEqual(['duplicate-id', 'id'])
  })

  it('should store a name with markup as plain text', async () => {
    const store = await open()
    const name = '<img src=x onerror=alert(1)> & <b>Bo</b>'
    await store.add({ postId: 'p1', author: { name }, body: 'hej' })
    expect((await store.get('c1'))!.author.name).toBe(name)
  })

  it('should run spam checks: honeypot to spam, many links to pending', async () => {
    const store = await open({ spamChecks: [honeypotCheck(), linkLimitCheck({ max: 2 })] })
    const bot = await store.add({ postId: 'p1', author: magnus, body: 'köp' }, { client: { honeypot: 'x' } })
    expect(bot.comment.status).toBe('spam')
    expect(bot.reasons).toEqual(['honeypot: hidden field was filled in'])
    const links = await store.add({ postId: 'p1', author: magnus, body: 'http://a.se http://b.se www.c.se' })
    expect(links.comment.status).toBe('pending')
    expect(links.reasons).toEqual(['too-many-links: 3 links (limit 2)'])
    const ok = await store.add(
      { postId: 'p1', author: magnus, body: 'http://a.se' },
      { client: { honeypot: '' } },
    )
    expect(ok).toEqual({ comment: expect.objectContaining({ status: 'approved' }), reasons: [] })
  })
}
