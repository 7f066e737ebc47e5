// The site session's `prepare()` (a dev server awaits it after its first build): the Markdown engine
// warmed and the related index restored, resolved once both are done; with `prepareEarly` the restore
// starts when a load opens the related cache. Both packages' sessions are wrapped to count and hold.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { writeContent } from './helpers.js'

const calls = vi.hoisted(() => ({
  posts: 0,
  related: 0,
  /** When set, the posts session's `prepare` waits for it. */
  postsGate: undefined as Promise<void> | undefined,
}))

vi.mock('@blogkit/post/node', async (importOriginal) => {
  const original = await importOriginal<typeof import('@blogkit/post/node')>()
  return {
    ...original,
    createPostsSession: (...args: Parameters<typeof original.createPostsSession>) => {
      const session = original.createPostsSession(...args)
      const prepare = session.prepare
      session.prepare = async () => {
        calls.posts++
        await calls.postsGate
        return prepare()
      }
      return session
    },
  }
})

vi.mock('@blogkit/related/incremental', async (importOriginal) => {
  const original = await importOriginal<typeof import('@blogkit/related/incremental')>()
  return {
    ...original,
    openRelatedCache: async (...args: Parameters<typeof original.openRelatedCache>) => {
      const cache = await original.openRelatedCache(...args)
      const prepare = cache.prepare
      cache.prepare = () => {
        calls.related++
        return prepare()
      }
      return cache
    },
  }
})

const { createSiteSession, loadSite } = await import('../src/index.js')

const post = (title: string) => `---\ntitle: ${title}\ndate: 2024-05-01\n---\n\nAbout ${title}.\n`
const folders: string[] = []

afterEach(async () => {
  vi.useRealTimers()
  calls.postsGate = undefined
  for (const folder of folders.splice(0)) await rm(folder, { recursive: true, force: true })
})

/** A content folder of three posts and an empty cache folder. */
async function blog() {
  const content = await writeContent({
    'site.json': '{ "title": "Prepared" }\n',
    'posts/a.md': post('A'),
    'posts/b.md': post('B'),
    'posts/c.md': post('C'),
  })
  const cacheDir = await mkdtemp(path.join(tmpdir(), 'blogkit-site-prepare-'))
  folders.push(content, cacheDir)
  return { contentDir: content, cacheDir, baseUrl: 'https://blog.example/' }
}

describe('SiteSession.prepare', () => {
  it('should warm the posts session (the Markdown engine) even before any load', async () => {
    const session = createSiteSession()
    const before = calls.posts
    await session.prepare()
    expect(calls.posts).toBe(before + 1)
    await session.close()
  })

  it('should resolve only once the posts session is prepared', async () => {
    const session = createSiteSession()
    let open!: () => void
    calls.postsGate = new Promise((resolve) => {
      open = resolve
    })
    let resolved = false
    const ready = session.prepare().then(() => {
      resolved = true
    })
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(resolved).toBe(false)
    open()
    await ready
    expect(resolved).toBe(true)
    await session.close()
  })

  it('should start restoring the related index at the first load with `prepareEarly`, and not without', async () => {
    const options = await blog()
    // Note: the loads' clock 10 s ahead, so that they find every post unchanged (a post written within the
    // last 2 s is read again, which would tell the related cache that it changed).
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(Date.now() + 10_000)
    // A first load saves the caches (the posts, the related lists and index); the next loads open them.
    await loadSite({ ...options })

    for (const prepareEarly of [false, true]) {
      const session = createSiteSession({ prepareEarly })
      try {
        const before = calls.related
        await loadSite({ ...options, session })
        expect(calls.related - before).toBe(prepareEarly ? 1 : 0)
        await session.prepare()
        expect(calls.related - before).toBe(prepareEarly ? 2 : 1)
      } finally {
        await session.close()
      }
    }
  })
})
