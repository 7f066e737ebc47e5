import { existsSync } from 'node:fs'
import { appendFile, cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { postFileState } from '@blogkit/post/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSite, manifestPath } from '../src/build.js'
import { createBuildSession } from '../src/build-session.js'
import { defaultContentDir } from '../src/paths.js'

// The dev server's session: posts and the build record kept in memory between builds, written later.
describe('buildSite with a session', { timeout: 120_000 }, () => {
  let dir: string
  let content: string
  let out: string
  let cache: string
  let record: string

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-build-session-'))
    content = path.join(dir, 'content')
    out = path.join(dir, 'out')
    cache = path.join(dir, 'cache')
    record = manifestPath(cache, out)
    await cp(defaultContentDir, content, { recursive: true })
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  const options = (session?: ReturnType<typeof createBuildSession>) => ({
    contentDir: content,
    outDir: out,
    baseUrl: 'https://blog.example/',
    cacheDir: cache,
    session,
  })

  it('should keep the record in memory and write it when the session is closed', async () => {
    const session = createBuildSession({ recordDelay: 600_000 })
    const first = await buildSite(options(session))
    expect(first.written).toBe(first.files)
    // Not written by the build: kept until the session writes it.
    expect(existsSync(record)).toBe(false)
    const file = path.join(content, 'posts/newsletters-and-rss.md')
    await appendFile(file, '\n\nA paragraph added in the session.\n')
    const second = await buildSite(options(session))
    const changed = second.site.posts.filter((item) => postFileState(item.post)?.changed)
    expect(changed.map((item) => item.post.path)).toEqual(['newsletters-and-rss.md'])
    expect(second.changed).toContain('posts/newsletters-and-rss/index.html')
    expect(await readFile(path.join(out, 'posts/newsletters-and-rss/index.html'), 'utf8')).toContain(
      'A paragraph added in the session.',
    )
    expect(existsSync(record)).toBe(false)
    await session.close()
    expect(existsSync(record)).toBe(true)
    // A build of another process finds the record (nothing to render) and the posts' cache (nothing changed).
    const after = await buildSite(options())
    expect(after.rendered).toBe(0)
    expect(after.written).toBe(0)
    expect(after.site.posts.some((item) => postFileState(item.post)?.changed)).toBe(false)
  })

  it('should remove the record on disk while a newer one is only in memory', async () => {
    expect(existsSync(record)).toBe(true)
    const session = createBuildSession({ recordDelay: 600_000 })
    await buildSite(options(session))
    // A process killed now leaves no record (the next build starts afresh) rather than an outdated one.
    expect(existsSync(record)).toBe(false)
    await session.close()
    expect(existsSync(record)).toBe(true)
  })

  it('should write the record by itself `recordDelay` after a build', async () => {
    const session = createBuildSession({ recordDelay: 0 })
    await appendFile(path.join(content, 'posts/newsletters-and-rss.md'), '\n\nOne more.\n')
    await buildSite(options(session))
    await expect.poll(() => existsSync(record), { timeout: 10_000 }).toBe(true)
    await session.close()
  })
})
