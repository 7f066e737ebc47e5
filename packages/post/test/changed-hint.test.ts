import { cp, mkdir, mkdtemp, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PostError } from '../src/index.js'
import { createPostsSession, type LoadPostsOptions, listFiles, loadPosts } from '../src/node.js'
import { fixtures } from './helpers.js'

/** Files under the posts folder that were stat'ed or read (relative), since the last reset. */
const touched = vi.hoisted(() => ({ stats: [] as string[], reads: [] as string[], root: '' }))

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>()
  const statSync = ((file: string, ...rest: unknown[]) => {
    if (touched.root && String(file).startsWith(touched.root))
      touched.stats.push(path.relative(touched.root, String(file)))
    return (real.statSync as (...args: unknown[]) => unknown)(file, ...rest)
  }) as typeof real.statSync
  return { ...real, default: { ...real, statSync }, statSync }
})

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>()
  const readFile = ((file: string, ...rest: unknown[]) => {
    if (touched.root && String(file).startsWith(touched.root))
      touched.reads.push(path.relative(touched.root, String(file)))
    return (real.readFile as (...args: unknown[]) => unknown)(file, ...rest)
  }) as typeof real.readFile
  return { ...real, default: { ...real, readFile }, readFile }
})

let dir: string
let posts: string
let cache: string

/** `loadPosts` in `posts`, counting the stats and reads of files in it afresh. */
async function load(options: LoadPostsOptions = {}) {
  touched.stats = []
  touched.reads = []
  touched.root = `${posts}${path.sep}`
  try {
    return await loadPosts(posts, options)
  } finally {
    touched.root = ''
  }
}

/** What a load without session or hint gives (every file listed, stat'ed and read). */
const fresh = () => loadPosts(posts)

const at = (name: string) => path.join(posts, name)
const byPath = (loaded: Awaited<ReturnType<typeof load>>) =>
  Object.fromEntries(loaded.map((post) => [post.path, post.html]))

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-post-hint-'))
  posts = path.join(dir, 'posts')
  cache = path.join(dir, 'cache')
  await cp(path.join(fixtures, 'blog'), posts, { recursive: true })
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('loadPosts with `changed`', { timeout: 60_000 }, () => {
  it('should see an added, a changed, a removed and a renamed post, touching only the named files', async () => {
    const session = createPostsSession()
    await load({ cache, session })

    await writeFile(at('added.md'), '---\ntitle: Added\ndate: 2024-05-01\n---\n\nNew.\n')
    await writeFile(at('hello-world.md'), `${await readFile(at('hello-world.md'), 'utf8')}\n\nEdited here.\n`)
    await rm(at('json-post.md'))
    await rename(at('toml-post.md'), at('toml-moved.md'))
    const named = ['added.md', 'hello-world.md', 'json-post.md', 'toml-post.md', 'toml-moved.md']
    const loaded = await load({ cache, session, changed: named.map(at) })

    expect(byPath(loaded)).toEqual(byPath(await fresh()))
    expect(loaded.map((post) => post.path)).toEqual((await fresh()).map((post) => post.path))
    expect(byPath(loaded)['hello-world.md']).toContain('Edited here.')
    // Only named files were stat'ed and read: no listing, no stat of the others.
    expect(new Set(touched.stats)).toEqual(new Set(named))
    expect([...new Set(touched.reads)].sort()).toEqual(['added.md', 'hello-world.md', 'toml-moved.md'])
    await session.close()
  })

  it('should not read or stat a changed file the hint does not name (the full pass without a hint does)', async () => {
    const session = createPostsSession()
    const first = await load({ session })
    const before = byPath(first)['json-post.md']

    await writeFile(at('json-post.md'), `${await readFile(at('json-post.md'), 'utf8')}\n\nUnnamed change.\n`)
    await writeFile(
      at('hello-world.md'),
      `${await readFile(at('hello-world.md'), 'utf8')}\n\nNamed change.\n`,
    )
    const hinted = await load({ session, changed: [at('hello-world.md')] })
    expect(byPath(hinted)['hello-world.md']).toContain('Named change.')
    // Proof that the unnamed file was neither stat'ed nor read: its change is not seen.
    expect(byPath(hinted)['json-post.md']).toBe(before)
    expect(touched.stats).not.toContain('json-post.md')
    expect(touched.reads).not.toContain('json-post.md')

    const full = await load({ session })
    expect(byPath(full)['json-post.md']).toContain('Unnamed change.')
    expect(touched.stats).toContain('json-post.md')
    await session.close()
  })

  it('should list the folder again when a named path is a folder (renamed, removed) or on the first load', async () => {
    const session = createPostsSession()
    // First load with a hint: nothing kept yet, so the full pass.
    const first = await load({ session, changed: [at('hello-world.md')] })
    expect(first.map((post) => post.path)).toEqual((await fresh()).map((post) => post.path))
    expect(touched.stats).toContain('json-post.md')

    await rename(at('2023'), at('2024'))
    const renamed = await load({ session, changed: [at('2023'), at('2024')] })
    expect(renamed.map((post) => post.path)).toEqual((await fresh()).map((post) => post.path))
    expect(renamed.some((post) => post.path?.startsWith('2024/'))).toBe(true)

    // Only the removed folder named (as some watchers report it): its posts go too.
    await rm(at('2024'), { recursive: true })
    const removed = await load({ session, changed: [at('2024')] })
    expect(removed.some((post) => post.path?.startsWith('2024/'))).toBe(false)
    expect(removed.map((post) => post.path)).toEqual((await fresh()).map((post) => post.path))
    await session.close()
  })

  it('should add only files the patterns take (no image, text, dot or ignored file)', async () => {
    const session = createPostsSession()
    await load({ session, ignore: ['drafts/**'] })
    await writeFile(at('.hidden.md'), '---\ntitle: Hidden\n---\n\nNo.\n')
    await writeFile(at('drafts/new.md'), '---\ntitle: Ignored\n---\n\nNo.\n')
    await writeFile(at('picture.png'), 'not a post')
    await mkdir(at('node_modules/x'), { recursive: true })
    await writeFile(at('node_modules/x/readme.md'), '---\ntitle: Dependency\n---\n\nNo.\n')
    await writeFile(at('notes.txt'), 'changed')
    const names = ['.hidden.md', 'drafts/new.md', 'picture.png', 'node_modules/x/readme.md', 'notes.txt']
    const loaded = await load({ session, ignore: ['drafts/**'], changed: names.map(at) })
    expect(loaded.map((post) => post.path)).toEqual(
      (await loadPosts(posts, { ignore: ['drafts/**'] })).map((post) => post.path),
    )
    expect(touched.reads).toEqual([])
    await session.close()
  })

  it('should refuse a relative path, a path outside `dir`, a string, and `changed` without a session', async () => {
    const session = createPostsSession()
    await expect(loadPosts(posts, { session, changed: ['hello-world.md'] })).rejects.toThrow(
      new TypeError(
        'Expected each path of `changed` to be absolute, got `hello-world.md`: resolve it against the folder the watcher watches',
      ),
    )
    await expect(loadPosts(posts, { session, changed: [path.join(dir, 'site.json')] })).rejects.toThrow(
      /^Expected each path of `changed` to be inside `.*posts`, got `.*site\.json`: pass only the changes under that folder$/,
    )
    await expect(loadPosts(posts, { session, changed: [at('../posts-2/a.md')] })).rejects.toThrow(TypeError)
    await expect(
      loadPosts(posts, { session, changed: at('hello-world.md') as unknown as string[] }),
    ).rejects.toThrow(/^Expected `changed` to be a list \(or set\) of absolute paths/)
    await expect(loadPosts(posts, { changed: [at('hello-world.md')] })).rejects.toThrow(
      /^Expected a `session` with `changed`/,
    )
    await expect(listFiles(posts, { session, changed: ['a.md'] })).rejects.toThrow(TypeError)
    // A missing folder is still the `missing-directory` problem.
    await expect(loadPosts(path.join(dir, 'nope'), { session, changed: [] })).rejects.toThrow(PostError)
    await session.close()
  })
})

describe('listFiles with `changed`', () => {
  const list = async (options: Parameters<typeof listFiles>[1]) =>
    [...(await listFiles(posts, options))].sort()

  it('should update the kept listing with the named paths only', async () => {
    const session = createPostsSession()
    await list({ session })
    await writeFile(at('post.comments.json'), '[]')
    await writeFile(at('unnamed.comments.json'), '[]')
    await rm(at('notes.txt'))
    const hinted = await list({ session, changed: [at('post.comments.json'), at('notes.txt')] })
    expect(hinted).toContain('post.comments.json')
    expect(hinted).not.toContain('notes.txt')
    // Not named, so not seen: the folder was not listed again.
    expect(hinted).not.toContain('unnamed.comments.json')

    // A named folder lists again.
    await mkdir(at('more'))
    await writeFile(at('more/a.comments.json'), '[]')
    const again = await list({ session, changed: [at('more')] })
    expect(again).toEqual(await list({}))
    expect(again).toContain('unnamed.comments.json')
    await session.close()
  })
})
