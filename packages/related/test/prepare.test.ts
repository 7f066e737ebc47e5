import { cp, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { openRelatedCache, type RelatedCacheOptions } from '../src/incremental/index.js'
import { createRelatedIndex, type RelatedDoc, type RelatedPost } from '../src/index.js'
import { IndexState } from '../src/lib/state.js'
import { fixturePosts, temporaryFolder } from './helpers.js'

// `RelatedCache.prepare()`: the saved index restored ahead of the first change. The restores are counted
// by wrapping `Worker` of node:worker_threads (workers started and ended, and their messages that a
// restore is done; the real one still runs) and `open` of node:fs/promises (reads of the index file in
// this thread).
const counted = vi.hoisted(() => ({
  workers: 0,
  exited: 0,
  restored: 0,
  indexReads: 0,
  failNextWorker: false,
}))
vi.mock('node:worker_threads', async (original) => {
  const actual = await original<typeof import('node:worker_threads')>()
  class CountedWorker extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      if (counted.failNextWorker) {
        counted.failNextWorker = false
        throw new Error('no thread for you')
      }
      super(...args)
      counted.workers++
      this.once('exit', () => counted.exited++)
      this.on('message', (message: unknown) => {
        if (typeof message === 'object' && message !== null && 'restored' in message) counted.restored++
      })
    }
  }
  return { ...actual, Worker: CountedWorker }
})
vi.mock('node:fs/promises', async (original) => {
  const actual = await original<typeof import('node:fs/promises')>()
  const open = ((file: Parameters<typeof actual.open>[0], ...rest: unknown[]) => {
    if (String(file).endsWith('related-index.bin')) counted.indexReads++
    return (actual.open as (...args: unknown[]) => unknown)(file, ...rest)
  }) as typeof actual.open
  return { ...actual, default: { ...actual, open }, open }
})

let dir: string
temporaryFolder('blogkit-related-prepare-', (made) => {
  dir = made
})

/** Every list as ids and rounded scores. */
const shown = (results: ReadonlyMap<string, readonly RelatedPost[]>) =>
  Object.fromEntries(
    [...results].map(([id, list]) => [id, list.map((hit) => [hit.id, hit.score.toFixed(4)])]),
  )

/** The fixture posts with `id`'s text longer by `more`. */
const edited = (posts: readonly RelatedDoc[], id: string, more: string) =>
  posts.map((post) => (post.id === id ? { ...post, text: `${post.text} ${more}` } : post))

/** A folder `name` with the fixture posts ranked and saved (lists and index), and its options. */
async function savedCache(name: string, options: Partial<RelatedCacheOptions> = {}) {
  const cacheOptions = {
    dir: path.join(dir, name),
    limit: 3,
    rewriteAfter: { changes: 1, lists: 1 },
    ...options,
  }
  const first = await openRelatedCache(cacheOptions)
  await first.rank(fixturePosts())
  await first.settled()
  return cacheOptions
}

/** The lists a cache opened afresh on a copy of `options.dir` gives for `posts` (the index restored by `rank`). */
async function reopenedLists(options: RelatedCacheOptions, name: string, posts: readonly RelatedDoc[]) {
  const copy = path.join(dir, name)
  await cp(options.dir, copy, { recursive: true })
  const cache = await openRelatedCache({ ...options, dir: copy })
  try {
    return shown(await cache.rank(posts))
  } finally {
    await cache.close()
  }
}

const tick = () => new Promise((resolve) => setImmediate(resolve))

describe('RelatedCache `prepare`', { timeout: 60_000 }, () => {
  it('should start the worker restoring the index before the first change, and rank the change with it', async () => {
    const options = await savedCache('worker', { workerAbove: 0 })
    let posts = fixturePosts()
    const cache = await openRelatedCache({ ...options, keepOpen: true })
    try {
      const before = counted.workers
      // Nothing changed: the index is not restored by `rank`.
      await cache.rank(posts)
      expect(counted.workers).toBe(before)
      cache.prepare()
      cache.prepare()
      await vi.waitFor(() => expect(counted.workers).toBe(before + 1))
      // The first change waits for that worker's restore: no second worker, the lists of a cache that
      // restored the index itself.
      posts = edited(posts, 'dplyr-joins', 'Hundar på promenad i skogen.')
      const expected = await reopenedLists(options, 'worker-reopened', posts)
      const during = counted.workers
      expect(shown(await cache.rank(posts))).toEqual(expected)
      expect(counted.workers).toBe(during)
      // Held already: `prepare` starts nothing, and the next change is ranked by the same worker.
      cache.prepare()
      posts = edited(posts, 'haus-fenster', 'Noch ein Fenster.')
      await cache.rank(posts)
      expect(counted.workers).toBe(during)
    } finally {
      await cache.close()
    }
  })

  it('should resolve once the worker restored the index, so that the first change waits for nothing', async () => {
    const options = await savedCache('ready-worker', { workerAbove: 0 })
    const posts = edited(fixturePosts(), 'dplyr-joins', 'Hundar på promenad i skogen.')
    const expected = await reopenedLists(options, 'ready-worker-reopened', posts)
    const cache = await openRelatedCache({ ...options, keepOpen: true })
    try {
      await cache.rank(fixturePosts())
      const [workers, restored] = [counted.workers, counted.restored]
      await expect(cache.prepare()).resolves.toBeUndefined()
      expect([counted.workers, counted.restored]).toEqual([workers + 1, restored + 1])
      // Held: resolved at once, by the same worker, which then ranks the change.
      await cache.prepare()
      expect(shown(await cache.rank(posts))).toEqual(expected)
      expect([counted.workers, counted.restored]).toEqual([workers + 1, restored + 1])
    } finally {
      await cache.close()
    }
  })

  it('should resolve once this thread restored a small index and readied it for its first change', async () => {
    const options = await savedCache('ready-thread')
    const readied = vi.spyOn(IndexState.prototype, 'prepareForChanges')
    const cache = await openRelatedCache({ ...options, keepOpen: true })
    try {
      await cache.rank(fixturePosts())
      const reads = counted.indexReads
      await cache.prepare()
      expect(counted.indexReads).toBe(reads + 1)
      expect(readied).toHaveBeenCalledTimes(1)
    } finally {
      await cache.close()
      readied.mockRestore()
    }
  })

  it('should read the index once in this thread for a small one, and nothing without saved lists', async () => {
    const options = await savedCache('thread')
    let posts = fixturePosts()
    const cache = await openRelatedCache({ ...options, keepOpen: true })
    const workers = counted.workers
    try {
      await cache.rank(posts)
      const reads = counted.indexReads
      cache.prepare()
      await vi.waitFor(() => expect(counted.indexReads).toBe(reads + 1))
      posts = edited(posts, 'dplyr-joins', 'Hundar på promenad i skogen.')
      const expected = await reopenedLists(options, 'thread-reopened', posts)
      const during = counted.indexReads
      expect(shown(await cache.rank(posts))).toEqual(expected)
      expect(counted.indexReads).toBe(during)
      expect(counted.workers).toBe(workers)
    } finally {
      await cache.close()
    }

    // No saved lists: nothing to restore (the rank after it ranks afresh and writes the index, reading none).
    const empty = await openRelatedCache({
      dir: path.join(dir, 'empty'),
      limit: 3,
      keepOpen: true,
      workerAbove: 0,
    })
    const reads = counted.indexReads
    await expect(empty.prepare()).resolves.toBeUndefined()
    await empty.rank(fixturePosts())
    await empty.close()
    expect([counted.indexReads, counted.workers]).toEqual([reads, workers])
  })

  it('should rank afresh after a prepared restore that fails, and leave a thread that cannot start to the next rank', async () => {
    const options = await savedCache('damaged', { workerAbove: 0 })
    let posts = fixturePosts()
    const cache = await openRelatedCache({ ...options, keepOpen: true })
    try {
      await writeFile(path.join(options.dir, 'related-index.bin'), 'not an index')
      cache.prepare()
      posts = edited(posts, 'dplyr-joins', 'Hundar på promenad i skogen.')
      expect(shown(await cache.rank(posts))).toEqual(
        shown(createRelatedIndex(posts).relatedAll({ limit: 3 })),
      )
    } finally {
      await cache.close()
    }

    // The thread fails to start: no unhandled rejection (vitest fails the run on one), the next rank
    // fails with the error, and the rank after it starts a thread again.
    const again = await openRelatedCache({ ...options, keepOpen: true })
    try {
      counted.failNextWorker = true
      // Resolved, not rejected: the failure is the next rank's.
      await expect(again.prepare()).resolves.toBeUndefined()
      expect(counted.failNextWorker).toBe(false)
      await tick()
      posts = edited(posts, 'haus-fenster', 'Noch ein Fenster.')
      await expect(again.rank(posts)).rejects.toThrow('no thread for you')
      const expected = await reopenedLists(options, 'damaged-reopened', posts)
      expect(shown(await again.rank(posts))).toEqual(expected)
    } finally {
      await again.close()
    }
  })

  it('should stop a restore under way when closed, and start none once closed', async () => {
    const options = await savedCache('closed', { workerAbove: 0 })
    const cache = await openRelatedCache({ ...options, keepOpen: true })
    await cache.rank(fixturePosts())
    const workers = counted.workers
    cache.prepare()
    await vi.waitFor(() => expect(counted.workers).toBe(workers + 1))
    const exited = counted.exited
    await cache.close()
    expect(counted.exited).toBe(exited + 1)
    await expect(cache.prepare()).resolves.toBeUndefined()
    await tick()
    expect(counted.workers).toBe(workers + 1)

    // Closed before the prepared start ran: no thread at all.
    const early = await openRelatedCache({ ...options, keepOpen: true })
    early.prepare()
    await early.close()
    await tick()
    expect(counted.workers).toBe(workers + 1)
  })
})
