// The CommentStore contract, `setLatestPost`: a commenter's latest post, stored after the comment.
import type { StoreContractApi } from './api.js'
import { type ContractStores, magnus, rejection } from './helpers.js'

export function latestPostContract(t: StoreContractApi, { open }: ContractStores): void {
  const { expect, it } = t
  it('should set, replace and clear the latest post of a stored comment, as every read shows it', async () => {
    const store = await open()
    const { comment } = await store.add({ postId: 'p1', author: magnus, body: 'Hej' })
    const latestPost = { title: '  PageRank ändras idag ', url: 'http://www.sokmotorkonsult.se/pagerank' }
    const set = await store.setLatestPost({ id: comment.id, latestPost })
    const expected = {
      ...comment,
      author: { ...comment.author, latestPost: { title: 'PageRank ändras idag', url: latestPost.url } },
    }
    expect(set).toEqual(expected)
    expect(await store.get(comment.id)).toEqual(expected)
    expect(await store.list({ postId: 'p1' })).toEqual([expected])
    expect((await store.threadPage({ postId: 'p1' })).comments).toEqual([expected])
    expect((await store.export()).comments).toEqual([expected])
    // A title without a link, then none.
    const plain = await store.setLatestPost({ id: comment.id, latestPost: { title: 'Utan länk' } })
    expect(plain.author.latestPost).toEqual({ title: 'Utan länk' })
    expect((await store.get(comment.id))!.author.latestPost).toEqual({ title: 'Utan länk' })
    const cleared = await store.setLatestPost({ id: comment.id, latestPost: null })
    expect(cleared.author.latestPost).toBeUndefined()
    expect(await store.get(comment.id)).toEqual(comment)
  })

  it('should set it on a held comment too, and leave the status alone', async () => {
    const store = await open({ acceptedStatus: 'pending' })
    const { comment } = await store.add({ postId: 'p1', author: magnus, body: 'Hej' })
    const set = await store.setLatestPost({ id: comment.id, latestPost: { title: 'T' } })
    expect(set.status).toBe('pending')
    expect((await store.get(comment.id))!.status).toBe('pending')
  })

  it('should refuse an unknown or purged comment and a bad latest post, changing nothing', async () => {
    const store = await open()
    const { comment } = await store.add({ postId: 'p1', author: magnus, body: 'Hej' })
    const missing = await rejection(store.setLatestPost({ id: 'nope', latestPost: { title: 'T' } }))
    expect([missing.code, missing.field]).toEqual(['not-found', 'id'])
    const bad: Array<[unknown, string, string]> = [
      [{ title: '' }, 'empty-field', 'latestPost.title'],
      [{ title: 42 }, 'missing-field', 'latestPost.title'],
      [{ title: 'a\nb' }, 'control-character', 'latestPost.title'],
      [{ title: 'x'.repeat(301) }, 'too-long', 'latestPost.title'],
      [{ title: 'T', url: 'javascript:alert(1)' }, 'invalid-url', 'latestPost.url'],
      [{ title: 'T', url: '/relative' }, 'invalid-url', 'latestPost.url'],
      ['T', 'invalid-latest-post', 'latestPost'],
      [undefined, 'invalid-latest-post', 'latestPost'],
    ]
    for (const [latestPost, code, field] of bad) {
      const error = await rejection(
        store.setLatestPost({ id: comment.id, latestPost: latestPost as { title: string } }),
      )
      expect([error.code, error.field], JSON.stringify(latestPost)).toEqual([code, field])
    }
    expect(await store.get(comment.id)).toEqual(comment)
    // An erasure request is for good: a fetch that ends after it brings nothing back.
    await store.purge({ id: comment.id })
    const purged = await rejection(store.setLatestPost({ id: comment.id, latestPost: { title: 'T' } }))
    expect([purged.code, purged.field]).toEqual(['purged', 'id'])
    expect((await store.get(comment.id))!.author).toEqual({ name: '' })
  })
}
