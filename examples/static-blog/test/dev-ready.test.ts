import { describe, expect, it, vi } from 'vitest'
import { devOptions, exampleWork } from './dev-work.js'

// The dev server says it is ready (`startDevServer` resolves, then the CLI prints "Serving") only once its
// site session is prepared for the first edit: the related index restored, started by the first build
// (`prepareEarly`), and the Markdown engine loaded. The session's `prepare` is held by a gate here.
const held = vi.hoisted(() => ({
  options: [] as unknown[],
  gate: undefined as Promise<void> | undefined,
  asked: 0,
  prepared: 0,
}))
vi.mock('@blogkit/example-site', async (original) => {
  const actual = await original<typeof import('@blogkit/example-site')>()
  return {
    ...actual,
    createSiteSession: (options?: Parameters<typeof actual.createSiteSession>[0]) => {
      held.options.push(options)
      const session = actual.createSiteSession(options)
      const prepare = session.prepare
      session.prepare = async () => {
        held.asked++
        await held.gate
        await prepare()
        held.prepared++
      }
      return session
    },
  }
})
const { startDevServer } = await import('../src/dev/server.js')

const work = exampleWork('dev-ready')

describe('the dev server’s start', { timeout: 120_000 }, () => {
  it('should be ready only once the site session is prepared, whose restore started with the first build', async () => {
    let open!: () => void
    held.gate = new Promise((resolve) => {
      open = resolve
    })
    let started = false
    const starting = startDevServer(devOptions(work.dir)).then((dev) => {
      started = true
      return dev
    })
    // The first build done and the session asked to prepare, but not resolved: not ready.
    await vi.waitFor(() => expect(held.asked).toBe(1), { timeout: 60_000 })
    expect(held.options).toEqual([{ prepareEarly: true }])
    await new Promise((resolve) => setTimeout(resolve, 300))
    expect([started, held.prepared]).toEqual([false, 0])
    open()
    const dev = await starting
    try {
      expect(held.prepared).toBe(1)
    } finally {
      await dev.close()
    }
  })
})
