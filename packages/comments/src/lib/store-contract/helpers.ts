// What the contract's parts share: how they open stores, the test options, a sample author.
import type { CommentStore } from '../comment-store.js'
import { CommentError } from '../errors.js'
import type { CommentStoreOptions } from '../store-core.js'

/** Opens a store on the current test's database; every call in one test opens the same database. */
export type OpenStore = (options: CommentStoreOptions) => Promise<CommentStore>

/** How the contract's parts open stores (each test gets a fresh database). */
export interface ContractStores {
  /** A store on this test's database (every call in one test opens the same database). */
  open(extra?: CommentStoreOptions): Promise<CommentStore>
  /** A store on another fresh, empty database. */
  openElsewhere(extra?: CommentStoreOptions): Promise<CommentStore>
}

export const magnus = { name: 'Magnus', url: 'http://www.sokmotorkonsult.se' }

/** The `CommentError` a promise rejects with (anything else is rethrown). */
export async function rejection(promise: Promise<unknown>): Promise<CommentError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof CommentError) return error
    throw error
  }
  throw new Error('Expected a CommentError')
}

/** Test options: a clock one minute further on each call and ids `c1`, `c2`, … (per store). */
export function testOptions(extra: CommentStoreOptions = {}): CommentStoreOptions {
  let t = Date.UTC(2021, 9, 30, 20, 0)
  let n = 0
  return {
    now: () => {
      t += 60_000
      return new Date(t)
    },
    generateId: () => `c${++n}`,
    ...extra,
  }
}
