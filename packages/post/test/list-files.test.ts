import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { PostError } from '../src/index.js'
import { racyWindow } from '../src/lib/racy-window.js'
import { createPostsSession, listFiles, loadPosts, type PostsSession } from '../src/node.js'

let dir: string
let session: PostsSession

const post = (title: string) => `---\ntitle: ${title}\ndate: 2024-01-01\n---\n\n${title}.\n`
const sorted = (files: readonly string[]) => [...files].sort()

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-list-files-'))
  await mkdir(path.join(dir, '2024', 'images'), { recursive: true })
  await writeFile(path.join(dir, 'a.md'), post('A'))
  await writeFile(path.join(dir, '2024', 'b.md'), post('B'))
  await writeFile(path.join(dir, '2024', 'images', 'b.png'), 'png')
  session = createPostsSession({ writeDelay: 0 })
})

afterEach(async () => {
  vi.useRealTimers()
  await session.close()
  await rm(dir, { recursive: true, force: true })
})

/**
 * Make the listings' clock read an hour on: every folder's mtime and ctime are then older than the
 * racy window, as for folders left alone since (the files stay as they are; no waiting).
 */
const settled = () => {
  vi.useFakeTimers({ toFake: ['Date'] })
  vi.setSystemTime(Date.now() + 3_600_000)
}

describe('listFiles', () => {
  it('should list the files under a folder, relative with `/`, without folders, dot files or node_modules', async () => {
    await mkdir(path.join(dir, '.git'))
    await writeFile(path.join(dir, '.git', 'HEAD'), 'ref')
    await writeFile(path.join(dir, '.DS_Store'), '')
    await mkdir(path.join(dir, 'node_modules', 'x'), { recursive: true })
    await writeFile(path.join(dir, 'node_modules', 'x', 'index.js'), '')
    await mkdir(path.join(dir, 'empty'))
    const files = await listFiles(dir)
    expect(sorted(files)).toEqual(['2024/b.md', '2024/images/b.png', 'a.md'])
    expect(Object.isFrozen(files)).toBe(true)
    // Without a session every call lists the folder.
    expect(await listFiles(dir)).not.toBe(files)
  })

  it('should give the kept listing while no folder changed, and see files added, removed and renamed between loads', async () => {
    settled()
    const options = { session }
    const names = async () => (await loadPosts(dir, options)).map((item) => item.path)

    expect(await names()).toEqual(['2024/b.md', 'a.md'])
    const first = await listFiles(dir, options)
    expect(sorted(first)).toEqual(['2024/b.md', '2024/images/b.png', 'a.md'])
    // Nothing changed, or only a file's content: the same listing, not listed again.
    await writeFile(path.join(dir, 'a.md'), post('A, edited'))
    expect(await names()).toEqual(['2024/b.md', 'a.md'])
    expect(await listFiles(dir, options)).toBe(first)

    // Added in a subfolder.
    await writeFile(path.join(dir, '2024', 'b.comments.json'), '[]\n')
    const added = await listFiles(dir, options)
    expect(added).not.toBe(first)
    expect(sorted(added)).toEqual(['2024/b.comments.json', '2024/b.md', '2024/images/b.png', 'a.md'])
    expect(await listFiles(dir, options)).toBe(added)

    // Renamed in the top folder.
    await rename(path.join(dir, 'a.md'), path.join(dir, 'c.md'))
    expect(await names()).toEqual(['2024/b.md', 'c.md'])
    const renamed = await listFiles(dir, options)
    expect(sorted(renamed)).toEqual(['2024/b.comments.json', '2024/b.md', '2024/images/b.png', 'c.md'])

    // Removed from a folder two levels down, then a whole folder.
    await rm(path.join(dir, '2024', 'images', 'b.png'))
    expect(sorted(await listFiles(dir, options))).toEqual(['2024/b.comments.json', '2024/b.md', 'c.md'])
    await rm(path.join(dir, '2024'), { recursive: true })
    expect(await names()).toEqual(['c.md'])
    expect(await listFiles(dir, options)).toEqual(['c.md'])

    // A new folder with a file.
    await mkdir(path.join(dir, '2025'))
    await writeFile(path.join(dir, '2025', 'd.md'), post('D'))
    expect(await names()).toEqual(['2025/d.md', 'c.md'])
    const again = await listFiles(dir, options)
    expect(sorted(again)).toEqual(['2025/d.md', 'c.md'])
    expect(await listFiles(dir, options)).toBe(again)
  })

  it('should list again a folder changed within the racy window of its listing (a coarse clock could hide a change)', async () => {
    // Note: the newest change of any folder listed (writing `2024/b.md` after `a.md` changed `2024` last).
    const folders = [dir, path.join(dir, '2024'), path.join(dir, '2024', 'images')]
    const times = (await Promise.all(folders.map((folder) => stat(folder)))).flatMap((s) => [
      s.mtimeMs,
      s.ctimeMs,
    ])
    const newest = Math.max(...times)
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(newest + racyWindow - 1)
    const first = await listFiles(dir, { session })
    const second = await listFiles(dir, { session })
    expect(second).not.toBe(first)
    expect(sorted(second)).toEqual(sorted(first))
    // Old enough: kept.
    vi.setSystemTime(newest + racyWindow + 1)
    const third = await listFiles(dir, { session })
    expect(await listFiles(dir, { session })).toBe(third)
  })

  it('should keep one listing per folder, and forget them when the session is closed', async () => {
    settled()
    const other = path.join(dir, '2024')
    const top = await listFiles(dir, { session })
    const sub = await listFiles(`${other}${path.sep}`, { session })
    expect(sorted(sub)).toEqual(['b.md', 'images/b.png'])
    expect(await listFiles(dir, { session })).toBe(top)
    expect(await listFiles(other, { session })).toBe(sub)
    await session.close()
    expect(await listFiles(dir, { session })).not.toBe(top)
  })

  it('should throw a `missing-directory` PostError for a folder that is not there or a file', async () => {
    for (const bad of [path.join(dir, 'missing'), path.join(dir, 'a.md')]) {
      const error = await listFiles(bad, { session }).catch((error: unknown) => error)
      expect(error).toBeInstanceOf(PostError)
      expect(error).toMatchObject({ code: 'missing-directory', file: bad })
    }
    // A kept folder removed since: the same error, not the old listing.
    settled()
    await listFiles(path.join(dir, '2024'), { session })
    await rm(path.join(dir, '2024'), { recursive: true })
    await expect(listFiles(path.join(dir, '2024'), { session })).rejects.toMatchObject({
      code: 'missing-directory',
    })
  })

  it('should reject a bad `dir` or a session from elsewhere with a TypeError', async () => {
    await expect(listFiles('')).rejects.toThrow(/Expected `dir` to be a directory path/)
    await expect(listFiles(3 as unknown as string)).rejects.toThrow(TypeError)
    await expect(listFiles(dir, { session: {} as PostsSession })).rejects.toThrow(
      /Expected `session` to come from `createPostsSession\(\)`/,
    )
  })
})
