import { describe, expect, it } from 'vitest'
import { createPageCache, fillPageParts, type PageParts, pageParts } from '../src/page-cache.js'

const text = (parts: PageParts | undefined) =>
  parts === undefined ? undefined : Buffer.from(fillPageParts(parts, ['TOKEN', 'ID'])).toString('utf8')

/** A page maker whose pages the test finishes one at a time. */
function maker() {
  const made: Array<{ finish: (page: string | undefined) => void; fail: (error: Error) => void }> = []
  const make = () =>
    new Promise<string | undefined>((resolve, reject) => {
      made.push({ finish: resolve, fail: reject })
    })
  return { made, make }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0))

function setup() {
  let clock = 0
  const cache = createPageCache<number>({
    slots: ['{t}', '{s}'],
    maxAgeMs: 2000,
    key: (view) => String(view),
    now: () => clock,
  })
  const tick = (ms: number) => {
    clock += ms
  }
  return { cache, tick, ...maker() }
}

describe('pageParts', () => {
  it('should fill every slot, in any order and more than once, in UTF-8', () => {
    const parts = pageParts('å{t}ä{s}ö{t}', ['{t}', '{s}'])
    expect(parts.slots).toEqual([0, 1, 0])
    expect(text(parts)).toBe('åTOKENäIDöTOKEN')
    expect(text(pageParts('no slots: ü', ['{t}', '{s}']))).toBe('no slots: ü')
  })
})

describe('createPageCache', () => {
  it('should make a page once for all who ask while it is made, and keep it', async () => {
    const { cache, made, make } = setup()
    const first = cache.get('a', 1, 0, make)
    const second = cache.get('a', 1, 0, make)
    expect(made).toHaveLength(1)
    made[0]!.finish('<p>{t}</p>')
    expect(text(await first)).toBe('<p>TOKEN</p>')
    expect(text(await second)).toBe('<p>TOKEN</p>')
    expect(text(await cache.get('a', 1, 0, make))).toBe('<p>TOKEN</p>')
    expect(made).toHaveLength(1)
  })

  it('should make the page again and wait for it after a change (new version or drop)', async () => {
    const { cache, made, make } = setup()
    const first = cache.get('a', 1, 0, make)
    made[0]!.finish('old')
    await first
    const changed = cache.get('a', 1, 1, make)
    expect(made).toHaveLength(2)
    made[1]!.finish('new')
    expect(text(await changed)).toBe('new')
    cache.drop('a')
    const dropped = cache.get('a', 1, 1, make)
    expect(made).toHaveLength(3)
    made[2]!.finish('newer')
    expect(text(await dropped)).toBe('newer')
  })

  it('should serve a page kept too long at once while it is made again in the background', async () => {
    const { cache, made, make, tick } = setup()
    const first = cache.get('a', 1, 0, make)
    made[0]!.finish('old')
    await first
    tick(2500)
    // Kept too long, no change: the kept page at once, one remake started for all.
    expect(text(await cache.get('a', 1, 0, make))).toBe('old')
    expect(text(await cache.get('a', 1, 0, make))).toBe('old')
    expect(made).toHaveLength(2)
    made[1]!.finish('remade')
    await settle()
    expect(text(await cache.get('a', 1, 0, make))).toBe('remade')
    expect(made).toHaveLength(2)
  })

  it('should keep the kept page when a remake fails, and try again on the next request', async () => {
    const { cache, made, make, tick } = setup()
    const first = cache.get('a', 1, 0, make)
    made[0]!.finish('old')
    await first
    tick(2500)
    expect(text(await cache.get('a', 1, 0, make))).toBe('old')
    made[1]!.fail(new Error('database is down'))
    await settle()
    expect(text(await cache.get('a', 1, 0, make))).toBe('old')
    expect(made).toHaveLength(3)
  })

  it('should not let a remake started before a change replace the page made after it', async () => {
    const { cache, made, make, tick } = setup()
    const first = cache.get('a', 1, 0, make)
    made[0]!.finish('old')
    await first
    tick(2500)
    await cache.get('a', 1, 0, make) // starts remake 1 (version 0)
    const changed = cache.get('a', 1, 1, make) // version 1: made afresh (2)
    made[2]!.finish('after the change')
    expect(text(await changed)).toBe('after the change')
    made[1]!.finish('stale remake')
    await settle()
    expect(text(await cache.get('a', 1, 1, make))).toBe('after the change')
  })

  it('should not keep a page that does not exist or failed', async () => {
    const { cache, made, make } = setup()
    const missing = cache.get('a', 9, 0, make)
    made[0]!.finish(undefined)
    expect(await missing).toBeUndefined()
    const failing = cache.get('a', 9, 0, make)
    expect(made).toHaveLength(2)
    made[1]!.fail(new Error('no'))
    await expect(failing).rejects.toThrow('no')
    await settle()
    void cache.get('a', 9, 0, make)
    expect(made).toHaveLength(3)
  })
})
