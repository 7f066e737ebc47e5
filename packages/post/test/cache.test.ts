import { cp, mkdtemp, readdir, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { loadPosts } from '../src/index.js'
import { fixtures, problems } from './helpers.js'

let dir: string
let posts: string
let cache: string

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-post-cache-'))
  posts = path.join(dir, 'posts')
  cache = path.join(dir, 'cache')
  await cp(path.join(fixtures, 'blog'), posts, { recursive: true })
})

afterEach(async () => {
  await rm(dir, { recursive: true })
})

describe('loadPosts', () => {
  it('should give the same posts from the cache as without it', async () => {
    const fresh = await loadPosts(posts)
    const cold = await loadPosts(posts, { cache })
    expect(await readdir(cache)).toHaveLength(1)
    const warm = await loadPosts(posts, { cache })
    expect(cold).toEqual(fresh)
    expect(warm).toEqual(fresh)
  })

  it('should re-parse only changed files, and everything when options change', async () => {
    let parses = 0
    const counter = () => () => {
      parses++
    }
    const load = (extra: { timeZone?: string } = {}) =>
      loadPosts(posts, { cache, remarkPlugins: [counter], ...extra })
    await load()
    expect(parses).toBe(7)
    parses = 0
    await load()
    expect(parses).toBe(0)
    await writeFile(
      path.join(posts, 'hello-world.md'),
      '---\ntitle: Changed\ndate: 2024-03-10\n---\n\nNew body.\n',
    )
    const changed = await load()
    expect(parses).toBe(1)
    expect(changed.find((post) => post.slug === 'hello-world')?.title).toBe('Changed')
    // Same bytes, new mtime: found by content hash, not parsed.
    const now = new Date()
    await utimes(path.join(posts, 'toml-post.md'), now, now)
    parses = 0
    await load()
    expect(parses).toBe(0)
    const zoned = await load({ timeZone: 'Asia/Tokyo' })
    expect(parses).toBe(7)
    expect(zoned.find((post) => post.slug === 'hello-world')?.date.toISOString()).toBe(
      '2024-03-09T15:00:00.000Z',
    )
  })

  it('should validate cached posts against the schema on every load', async () => {
    await loadPosts(posts, { cache })
    const schema = z.object({ title: z.string().max(10) }).passthrough()
    const messages = await problems(() => loadPosts(posts, { cache, schema, ignore: ['drafts/**'] }))
    expect(messages).toContain(
      '2021-10-30-strategisk-kommunikation.md:2:8: title: Too big: expected string to have <=10 characters (got "Strategisk kommunikation 2.0")',
    )
  })

  it('should treat a damaged cache as empty', async () => {
    await loadPosts(posts, { cache })
    for (const entry of await readdir(cache)) await writeFile(path.join(cache, entry), 'garbage')
    expect(await loadPosts(posts, { cache })).toEqual(await loadPosts(posts))
    expect(await loadPosts(posts, { cache })).toEqual(await loadPosts(posts))
  })
})

describe('openCache (internal)', () => {
  it('should store strings in several segments and read every post back', async () => {
    const { openCache } = await import('../src/lib/cache.js')
    const all = await loadPosts(posts)
    const store = path.join(dir, 'segments')
    const first = await openCache(store, posts, 'options', 64)
    const stat = { size: 1, mtimeMs: 2, ino: 3 }
    for (const post of all) first.keep(post.path!, stat, `hash-${post.slug}`, post)
    await first.save()
    const second = await openCache(store, posts, 'options', 64)
    for (const post of all) expect(second.byHash(post.path!, `hash-${post.slug}`)).toEqual(post)
    expect(second.byStat(all[0]!.path!, stat)).toEqual(all[0])
    expect(second.byStat(all[0]!.path!, { ...stat, size: 9 })).toBeUndefined()
  })
})
