// The site session's `prepare()` (a dev server calls it after its first build) warms the Markdown engine.
import { describe, expect, it, vi } from 'vitest'

const prepared = vi.hoisted(() => ({ posts: 0 }))

vi.mock('@blogkit/post/node', async (importOriginal) => {
  const original = await importOriginal<typeof import('@blogkit/post/node')>()
  return {
    ...original,
    createPostsSession: (...args: Parameters<typeof original.createPostsSession>) => {
      const session = original.createPostsSession(...args)
      const prepare = session.prepare
      session.prepare = () => {
        prepared.posts++
        return prepare()
      }
      return session
    },
  }
})

const { createSiteSession } = await import('../src/index.js')

describe('SiteSession.prepare', () => {
  it('should warm the posts session (the Markdown engine) even before any load', async () => {
    const session = createSiteSession()
    session.prepare()
    expect(prepared.posts).toBe(1)
    await session.close()
  })
})
