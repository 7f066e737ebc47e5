import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { openRelatedCache } from '../src/incremental/index.js'
import { indexFromFile } from '../src/incremental/index-file.js'
import { fixturePosts, readSavedLists, temporaryFolder } from './helpers.js'

// What a rank saves after it answers: with the journal full, a new base, the whole index (by the thread
// that holds it; here this thread: a small index) and the lists (by the caller's thread). The last step of
// each, the rename of the written file over `related-index.bin` or `related-lists.json`, is held back here,
// so that a `close()`, `settled()` or `rank` that did not wait for it would return before it (and one that
// waited for it too soon would answer after it).
const held = vi.hoisted(() => ({ renames: 0, listRenames: 0 }))
vi.mock('node:fs/promises', async (original) => {
  const actual = await original<typeof import('node:fs/promises')>()
  const rename = (async (from: string, to: string) => {
    const index = String(to).endsWith('related-index.bin')
    if (index || String(to).endsWith('related-lists.json')) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      if (index) held.renames++
      else held.listRenames++
    }
    return actual.rename(from, to)
  }) as typeof actual.rename
  return { ...actual, default: { ...actual, rename }, rename }
})

let dir: string
temporaryFolder('blogkit-related-saves-', (made) => {
  dir = made
})

describe('RelatedCache `close`', { timeout: 60_000 }, () => {
  it('should let the whole index being saved by the last rank be written first', async () => {
    const options = { dir, limit: 3, keepOpen: true, rewriteAfter: { changes: 0, lists: 0 } }
    const first = await openRelatedCache(options)
    await first.rank(fixturePosts())
    await first.close()
    // A change with the journal full: the index is saved whole after the rank answers; closed at once.
    const cache = await openRelatedCache(options)
    const posts = fixturePosts().map((post) =>
      post.id === 'dplyr-joins' ? { ...post, text: `${post.text} Hundar på promenad.` } : post,
    )
    await cache.rank(posts)
    const renames = held.renames
    await cache.close()
    expect(held.renames).toBe(renames + 1)
    const lists = await readFile(path.join(dir, 'related-lists.json'), 'utf8')
    const { generation } = JSON.parse(lists.slice(0, lists.indexOf('\n'))) as { generation: string }
    // The index saved with those lists (an index of another generation is not used: every list ranked afresh).
    const bytes = new Uint8Array(await readFile(path.join(dir, 'related-index.bin')))
    expect(indexFromFile(bytes, generation)).toBeDefined()
  })
})

const generationOf = async () => {
  const lists = await readFile(path.join(dir, 'related-lists.json'), 'utf8')
  return (JSON.parse(lists.slice(0, lists.indexOf('\n'))) as { generation: string }).generation
}

const edited = (id: string, words: string) =>
  fixturePosts().map((post) => (post.id === id ? { ...post, text: `${post.text} ${words}` } : post))

describe('RelatedCache: the base lists written after `rank`', { timeout: 60_000 }, () => {
  it('should answer before the new base lists are written, and write them by `settled()`', async () => {
    const options = { dir, limit: 3, rewriteAfter: { changes: 0, lists: 0 } }
    const first = await openRelatedCache(options)
    const ranked = await first.rank(fixturePosts())
    await first.settled()
    const before = await generationOf()
    const renames = held.listRenames

    const cache = await openRelatedCache(options)
    const lists = await cache.rank(edited('dplyr-joins', 'Hundar på promenad.'))
    // Answered: the lists are the new ones, but the file is not written yet.
    expect(held.listRenames).toBe(renames)
    expect(await generationOf()).toBe(before)
    await cache.settled()
    expect(held.listRenames).toBe(renames + 1)
    const after = await generationOf()
    expect(after).not.toBe(before)
    // The index saved with them is the one of their generation, and they are the lists the rank gave.
    const bytes = new Uint8Array(await readFile(path.join(dir, 'related-index.bin')))
    expect(indexFromFile(bytes, after)).toBeDefined()
    const body = await readSavedLists(path.join(dir, 'related-lists.json'))
    expect(body.results).toEqual(Object.fromEntries(lists))
    expect(lists.size).toBe(ranked.size)
  })

  it('should let the next `rank` of a kept-open cache compare with the lists it has not written yet', async () => {
    const options = { dir, limit: 3, keepOpen: true, rewriteAfter: { changes: 0, lists: 0 } }
    const cache = await openRelatedCache(options)
    await cache.rank(fixturePosts())
    await cache.settled()
    const changed = edited('dplyr-joins', 'Katter i solen.')
    const renames = held.listRenames
    const once = await cache.rank(changed)
    // Answered before the new base lists are written (with `keepOpen`, once the index is saved).
    expect(held.listRenames).toBe(renames)
    // The same posts again: nothing changed since the last rank, though its lists may be unwritten.
    const again = await cache.rank(changed)
    expect(Object.fromEntries(again)).toEqual(Object.fromEntries(once))
    await cache.close()
    const body = await readSavedLists(path.join(dir, 'related-lists.json'))
    expect(body.results).toEqual(Object.fromEntries(once))
  })
})
