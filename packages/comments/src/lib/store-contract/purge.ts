// The CommentStore contract, `purge`: erasure requests erase a comment's personal data and keep the thread.
import { honeypotCheck } from '../spam.js'
import { threadComments } from '../thread-comments.js'
import type { StoreContractApi } from './api.js'
import { type ContractStores, rejection } from './helpers.js'

const personal = {
  name: 'Maria Erasmus',
  url: 'https://maria-erasmus.example/',
  email: 'maria@erasmus.example',
}
const body = 'Mitt telefonnummer är 070-123 45 67.'

export function purgeContract(t: StoreContractApi, { open, openElsewhere }: ContractStores): void {
  const { expect, it } = t
  it('should erase the author and text, keep the row and its replies, and say so', async () => {
    const store = await open()
    await store.add({ postId: 'p1', author: personal, body }) // c1
    await store.add({ postId: 'p1', parentId: 'c1', author: { name: 'Bo' }, body: 'Svar.' }) // c2
    const before = (await store.get('c1'))!
    const purged = await store.purge({ id: 'c1' })
    const expected = {
      id: 'c1',
      postId: 'p1',
      author: { name: '' },
      createdAt: before.createdAt,
      body: '',
      status: 'deleted',
      purgedAt: '2021-10-30T20:03:00.000Z',
    }
    expect(purged).toEqual(expected)
    expect(await store.get('c1')).toEqual(expected)
    // The reply keeps its place, under a placeholder.
    const listed = await store.list({ postId: 'p1', moderator: true })
    expect(listed.map((c) => [c.id, c.parentId, c.status])).toEqual([
      ['c1', undefined, 'deleted'],
      ['c2', 'c1', 'approved'],
    ])
    const [thread] = threadComments(await store.list({ postId: 'p1' })).threads
    expect(thread).toMatchObject({ placeholder: false, comment: { id: 'c2' } })
    const { threads } = threadComments(listed, { include: ['approved'] })
    expect(threads[0]).toMatchObject({ placeholder: true, comment: { id: 'c1' } })
    expect(threads[0]!.replies[0]!.comment.body).toBe('Svar.')
    // Nothing personal is left anywhere the store hands out.
    const everything = JSON.stringify([
      await store.export(),
      await store.moderationQueue({ statuses: ['approved', 'pending', 'spam', 'deleted'] }),
      listed,
    ])
    for (const value of [personal.name, personal.url, personal.email, body, 'Erasmus']) {
      expect(everything).not.toContain(value)
    }
    expect(await store.count()).toEqual({ p1: 1 })
  })

  it('should erase the reasons of the spam checks (they may name the address) and the latest post', async () => {
    const store = await open({ spamChecks: [honeypotCheck()] })
    await store.add({ postId: 'p1', author: personal, body }, { client: { honeypot: '198.51.100.7' } })
    await store.import([
      {
        id: 'old',
        postId: 'p1',
        author: { name: 'Gammal', latestPost: { title: 'Min blogg', url: 'https://gammal.example/a' } },
        createdAt: '2009-05-01T10:00:00Z',
        body: 'Från 2009',
        status: 'approved',
      },
    ])
    await store.purge({ id: 'c1' })
    await store.purge({ id: 'old' })
    const queue = await store.moderationQueue({ statuses: ['deleted'] })
    expect(queue.items.map((i) => [i.comment.id, i.reasons])).toEqual([
      ['c1', []],
      ['old', []],
    ])
    expect((await store.get('old'))!.author).toEqual({ name: '' })
    expect(JSON.stringify(await store.export())).not.toMatch(
      /gammal|Min blogg|2009-05-01T10:00:00.000Z.*Från/i,
    )
  })

  it('should refuse to bring a purged comment back, and not change it when purged again', async () => {
    const store = await open()
    await store.add({ postId: 'p1', author: personal, body })
    const purged = await store.purge({ id: 'c1' })
    for (const action of ['restore', 'approve', 'spam'] as const) {
      const error = await rejection(store.moderate({ id: 'c1', action }))
      expect([error.code, error.field], action).toEqual(['purged', 'id'])
      expect(error.message).toContain('cannot be')
    }
    expect(await store.moderate({ id: 'c1', action: 'delete' })).toEqual(purged)
    expect(await store.purge({ id: 'c1' })).toEqual(purged)
    expect(await store.get('c1')).toEqual(purged)
    const reply = await rejection(
      store.add({ postId: 'p1', parentId: 'c1', author: { name: 'A' }, body: 'x' }),
    )
    expect(reply.code).toBe('deleted-parent')
    expect((await rejection(store.purge({ id: 'nope' }))).code).toBe('not-found')
  })

  it('should export and import a purged comment as purged', async () => {
    const source = await open()
    await source.add({ postId: 'p1', author: personal, body })
    await source.add({ postId: 'p1', parentId: 'c1', author: { name: 'Bo' }, body: 'Svar.' })
    await source.purge({ id: 'c1' })
    const data = JSON.parse(JSON.stringify(await source.export()))
    const target = await openElsewhere()
    expect(await target.import(data)).toEqual({ imported: 2, skipped: 0 })
    expect((await target.export()).comments).toEqual((await source.export()).comments)
    expect((await rejection(target.moderate({ id: 'c1', action: 'restore' }))).code).toBe('purged')
    // A purged record that still carries text (edited by hand) is imported without it.
    const edited = { ...data.comments[0], id: 'x1', author: personal, body, status: 'approved' }
    await target.import([edited])
    expect(await target.get('x1')).toMatchObject({ author: { name: '' }, body: '', status: 'deleted' })
    const bad = await rejection(target.import([{ ...edited, id: 'x2', purgedAt: 'igår' }]))
    expect(bad.field).toBe('comments[0].purgedAt')
  })
}
