import { readFileSync } from 'node:fs'
import { appendFile, cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { buildSite } from '../src/build.js'
import { createBuildSession } from '../src/build-session.js'
import { breather } from '../src/changed-first.js'
import { defaultContentDir } from '../src/paths.js'
import { RegionBook } from '../src/regions.js'

// The dev server's rebuild after a post was saved: that post's pages first, then the rest of the site.
describe('buildSite onChangedPosts', { timeout: 120_000 }, () => {
  let dir: string
  let content: string
  const session = createBuildSession({ recordDelay: 600_000 })
  const options = () => ({
    contentDir: content,
    outDir: path.join(dir, 'out'),
    baseUrl: 'https://blog.example/',
    cacheDir: path.join(dir, 'cache'),
    session,
  })

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-changed-first-'))
    content = path.join(dir, 'content')
    await cp(defaultContentDir, content, { recursive: true })
    await buildSite(options())
  })
  afterAll(async () => {
    await session.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('should write the changed post’s page before the rest of the site, and say so once', async () => {
    const file = path.join(content, 'posts/newsletters-and-rss.md')
    const page = path.join(dir, 'out/posts/newsletters-and-rss/index.html')
    await appendFile(file, '\n\nA paragraph shown first.\n')
    const calls: Array<{ changed: readonly string[]; page: string; asked: number }> = []
    // Note: whether a page is kept asks the regions of the whole site (replayed once): not before the
    // changed post's pages are on disk.
    const asked = vi.spyOn(RegionBook.prototype, 'unchanged')
    const result = await buildSite({
      ...options(),
      changed: [file],
      onChangedPosts(changed) {
        calls.push({ changed, page: readFileSync(page, 'utf8'), asked: asked.mock.calls.length })
      },
    })
    asked.mockRestore()
    expect(calls).toHaveLength(1)
    expect(calls[0]!.asked).toBe(0)
    expect(calls[0]!.changed).toEqual(['posts/newsletters-and-rss/index.html'])
    expect(calls[0]!.page).toContain('A paragraph shown first.')
    // The rest of the site (the feeds show the post's text) is written after the call.
    expect(result.changed).toContain('posts/newsletters-and-rss/index.html')
    expect(result.changed).toContain('feed.xml')
  })

  it('should not call it when no post file is among the changes', async () => {
    const settings = path.join(content, 'site.json')
    const site = JSON.parse(await readFile(settings, 'utf8')) as { title: string }
    await writeFile(settings, JSON.stringify({ ...site, title: `${site.title} (renamed)` }))
    let called = false
    const result = await buildSite({
      ...options(),
      changed: [settings],
      onChangedPosts: () => {
        called = true
      },
    })
    expect(result.rendered).toBeGreaterThan(0)
    expect(called).toBe(false)
  })
})

describe('breather', () => {
  it('should let the event loop run once the work went on for the time given, then not until it did again', async () => {
    vi.useFakeTimers({ toFake: ['performance'] })
    try {
      const breathe = breather(10)
      expect(breathe()).toBeUndefined()
      vi.advanceTimersByTime(11)
      // A request's callback waiting in the event loop runs during the pause.
      let answered = false
      setImmediate(() => {
        answered = true
      })
      const pause = breathe()
      expect(pause).toBeInstanceOf(Promise)
      await pause
      expect(answered).toBe(true)
      expect(breathe()).toBeUndefined()
    } finally {
      vi.useRealTimers()
    }
  })
})
