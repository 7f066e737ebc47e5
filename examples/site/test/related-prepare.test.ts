// A build whose posts changed starts restoring the related-posts index as soon as @blogkit/post's load
// knows (its `onChanged`), not when the ranking finds the change; a build where none changed never does.
// And the site waits for the ranking last: what does not need it (the redirects, the caller's `meanwhile`)
// is made while it runs.
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { contentDir } from './helpers.js'

const events = vi.hoisted((): string[] => [])
/** Opened by the caller's `meanwhile` (the last thing `loadSite` runs before it waits for the ranking). */
const redirects = vi.hoisted(() => {
  const gate: { opened: Promise<void>; open: () => void; reset: () => void } = {
    opened: Promise.resolve(),
    open: () => undefined,
    reset: () => {
      gate.opened = new Promise<void>((resolve) => {
        gate.open = resolve
      })
    },
  }
  return gate
})

vi.mock('@blogkit/post', async (importOriginal) => {
  const original = await importOriginal<typeof import('@blogkit/post')>()
  return {
    ...original,
    collectRedirects: (...args: Parameters<typeof original.collectRedirects>) => {
      events.push('redirects')
      return original.collectRedirects(...args)
    },
  }
})

vi.mock('@blogkit/related/incremental', async (importOriginal) => {
  const original = await importOriginal<typeof import('@blogkit/related/incremental')>()
  return {
    ...original,
    openRelatedCache: async (...args: Parameters<typeof original.openRelatedCache>) => {
      const cache = await original.openRelatedCache(...args)
      return {
        ...cache,
        prepare: () => {
          events.push('prepare')
          cache.prepare()
        },
        rankLists: async (...rankArgs: Parameters<typeof cache.rankLists>) => {
          events.push('rank')
          const ranked = await cache.rankLists(...rankArgs)
          // Note: held until `meanwhile` runs, or half a second (a site that waits for it first).
          await Promise.race([redirects.opened, sleep(500)])
          events.push('ranked')
          return ranked
        },
      }
    },
  }
})

const { loadSite, siteSettled } = await import('../src/index.js')

describe('loadSite: the related index restored early', () => {
  let dir: string
  let content: string
  const load = async () => {
    events.length = 0
    redirects.reset()
    const site = await loadSite({
      contentDir: content,
      baseUrl: 'https://blog.example/',
      cacheDir: path.join(dir, 'cache'),
      meanwhile: async () => {
        events.push('meanwhile')
        redirects.open()
      },
    })
    await siteSettled(site)
    return [...events]
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-site-prepare-'))
    content = path.join(dir, 'content')
    await cp(contentDir, content, { recursive: true })
    // Note: a redirect, so that the site collects its redirects (with none it has nothing to check).
    await writeFile(path.join(content, 'redirects.json'), '{ "/gammal-adress/": "/" }\n')
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('should start the restore once a post changed, before ranking, and not when none did', async () => {
    // The first build: every post is new.
    expect(await load()).toEqual(['prepare', 'rank', 'redirects', 'meanwhile', 'ranked'])
    // Past the posts cache's racy window (its stats are then trusted), a build where nothing changed.
    await sleep(2_100)
    await load()
    expect(await load()).toEqual(['rank', 'redirects', 'meanwhile', 'ranked'])

    const file = path.join(content, 'posts', 'measuring-pr-beyond-clicks.md')
    await writeFile(file, `${await readFile(file, 'utf8')}\n\nOne more paragraph.\n`)
    expect(await load()).toEqual(['prepare', 'rank', 'redirects', 'meanwhile', 'ranked'])
  })

  it("should fail with the error of `meanwhile`, and stop the cache's worker", async () => {
    const error = new Error('the caller’s own')
    await expect(
      loadSite({
        contentDir: content,
        baseUrl: 'https://blog.example/',
        cacheDir: path.join(dir, 'cache'),
        meanwhile: async () => {
          throw error
        },
      }),
    ).rejects.toBe(error)
  })
})
