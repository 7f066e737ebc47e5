import { cp, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { openRelatedCache, type RelatedCacheOptions } from '../src/incremental/index.js'
import { readJournal } from '../src/incremental/journal.js'
import { warmRankCount, warmRanks, warmUp } from '../src/incremental/warm-up.js'
import { createRelatedIndex, type RelatedDoc, type RelatedPost } from '../src/index.js'
import { stateOf } from '../src/lib/related-index.js'
import { IndexState } from '../src/lib/state.js'
import { fixturePosts, temporaryFolder } from './helpers.js'

// `RelatedCache.prepare()` also warms up the thread that restores the index for its first rank (on a
// throwaway index). Counted: the warm-ups asked of a worker thread (its `workerData`, by wrapping `Worker`
// of node:worker_threads; the real one still runs), and those run in this thread for a small index (by
// wrapping warm-up.js). `randomUUID` gives the same ids in every cache, so that their saved files compare.
const counted = vi.hoisted(() => ({
  workerWarmUps: [] as unknown[],
  threadWarmUps: 0,
  threadWarmRanks: 0,
  uuids: 0,
}))
vi.mock('node:worker_threads', async (original) => {
  const actual = await original<typeof import('node:worker_threads')>()
  class CountedWorker extends actual.Worker {
    constructor(...args: ConstructorParameters<typeof actual.Worker>) {
      super(...args)
      counted.workerWarmUps.push((args[1]?.workerData as { warmUp?: unknown }).warmUp)
    }
  }
  return { ...actual, Worker: CountedWorker }
})
vi.mock('../src/incremental/warm-up.js', async (original) => {
  const actual = await original<typeof import('../src/incremental/warm-up.js')>()
  return {
    ...actual,
    warmUp: (...args: Parameters<typeof actual.warmUp>) => {
      counted.threadWarmUps++
      return actual.warmUp(...args)
    },
    warmRanks: (...args: Parameters<typeof actual.warmRanks>) => {
      counted.threadWarmRanks++
      return actual.warmRanks(...args)
    },
  }
})
// The index file's read, held back while `gate.held` is set (a rank asked for before the restore is done).
const gate = vi.hoisted(() => ({ held: undefined as Promise<void> | undefined }))
vi.mock('../src/incremental/read-whole.js', async (original) => {
  const actual = await original<typeof import('../src/incremental/read-whole.js')>()
  return {
    ...actual,
    readWhole: async (file: string) => {
      await gate.held
      return actual.readWhole(file)
    },
  }
})
vi.mock('node:crypto', async (original) => {
  const actual = await original<typeof import('node:crypto')>()
  const randomUUID = () => `00000000-0000-4000-8000-${String(++counted.uuids).padStart(12, '0')}`
  return { ...actual, default: { ...actual, randomUUID }, randomUUID }
})

let dir: string
temporaryFolder('blogkit-related-warm-up-', (made) => {
  dir = made
})

const edited = (posts: readonly RelatedDoc[], id: string, more: string) =>
  posts.map((post) => (post.id === id ? { ...post, text: `${post.text} ${more}` } : post))

/** A folder `name` with the fixture posts ranked and saved, then one post changed (so a journal too). */
async function savedCache(name: string, options: Partial<RelatedCacheOptions>) {
  const cacheOptions = { dir: path.join(dir, name), limit: 3, ...options }
  const first = await openRelatedCache({ ...cacheOptions, rewriteAfter: { changes: 1, lists: 1 } })
  await first.rank(fixturePosts())
  await first.settled()
  const second = await openRelatedCache({ ...cacheOptions, rewriteAfter: { changes: 1, lists: 1 } })
  await second.rank(edited(fixturePosts(), 'haus-fenster', 'Noch ein Fenster.'))
  await second.close()
  return cacheOptions
}

/**
 * A folder `name` saved as by `savedCache`, a copy of it, two more edits, and the lists a cache without
 * `prepare()` ranks for them (in the folder, so the copy is as it was).
 */
async function twoEditsRanked(name: string) {
  const options = await savedCache(name, {})
  const posts = edited(edited(fixturePosts(), 'haus-fenster', 'Noch ein Fenster.'), 'dplyr-joins', 'Hundar.')
  const copy = path.join(dir, `${name}-copy`)
  await cp(options.dir, copy, { recursive: true })
  const plain = await openRelatedCache(options)
  const expected = shown(await plain.rank(posts))
  await plain.close()
  return { options, posts, copy, expected }
}

/**
 * A dev server's life on a copy of `options.dir`: a first rank (nothing changed), `prepare()` or not,
 * then two edits; gives the lists and the bytes of every saved file after each edit.
 */
async function devServer(options: RelatedCacheOptions, name: string, prepare: boolean) {
  const copy = path.join(dir, name)
  await cp(options.dir, copy, { recursive: true })
  counted.uuids = 0
  const cache = await openRelatedCache({ ...options, dir: copy, keepOpen: true })
  const seen: unknown[] = []
  try {
    let posts = edited(fixturePosts(), 'haus-fenster', 'Noch ein Fenster.')
    await cache.rank(posts)
    if (prepare) cache.prepare()
    for (const [id, more] of [
      ['dplyr-joins', 'Hundar på promenad i skogen.'],
      ['haus-fenster', 'Und noch eins.'],
    ] as const) {
      posts = edited(posts, id, more)
      const lists = await cache.rank(posts)
      await cache.settled()
      const files: Record<string, unknown> = {}
      for (const file of ['related-lists.json', 'related-index.bin'])
        files[file] = await readFile(path.join(copy, file))
          .then((bytes) => bytes.toString('base64'))
          .catch(() => 'missing')
      // Note: the journal as read back (v8's serializer writes a 0 as an integer or as a double depending
      // on how the ranking code that computed it was compiled, whatever warmed it: the values compare).
      const { generation } = JSON.parse(
        files['related-lists.json'] === 'missing'
          ? '{}'
          : (await readFile(path.join(copy, 'related-lists.json'), 'utf8')).split('\n')[0]!,
      )
      files['related-journal.bin'] = await readJournal(path.join(copy, 'related-journal.bin'), generation)
      seen.push({ lists: shown(lists), files })
    }
  } finally {
    await cache.close()
  }
  return seen
}

const shown = (results: ReadonlyMap<string, readonly RelatedPost[]>) =>
  Object.fromEntries([...results].map(([id, list]) => [id, list.map((hit) => [hit.id, hit.score])]))

describe('RelatedCache `prepare` warm-up', { timeout: 60_000 }, () => {
  it('should warm up the worker thread that `prepare` starts, with the index options, and not one a rank starts', async () => {
    const options = await savedCache('worker', { workerAbove: 0, index: { lang: 'de' } })
    const prepared = await openRelatedCache({ ...options, keepOpen: true })
    const before = counted.workerWarmUps.length
    try {
      await prepared.rank(edited(fixturePosts(), 'haus-fenster', 'Noch ein Fenster.'))
      prepared.prepare()
      await vi.waitFor(() => expect(counted.workerWarmUps.length).toBe(before + 1))
      expect(counted.workerWarmUps.at(-1)).toEqual({ lang: 'de' })
    } finally {
      await prepared.close()
    }
    // A rank that restores the index itself (a plain build) is not held up by a warm-up.
    const plain = await openRelatedCache(options)
    const posts = edited(fixturePosts(), 'haus-fenster', 'Noch ein Fenster.')
    await plain.rank(edited(posts, 'dplyr-joins', 'Hundar.'))
    await plain.close()
    expect(counted.workerWarmUps.slice(before)).toEqual([{ lang: 'de' }, undefined])
  })

  it('should warm up this thread once for a small index, after `prepare` only', async () => {
    const options = await savedCache('thread', {})
    const before = counted.threadWarmUps
    const ranksBefore = counted.threadWarmRanks
    const readied = vi.spyOn(IndexState.prototype, 'prepareForChanges')
    const plain = await openRelatedCache({ ...options, keepOpen: true })
    const posts = edited(
      edited(fixturePosts(), 'haus-fenster', 'Noch ein Fenster.'),
      'dplyr-joins',
      'Hundar.',
    )
    await plain.rank(posts)
    await plain.close()
    expect([counted.threadWarmUps, counted.threadWarmRanks]).toEqual([before, ranksBefore])
    expect(readied).not.toHaveBeenCalled()
    const prepared = await openRelatedCache({ ...options, keepOpen: true })
    try {
      await prepared.rank(posts)
      prepared.prepare()
      prepared.prepare()
      await vi.waitFor(() => expect(counted.threadWarmUps).toBe(before + 1))
      // And the restored index readied for its first change (the maps built, room made in its columns),
      // and its ranks warmed.
      await vi.waitFor(() => expect(readied).toHaveBeenCalledTimes(1))
      expect(counted.threadWarmRanks).toBe(ranksBefore + 1)
    } finally {
      await prepared.close()
      readied.mockRestore()
    }
  })

  it("should not warm the ranks when a rank is asked for before the restore is done (a dev server's first edit)", async () => {
    const { options, posts, copy, expected } = await twoEditsRanked('asked')
    const ranksBefore = counted.threadWarmRanks
    const readied = vi.spyOn(IndexState.prototype, 'prepareForChanges')
    let release = () => {}
    gate.held = new Promise<void>((resolve) => {
      release = resolve
    })
    // Note: a dev server's cache (a build's own is not warmed in this thread at all, see below).
    const cache = await openRelatedCache({ ...options, dir: copy, keepOpen: true })
    try {
      cache.prepare()
      const ranked = cache.rank(posts)
      // Note: the rank is asked for while the index file's read is held back.
      await new Promise((resolve) => setTimeout(resolve, 100))
      release()
      expect(shown(await ranked)).toEqual(expected)
      expect(readied).toHaveBeenCalledTimes(1)
      expect(counted.threadWarmRanks).toBe(ranksBefore)
    } finally {
      gate.held = undefined
      release()
      await cache.close()
      readied.mockRestore()
    }
  })

  it("should not warm up this thread for a build's cache (no keepOpen): its thread has the posts to load", async () => {
    const { options, posts, copy, expected } = await twoEditsRanked('build')
    const before = [counted.threadWarmUps, counted.threadWarmRanks]
    const cache = await openRelatedCache({ ...options, dir: copy })
    try {
      // The index restored ahead (a build calls `prepare()` as soon as it finds a changed post), not warmed.
      await cache.prepare()
      expect(shown(await cache.rank(posts))).toEqual(expected)
      expect([counted.threadWarmUps, counted.threadWarmRanks]).toEqual(before)
    } finally {
      await cache.close()
    }
  })

  for (const [holder, workerAbove] of [
    ['a worker thread', 0],
    ['this thread', undefined],
  ] as const)
    it(`should leave the lists and every saved file as without it (${holder})`, async () => {
      for (const rewriteAfter of [
        { changes: 1, lists: 1 },
        { changes: 0, lists: 0 },
      ]) {
        const name = `same-${workerAbove}-${rewriteAfter.changes}`
        const options = { ...(await savedCache(name, { workerAbove })), rewriteAfter }
        const without = await devServer(options, `${name}-without`, false)
        const threadWarmUps = counted.threadWarmUps
        const workerWarmUps = counted.workerWarmUps.filter(Boolean).length
        const withWarmUp = await devServer(options, `${name}-with`, true)
        // Warmed up once, where the index is held.
        expect([
          counted.threadWarmUps - threadWarmUps,
          counted.workerWarmUps.filter(Boolean).length - workerWarmUps,
        ]).toEqual(workerAbove === 0 ? [0, 1] : [1, 0])
        expect(withWarmUp).toEqual(without)
      }
    })
})

describe('warmUp', () => {
  it('should rank lists of a throwaway index in any language, and never throw', () => {
    expect(warmUp()).toBeGreaterThan(30)
    expect(warmUp({ lang: 'sv', stopWords: ['och'] })).toBeGreaterThan(30)
    expect(warmUp({ lang: 5 } as never)).toBe(0)
  })
})

describe('warmRanks', () => {
  /** Every post's list, as ids and scores. */
  const lists = (index: ReturnType<typeof createRelatedIndex>, posts: readonly RelatedDoc[]) =>
    Object.fromEntries(
      posts.filter((post) => index.has(post.id)).map((post) => [post.id, index.related(post.id)]),
    )

  it('should rank posts spread over the index, removed ones left out, and nothing of an empty one', () => {
    const posts = fixturePosts()
    const index = createRelatedIndex(posts)
    expect(warmRanks(stateOf(index))).toBe(Math.min(posts.length, warmRankCount))
    expect(warmRanks(stateOf(index), 3)).toBe(3)
    for (const post of posts.slice(1)) index.remove(post.id)
    expect(warmRanks(stateOf(index), 5)).toBe(1)
    expect(warmRanks(stateOf(createRelatedIndex([])))).toBe(0)
  })

  it('should change nothing a later rank gives, a refresh that is due included', () => {
    const posts = fixturePosts()
    // A refresh due after the first change: the warm ranks must not do it, or the change is weighed otherwise.
    const options = { refreshThreshold: 0.01 }
    const warmed = createRelatedIndex(posts, options)
    const plain = createRelatedIndex(posts, options)
    const changed = edited(posts, 'haus-fenster', 'Noch ein Fenster, och ett till.')
    const apply = (index: ReturnType<typeof createRelatedIndex>) => {
      index.update(changed.find((post) => post.id === 'haus-fenster')!)
      index.remove(posts[3]!.id)
    }
    apply(warmed)
    apply(plain)
    const due = stateOf(warmed).changes
    expect(due).toBeGreaterThan(0)
    expect(warmRanks(stateOf(warmed))).toBeGreaterThan(0)
    expect(stateOf(warmed).changes).toBe(due)
    expect(lists(warmed, changed)).toEqual(lists(plain, changed))
  })
})
