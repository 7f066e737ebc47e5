import { honeypotCheck, linkLimitCheck } from '../spam.js'
import type { StoreContractApi } from './api.js'
import type { ContractStores } from './helpers.js'

// The moderation page's filters: `search` in `moderationQueue`, and `moderationCounts` (its tabs' counts).
export function queueSearchContract(t: StoreContractApi, { open }: ContractStores): void {
  const { describe, expect, it } = t
  describe('moderation search and counts', () => {
    async function fill() {
      const store = await open({ spamChecks: [linkLimitCheck({ max: 0 }), honeypotCheck()] })
      const anna = { name: 'Anna Berg', email: 'anna@example.se' }
      const bo = { name: 'Bo Öst', email: 'BO@Example.org' }
      await store.add({ postId: 'p1', author: anna, body: 'Om PR och kriser' }) // c1 approved
      await store.add({ postId: 'p1', author: bo, body: 'Se http://a.se för 100% fakta' }) // c2 pending
      await store.add({ postId: 'p2', author: anna, body: 'fälla' }, { client: { honeypot: 'x' } }) // c3 spam
      await store.add({ postId: 'p2', author: bo, body: 'Åsikt: http://b.se' }) // c4 pending
      await store.add({ postId: 'p1', author: { name: 'Cia' }, body: 'bort_med' }) // c5 deleted
      await store.moderate({ id: 'c5', action: 'delete' })
      return store
    }
    const all = ['approved', 'pending', 'spam', 'deleted'] as const

    it('should find comments by name, e-mail or text, ignoring the case of A to Z', async () => {
      const store = await fill()
      const ids = async (search: string, postId?: string) =>
        (await store.moderationQueue({ statuses: all, search, ...(postId ? { postId } : {}) })).items.map(
          (i) => i.comment.id,
        )
      expect(await ids('anna')).toEqual(['c3', 'c1'])
      expect(await ids('ANNA BERG')).toEqual(['c3', 'c1'])
      expect(await ids('example.org')).toEqual(['c4', 'c2'])
      expect(await ids('bo@example')).toEqual(['c4', 'c2'])
      expect(await ids('KRISER')).toEqual(['c1'])
      expect(await ids('Öst')).toEqual(['c4', 'c2'])
      expect(await ids('Åsikt')).toEqual(['c4'])
      expect(await ids('  fälla  ')).toEqual(['c3'])
      // % and _ are plain characters, not patterns.
      expect(await ids('100%')).toEqual(['c2'])
      expect(await ids('%')).toEqual(['c2'])
      expect(await ids('a_s')).toEqual([])
      expect(await ids('t_med')).toEqual(['c5'])
      expect(await ids('nobody')).toEqual([])
      expect(await ids('anna', 'p1')).toEqual(['c1'])
      expect(await ids('   ')).toEqual(['c5', 'c4', 'c3', 'c2', 'c1'])
      const page = await store.moderationQueue({ search: 'bo', limit: 1 })
      expect(page.items.map((i) => i.comment.id)).toEqual(['c4'])
      const next = await store.moderationQueue({ search: 'bo', limit: 1, before: page.next! })
      expect(next.items.map((i) => i.comment.id)).toEqual(['c2'])
      expect(next.next).toBeUndefined()
    })

    it('should count every status, across posts, per post and per search', async () => {
      const store = await fill()
      expect(await store.moderationCounts()).toEqual({ approved: 1, pending: 2, spam: 1, deleted: 1 })
      expect(await store.moderationCounts({ postId: 'p2' })).toEqual({
        approved: 0,
        pending: 1,
        spam: 1,
        deleted: 0,
      })
      expect(await store.moderationCounts({ search: 'ANNA' })).toEqual({
        approved: 1,
        pending: 0,
        spam: 1,
        deleted: 0,
      })
      expect(await store.moderationCounts({ postId: 'p1', search: 'bo' })).toEqual({
        approved: 0,
        pending: 1,
        spam: 0,
        deleted: 1,
      })
      expect(await store.moderationCounts({ postId: 'nope' })).toEqual({
        approved: 0,
        pending: 0,
        spam: 0,
        deleted: 0,
      })
      await store.moderate({ id: 'c2', action: 'approve' })
      expect((await store.moderationCounts()).approved).toBe(2)
    })

    it('should keep to the posts whose ids start with a prefix, exactly (a site of page URLs)', async () => {
      const store = await open()
      const site = 'https://blog.example/'
      const pages = [`${site}a/`, `${site}b/?p=1`, 'https://blog.example.org/a/', 'https://Blog.example/c/']
      for (const postId of [...pages, 'disqus-1', 'https://blog.example%/x', 'https://blog.example_/y']) {
        await store.add({ postId, author: { name: 'Anna' }, body: postId })
      }
      await store.moderate({ id: 'c2', action: 'spam' })
      const posts = async (postIdPrefix: string, search?: string) =>
        (
          await store.moderationQueue({ statuses: all, postIdPrefix, ...(search ? { search } : {}) })
        ).items.map((i) => i.comment.postId)
      expect(await posts(site)).toEqual([`${site}b/?p=1`, `${site}a/`])
      expect(await posts(site, 'a/')).toEqual([`${site}a/`])
      expect(await posts('https://blog.example%/')).toEqual(['https://blog.example%/x'])
      expect(await posts('https://blog.example_')).toEqual(['https://blog.example_/y'])
      expect(await posts('disqus-')).toEqual(['disqus-1'])
      expect(await posts('https://nowhere.example/')).toEqual([])
      expect(await posts('')).toHaveLength(7)
      expect(await store.moderationCounts({ postIdPrefix: site })).toEqual({
        approved: 1,
        pending: 0,
        spam: 1,
        deleted: 0,
      })
      const page = await store.moderationQueue({ statuses: all, postIdPrefix: site, limit: 1 })
      const next = await store.moderationQueue({
        statuses: all,
        postIdPrefix: site,
        limit: 1,
        before: page.next!,
      })
      expect(next.items.map((i) => i.comment.postId)).toEqual([`${site}a/`])
      await expect(store.moderationQueue({ postIdPrefix: 'x'.repeat(2001) })).rejects.toThrow(/at most 2000/)
      await expect(store.moderationCounts({ postIdPrefix: 5 as unknown as string })).rejects.toThrow(
        TypeError,
      )
    })

    it('should refuse a search that is not a string or is too long', async () => {
      const store = await fill()
      await expect(store.moderationQueue({ search: 'x'.repeat(201) })).rejects.toThrow(/at most 200/)
      await expect(store.moderationCounts({ search: 5 as unknown as string })).rejects.toThrow(TypeError)
      expect((await store.moderationQueue({ search: 'x'.repeat(200) })).items).toEqual([])
    })
  })
}
