import type { StoreContractApi } from './api.js'
import { type ContractStores, magnus, rejection } from './helpers.js'

export function importExportContract(t: StoreContractApi, { open, openElsewhere }: ContractStores): void {
  const { expect, it } = t
  it('should export and import everything, all or nothing', async () => {
    const source = await open()
    await source.add({ postId: 'p1', author: { ...magnus, email: 'm@example.se' }, body: 'a' })
    await source.add({ postId: 'p1', parentId: 'c1', author: magnus, body: 'b' })
    await source.moderate({ id: 'c1', action: 'delete' })
    const data = JSON.parse(JSON.stringify(await source.export()))
    expect(data.comments.length).toBe(2)
    const target = await openElsewhere()
    // Parents may come after their replies in the file.
    data.comments.reverse()
    expect(await target.import(data)).toEqual({ imported: 2, skipped: 0 })
    expect((await target.export()).comments).toEqual((await source.export()).comments)
    expect(await target.import(data, { onConflict: 'skip' })).toEqual({ imported: 0, skipped: 2 })
    const conflict = await rejection(target.import(data))
    expect(conflict.code).toBe('duplicate-id')
    // A bare array of the records (what blogkit-import writes) imports the same way.
    const third = await openElsewhere()
    expect(await third.import(data.comments)).toEqual({ imported: 2, skipped: 0 })
    expect((await third.export()).comments).toEqual((await source.export()).comments)
  })

  it('should reject a bad import naming the record and store none of it', async () => {
    const store = await open()
    const good = {
      id: 'x1',
      postId: 'p1',
      author: { name: 'A' },
      createdAt: '2021-10-30T20:00:00Z',
      body: 'a',
      status: 'approved',
    }
    const bad = [
      [{ ...good, id: 'x2', createdAt: 'igår' }, 'comments[1].createdAt'],
      [{ ...good, id: 'x2', createdAt: '2021-02-31T20:00:00Z' }, 'comments[1].createdAt'],
      [{ ...good, id: 'x2', status: 'visible' }, 'comments[1].status'],
      [{ ...good, id: 'x2', author: { name: 'B', url: 'javascript:alert(1)' } }, 'comments[1].author.url'],
      [{ ...good, id: 'x2', parentId: 'nope' }, 'comments[1].parentId'],
      [{ ...good }, 'comments[1].id'],
    ] as const
    for (const [record, field] of bad) {
      const error = await rejection(
        store.import({ format: 'blogkit-comments', version: 1, comments: [good, record] }),
      )
      expect(error.field).toBe(field)
      expect(error.message).toContain(field)
    }
    expect((await rejection(store.import({ comments: [] }))).code).toBe('invalid-export')
    expect((await rejection(store.import('[]'))).code).toBe('invalid-export')
    expect((await rejection(store.import([good, { ...good, body: '' }]))).field).toBe('comments[1].body')
    expect(
      (await rejection(store.import({ format: 'blogkit-comments', version: 2, comments: [] }))).field,
    ).toBe('version')
    expect(await store.count()).toEqual({})
  })
}
