import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { openRelatedCache } from '../src/incremental/index.js'
import { indexFromFile } from '../src/incremental/index-file.js'
import { fixturePosts } from './helpers.js'

// `RelatedCache.close()` waits for the whole index being saved by the last rank. The save's last step, the
// rename of the written file over `related-index.bin`, is held back here (in this thread: a small index is
// held here), so that a `close()` that did not wait would return before it.
const held = vi.hoisted(() => ({ renames: 0 }))
vi.mock('node:fs/promises', async (original) => {
  const actual = await original<typeof import('node:fs/promises')>()
  const rename = (async (from: string, to: string) => {
    if (String(to).endsWith('related-index.bin')) {
      await new Promise((resolve) => setTimeout(resolve, 200))
      held.renames++
    }
    return actual.rename(from, to)
  }) as typeof actual.rename
  return { ...actual, default: { ...actual, rename }, rename }
})

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-related-close-'))
})
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
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
