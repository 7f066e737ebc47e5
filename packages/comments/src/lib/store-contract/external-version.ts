// The CommentStore contract, writes made elsewhere: `externalVersion` (optional) changes when another
// connection writes to the database.
import type { StoreContractApi } from './api.js'
import { type ContractStores, magnus } from './helpers.js'

export function externalVersionContract(t: StoreContractApi, { open }: ContractStores): void {
  const { expect, it } = t
  it('should change externalVersion (when the store has it) after another store writes', async () => {
    const a = await open({ generateId: () => 'a1' })
    const b = await open({ generateId: () => 'b1' })
    // Note: optional; a store without it is read again on a timer by its callers.
    if (a.externalVersion === undefined) return
    await a.add({ postId: 'p1', author: magnus, body: 'a' })
    const before = await a.externalVersion()
    expect(await a.externalVersion()).toBe(before)
    await b.add({ postId: 'p1', author: magnus, body: 'b' })
    const after = await a.externalVersion()
    expect(after).not.toBe(before)
    await b.moderate({ id: 'a1', action: 'spam' })
    expect(await a.externalVersion()).not.toBe(after)
  })
}
