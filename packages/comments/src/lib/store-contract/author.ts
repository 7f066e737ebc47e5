// The CommentStore contract, the site author's name: `reservedNames` (and names that look like them) are
// refused unless a comment is added with `byAuthor`, which is stored and read back, exported and imported.
import type { StoreContractApi } from './api.js'
import { type ContractStores, rejection } from './helpers.js'

export function authorContract(t: StoreContractApi, { open, openElsewhere }: ContractStores): void {
  const { expect, it } = t
  const reservedNames = ['Elin Skarp']

  it("should refuse the author's name and look-alikes, naming author.name", async () => {
    const store = await open({ reservedNames })
    for (const name of ['Elin Skarp', 'elin skarp', '\u0415lin Skarp', 'El\u200Bin Skarp']) {
      const error = await rejection(store.add({ postId: 'p1', author: { name }, body: 'x' }))
      expect([error.code, error.field]).toEqual(['reserved-name', 'author.name'])
    }
    expect((await store.export()).comments).toEqual([])
    const other = await store.add({ postId: 'p1', author: { name: 'Elin Skarpsson' }, body: 'x' })
    expect(other.comment.byAuthor).toBeUndefined()
  })

  it('should store a comment added with byAuthor as the author’s, through get, lists and export/import', async () => {
    const store = await open({ reservedNames })
    const { comment } = await store.add(
      { postId: 'p1', author: { name: 'Elin Skarp' }, body: 'Tack!' },
      { byAuthor: true },
    )
    expect(comment.byAuthor).toBe(true)
    expect((await store.get(comment.id))?.byAuthor).toBe(true)
    expect((await store.list({ postId: 'p1' }))[0]?.byAuthor).toBe(true)
    expect((await store.threadPage({ postId: 'p1' })).comments[0]?.byAuthor).toBe(true)
    const exported = await store.export()
    expect(exported.comments[0]?.byAuthor).toBe(true)
    const copy = await openElsewhere()
    await copy.import(exported)
    expect((await copy.get(comment.id))?.byAuthor).toBe(true)
  })
}
