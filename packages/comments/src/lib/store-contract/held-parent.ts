// The CommentStore contract, `add`: the held-parent rule (replies to held comments are held too).
import { honeypotCheck, linkLimitCheck, type SpamCheck } from '../spam.js'
import type { StoreContractApi } from './api.js'
import { type ContractStores, magnus } from './helpers.js'

export function heldParentContract(t: StoreContractApi, { open }: ContractStores): void {
  const { expect, it } = t
  it('should give a reply to a pending or spam comment its parent status, with the reason', async () => {
    const store = await open({ spamChecks: [honeypotCheck(), linkLimitCheck({ max: 0 })] })
    await store.add({ postId: 'p1', author: magnus, body: 'http://a.se' }) // c1 pending
    await store.add({ postId: 'p1', author: magnus, body: 'trap' }, { client: { honeypot: 'x' } }) // c2 spam
    await store.add({ postId: 'p1', author: magnus, body: 'ok' }) // c3 approved
    const toPending = await store.add({ postId: 'p1', parentId: 'c1', author: magnus, body: 'svar' })
    expect(toPending.comment.status).toBe('pending')
    expect(toPending.reasons).toEqual(['held-parent: answers c1, which is pending'])
    const toSpam = await store.add({ postId: 'p1', parentId: 'c2', author: magnus, body: 'svar' })
    expect(toSpam.comment.status).toBe('spam')
    expect(toSpam.reasons).toEqual(['held-parent: answers c2, which is spam'])
    const toApproved = await store.add({ postId: 'p1', parentId: 'c3', author: magnus, body: 'svar' })
    expect(toApproved).toEqual({ comment: expect.objectContaining({ status: 'approved' }), reasons: [] })
    // Stricter verdicts of the reply's own checks stay, with both reasons.
    const both = await store.add({ postId: 'p1', parentId: 'c1', author: magnus, body: 'http://b.se' })
    expect(both.comment.status).toBe('pending')
    expect(both.reasons).toEqual([
      'too-many-links: 1 links (limit 0)',
      'held-parent: answers c1, which is pending',
    ])
    const spamToPending = await store.add(
      { postId: 'p1', parentId: 'c1', author: magnus, body: 'svar' },
      { client: { honeypot: 'x' } },
    )
    expect(spamToPending.comment.status).toBe('spam')
    // What was stored is what add said, reasons included.
    expect((await store.get(toSpam.comment.id))?.status).toBe('spam')
    const queue = await store.moderationQueue()
    const reasonsOf = (id: string) => queue.items.find((i) => i.comment.id === id)?.reasons
    expect(reasonsOf(toPending.comment.id)).toEqual(['held-parent: answers c1, which is pending'])
    expect(reasonsOf(both.comment.id)).toEqual(both.reasons)
    expect((await store.list({ postId: 'p1' })).map((c) => c.id)).toEqual(['c3', toApproved.comment.id])
  })

  it('should hold replies added together by their own parents, and publish them once it is approved', async () => {
    const store = await open({ spamChecks: [linkLimitCheck({ max: 0 })] })
    await store.add({ postId: 'p1', author: magnus, body: 'root' }) // c1 approved
    await store.add({ postId: 'p1', author: magnus, body: 'held http://a.se' }) // c2 pending
    // Adds that arrive together share one write; each reply follows its own parent.
    const [toApproved, toPending] = await Promise.all([
      store.add({ postId: 'p1', parentId: 'c1', author: magnus, body: 'a' }),
      store.add({ postId: 'p1', parentId: 'c2', author: magnus, body: 'b' }),
    ])
    expect([toApproved.comment.status, toPending.comment.status]).toEqual(['approved', 'pending'])
    expect((await store.get(toPending.comment.id))?.status).toBe('pending')
    await store.moderate({ id: 'c2', action: 'approve' })
    const after = await store.add({ postId: 'p1', parentId: 'c2', author: magnus, body: 'c' })
    expect(after.comment.status).toBe('approved')
    // Approving the parent does not publish the replies that waited with it: a moderator decides each.
    expect((await store.get(toPending.comment.id))?.status).toBe('pending')
  })

  it('should apply the held-parent rule to the parent as it is when the reply is written', async () => {
    // The reply's spam checks are still running when a moderator marks its parent spam through another
    // store: a rule decided on the parent read before the write would publish the reply.
    let entered!: () => void
    const checking = new Promise<void>((resolve) => {
      entered = resolve
    })
    let release!: () => void
    const released = new Promise<void>((resolve) => {
      release = resolve
    })
    const slow: SpamCheck = {
      name: 'slow',
      async check() {
        entered()
        await released
        return { action: 'accept' }
      },
    }
    const moderator = await open()
    await moderator.add({ postId: 'p1', author: magnus, body: 'root' }) // c1 approved
    const writer = await open({ spamChecks: [slow], generateId: () => 'reply' })
    const reply = writer.add({ postId: 'p1', parentId: 'c1', author: magnus, body: 'svar' })
    await checking
    await moderator.moderate({ id: 'c1', action: 'spam' })
    release()
    const { comment, reasons } = await reply
    expect(comment.status).toBe('spam')
    expect(reasons).toEqual(['held-parent: answers c1, which is spam'])
    expect((await moderator.get('reply'))?.status).toBe('spam')
  })
}
