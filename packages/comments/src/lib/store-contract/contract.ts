// The CommentStore contract: every store (SQLite, PostgreSQL, yours) must pass these tests. A store's
// test file calls `runStoreContract` with its test runner's functions and a way to make a fresh, empty
// database for each test.

import type { CommentStore } from '../comment-store.js'
import type { CommentStoreOptions } from '../store-core.js'
import { threadComments } from '../thread-comments.js'
import { addContract } from './add.js'
import type { StoreContractApi } from './api.js'
import { authorContract } from './author.js'
import { concurrencyContract } from './concurrency.js'
import { externalVersionContract } from './external-version.js'
import { heldParentContract } from './held-parent.js'
import { magnus, type OpenStore, rejection, testOptions } from './helpers.js'
import { importExportContract } from './import-export.js'
import { latestPostContract } from './latest-post.js'
import { moderationContract } from './moderation.js'
import { purgeContract } from './purge.js'
import { queueContract } from './queue.js'
import { queueSearchContract } from './queue-search.js'
import { threadPageContract } from './thread-page.js'

/** A store under test. */
export interface StoreContractSubject {
  /** Name of a `describe` block to put the tests in, e.g. `'MySQL store'`; without it they go where `runStoreContract` is called. */
  name?: string
  /**
   * A fresh, empty database for one test, and how to open stores on it: the returned function opens a
   * store with the options it is given (every call opens the same database, as several processes would).
   */
  database(): Promise<OpenStore>
}

/**
 * Register the CommentStore contract tests, with the test runner's functions
 * (`import { afterEach, beforeEach, describe, expect, it } from 'vitest'`): in a `describe` block named
 * `subject.name` when there is one, else where it is called.
 */
export function runStoreContract(t: StoreContractApi, subject: StoreContractSubject): void {
  if (subject.name === undefined) contract(t, subject)
  else t.describe(subject.name, () => contract(t, subject))
}

function contract(t: StoreContractApi, subject: StoreContractSubject): void {
  const { afterEach, beforeEach, describe, expect, it } = t
  let openOn: OpenStore
  const stores: CommentStore[] = []
  beforeEach(async () => {
    openOn = await subject.database()
  })
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close()
  })
  async function open(extra: CommentStoreOptions = {}) {
    const store = await openOn(testOptions(extra))
    stores.push(store)
    return store
  }
  /** A store on another fresh, empty database. */
  async function openElsewhere(extra: CommentStoreOptions = {}) {
    const store = await (await subject.database())(testOptions(extra))
    stores.push(store)
    return store
  }
  describe('add', () => {
    addContract(t, { open, openElsewhere })
    authorContract(t, { open, openElsewhere })
    heldParentContract(t, { open, openElsewhere })
  })
  describe('purge', () => purgeContract(t, { open, openElsewhere }))
  describe('setLatestPost', () => latestPostContract(t, { open, openElsewhere }))

  it('should add, list and thread comments', async () => {
    const store = await open()
    const { comment: first } = await store.add({ postId: 'p1', author: magnus, body: 'Du har förstås rätt.' })
    expect(first).toMatchObject({ id: 'c1', status: 'approved', createdAt: '2021-10-30T20:01:00.000Z' })
    expect(first.author.url).toBe('http://www.sokmotorkonsult.se/')
    await store.add({
      postId: 'p1',
      parentId: 'c1',
      author: { name: 'Doktor Spinn' },
      body: '@Magnus: Tack för inspel.',
    })
    await store.add({ postId: 'p2', author: { name: 'Maria' }, body: 'Intressant :-)' })
    const list = await store.list({ postId: 'p1' })
    expect(list.map((c) => [c.id, c.parentId])).toEqual([
      ['c1', undefined],
      ['c2', 'c1'],
    ])
    expect(threadComments(list).threads[0]!.replies[0]!.comment.id).toBe('c2')
    expect(await store.get('c3')).toMatchObject({ postId: 'p2', body: 'Intressant :-)' })
    expect(await store.get('nope')).toBeUndefined()
  })

  queueContract(t, { open, openElsewhere })
  queueSearchContract(t, { open, openElsewhere })
  threadPageContract(t, { open, openElsewhere })
  moderationContract(t, { open, openElsewhere })
  importExportContract(t, { open, openElsewhere })

  it('should refuse to work after close', async () => {
    const store = await open()
    await store.close()
    expect((await rejection(store.list({ postId: 'p1' }))).code).toBe('closed')
    expect((await rejection(store.check())).code).toBe('closed')
  })

  it('should answer check, cheap and thorough, on a sound database', async () => {
    const store = await open()
    await expect(store.check()).resolves.toBeUndefined()
    await store.add({ postId: 'p1', author: magnus, body: 'a' })
    await expect(store.check({ thorough: true })).resolves.toBeUndefined()
  })

  it('should keep data across stores: one store writes, a new one reads', async () => {
    const a = await open()
    await a.add({ postId: 'p1', author: magnus, body: 'kvar' })
    await a.moderate({ id: 'c1', action: 'spam' })
    await a.close()
    const b = await open({ generateId: () => 'b1' })
    expect(await b.list({ postId: 'p1', moderator: true })).toEqual([
      expect.objectContaining({ id: 'c1', body: 'kvar', status: 'spam' }),
    ])
    expect((await b.moderate({ id: 'c1', action: 'restore' })).status).toBe('approved')
  })

  concurrencyContract(t, { open, openElsewhere })
  externalVersionContract(t, { open, openElsewhere })
}
