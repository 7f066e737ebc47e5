import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

const run = promisify(execFile)
// Note: the compiled CLI, as `npm run build` runs it (compiled by test/compile.ts before the tests).
const cli = fileURLToPath(new URL('../lib/cli.js', import.meta.url))

async function build(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const cached = args.includes('--cache')
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [cli, 'build', ...(cached ? [] : ['--no-cache']), ...args],
      // Note: a build that hangs is stopped (and fails the test) instead of waiting for vitest's timeout.
      { env: { ...process.env, INIT_CWD: '' }, timeout: 60_000 },
    )
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

async function content(files: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-cli-'))
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await writeFile(path.join(dir, name), text)
  }
  return dir
}

describe.concurrent('static-blog build (CLI)', () => {
  it('should build any folder of Markdown posts at the given base URL', async () => {
    const dir = await content({ 'hello.md': '---\ntitle: Hello\ndate: 2024-01-02\n---\n\nHi.\n' })
    const out = path.join(dir, 'out')
    const result = await build('--content', dir, '--out', out, '--base-url', 'https://me.example/blog')
    expect(result.stderr).toBe('')
    expect(result.stdout).toMatch(/^Built 1 posts into .*out: \d+ files/)
    const page = await readFile(path.join(out, 'posts/hello/index.html'), 'utf8')
    expect(page).toContain('<link rel="canonical" href="https://me.example/blog/posts/hello/">')
    expect(page).toContain('href="/blog/styles.css?v=')
  })

  it('should say that a content folder does not exist, without a stack trace, and exit 1', async () => {
    const result = await build('--content', '/no/such/content', '--out', path.join(tmpdir(), 'never-written'))
    expect(result.code).toBe(1)
    expect(result.stderr).toBe('/no/such/content: no such folder: give a folder of Markdown posts\n')
  })

  it('should print every post problem as file:line:column: message and exit 1', async () => {
    const dir = await content({
      'a.md': '---\ntitle: A\ndate: yesterday\n---\n\nText.\n',
      'b.md': '---\ntitle: [unclosed\n---\n\nText.\n',
    })
    const result = await build('--content', dir, '--out', path.join(dir, 'out'))
    expect(result.code).toBe(1)
    // Paths are relative to the working folder, so they can be opened as printed.
    const shown = path.relative(process.cwd(), dir)
    expect(result.stderr).toContain(`${path.join(shown, 'a.md')}:3:7: date: "yesterday" is not a date`)
    expect(result.stderr).toContain(`${path.join(shown, 'b.md')}:3:1: invalid YAML front matter`)
    expect(result.stderr).toContain('nothing was built')
    expect(result.stderr).not.toMatch(/\n\s+at /)
  })

  it('should stop (exit 1, not hang) when a post has a problem in a rebuild that restores the related index', async () => {
    const dir = await content({
      'a.md': '---\ntitle: A\ndate: 2024-01-02\ntags: [x]\n---\n\nText about x.\n',
      'b.md': '---\ntitle: B\ndate: 2024-01-03\ntags: [x]\n---\n\nMore text about x.\n',
    })
    const args = ['--content', dir, '--out', path.join(dir, 'out'), '--cache', path.join(dir, 'cache')]
    expect((await build(...args)).code).toBe(0)
    await writeFile(path.join(dir, 'c.md'), '---\ntitle: C\ndate: yesterday\n---\n\nText.\n')
    const result = await build(...args)
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('c.md:3:7: date: "yesterday" is not a date')
  })

  it('should name missing images by file:line:column, build anyway, and fail with --strict', async () => {
    const dir = await content({
      'posts/a.md':
        '---\ntitle: A\ndate: 2024-01-02\n---\n\nText.\n\n![A chart](/images/missing.png)\n\n![Here](pic.png) ![Fine](/images/there.svg) ![Far](https://elsewhere.example/x.png)\n',
      'images/there.svg': '<svg xmlns="http://www.w3.org/2000/svg"/>',
    })
    const shown = path.join(path.relative(process.cwd(), dir), 'posts/a.md')
    const result = await build('--content', dir, '--out', path.join(dir, 'out'))
    expect(result.code).toBe(0)
    expect(result.stderr).toContain(
      `${shown}:8:12: warning: image "/images/missing.png" not found: expected images/missing.png in the content folder`,
    )
    expect(result.stderr).toContain(
      `${shown}:10:9: warning: image "pic.png" not found: it is /posts/a/pic.png`,
    )
    expect(result.stderr).toContain('2 images missing in 1 post')
    expect(result.stderr).not.toContain('there.svg')
    expect(result.stderr).not.toContain('elsewhere.example')
    expect(existsSync(path.join(dir, 'out/posts/a/index.html'))).toBe(true)

    const strict = await build('--content', dir, '--out', path.join(dir, 'strict-out'), '--strict')
    expect(strict.code).toBe(1)
    expect(strict.stderr).toContain(`${shown}:8:12: image "/images/missing.png" not found`)
    expect(strict.stderr).toContain('2 images missing (--strict); nothing was built.')
    expect(strict.stderr).not.toMatch(/\n\s+at /)
    expect(existsSync(path.join(dir, 'strict-out'))).toBe(false)
  })
})
