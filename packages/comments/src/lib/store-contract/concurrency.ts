// The CommentStore contract, several stores on one database at once: migrations, adds, ids, deletes, imports.
import { CommentError } from '../errors.js'
import type { StoreContractApi } from './api.js'
import { type ContractStores, magnus } from './helpers.js'

export function concurrencyContract(t: StoreContractApi, { open }: ContractStores): void {
  const { expect, it } = t
  it('should open several stores at once on a new database (migrations do not race)', async () => {
    const opened = await Promise.all([1, 2, 3, 4].map((i) => open({ generateId: () => `s${i}` })))
    await Promise.all(opened.map((s) => s.add({ postId: 'p1', author: magnus, body: 'x' })))
    expect(await opened[0]!.count()).toEqual({ p1: 4 })
  })

  it('should keep every add of two stores writing at once to one database', async () => {
    let n = 0
    const generateId = () => `id${++n}`
    const a = await open({ generateId })
    const b = await open({ generateId })
    const writers = 20
    const perWriter = 10
    await Promise.all(
      Array.from({ length: writers }, async (_, w) => {
        const store = w % 2 === 0 ? a : b
        for (let i = 0; i < perWriter; i++) {
          await store.add({ postId: `p${w % 3}`, author: { name: `W${w}` }, body: `${w}-${i}` })
        }
      }),
    )
    const total = writers * perWriter
    const [fromA, fromB] = await Promise.all([a.export(), b.export()])
    expect(fromA.comments.length).toBe(total)
    expect(new Set(fromA.comments.map((c) => c.body)).size).toBe(total)
    expect(fromB.comments).toEqual(fromA.comments)
    const counts = await b.count()
    expect(Object.values(counts).reduce((x, y) => x + y, 0)).toBe(total)
  })

  it('should store a taken id once when one store adds it twice at once', async () => {
    const store = await open({ generateId: () => 'same' })
    const results = await Promise.allSettled([
      store.add({ postId: 'p1', author: magnus, body: 'a' }),
      store.add({ postId: 'p1', parentId: 'nope', author: magnus, body: 'b' }),
      store.add({ postId: 'p1', author: magnus, body: 'c' }),
    ])
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'rejected'])
    expect(results.map((r) => (r.status === 'rejected' ? r.reason.code : 'ok'))).toEqual([
      'ok',
      'missing-parent',
      'duplicate-id',
    ])
    expect((await store.list({ postId: 'p1' })).map((c) => c.body)).toEqual(['a'])
  })

  it('should store a taken id once when two stores add it at once', async () => {
    const a = await open({ generateId: () => 'same' })
    const b = await open({ generateId: () => 'same' })
    const results = await Promise.allSettled([
      a.add({ postId: 'p1', author: magnus, body: 'a' }),
      b.add({ postId: 'p1', author: magnus, body: 'b' }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1)
    const failure = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(failure.reason).toBeInstanceOf(CommentError)
    expect(failure.reason.code).toBe('duplicate-id')
    expect((await a.export()).comments.length).toBe(1)
  })

  it('should never store a reply to a comment deleted by another store at the same time', async () => {
    let n = 0
    const a = await open({ generateId: () => `a${++n}` })
    const b = await open()
    const rounds = 10
    for (let r = 0; r < rounds; r++) await a.add({ postId: 'p1', author: magnus, body: `root ${r}` })
    const roots = (await a.list({ postId: 'p1' })).map((c) => c.id)
    const outcomes = await Promise.all(
      roots.flatMap((id) => [
        ...[1, 2, 3].map((k) =>
          b.add({ postId: 'p1', parentId: id, author: magnus, body: `svar ${k}` }).then(
            (r) => ({ ok: true as const, id: r.comment.id, parentId: id }),
            (error: unknown) => ({ ok: false as const, error, parentId: id }),
          ),
        ),
        a.moderate({ id, action: 'delete' }).then(() => ({ ok: 'deleted' as const, parentId: id })),
      ]),
    )
    const stored = new Set((await a.list({ postId: 'p1', moderator: true })).map((c) => c.id))
    for (const o of outcomes) {
      if (o.ok === true) expect(stored.has(o.id)).toBe(true)
      if (o.ok === false) {
        expect(o.error).toBeInstanceOf(CommentError)
        expect((o.error as CommentError).code).toBe('deleted-parent')
      }
    }
    const accepted = outcomes.filter((o) => o.ok === true).length
    expect(stored.size).toBe(rounds + accepted)
    for (const id of roots) expect((await a.get(id))!.status).toBe('deleted')
  })

  /** An exported comment record of post `p1`. */
  const record = (id: string) => ({
    id,
    postId: 'p1',
    author: { name: 'A' },
    createdAt: '2021-10-30T20:00:00Z',
    body: id,
    status: 'approved',
  })

  it('should run two imports of overlapping comments at once all or nothing', async () => {
    const file = (ids: string[]) => ({ format: 'blogkit-comments', version: 1, comments: ids.map(record) })
    const a = await open()
    const b = await open()
    const first = Array.from({ length: 300 }, (_, i) => `x${i}`)
    const second = Array.from({ length: 300 }, (_, i) => `x${i + 299}`)
    const results = await Promise.allSettled([a.import(file(first)), b.import(file(second))])
    expect(results.filter((r) => r.status === 'fulfilled').length).toBe(1)
    const failed = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(failed.reason.code).toBe('duplicate-id')
    const winner = results[0]!.status === 'fulfilled' ? first : second
    const stored = (await a.export()).comments.map((c) => c.id)
    expect(stored.sort()).toEqual([...winner].sort())
  })

  it('should run two imports of the same comments in opposite orders at once without a deadlock', async () => {
    const a = await open()
    const b = await open()
    const ids = (prefix: string) =>
      Array.from({ length: 2000 }, (_, i) => `${prefix}${String(i).padStart(4, '0')}`)
    const both = (list: string[], onConflict: 'error' | 'skip') =>
      Promise.allSettled([
        a.import(list.map(record), { onConflict }),
        b.import([...list].reverse().map(record), { onConflict }),
      ])
    const strict = await both(ids('y'), 'error')
    expect(strict.filter((r) => r.status === 'fulfilled').length).toBe(1)
    const failed = strict.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect(failed.reason.code).toBe('duplicate-id')
    // With `skip`, each comment is stored by one of them and skipped by the other.
    const skipping = await both(ids('z'), 'skip')
    const counts = skipping.map((r) => (r.status === 'fulfilled' ? r.value : r.reason))
    expect(counts.reduce((sum, c) => sum + c.imported, 0)).toBe(2000)
    expect(counts.reduce((sum, c) => sum + c.skipped, 0)).toBe(2000)
    expect((await a.count()).p1).toBe(4000)
  })
}
