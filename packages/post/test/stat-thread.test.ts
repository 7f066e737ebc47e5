import { execFile } from 'node:child_process'
import { statSync as realStatSync } from 'node:fs'
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { statThreadFrom } from '../src/lib/stat-thread.js'
import { loadPosts, statFiles } from '../src/node.js'

/** `statSync` calls of this thread on files under `root`; whether a `Worker` may start. */
const counted = vi.hoisted(() => ({ stats: 0, root: '', noThreads: false, threads: 0 }))

vi.mock('node:fs', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs')>()
  const statSync = ((file: string, ...rest: unknown[]) => {
    if (counted.root && String(file).startsWith(counted.root)) counted.stats++
    return (real.statSync as (...args: unknown[]) => unknown)(file, ...rest)
  }) as typeof real.statSync
  return { ...real, default: { ...real, statSync }, statSync }
})

vi.mock('node:worker_threads', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:worker_threads')>()
  class Worker extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      if (counted.noThreads) throw new Error('no threads here')
      super(...args)
      counted.threads++
    }
  }
  return { ...real, default: { ...real, Worker }, Worker }
})

const run = promisify(execFile)

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-stat-thread-'))
})
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('statFiles', () => {
  it('should give the stats `statSync` gives, and nothing for a file it cannot stat', async () => {
    const files = ['a.md', 'b.md'].map((name) => path.join(dir, name))
    for (const [n, file] of files.entries()) await writeFile(file, 'x'.repeat(n + 3))
    const stats = await statFiles([...files, path.join(dir, 'missing.md'), path.join(files[0]!, 'x')])
    for (const [n, file] of files.entries()) {
      const { size, mtimeMs, ctimeMs, ino } = realStatSync(file)
      expect(stats[n]).toEqual({ size, mtimeMs, ctimeMs, ino })
    }
    expect(stats[2]).toBeUndefined()
    expect(stats[3]).toBeUndefined()
  })

  it('should start one thread for the calls of a process, and let the process end', async () => {
    const file = path.join(dir, 'a.md')
    const threads = counted.threads
    const [first, second] = await Promise.all([statFiles([file]), statFiles([file, file])])
    expect(await statFiles([file])).toEqual(first)
    expect(second).toEqual([first[0], first[0]])
    expect(counted.threads - threads).toBeLessThanOrEqual(1)
    // A script that awaits nothing else gets its answer, and then ends (the thread does not hold it).
    const entry = new URL('../dist/node.js', import.meta.url).href
    const script = `const { statFiles } = await import(${JSON.stringify(entry)}); console.log(JSON.stringify(await statFiles(${JSON.stringify([file])})))`
    const { stdout } = await run(process.execPath, ['--input-type=module', '-e', script], { timeout: 20_000 })
    expect(JSON.parse(stdout)).toEqual(JSON.parse(JSON.stringify(first)))
  })

  it('should stat the files in this thread when no thread can start', async () => {
    const file = path.join(dir, 'a.md')
    const { size, mtimeMs, ctimeMs, ino } = realStatSync(file)
    counted.noThreads = true
    counted.root = `${dir}${path.sep}`
    counted.stats = 0
    try {
      // Note: a process that never had a thread (this module's is started by the cases above).
      vi.resetModules()
      const { statFiles } = await import('../src/node.js')
      // Missing, and under a file (`ENOTDIR`, which `throwIfNoEntry: false` does not cover): no stat either.
      expect(await statFiles([file, path.join(dir, 'missing.md'), path.join(file, 'x')])).toEqual([
        { size, mtimeMs, ctimeMs, ino },
        undefined,
        undefined,
      ])
      expect(counted.stats).toBe(3)
    } finally {
      counted.noThreads = false
      counted.root = ''
    }
  })
})

describe('loadPosts with many files and a cache', () => {
  const posts = () => path.join(dir, 'many')
  const cache = () => path.join(dir, 'cache')
  const post = (n: number, title = `Post ${n}`) =>
    `---\ntitle: ${title}\ndate: 2024-01-01\n---\n\nText ${n}.\n`

  beforeAll(async () => {
    await mkdir(posts(), { recursive: true })
    // Note: an hour old, so that the cache trusts their stats (files changed within 2 s are read again),
    const old = new Date(Date.now() - 3_600_000)
    for (let n = 0; n < statThreadFrom; n++) {
      const file = path.join(posts(), `post-${String(n).padStart(5, '0')}.md`)
      await writeFile(file, post(n))
      await utimes(file, old, old)
    }
    // Note: and their ctimes (which `utimes` sets to now) more than 2 s old.
    await new Promise((resolve) => setTimeout(resolve, 2100))
    await loadPosts(posts(), { cache: cache() })
  }, 60_000)

  it('should stat the files in a thread, not in this one, and see an edited file', async () => {
    await writeFile(path.join(posts(), 'post-00007.md'), post(7, 'Edited, a longer title'))
    const changed: string[] = []
    counted.root = `${posts()}${path.sep}`
    counted.stats = 0
    const loaded = await loadPosts(posts(), { cache: cache(), onChanged: (files) => changed.push(...files) })
    counted.root = ''
    expect(counted.stats).toBe(0)
    expect(changed).toEqual(['post-00007.md'])
    expect(loaded).toHaveLength(statThreadFrom)
    expect(loaded.find((item) => item.path === 'post-00007.md')?.title).toBe('Edited, a longer title')
  }, 60_000)

  it('should stat the files itself when no thread can start, with the same posts', async () => {
    await writeFile(path.join(posts(), 'post-00008.md'), post(8, 'Edited without a thread'))
    counted.noThreads = true
    counted.root = `${posts()}${path.sep}`
    counted.stats = 0
    try {
      vi.resetModules()
      const { loadPosts } = await import('../src/node.js')
      const loaded = await loadPosts(posts(), { cache: cache() })
      expect(counted.stats).toBe(statThreadFrom)
      expect(loaded.find((item) => item.path === 'post-00008.md')?.title).toBe('Edited without a thread')
    } finally {
      counted.noThreads = false
      counted.root = ''
    }
  }, 60_000)
})
