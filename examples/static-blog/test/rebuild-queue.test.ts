import { describe, expect, it } from 'vitest'
import { createRebuildQueue } from '../src/dev/rebuild-queue.js'

describe('createRebuildQueue', () => {
  it('should make one rebuild of several saves in quick succession, with every changed file', async () => {
    const batches: string[][] = []
    const queue = createRebuildQueue({
      rebuild: async (changed) => void batches.push([...changed].sort()),
      debounce: 50,
    })
    for (const file of ['/c/a.md', '/c/b.md', '/c/a.md', '/c/images/x.png']) queue.changed(file)
    await queue.idle()
    expect(batches).toEqual([['/c/a.md', '/c/b.md', '/c/images/x.png']])
  })

  it('should never run two rebuilds at once: changes during one make one more after it', async () => {
    const batches: string[][] = []
    let running = 0
    let most = 0
    let release: () => void = () => undefined
    let started: () => void = () => undefined
    const firstStarted = new Promise<void>((resolve) => {
      started = resolve
    })
    const queue = createRebuildQueue({
      debounce: 1,
      rebuild: async (changed) => {
        running++
        most = Math.max(most, running)
        batches.push([...changed].sort())
        if (batches.length === 1) {
          started()
          await new Promise<void>((resolve) => {
            release = resolve
          })
        }
        running--
      },
    })
    queue.changed('/c/a.md')
    await firstStarted
    queue.changed('/c/b.md')
    queue.changed('/c/c.md')
    release()
    await queue.idle()
    expect(batches).toEqual([['/c/a.md'], ['/c/b.md', '/c/c.md']])
    expect(most).toBe(1)
  })

  it('should keep rebuilding after a rebuild failed', async () => {
    const batches: string[][] = []
    const queue = createRebuildQueue({
      debounce: 1,
      rebuild: async (changed) => {
        batches.push([...changed])
        if (batches.length === 1) throw new Error('bad front matter')
      },
    })
    queue.changed('/c/a.md')
    await queue.idle()
    queue.changed('/c/a.md')
    await queue.idle()
    expect(batches).toHaveLength(2)
  })
})
