import fs from 'node:fs'
import { appendFile, mkdir, mkdtemp, rename, rm, writeFile } from 'node:fs/promises'
import { syncBuiltinESMExports } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { watchFolders } from '../src/dev/watch.js'

// The dev server's watcher (src/dev/watch.ts) on a folder of its own: what it reports, and what it costs
// the process after a change (no listing of the changed post's folder again: at 10,000 posts chokidar's
// `lstat` of every post after each save was 120–300 ms of the main thread).

/** Calls to Node's file system functions that list or stat, counted while `counting` is on. */
const calls = { counting: false, count: 0, names: new Map<string, number>() }
const listing = ['lstat', 'stat', 'readdir', 'opendir'] as const
const originals: Array<() => void> = []
function countCalls() {
  for (const target of [fs, fs.promises] as Array<Record<string, unknown>>) {
    for (const name of listing) {
      const original = target[name] as (...args: unknown[]) => unknown
      target[name] = function counted(this: unknown, ...args: unknown[]) {
        if (calls.counting) {
          calls.count++
          calls.names.set(name, (calls.names.get(name) ?? 0) + 1)
        }
        return original.apply(this, args)
      }
      originals.push(() => {
        target[name] = original
      })
    }
  }
  // Note: so that modules importing them by name (`import { lstat } from 'node:fs/promises'`) call these too.
  syncBuiltinESMExports()
}

let dir: string
let posts: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-watch-'))
  posts = path.join(dir, 'content/posts')
  await mkdir(posts, { recursive: true })
  await mkdir(path.join(dir, 'content/.out'), { recursive: true })
  await mkdir(path.join(dir, 'content/.cache'), { recursive: true })
  await Promise.all(
    Array.from({ length: 2000 }, (_, i) =>
      writeFile(path.join(posts, `post-${i}.md`), `---\ntitle: Post ${i}\n---\n\nText.\n`),
    ),
  )
  countCalls()
})
afterAll(async () => {
  for (const restore of originals) restore()
  syncBuiltinESMExports()
  if (dir) await rm(dir, { recursive: true, force: true })
})

/** Watch the content folder (its `.out` and `.cache` ignored) while `act` runs; gives the paths reported. */
async function reported(act: (seen: string[]) => Promise<void>): Promise<string[]> {
  const seen: string[] = []
  const stop = await watchFolders({
    dirs: [path.join(dir, 'content')],
    ignore: [path.join(dir, 'content/.out'), path.join(dir, 'content/.cache')],
    onChange: (file) => seen.push(file),
  })
  try {
    await act(seen)
  } finally {
    await stop()
  }
  return seen
}

const quiet = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('watchFolders', { timeout: 60_000 }, () => {
  it('should see every safe-write save (a new file renamed over the post, as vim and `sed -i` save)', async () => {
    const post = path.join(posts, 'post-7.md')
    const seen = await reported(async (seen) => {
      for (let save = 0; save < 4; save++) {
        const before = seen.length
        const temporary = path.join(posts, `.post-7.md.${save}.tmp`)
        await writeFile(temporary, `---\ntitle: Post 7\n---\n\nSave ${save}.\n`)
        await rename(temporary, post)
        await vi.waitFor(() => expect(seen.slice(before)).toContain(post), { timeout: 5000 })
      }
    })
    expect(new Set(seen)).toEqual(new Set([post]))
  })

  it('should ignore editors’ scratch files and the ignored folders', async () => {
    const post = path.join(posts, 'post-8.md')
    const seen = await reported(async (seen) => {
      await writeFile(path.join(posts, '4913'), '')
      await rm(path.join(posts, '4913'))
      await writeFile(path.join(posts, '.post-8.md.swp'), 'x')
      await writeFile(path.join(posts, 'post-8.md~'), 'x')
      await writeFile(path.join(posts, '#post-8.md#'), 'x')
      await writeFile(path.join(dir, 'content/.out/index.html'), 'x')
      await mkdir(path.join(dir, 'content/.cache/posts'), { recursive: true })
      await writeFile(path.join(dir, 'content/.cache/posts/pack.bin'), 'x')
      // Then a real save, after which nothing else may have been reported.
      await appendFile(post, '\n\nMore.\n')
      await vi.waitFor(() => expect(seen).toContain(post), { timeout: 5000 })
      await quiet(200)
    })
    expect(new Set(seen)).toEqual(new Set([post]))
  })

  it('should not list or stat the posts of the folder again after a change in it', async () => {
    const post = path.join(posts, 'post-9.md')
    await reported(async (seen) => {
      await quiet(200)
      calls.count = 0
      calls.names.clear()
      calls.counting = true
      try {
        for (let save = 0; save < 2; save++) {
          await appendFile(post, '\n\nMore.\n')
          await vi.waitFor(() => expect(seen.filter((file) => file === post)).toHaveLength(save + 1), {
            timeout: 5000,
          })
          await quiet(1200)
        }
      } finally {
        calls.counting = false
      }
    })
    // 2,000 posts in the folder: a listing of it with a stat per post would be thousands of calls.
    expect(calls.count, JSON.stringify(Object.fromEntries(calls.names))).toBeLessThan(10)
  })
})
