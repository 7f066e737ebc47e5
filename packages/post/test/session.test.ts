import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Plugin } from 'unified'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { PostError } from '../src/index.js'
import { createPostsSession, type LoadPostsOptions, loadPosts, postFileState } from '../src/node.js'
import { fixtures } from './helpers.js'

let dir: string
let posts: string
let cache: string
/** Files parsed (run through the remark plugin) since the last reset. */
let parses: string[]

const counter: Plugin = () => (_tree, file) => {
  parses.push(String(file.path))
}

/** `loadPosts` with the counting plugin, counting afresh. */
async function load(options: LoadPostsOptions = {}) {
  parses = []
  return loadPosts(posts, { remarkPlugins: [counter], ...options })
}

/** The same load without cache or session: what a session must give. */
async function fresh() {
  const counted = parses
  try {
    return await loadPosts(posts, { remarkPlugins: [counter] })
  } finally {
    parses = counted
  }
}

const append = async (name: string, text: string) =>
  writeFile(path.join(posts, name), `${await readFile(path.join(posts, name), 'utf8')}\n\n${text}\n`)

/** The pack files in the cache folder with their mtimes. */
async function packs(): Promise<Record<string, number>> {
  const names = await readdir(cache).catch(() => [] as string[])
  const found: Record<string, number> = {}
  for (const name of names) found[name] = (await stat(path.join(cache, name))).mtimeMs
  return found
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-post-session-'))
  posts = path.join(dir, 'posts')
  cache = path.join(dir, 'cache')
  await cp(path.join(fixtures, 'blog'), posts, { recursive: true })
  parses = []
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('loadPosts with a session', { timeout: 60_000 }, () => {
  it('should keep the posts in memory: a changed file is parsed again, an unchanged one is not', async () => {
    const session = createPostsSession()
    const first = await load({ cache, session })
    expect(parses).toHaveLength(first.length)
    expect(first).toEqual(await fresh())
    // The posts come from memory, not from the cache folder.
    await rm(cache, { recursive: true })
    const again = await load({ cache, session })
    expect(parses).toEqual([])
    expect(again).toEqual(first)
    expect(again.every((post) => postFileState(post)?.changed === false)).toBe(true)

    await append('hello-world.md', 'A paragraph added in the session.')
    const edited = await load({ cache, session })
    expect(parses).toEqual(['hello-world.md'])
    const changed = edited.filter((post) => postFileState(post)?.changed).map((post) => post.path)
    expect(changed).toEqual(['hello-world.md'])
    expect(edited.find((post) => post.path === 'hello-world.md')?.html).toContain('added in the session')
    expect(edited).toEqual(await fresh())
    // The post parsed in the session is kept too.
    const after = await load({ cache, session })
    expect(parses).toEqual([])
    expect(after).toEqual(edited)
    await session.close()
  })

  it('should drop a deleted file and pick up an added one', async () => {
    const session = createPostsSession()
    await load({ cache, session })
    await rm(path.join(posts, 'json-post.md'))
    await writeFile(path.join(posts, 'added.md'), '---\ntitle: Added\ndate: 2024-05-01\n---\n\nNew.\n')
    const next = await load({ cache, session })
    expect(parses).toEqual(['added.md'])
    expect(next.map((post) => post.path)).not.toContain('json-post.md')
    expect(next.find((post) => post.path === 'added.md')?.title).toBe('Added')
    expect(next).toEqual(await fresh())
    await session.close()
  })

  it('should report a bad file with its place, keep the others, and parse it again once fixed', async () => {
    const session = createPostsSession()
    await load({ cache, session })
    const file = path.join(posts, 'hello-world.md')
    const good = await readFile(file, 'utf8')
    await writeFile(file, '---\ntitle: Broken\ndate: yesterday\n---\n\nBody.\n')
    await append('toml-post.md', 'Changed while another file was broken.')
    const error = await load({ cache, session }).then(
      () => undefined,
      (error: unknown) => error,
    )
    expect(error).toBeInstanceOf(PostError)
    expect((error as PostError).messages.map(String)).toEqual([
      'hello-world.md:3:7: date: "yesterday" is not a date (YYYY-MM-DD or ISO 8601)',
    ])
    expect(parses.sort()).toEqual(['hello-world.md', 'toml-post.md'])
    await writeFile(file, good)
    const fixed = await load({ cache, session })
    // Only the fixed file: the other change was kept by the load that failed.
    expect(parses).toEqual(['hello-world.md'])
    expect(fixed).toEqual(await fresh())
    await session.close()
  })

  it('should report the warnings of unchanged files on every load, and drop them once fixed', async () => {
    const session = createPostsSession()
    const file = path.join(posts, 'hello-world.md')
    const good = await readFile(file, 'utf8')
    await writeFile(file, good.replace('---\n', '---\ntgas: [a]\n'))
    const seen: string[][] = []
    for (let round = 0; round < 3; round++) {
      const warnings: string[] = []
      await load({ cache, session, onWarning: (warning) => warnings.push(String(warning)) })
      seen.push(warnings)
    }
    expect(seen[0]).toEqual([
      'hello-world.md:2:1: tgas: unknown field, ignored: did you mean `tags`? (if `tgas` is a field of your own, list it in `customFields`)',
    ])
    expect(seen[1]).toEqual(seen[0])
    expect(seen[2]).toEqual(seen[0])
    await writeFile(file, good)
    const after: string[] = []
    await load({ cache, session, onWarning: (warning) => after.push(String(warning)) })
    expect(after).toEqual([])
    await session.close()
  })

  it('should give each load posts of its own', async () => {
    const session = createPostsSession()
    await load({ cache, session })
    const [post] = await load({ cache, session })
    post!.title = 'Changed by the caller'
    post!.headings.push({ depth: 2, text: 'More', id: 'more' })
    post!.data.extra = 1
    const [again] = await load({ cache, session })
    expect(again).not.toBe(post)
    expect(again).toEqual((await fresh())[0])
    await session.close()
  })

  it('should write the pack when flushed or closed, not on each load', async () => {
    const session = createPostsSession({ writeDelay: 60_000 })
    await load({ cache, session })
    // The first load of a session writes nothing either: the pack waits for the session.
    expect(await packs()).toEqual({})
    await session.flush()
    const written = await packs()
    expect(Object.keys(written)).toHaveLength(1)
    await append('hello-world.md', 'Kept until the session is closed.')
    await load({ cache, session })
    expect(await packs()).toEqual(written)
    await session.close()
    expect(await packs()).not.toEqual(written)
    // A load without the session finds every post in the written pack.
    const warm = await load({ cache })
    expect(parses).toEqual([])
    expect(warm).toEqual(await fresh())
  })

  it('should write the pack by itself `writeDelay` after a load that changed it', async () => {
    const session = createPostsSession({ writeDelay: 0 })
    await load({ cache, session })
    await expect.poll(async () => Object.keys(await packs()).length, { timeout: 10_000 }).toBe(1)
    await session.close()
  })

  it('should keep posts without a cache folder, in memory only', async () => {
    const session = createPostsSession()
    await load({ session })
    await load({ session })
    expect(parses).toEqual([])
    await append('json-post.md', 'Edited.')
    const next = await load({ session })
    expect(parses).toEqual(['json-post.md'])
    expect(next).toEqual(await fresh())
    await session.close()
    expect(await packs()).toEqual({})
  })

  it('should run loads of one session one after the other', async () => {
    const session = createPostsSession()
    const options = { cache, session, remarkPlugins: [counter] }
    const [a, b] = await Promise.all([loadPosts(posts, options), loadPosts(posts, options)])
    expect(b).toEqual(a)
    expect(b.every((post) => postFileState(post)?.changed === false)).toBe(true)
    await session.close()
  })

  it('should refuse a bad `writeDelay` and a session that is not one', async () => {
    expect(() => createPostsSession({ writeDelay: -1 })).toThrow(
      'Expected `writeDelay` to be a number of milliseconds, got `-1`',
    )
    await expect(loadPosts(posts, { session: {} as never })).rejects.toThrow(
      'Expected `session` to come from `createPostsSession()`',
    )
  })
})
