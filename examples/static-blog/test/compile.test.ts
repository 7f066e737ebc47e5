import { execFile } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { compiledCli, newerSources } from '../bin/compile.js'

const require = createRequire(import.meta.url)

// The compiled CLI bundles the packages' built code and the installed dependencies (tsup.config.ts), so a
// package built again, or an install, must make it stale, not only a change to this example or the theme.
describe('newerSources (what makes the compiled CLI stale)', () => {
  it('should name a blogkit package whose built code changed after the CLI was compiled', () => {
    const entry = require.resolve('@blogkit/feed')
    const changed = newerSources(statSync(entry).mtimeMs - 1, ['@blogkit/feed'])
    expect(changed).toContain(path.dirname(entry))
  })

  it('should name the install record when packages were installed after it', () => {
    const record = newerSources(0, []).find((source) => source.endsWith('.package-lock.json'))
    expect(record).toBeDefined()
    expect(newerSources(statSync(record!).mtimeMs, [])).not.toContain(record)
  })

  it('should name nothing for a CLI compiled after every source', () => {
    expect(newerSources(Date.now() + 60_000, ['@blogkit/feed', '@blogkit/post'])).toEqual([])
  })
})

// The packages' worker threads stay files of their packages: the bundle must point at them (tsup.config.ts).
describe('the compiled CLI (one bundle)', () => {
  it('should point every module-relative file URL at a file that is there (the packages’ workers)', () => {
    const bundle = readFileSync(compiledCli, 'utf8')
    const urls = [...bundle.matchAll(/new URL\("([^"]+\.js)", import\.meta\.url\)/g)].map((m) => m[1]!)
    const workers = urls.filter((url) => url.endsWith('/dist/worker.js'))
    expect(workers.some((url) => url.includes('post/'))).toBe(true)
    expect(workers.some((url) => url.includes('related/'))).toBe(true)
    // Note: @blogkit/related's branch for its TypeScript source (`.ts`) is never taken from the bundle.
    const taken = workers.filter((url) => !url.startsWith('../../../packages/dist/'))
    for (const url of taken) expect(existsSync(new URL(url, `file://${compiledCli}`)), url).toBe(true)
  })

  it('should parse posts in worker threads from the bundle', { timeout: 120_000 }, async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-bundle-workers-'))
    try {
      // Note: 100 posts to parse is where the CLI starts its worker threads (`--workers`).
      for (let n = 0; n < 100; n++)
        await writeFile(
          path.join(dir, `post-${n}.md`),
          `---\ntitle: Post ${n}\ndate: 2024-01-02\n---\n\nText ${n}.\n`,
        )
      const { stdout } = await promisify(execFile)(
        process.execPath,
        [
          compiledCli,
          'build',
          '--content',
          dir,
          '--out',
          path.join(dir, 'out'),
          '--no-cache',
          '--workers',
          '1',
        ],
        { env: { ...process.env, INIT_CWD: '' } },
      )
      expect(stdout).toMatch(/^Built 100 posts into /)
      expect(readFileSync(path.join(dir, 'out/posts/post-99/index.html'), 'utf8')).toContain('Text 99.')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
