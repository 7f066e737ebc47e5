// `PostsSession.prepare()`: the Markdown engine loaded and run once in this thread ahead of the first parse.
import { describe, expect, it, vi } from 'vitest'

const made = vi.hoisted(() => ({ processors: 0, runs: 0 }))

vi.mock('../src/lib/markdown.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/lib/markdown.js')>()
  return {
    ...original,
    createProcessor: (...args: Parameters<typeof original.createProcessor>) => {
      made.processors++
      const processor = original.createProcessor(...args)
      const run = processor.run.bind(processor)
      processor.run = ((...runArgs: Parameters<typeof run>) => {
        made.runs++
        return run(...runArgs)
      }) as typeof processor.run
      return processor
    },
  }
})

const { createPostsSession } = await import('../src/node.js')
const { parsePost } = await import('../src/index.js')

describe('PostsSession.prepare', () => {
  it('should load the Markdown engine and parse one post with it, once per thread, before any load', async () => {
    expect(made).toEqual({ processors: 0, runs: 0 })
    const session = createPostsSession()
    await expect(session.prepare()).resolves.toBeUndefined()
    expect(made.processors).toBe(1)
    expect(made.runs).toBeGreaterThan(0)
    const after = { ...made }
    // Note: a second session (or call) finds the engine warm: nothing is parsed again.
    await createPostsSession().prepare()
    await session.prepare()
    expect(made).toEqual(after)
    // And parsing still works as before (the warm-up left no state behind).
    const post = await parsePost('---\ntitle: Hej\ndate: 2024-01-01\n---\n\n# Rubrik\n\nText.\n')
    expect(post.title).toBe('Hej')
    expect(post.headings.map((heading) => heading.text)).toEqual(['Rubrik'])
    await session.close()
  })
})
