import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { openRelatedCache } from '../src/incremental/index.js'
import type { RelatedDoc } from '../src/index.js'
import { fixturePosts, temporaryFolder } from './helpers.js'

// Which thread restores the saved index (`workerAbove`): the worker threads started are counted by
// wrapping `Worker` of node:worker_threads (the real one still runs).
const started = vi.hoisted(() => ({ workers: 0 }))
vi.mock('node:worker_threads', async (original) => {
  const actual = await original<typeof import('node:worker_threads')>()
  class CountedWorker extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args)
      started.workers++
    }
  }
  return { ...actual, Worker: CountedWorker }
})

let dir: string
temporaryFolder('blogkit-related-worker-choice-', (made) => {
  dir = made
})

/** Rank the fixture posts, then again with one post changed (the saved index restored); workers started. */
async function workersForOneChange(name: string, workerAbove: number | undefined): Promise<number> {
  const options = { dir: path.join(dir, name), limit: 3, workerAbove, rewriteAfter: { changes: 1, lists: 1 } }
  let posts: RelatedDoc[] = fixturePosts()
  await (await openRelatedCache(options)).rank(posts)
  posts = posts.map((post) => (post.id === 'dplyr-joins' ? { ...post, tags: ['hundar'] } : post))
  const before = started.workers
  const cache = await openRelatedCache(options)
  const lists = await cache.rank(posts)
  await cache.settled()
  expect(lists.get('dplyr-joins')).toBeDefined()
  return started.workers - before
}

describe('openRelatedCache `workerAbove`', { timeout: 60_000 }, () => {
  it('should restore a small index in the calling thread by default, without starting a worker', async () => {
    expect(await workersForOneChange('default', undefined)).toBe(0)
  })

  it('should restore it in a worker thread when the index file is bigger than `workerAbove`', async () => {
    expect(await workersForOneChange('worker', 0)).toBe(1)
    expect(await workersForOneChange('threshold', 1024)).toBe(1)
  })
})
