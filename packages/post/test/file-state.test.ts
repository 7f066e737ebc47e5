import { createHash } from 'node:crypto'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { type Post, parsePost } from '../src/index.js'
import { createPostDigest } from '../src/lib/post-files.js'
import { racyWindow } from '../src/lib/racy-window.js'
import { loadPosts, type PostFileState, postFileState } from '../src/node.js'
import { fixtures } from './helpers.js'

let dir: string
let posts: string
let cache: string

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-post-state-'))
  posts = path.join(dir, 'posts')
  cache = path.join(dir, 'cache')
  await cp(path.join(fixtures, 'blog'), posts, { recursive: true })
})

afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** Each post's file state, by path. */
const states = (list: readonly Post[]): Record<string, PostFileState | undefined> =>
  Object.fromEntries(list.map((post) => [post.path!, postFileState(post)]))

describe('postFileState', { timeout: 60_000 }, () => {
  it('should tell changed, unchanged, new and removed files apart, with the cache', async () => {
    const first = states(await loadPosts(posts, { cache }))
    const names = Object.keys(first)
    expect(names.length).toBeGreaterThan(3)
    // The first load with a cache has no last load: every file changed.
    expect(Object.values(first).every((state) => state?.changed === true)).toBe(true)

    const [edited, removed] = names
    await writeFile(
      path.join(posts, edited!),
      `${await readFile(path.join(posts, edited!), 'utf8')}\n\nOne more paragraph.\n`,
    )
    await rm(path.join(posts, removed!))
    await writeFile(path.join(posts, 'added.md'), '---\ntitle: Added\ndate: 2024-01-01\n---\n\nNew.\n')
    const second = states(await loadPosts(posts, { cache }))

    expect(second[edited!]).toEqual({ digest: expect.any(String), changed: true })
    expect(second[edited!]!.digest).not.toBe(first[edited!]!.digest)
    expect(second['added.md']).toEqual({ digest: expect.any(String), changed: true })
    expect(removed! in second).toBe(false)
    for (const name of names.slice(2)) expect(second[name]).toEqual({ ...first[name], changed: false })

    // Nothing changed since: nothing is reported changed, and the digests stay.
    const third = states(await loadPosts(posts, { cache }))
    expect(Object.values(third).every((state) => state?.changed === false)).toBe(true)
    for (const name of Object.keys(third)) expect(third[name]!.digest).toBe(second[name]!.digest)
  })

  it('should give the same digests without a cache, every file changed', async () => {
    const cached = states(await loadPosts(posts, { cache }))
    const warm = states(await loadPosts(posts, { cache }))
    const uncached = states(await loadPosts(posts))
    for (const [name, state] of Object.entries(uncached)) {
      expect(state).toEqual({ digest: cached[name]!.digest, changed: true })
      expect(warm[name]).toEqual({ digest: cached[name]!.digest, changed: false })
    }
  })

  it('should change every digest, and report every file changed, when the options change', async () => {
    await loadPosts(posts, { cache })
    const before = states(await loadPosts(posts, { cache }))
    const after = states(await loadPosts(posts, { cache, lang: 'sv' }))
    for (const [name, state] of Object.entries(after)) {
      expect(state!.changed).toBe(true)
      expect(state!.digest).not.toBe(before[name]!.digest)
    }
  })

  it('should keep the digests it gave before (sha256 of the options digest, NUL, the content hash)', () => {
    // Note: caches and build records keep these digests; the same file must keep its digest across versions.
    const options = createHash('sha256').update('options key').digest('base64url')
    const expected = createHash('sha256').update(options).update('\0').update('content').digest('base64url')
    expect(createPostDigest('options key')('content')).toBe(expected)
  })

  it('should know nothing of posts that `loadPosts` did not return', async () => {
    const post = await parsePost('---\ntitle: A\ndate: 2024-01-01\n---\n\nA\n')
    expect(postFileState(post)).toBeUndefined()
  })

  it('should refuse a `workersFrom` that is not a whole number', async () => {
    await expect(loadPosts(posts, { workers: 2, workersFrom: -1 })).rejects.toThrow(
      'Expected `workersFrom` to be a whole number of files',
    )
  })
})

describe('onChanged', { timeout: 60_000 }, () => {
  /** Past the racy window, so that the next load's stats are trusted by the load after it. */
  const settle = () => new Promise((resolve) => setTimeout(resolve, racyWindow + 100))

  it('should name the files to read, before parsing them, and not be called when none changed', async () => {
    const events: string[] = []
    const told: Array<readonly string[]> = []
    const onChanged = (files: readonly string[]) => {
      told.push(files)
      events.push('changed')
    }
    // Note: a remark plugin sees each file parsed on this thread.
    const remarkPlugins = [() => () => void events.push('parsed')]
    const first = await loadPosts(posts, { cache, onChanged, remarkPlugins })
    const names = first.map((post) => post.path!)
    // The first load: every file, once, before any is parsed.
    expect(told).toEqual([names])
    expect(events.indexOf('changed')).toBe(0)
    expect(events.filter((event) => event === 'parsed')).toHaveLength(names.length)

    await settle()
    await loadPosts(posts, { cache, onChanged, remarkPlugins })
    told.length = 0
    events.length = 0
    // Nothing changed: every post from the cache, no call.
    await loadPosts(posts, { cache, onChanged, remarkPlugins })
    expect(told).toEqual([])
    expect(events).toEqual([])

    // One file edited, one removed: the edited one only, before it is parsed.
    const [edited, removed] = names
    await writeFile(
      path.join(posts, edited!),
      `${await readFile(path.join(posts, edited!), 'utf8')}\n\nOne more paragraph.\n`,
    )
    await rm(path.join(posts, removed!))
    await loadPosts(posts, { cache, onChanged, remarkPlugins })
    expect(told).toEqual([[edited]])
    expect(events).toEqual(['changed', 'parsed'])

    // A file removed alone: no call.
    await settle()
    await loadPosts(posts, { cache, onChanged, remarkPlugins })
    told.length = 0
    await rm(path.join(posts, names[2]!))
    await loadPosts(posts, { cache, onChanged, remarkPlugins })
    expect(told).toEqual([])
  })

  it('should fail the load with the error the callback throws', async () => {
    const error = new Error('the caller’s own')
    await expect(
      loadPosts(posts, {
        onChanged: () => {
          throw error
        },
      }),
    ).rejects.toBe(error)
  })
})
