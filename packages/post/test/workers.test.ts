import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type * as Core from '../src/index.js'
import type * as Node from '../src/node.js'
import { fixtures } from './helpers.js'

// Note: worker threads load `dist/worker.js`, so this file tests the built package
// (`packages/post/turbo.json` makes `test` depend on `build`).
const dist = new URL('../dist/node.js', import.meta.url)
type Api = typeof Core & typeof Node

async function api(): Promise<Api> {
  if (!existsSync(dist))
    throw new Error('dist/ is missing: run `npm run build -w @blogkit/post` before the tests')
  const core = (await import(new URL('../dist/index.js', import.meta.url).href)) as typeof Core
  return { ...core, ...((await import(dist.href)) as typeof Node) }
}

describe('loadPosts', () => {
  it('should give the same posts with worker threads as without', async () => {
    const { loadPosts } = await api()
    const dir = path.join(fixtures, 'blog')
    const single = await loadPosts(dir)
    const threaded = await loadPosts(dir, { workers: 2, workersFrom: 1 })
    expect(threaded).toEqual(single)
    expect(threaded.length).toBeGreaterThan(5)
  }, 60_000)

  it('should report every problem with positions from worker threads too', async () => {
    const { loadPosts, PostError } = await api()
    const error = await loadPosts(path.join(fixtures, 'bad'), { workers: 2, workersFrom: 1 }).catch(
      (error: unknown) => error,
    )
    expect(error).toBeInstanceOf(PostError)
    const messages = (error as Core.PostError).messages.map(String)
    expect(messages).toHaveLength(11)
    expect(messages).toContain('yesterday.md:3:7: date: "yesterday" is not a date (YYYY-MM-DD or ISO 8601)')
  }, 60_000)

  it('should report warnings from worker threads as from the main thread', async () => {
    const { loadPosts } = await api()
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-post-workers-'))
    try {
      await writeFile(path.join(dir, 'a.md'), '---\ntitle: A\ndate: 2024-01-01\ntgas: [x]\n---\n\nA\n')
      await writeFile(path.join(dir, 'b.md'), '---\ntittle: B\ndate: 2024-01-01\ndata: 1\n---\n\nB\n')
      const seen = async (workers: number) => {
        const warnings: string[] = []
        const error = await loadPosts(dir, {
          workers,
          workersFrom: 1,
          customFields: ['data'],
          onWarning: (warning) => warnings.push(`${String(warning)} ${warning.fatal}`),
        }).catch((error: unknown) => error)
        return { warnings, problems: (error as Core.PostError).messages.map(String) }
      }
      const single = await seen(0)
      expect(single.warnings).toEqual([
        expect.stringMatching(/^a\.md:4:1: tgas: .* false$/),
        expect.stringMatching(/^b\.md:2:1: tittle: .* false$/),
      ])
      expect(await seen(2)).toEqual(single)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  }, 60_000)

  it('should refuse plugins with workers and a wrong number of workers', async () => {
    const { loadPosts } = await api()
    const dir = path.join(fixtures, 'blog')
    await expect(loadPosts(dir, { workers: 2, remarkPlugins: [() => undefined] })).rejects.toThrow(TypeError)
    await expect(loadPosts(dir, { workers: -1 })).rejects.toThrow('Expected `workers` to be a whole number')
  })

  it('should start worker threads from `node --input-type=module -e` too', async () => {
    await api()
    const dir = path.join(fixtures, 'blog')
    const script = `import { loadPosts } from ${JSON.stringify(dist.href)}
console.log((await loadPosts(${JSON.stringify(dir)}, { workers: 2, workersFrom: 1 })).length)`
    const output = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' })
    expect(Number(output.trim())).toBeGreaterThan(5)
  }, 60_000)

  it('should start worker threads when Node.js runs with V8 options (`--max-old-space-size`)', async () => {
    await api()
    const dir = path.join(fixtures, 'blog')
    const script = `import { loadPosts } from ${JSON.stringify(dist.href)}
console.log((await loadPosts(${JSON.stringify(dir)}, { workers: 2, workersFrom: 1 })).length)`
    const file = path.join(await mkdtemp(path.join(tmpdir(), 'blogkit-v8-options-')), 'load.mjs')
    await writeFile(file, script)
    for (const args of [
      ['--max-old-space-size=512', '--max-semi-space-size=32', file],
      ['--max-old-space-size=512', '--input-type=module', '-e', script],
    ]) {
      const output = execFileSync(process.execPath, args, { encoding: 'utf8' })
      expect(Number(output.trim())).toBeGreaterThan(5)
    }
    await rm(path.dirname(file), { recursive: true, force: true })
  }, 60_000)
})
