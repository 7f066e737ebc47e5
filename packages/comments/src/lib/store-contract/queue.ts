import type { CommentStore } from '../comment-store.js'
import { honeypotCheck, linkLimitCheck } from '../spam.js'
import type { StoreContractApi } from './api.js'
import { type ContractStores, magnus, rejection } from './helpers.js'

export function queueContract(t: StoreContractApi, { open }: ContractStores): void {
  const { describe, expect, it } = t
  describe('moderationQueue', () => {
    async function fill() {
      const store = await open({ spamChecks: [linkLimitCheck({ max: 0 }), honeypotCheck()] })
      await store.add({ postId: 'p1', author: magnus, body: 'ok' }) // c1 approved
      await store.add({ postId: 'p1', author: magnus, body: 'http://a.se' }) // c2 pending
      await store.add({ postId: 'p2', author: magnus, body: 'trap' }, { client: { honeypot: 'x' } }) // c3 spam
      await store.add({ postId: 'p2', author: magnus, body: 'http://b.se' }) // c4 pending
      await store.add({ postId: 'p1', author: magnus, body: 'bort' }) // c5 deleted
      await store.moderate({ id: 'c5', action: 'delete' })
      return store
    }

    it('should list pending and spam across posts, newest first, with the reasons', async () => {
      const store = await fill()
      const page = await store.moderationQueue()
      expect(page.items.map((i) => [i.comment.id, i.comment.status])).toEqual([
        ['c4', 'pending'],
        ['c3', 'spam'],
        ['c2', 'pending'],
      ])
      expect(page.items[0]!.reasons).toEqual(['too-many-links: 1 links (limit 0)'])
      expect(page.items[1]!.reasons).toEqual(['honeypot: hidden field was filled in'])
      expect(page.next).toBeUndefined()
    })

    it('should filter by status and post', async () => {
      const store = await fill()
      const ids = async (o: Parameters<CommentStore['moderationQueue']>[0]) =>
        (await store.moderationQueue(o)).items.map((i) => i.comment.id)
      expect(await ids({ statuses: ['deleted'] })).toEqual(['c5'])
      expect(await ids({ statuses: ['spam'] })).toEqual(['c3'])
      expect(await ids({ postId: 'p1' })).toEqual(['c2'])
      expect(await ids({ statuses: ['approved', 'deleted'], postId: 'p1' })).toEqual(['c5', 'c1'])
      expect(await ids({ postId: 'nope' })).toEqual([])
    })

    it('should page with a cursor, each comment once, also when dates are equal', async () => {
      let n = 0
      const store = await open({
        acceptedStatus: 'pending',
        now: () => new Date(Date.UTC(2021, 0, 1)),
        generateId: () => `id${String(++n).padStart(2, '0')}`,
      })
      for (let i = 0; i < 7; i++) await store.add({ postId: 'p', author: magnus, body: `b${i}` })
      const seen: string[] = []
      let before: string | undefined
      let pages = 0
      do {
        const page = await store.moderationQueue(before === undefined ? { limit: 3 } : { limit: 3, before })
        seen.push(...page.items.map((i) => i.comment.id))
        before = page.next
        pages++
      } while (before !== undefined)
      expect(pages).toBe(3)
      expect(seen).toEqual(['id07', 'id06', 'id05', 'id04', 'id03', 'id02', 'id01'])
    })

    it('should see a moderated comment leave the queue', async () => {
      const store = await fill()
      await store.moderate({ id: 'c4', action: 'approve' })
      await store.moderate({ id: 'c3', action: 'restore' })
      const page = await store.moderationQueue()
      expect(page.items.map((i) => i.comment.id)).toEqual(['c3', 'c2'])
      expect(page.items[0]!.comment.status).toBe('pending')
    })

    it('should refuse bad options and cursors', async () => {
      const store = await fill()
      expect((await rejection(store.moderationQueue({ before: 'garbage' }))).code).toBe('invalid-cursor')
      expect((await rejection(store.moderationQueue({ before: 'garbage' }))).field).toBe('before')
      await expect(store.moderationQueue({ limit: 0 })).rejects.toThrow(TypeError)
      await expect(store.moderationQueue({ limit: 501 })).rejects.toThrow(/1 to 500/)
      await expect(store.moderationQueue({ statuses: [] })).rejects.toThrow(/non-empty/)
      await expect(store.moderationQueue({ statuses: ['hidden' as 'spam'] })).rejects.toThrow(TypeError)
      await store.close()
      expect((await rejection(store.moderationQueue())).code).toBe('closed')
    })
  })
}
