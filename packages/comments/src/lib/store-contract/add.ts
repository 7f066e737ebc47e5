// The CommentStore contract, `add`: the caller's `id` option and inferred parents (the held-parent rule: held-parent.ts).
import { CommentError } from '../errors.js'
import type { StoreContractApi } from './api.js'
import { type ContractStores, magnus, rejection } from './helpers.js'

export function addContract(t: StoreContractApi, { open }: ContractStores): void {
  const { expect, it } = t
  it('should store a comment under the id the caller gives, once', async () => {
    const store = await open()
    const { comment } = await store.add({ postId: 'p1', author: magnus, body: 'a' }, { id: 'form-1' })
    expect(comment.id).toBe('form-1')
    expect((await store.get('form-1'))?.body).toBe('a')
    // Comments without the option still get generated ids.
    expect((await store.add({ postId: 'p1', author: magnus, body: 'b' })).comment.id).toBe('c1')
    const again = await rejection(store.add({ postId: 'p1', author: magnus, body: 'a' }, { id: 'form-1' }))
    expect([again.code, again.field]).toEqual(['duplicate-id', 'id'])
    expect((await store.list({ postId: 'p1' })).map((c) => [c.id, c.body])).toEqual([
      ['form-1', 'a'],
      ['c1', 'b'],
    ])
  })

  it('should keep that a reply was inferred from "@Name:", and ignore the flag without a parent', async () => {
    const store = await open()
    await store.add({ postId: 'p1', author: magnus, body: 'a' })
    const { comment } = await store.add({
      postId: 'p1',
      parentId: 'c1',
      parentInferred: true,
      author: { name: 'Maria' },
      body: '@Magnus: ja',
    })
    expect(comment.parentInferred).toBe(true)
    expect((await store.get(comment.id))?.parentInferred).toBe(true)
    expect(
      (await store.add({ postId: 'p1', parentId: 'c1', author: magnus, body: 'b' })).comment.parentInferred,
    ).toBeUndefined()
    const alone = await store.add({ postId: 'p1', parentInferred: true, author: magnus, body: '@Ingen: c' })
    expect(alone.comment.parentInferred).toBeUndefined()
  })

  it('should store a given id once when two stores add it at once', async () => {
    const [a, b] = [await open(), await open()]
    const results = await Promise.allSettled([
      a.add({ postId: 'p1', author: magnus, body: 'first' }, { id: 'same-form' }),
      b.add({ postId: 'p1', author: magnus, body: 'first' }, { id: 'same-form' }),
      a.add({ postId: 'p1', author: magnus, body: 'first' }, { id: 'same-form' }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results) {
      if (r.status === 'rejected') {
        expect(r.reason).toBeInstanceOf(CommentError)
        expect(r.reason.code).toBe('duplicate-id')
      }
    }
    expect((await a.export()).comments.map((c) => c.id)).toEqual(['same-form'])
  })

  it('should refuse a bad id, naming the option', async () => {
    const store = await open()
    const cases: Array<[unknown, string]> = [
      ['', 'empty-field'],
      ['   ', 'empty-field'],
      ['a\nb', 'control-character'],
      ['x'.repeat(201), 'too-long'],
      [42, 'missing-field'],
    ]
    for (const [id, code] of cases) {
      const error = await rejection(
        store.add({ postId: 'p1', author: magnus, body: 'a' }, { id: id as string }),
      )
      expect([error.code, error.field], String(id)).toEqual([code, 'id'])
      expect(error.message).toContain('`id`')
    }
    expect(await store.count()).toEqual({})
  })
}
