import {
  appendFile,
  cp,
  mkdtemp,
  readdir,
  readFile,
  rm,
  stat,
  truncate,
  utimes,
  writeFile,
} from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Plugin } from 'unified'
import type { VFileMessage } from 'vfile-message'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { Post } from '../src/index.js'
import { type LoadPostsOptions, loadPosts } from '../src/node.js'
import { fixtures } from './helpers.js'

// The pack on disk (src/lib/pack-store.ts): read lazily, written incrementally through a journal.

/** Bytes read with `readSync` by the package's modules (the pack's header and the parts of posts). */
const reads = vi.hoisted(() => ({ bytes: 0 }))
vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>()
  const readSync = ((...args: Parameters<typeof real.readSync>) => {
    const read = real.readSync(...args)
    reads.bytes += read
    return read
  }) as typeof real.readSync
  return { ...real, readSync, default: { ...real, readSync } }
})

let dir: string
let posts: string
let cache: string
let parses: string[]
let warnings: VFileMessage[]

const counter: Plugin = () => (_tree, file) => {
  parses.push(String(file.path))
}

async function load(extra: Omit<LoadPostsOptions, 'cache'> = {}): Promise<Post[]> {
  parses = []
  warnings = []
  return loadPosts(posts, {
    cache,
    remarkPlugins: [counter],
    onWarning: (warning) => warnings.push(warning),
    ...extra,
  })
}

/** What the cache must give: the same load without it. */
async function fresh(): Promise<Post[]> {
  const counted = parses
  parses = []
  try {
    return await loadPosts(posts, { remarkPlugins: [counter], onWarning() {} })
  } finally {
    parses = counted
  }
}

/** Every post file, its mtime far in the past (never “racily clean”: found by its stat). */
async function pinAll(): Promise<void> {
  const seconds = 1_000_000_000
  for (const entry of await readdir(posts, { recursive: true })) {
    const file = path.join(posts, entry)
    if ((await stat(file)).isFile()) await utimes(file, seconds, seconds)
  }
}

async function files(): Promise<{ pack: string; journal: string }> {
  const names = await readdir(cache)
  const pack = names.find((name) => name.endsWith('.bin'))
  expect(pack).toBeDefined()
  return { pack: path.join(cache, pack!), journal: path.join(cache, pack!.replace(/\.bin$/, '.journal')) }
}

const exists = (file: string) =>
  stat(file).then(
    () => true,
    () => false,
  )

/** Append a paragraph to a post (its size changes: found changed by its stat). */
async function change(name: string, text: string): Promise<void> {
  const file = path.join(posts, name)
  await appendFile(file, `\n\n${text}\n`)
  await utimes(file, 1_000_000_000, 1_000_000_000)
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-post-pack-'))
  posts = path.join(dir, 'posts')
  cache = path.join(dir, 'cache')
  await cp(path.join(fixtures, 'blog'), posts, { recursive: true })
  await pinAll()
  parses = []
  warnings = []
})

afterEach(async () => {
  await rm(dir, { recursive: true })
})

describe('the pack of loadPosts’s cache', { timeout: 60_000 }, () => {
  it('should read only the rows of the pack, and a post’s parts when its field is first read', async () => {
    const cold = await load()
    const { pack } = await files()
    const bytes = await readFile(pack)
    const headerEnd = 16 + bytes.readUInt32LE(8)
    expect(headerEnd).toBeLessThan(bytes.length)

    reads.bytes = 0
    const warm = await load()
    expect(parses).toEqual([])
    expect(reads.bytes).toBe(headerEnd)
    const [first] = warm as [Post]
    expect(first.html).toBe(cold[0]!.html)
    const afterOne = reads.bytes
    expect(afterOne).toBeGreaterThan(headerEnd)
    expect(afterOne).toBeLessThan(bytes.length)
    // The other parts of the post were read with it, once.
    expect(first.text).toBe(cold[0]!.text)
    expect(first.data).toEqual(cold[0]!.data)
    expect(reads.bytes).toBe(afterOne)
    expect(warm).toEqual(await fresh())
  })

  it('should append a changed post to a journal, leaving the pack as it was', async () => {
    await load()
    const { pack, journal } = await files()
    const before = await readFile(pack)
    expect(await exists(journal)).toBe(false)

    await change('hello-world.md', 'A paragraph more.')
    const changed = await load()
    expect(parses).toEqual(['hello-world.md'])
    expect((await readFile(pack)).equals(before)).toBe(true)
    // One record, of the changed post only.
    const record = (await readFile(journal)).toString('latin1')
    expect(record).toContain('"hello-world.md"')
    expect(record).not.toContain('toml-post.md')
    expect(changed).toEqual(await fresh())

    // A new load takes the changed post from the journal, the others from the pack.
    const again = await load()
    expect(parses).toEqual([])
    expect(warnings).toEqual([])
    expect(again.find((post) => post.path === 'hello-world.md')?.html).toContain('A paragraph more.')
    expect(again).toEqual(await fresh())

    // Removed and changed again: both kept in the journal.
    await rm(path.join(posts, 'json-post.md'))
    await change('hello-world.md', 'And another.')
    expect(await load()).toEqual(await fresh())
    expect(parses).toEqual(['hello-world.md'])
    expect(await load()).toEqual(await fresh())
    expect(parses).toEqual([])
    expect((await readFile(pack)).equals(before)).toBe(true)
  })

  it('should warn about a damaged or truncated journal and parse the posts it lost again', async () => {
    await load()
    const { pack, journal } = await files()
    await change('hello-world.md', 'A paragraph more.')
    await load()
    const size = (await stat(journal)).size

    await truncate(journal, size - 3)
    expect(await load()).toEqual(await fresh())
    expect(parses).toEqual(['hello-world.md'])
    expect(warnings.map((warning) => warning.ruleId)).toEqual(['damaged-cache'])
    expect(String(warnings[0])).toContain(journal)
    expect(String(warnings[0])).toContain('cut short')
    // The damage is gone: the pack was written whole, the journal removed.
    expect(await exists(journal)).toBe(false)
    expect(await load()).toEqual(await fresh())
    expect(parses).toEqual([])
    expect(warnings).toEqual([])

    // A byte of a record changed: its checksum fails.
    await change('toml-post.md', 'A paragraph more.')
    await load()
    const bytes = await readFile(journal)
    bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 0xff
    await writeFile(journal, bytes)
    expect(await load()).toEqual(await fresh())
    expect(parses).toEqual(['toml-post.md'])
    expect(String(warnings[0])).toContain('checksum')
    expect(await exists(pack)).toBe(true)
  })

  it('should warn about a truncated pack and parse every post again', async () => {
    const all = await load()
    const { pack } = await files()
    await truncate(pack, (await stat(pack)).size - 10)
    expect(await load()).toEqual(await fresh())
    expect(parses).toHaveLength(all.length)
    expect(warnings.map((warning) => warning.ruleId)).toEqual(['damaged-cache'])
    expect(String(warnings[0])).toContain('truncated')
    expect(await load()).toEqual(await fresh())
    expect(parses).toEqual([])
    expect(warnings).toEqual([])
  })

  it('should throw a clear error when the parts of a post in the pack are damaged', async () => {
    await load()
    const { pack } = await files()
    const bytes = await readFile(pack)
    bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0xff
    await writeFile(pack, bytes)
    const loaded = await load()
    expect(parses).toEqual([])
    // Note: the last bytes are the front matter of the pack's last post (in path order).
    const last = loaded.at(-1)!
    expect(loaded[0]!.html).toBe((await fresh())[0]!.html)
    expect(() => last.html).toThrow(/damaged.*\(.*entry `.*`\): delete it and load again/)
  })

  it('should stay whole when two loads write it at once', async () => {
    await load()
    await change('hello-world.md', 'First change.')
    const [a, b] = await Promise.all([load(), load()])
    const expected = await fresh()
    expect(a).toEqual(expected)
    expect(b).toEqual(expected)
    await change('toml-post.md', 'Second change.')
    await Promise.all([load(), load(), load()])
    expect(await load()).toEqual(await fresh())
    expect(warnings).toEqual([])
    expect(parses).toEqual([])
  })
})
