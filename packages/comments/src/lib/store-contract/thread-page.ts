import type { CommentStore } from '../comment-store.js'
import { honeypotCheck } from '../spam.js'
import { threadComments } from '../thread-comments.js'
import type { StoreContractApi } from './api.js'
import { type ContractStores, magnus, rejection } from './helpers.js'

export function threadPageContract(t: StoreContractApi, { open }: ContractStores): void {
  const { describe, expect, it } = t
  describe('threadPage', () => {
    /**
     * p1: threads c1 (reply c2, its reply c3), c4, c5 (reply c6, marked spam), c7 (spam), c8 (deleted later,
     * approved reply c9), c10 (deleted, no replies); p2: c11.
     */
    async function fill() {
      const store = await open({ spamChecks: [honeypotCheck()] })
      const add = (body: string, parentId?: string, honeypot?: string) =>
        store.add(
          { postId: 'p1', author: { ...magnus, email: 'm@example.se' }, body, parentId },
          honeypot === undefined ? {} : { client: { honeypot } },
        )
      await add('ett') // c1
      await add('svar på ett', 'c1') // c2
      await add('svar på svaret', 'c2') // c3
      await add('två') // c4
      await add('tre') // c5
      await add('skräp som svar', 'c5') // c6
      await store.moderate({ id: 'c6', action: 'spam' })
      await add('skräp', undefined, 'x') // c7 spam
      await add('tas bort') // c8
      await add('svar på borttagen', 'c8') // c9
      await store.moderate({ id: 'c8', action: 'delete' })
      await add('borta') // c10
      await store.moderate({ id: 'c10', action: 'delete' })
      await store.add({ postId: 'p2', author: magnus, body: 'annat inlägg' }) // c11
      return store
    }
    const ids = (page: { comments: Array<{ id: string }> }) => page.comments.map((c) => c.id)

    it('should read whole threads a page at a time, oldest first, with the counts', async () => {
      const store = await fill()
      const first = await store.threadPage({ postId: 'p1', limit: 2 })
      expect(ids(first)).toEqual(['c1', 'c2', 'c3', 'c4'])
      expect(first).toMatchObject({ page: 1, pages: 2, threadCount: 4, total: 6 })
      const second = await store.threadPage({ postId: 'p1', limit: 2, page: 2 })
      expect(ids(second)).toEqual(['c5', 'c6', 'c8', 'c9'])
      expect(second).toMatchObject({ page: 2, pages: 2, threadCount: 4, total: 6 })
      const past = await store.threadPage({ postId: 'p1', limit: 2, page: 3 })
      expect(past).toMatchObject({ comments: [], page: 3, pages: 2, threadCount: 4 })
    })

    it('should read newest first when asked, replies still oldest first', async () => {
      const store = await fill()
      const first = await store.threadPage({ postId: 'p1', limit: 3, order: 'newest' })
      expect(ids(first)).toEqual(['c4', 'c5', 'c6', 'c8', 'c9'])
      const second = await store.threadPage({ postId: 'p1', limit: 3, order: 'newest', page: 2 })
      expect(ids(second)).toEqual(['c1', 'c2', 'c3'])
    })

    it('should give hidden comments only as placeholders, and skip threads with nothing approved', async () => {
      const store = await fill()
      const { comments } = await store.threadPage({ postId: 'p1' })
      expect(comments.some((c) => c.id === 'c7' || c.id === 'c10')).toBe(false)
      const byId = new Map(comments.map((c) => [c.id, c]))
      expect(byId.get('c8')).toEqual({
        id: 'c8',
        postId: 'p1',
        author: { name: '' },
        createdAt: '2021-10-30T20:08:00.000Z',
        body: '',
        status: 'deleted',
      })
      expect(byId.get('c6')).toMatchObject({ status: 'spam', body: '', author: { name: '' }, parentId: 'c5' })
      expect(byId.get('c9')).toMatchObject({ body: 'svar på borttagen', parentId: 'c8' })
      expect(byId.get('c1')!.author.email).toBe('m@example.se')
      const threads = threadComments(comments)
      expect(threads.threads.map((n) => [n.comment.id, n.placeholder])).toEqual([
        ['c1', false],
        ['c4', false],
        ['c5', false],
        ['c8', true],
      ])
      expect(threads.total).toBe(6)
    })

    it('should find the page that holds a comment, in either order', async () => {
      const store = await fill()
      const holds = async (commentId: string, order: 'oldest' | 'newest') =>
        (await store.threadPage({ postId: 'p1', limit: 1, order, commentId })).page
      expect(await holds('c3', 'oldest')).toBe(1)
      expect(await holds('c3', 'newest')).toBe(4)
      expect(await holds('c4', 'oldest')).toBe(2)
      expect(await holds('c9', 'oldest')).toBe(4)
      expect(await holds('c9', 'newest')).toBe(1)
      const page = await store.threadPage({ postId: 'p1', limit: 1, commentId: 'c9', page: 1 })
      expect(ids(page)).toEqual(['c8', 'c9'])
    })

    it('should refuse a permalink to a comment that is not shown', async () => {
      const store = await fill()
      for (const [postId, commentId] of [
        ['p1', 'c6'],
        ['p1', 'c7'],
        ['p1', 'c10'],
        ['p1', 'c11'],
        ['p1', 'nope'],
      ] as const) {
        const error = await rejection(store.threadPage({ postId, commentId }))
        expect(error.code, commentId).toBe('not-found')
        expect(error.field).toBe('commentId')
      }
    })

    it('should see new and moderated comments at once', async () => {
      const store = await fill()
      await store.moderate({ id: 'c7', action: 'approve' })
      await store.moderate({ id: 'c9', action: 'spam' })
      const page = await store.threadPage({ postId: 'p1' })
      expect(ids(page)).toEqual(['c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7'])
      expect(page).toMatchObject({ threadCount: 4, total: 6 })
    })

    it('should answer an empty post, and refuse bad options', async () => {
      const store = await open()
      expect(await store.threadPage({ postId: 'none' })).toEqual({
        comments: [],
        page: 1,
        pages: 1,
        threadCount: 0,
        total: 0,
      })
      const bad = (o: Parameters<CommentStore['threadPage']>[0]) => store.threadPage(o)
      await expect(bad({ postId: 'p', limit: 0 })).rejects.toThrow(/1 to 500/)
      await expect(bad({ postId: 'p', limit: 501 })).rejects.toThrow(TypeError)
      await expect(bad({ postId: 'p', page: 0 })).rejects.toThrow(/`page`/)
      await expect(bad({ postId: 'p', page: 1.5 })).rejects.toThrow(TypeError)
      await expect(bad({ postId: 'p', order: 'top' as 'oldest' })).rejects.toThrow(/`order`/)
      await expect(bad({} as { postId: string })).rejects.toThrow(/postId/)
      await store.close()
      expect((await rejection(store.threadPage({ postId: 'p' }))).code).toBe('closed')
    })
  })
}
