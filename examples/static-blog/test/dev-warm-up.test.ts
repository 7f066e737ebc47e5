import { appendFile, readdir, stat } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it, vi } from 'vitest'
import { buildSite } from '../src/build.js'
import { devOptions, exampleWork } from './dev-work.js'

// The dev server renders a post's page into memory once after its first build (src/dev/warm-up.ts), so
// that the first rebuild after an edit is not the process's first render. Counted by wrapping warmRender.
const counted = vi.hoisted(() => ({ rendered: [] as number[] }))
vi.mock('../src/dev/warm-up.js', async (original) => {
  const actual = await original<typeof import('../src/dev/warm-up.js')>()
  return {
    warmRender: (...args: Parameters<typeof actual.warmRender>) => {
      const rendered = actual.warmRender(...args)
      counted.rendered.push(rendered)
      return rendered
    },
  }
})
const { startDevServer } = await import('../src/dev/server.js')
const { warmRender } = await vi.importActual<typeof import('../src/dev/warm-up.js')>('../src/dev/warm-up.js')

const workFolder = exampleWork('dev-warm-up')

/** Every file under `dir` with its size and mtime. */
async function listing(dir: string) {
  const files: Record<string, string> = {}
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue
    const file = path.join(entry.parentPath, entry.name)
    const stats = await stat(file)
    files[path.relative(dir, file)] = `${stats.size}:${stats.mtimeMs}`
  }
  return files
}

describe('the dev server’s render warm-up', { timeout: 120_000 }, () => {
  it('should render one post page into memory after the first build, on a warm start too, and not per rebuild', async () => {
    const work = workFolder.dir
    const options = devOptions(work)
    for (const start of [1, 2]) {
      const dev = await startDevServer(options)
      try {
        await vi.waitFor(() => expect(counted.rendered).toEqual(start === 1 ? [1] : [1, 1]))
        if (start === 2) {
          const built = new Promise<void>((resolve) => dev.onBuild(() => resolve()))
          await appendFile(path.join(work, 'content/posts/ai-and-the-communicator.md'), '\n\nMore.\n')
          await built
          await dev.idle()
          expect(counted.rendered).toEqual([1, 1])
        }
      } finally {
        await dev.close()
      }
    }
  })

  it('should write nothing', async () => {
    const work = workFolder.dir
    const outDir = path.join(work, 'out-build')
    const { site } = await buildSite({
      contentDir: path.join(work, 'content'),
      outDir,
      cacheDir: path.join(work, 'cache-build'),
    })
    const before = { out: await listing(outDir), cache: await listing(path.join(work, 'cache-build')) }
    expect(warmRender(site)).toBe(1)
    expect({ out: await listing(outDir), cache: await listing(path.join(work, 'cache-build')) }).toEqual(
      before,
    )
  })
})
