import {
  cp,
  mkdtemp,
  readdir,
  readFile,
  rename,
  rm,
  stat,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import type { Plugin } from 'unified'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { z } from 'zod'
import type { Post } from '../src/index.js'
import { type LoadPostsOptions, loadPosts } from '../src/node.js'
import { fixtures, problems } from './helpers.js'

let dir: string
let posts: string
let cache: string
/** Files parsed (run through the remark plugin) since the last reset. */
let parses: string[]

// Note: the attacher runs once per processor, the transformer once per parsed file.
const counter: Plugin = () => (_tree, file) => {
  parses.push(String(file.path))
}

/** `loadPosts` with the cache and the counting plugin (plus `extra` options). */
async function load(extra: Omit<LoadPostsOptions, 'cache'> = {}): Promise<Post[]> {
  parses = []
  return loadPosts(posts, { cache, remarkPlugins: [counter], ...extra })
}

/** The same load without a cache: what the cache must give (not counted in `parses`). */
async function fresh(extra: Omit<LoadPostsOptions, 'cache'> = {}): Promise<Post[]> {
  const counted = parses
  parses = []
  try {
    return await loadPosts(posts, { remarkPlugins: [counter], ...extra })
  } finally {
    parses = counted
  }
}

const seconds = 1_000_000_000 // 2001-09-09: far from now, so never “racily clean”

/** Give a file a fixed mtime (and atime). */
async function pin(file: string): Promise<void> {
  await utimes(path.join(posts, file), seconds, seconds)
}

/** Rewrite a file with content of the same length, keeping its size and pinned mtime. */
async function editInPlace(file: string, from: string, to: string): Promise<void> {
  expect(to).toHaveLength(from.length)
  const where = path.join(posts, file)
  const before = await readFile(where, 'utf8')
  expect(before).toContain(from)
  await writeFile(where, before.replace(from, to))
  await pin(file)
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-post-cache-'))
  posts = path.join(dir, 'posts')
  cache = path.join(dir, 'cache')
  await cp(path.join(fixtures, 'blog'), posts, { recursive: true })
  parses = []
})

afterEach(async () => {
  await rm(dir, { recursive: true })
})

// Note: many loads per test; a busy machine needs more than the default 5 s.
describe('loadPosts with a cache', { timeout: 60_000 }, () => {
  it('should give the same posts from the cache as without it', async () => {
    const parsed = await loadPosts(posts)
    const cold = await loadPosts(posts, { cache })
    expect(await readdir(cache)).toHaveLength(1)
    const warm = await loadPosts(posts, { cache })
    expect(cold).toEqual(parsed)
    expect(warm).toEqual(parsed)
    expect(isDeepStrictEqual(warm, parsed)).toBe(true)
    expect(JSON.stringify(warm)).toBe(JSON.stringify(parsed))
    expect(structuredClone(warm)).toEqual(parsed)
    expect(warm.map((post) => Object.keys(post))).toEqual(parsed.map((post) => Object.keys(post)))
    expect(warm.map((post) => ({ ...post }))).toEqual(parsed)
  })

  it('should let fields of cached posts be read and set like those of parsed ones', async () => {
    await loadPosts(posts, { cache })
    const [post] = await loadPosts(posts, { cache })
    const [parsed] = await loadPosts(posts)
    expect(post!.html).toBe(parsed!.html)
    expect(post!.html).toBe(parsed!.html)
    post!.html = '<p>changed</p>'
    expect(post!.html).toBe('<p>changed</p>')
    post!.headings.push({ depth: 2, text: 'More', id: 'more' })
    expect(post!.headings.at(-1)?.id).toBe('more')
    post!.data.extra = 1
    expect(post!.data.extra).toBe(1)
    expect(Object.getOwnPropertyDescriptor(post, 'html')).toMatchObject({ writable: true, enumerable: true })
    const [, frozen] = await loadPosts(posts, { cache })
    Object.freeze(frozen)
    expect(frozen!.text).toBe((await loadPosts(posts))[1]!.text)
    // A new load is not touched by changes to the posts of an earlier one.
    const [again] = await loadPosts(posts, { cache })
    expect(again).toEqual(parsed)
  })

  it('should re-parse only changed files, and everything when options change', async () => {
    await load()
    expect(parses).toHaveLength(7)
    await load()
    expect(parses).toEqual([])
    await writeFile(
      path.join(posts, 'hello-world.md'),
      '---\ntitle: Changed\ndate: 2024-03-10\n---\n\nNew body.\n',
    )
    const changed = await load()
    expect(parses).toEqual(['hello-world.md'])
    expect(changed.find((post) => post.slug === 'hello-world')?.title).toBe('Changed')
    expect(changed).toEqual(await fresh())
    // Same bytes, new mtime: found by content hash, not parsed.
    const now = new Date()
    await utimes(path.join(posts, 'toml-post.md'), now, now)
    await load()
    expect(parses).toEqual([])
    const zoned = await load({ timeZone: 'Asia/Tokyo' })
    expect(parses).toHaveLength(7)
    expect(zoned.find((post) => post.slug === 'hello-world')?.date.toISOString()).toBe(
      '2024-03-09T15:00:00.000Z',
    )
    // Back to the first options: their pack is still there.
    expect(await load()).toEqual(await fresh())
    expect(parses).toEqual([])
  })

  it('should re-parse a file changed to the same size with the same mtime', async () => {
    await pin('hello-world.md')
    await load()
    await load()
    expect(parses).toEqual([])
    await editInPlace('hello-world.md', 'This is the *first*', 'This is the *final*')
    const loaded = await load()
    expect(parses).toEqual(['hello-world.md'])
    expect(loaded).toEqual(await fresh())
    expect(loaded.find((post) => post.slug === 'hello-world')?.text).toContain('This is the final post')
  })

  it('should re-parse a file replaced by another of the same size and mtime', async () => {
    const file = path.join(posts, 'hello-world.md')
    const value = await readFile(file, 'utf8')
    await writeFile(path.join(dir, 'other.md'), value.replace('Hello', 'Jello'))
    await utimes(path.join(dir, 'other.md'), seconds, seconds)
    await pin('hello-world.md')
    await load()
    // Like `mv` (or a git checkout, or an editor saving through a new file): a new inode.
    await rename(path.join(dir, 'other.md'), file)
    expect((await stat(file)).mtimeMs).toBe(seconds * 1000)
    const loaded = await load()
    expect(parses).toEqual(['hello-world.md'])
    expect(loaded.find((post) => post.slug === 'hello-world')?.title).toBe('Jello, world!')
  })

  it('should pick up added, deleted and renamed files', async () => {
    const first = await load()
    await writeFile(path.join(posts, 'added.md'), '---\ntitle: Added\ndate: 2024-01-01\n---\n\nNew.\n')
    let loaded = await load()
    expect(parses).toEqual(['added.md'])
    expect(loaded).toHaveLength(first.length + 1)
    expect(loaded).toEqual(await fresh())

    await rm(path.join(posts, 'json-post.md'))
    loaded = await load()
    expect(parses).toEqual([])
    expect(loaded.map((post) => post.path)).not.toContain('json-post.md')
    expect(loaded).toEqual(await fresh())
    // Still gone from the rewritten pack.
    expect(await load()).toEqual(await fresh())

    // Renamed: the same bytes under a new name give a new slug (and date, Jekyll-style).
    await rename(path.join(posts, 'hello-world.md'), path.join(posts, '2020-05-06-renamed.md'))
    loaded = await load()
    expect(parses).toEqual(['2020-05-06-renamed.md'])
    expect(loaded.map((post) => post.path)).not.toContain('hello-world.md')
    expect(loaded.find((post) => post.path === '2020-05-06-renamed.md')?.slug).toBe('renamed')
    expect(loaded).toEqual(await fresh())
    expect(await load()).toEqual(await fresh())
    expect(parses).toEqual([])
  })

  it('should re-parse everything when any option that changes posts changes', async () => {
    const changes: Array<Omit<LoadPostsOptions, 'cache'>> = [
      { timeZone: 'Europe/Stockholm' },
      { lang: 'sv' },
      { excerptWords: 5 },
      { wordsPerMinute: 100 },
      { defaults: { author: 'Anna' } },
      { allowDangerousHtml: false },
      { siteUrl: 'https://example.com' },
      { remarkPlugins: [counter, [() => undefined, { a: 1 }]] },
      { remarkPlugins: [counter, [() => undefined, { a: 2 }]] },
      { rehypePlugins: [() => (tree) => tree] },
      { rehypePlugins: [() => () => undefined] },
    ]
    await load()
    for (const change of changes) {
      const loaded = await load(change)
      expect(parses, JSON.stringify(change)).toHaveLength(7)
      expect(loaded).toEqual(await fresh(change))
    }
    await load({ include: ['*.md'], ignore: ['toml-*'] })
    expect(parses, 'include and ignore only choose files').toEqual([])
  })

  it('should report a file that went bad, and parse it again once fixed', async () => {
    await load()
    const file = path.join(posts, 'hello-world.md')
    const good = await readFile(file)
    await writeFile(file, '---\ntitle: [oops\n---\n')
    const bad = await problems(() => load())
    expect(bad).toHaveLength(1)
    expect(bad[0]).toMatch(/^hello-world\.md:\d+:\d+: invalid YAML front matter/)
    // The broken file is not cached: it is reported again.
    expect(await problems(() => load())).toEqual(bad)
    await writeFile(file, good)
    expect(await load()).toEqual(await fresh())
    expect(parses).toEqual(['hello-world.md'])
  })

  it('should validate cached posts against the schema on every load', async () => {
    await loadPosts(posts, { cache })
    const schema = z.object({ title: z.string().max(10) }).passthrough()
    const messages = await problems(() => loadPosts(posts, { cache, schema, ignore: ['drafts/**'] }))
    expect(messages).toContain(
      '2021-10-30-strategisk-kommunikation.md:2:8: title: Too big: expected string to have <=10 characters (got "Strategisk kommunikation 2.0")',
    )
    const upper = z.object({ title: z.string().transform((title) => title.toUpperCase()) }).passthrough()
    const cached = await loadPosts(posts, { cache, schema: upper })
    const parsed = await loadPosts(posts, { schema: upper })
    expect(cached).toEqual(parsed)
    expect(cached[0]?.data.title).toBe(cached[0]?.data.title.toUpperCase())
    // The pack keeps the raw front matter, not the schema's output.
    expect(await loadPosts(posts, { cache })).toEqual(await loadPosts(posts))
  })

  it('should treat a damaged cache as empty', async () => {
    await loadPosts(posts, { cache })
    const [pack] = await readdir(cache)
    await truncate(path.join(cache, pack!), 100)
    expect(await loadPosts(posts, { cache })).toEqual(await loadPosts(posts))
    for (const entry of await readdir(cache)) await writeFile(path.join(cache, entry), 'garbage')
    expect(await loadPosts(posts, { cache })).toEqual(await loadPosts(posts))
    expect(await loadPosts(posts, { cache })).toEqual(await loadPosts(posts))
  })
})

describe('openCache (internal)', () => {
  it('should trust a stat only when it is unchanged and older than the pack', async () => {
    const { openCache } = await import('../src/lib/cache.js')
    const { racyWindow } = await import('../src/lib/racy-window.js')
    const all = await loadPosts(posts)
    const store = path.join(dir, 'store')
    const now = Date.UTC(2030, 0, 1)
    const old = { size: 1, mtimeMs: now - racyWindow - 1, ctimeMs: now - racyWindow - 1, ino: 3 }
    const racy = { ...old, mtimeMs: now - 10, ctimeMs: now - 10 }
    const first = await openCache(store, posts, 'options', now)
    for (const [index, post] of all.entries())
      first.keep(post.path!, index === 0 ? racy : old, `hash-${post.slug}`, post, post.data)
    await first.save()

    const second = await openCache(store, posts, 'options', now + 60_000)
    const [a, b] = all as [Post, Post]
    expect(second.byStat(b.path!, old)).toEqual(b)
    expect(second.byStat(b.path!, { ...old, size: 2 })).toBeUndefined()
    expect(second.byStat(b.path!, { ...old, mtimeMs: old.mtimeMs + 0.5 })).toBeUndefined()
    expect(second.byStat(b.path!, { ...old, ctimeMs: old.ctimeMs + 1 })).toBeUndefined()
    expect(second.byStat(b.path!, { ...old, ino: 4 })).toBeUndefined()
    expect(second.byStat('missing.md', old)).toBeUndefined()
    // Changed within the clock tick of the stat that saw it: the content must be compared.
    expect(second.byStat(a.path!, racy)).toBeUndefined()
    expect(second.byHash(a.path!, `hash-${a.slug}`)).toEqual(a)
    expect(second.byHash(a.path!, 'hash-other')).toBeUndefined()
    for (const post of all) expect(second.byHash(post.path!, `hash-${post.slug}`)).toEqual(post)

    // Another directory or other options: another pack.
    const other = await openCache(store, posts, 'other options', now + 60_000)
    expect(other.byHash(b.path!, `hash-${b.slug}`)).toBeUndefined()
  })

  it('should write the pack again when a racily clean file has become old enough to trust', async () => {
    const { openCache } = await import('../src/lib/cache.js')
    const { racyWindow } = await import('../src/lib/racy-window.js')
    const [post] = await loadPosts(posts)
    const store = path.join(dir, 'store')
    const now = Date.UTC(2030, 0, 1)
    const racy = { size: 1, mtimeMs: now - 10, ctimeMs: now - 10, ino: 3 }
    const first = await openCache(store, posts, 'options', now)
    first.keep(post!.path!, racy, 'hash-a', post!, post!.data)
    await first.save()

    // Within the window of this load too: compared by content, and the pack stays as it is.
    const soon = await openCache(store, posts, 'options', now + 1)
    const same = soon.byHash(post!.path!, 'hash-a')!
    expect(soon.byStat(post!.path!, racy)).toBeUndefined()
    soon.keep(post!.path!, racy, undefined, same, undefined)
    expect(soon.commit().changed).toBe(false)

    // Later: still compared by content (the pack's time vouches for nothing), then written again …
    const later = await openCache(store, posts, 'options', now + racyWindow + 60_000)
    expect(later.byStat(post!.path!, racy)).toBeUndefined()
    later.keep(post!.path!, racy, undefined, later.byHash(post!.path!, 'hash-a')!, undefined)
    expect(later.commit().changed).toBe(true)
    await later.save()
    // … so that the load after it trusts the stat.
    const next = await openCache(store, posts, 'options', now + racyWindow + 120_000)
    expect(next.byStat(post!.path!, racy)?.slug).toBe(post!.slug)
  })
})
