import { mkdtemp, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runCli } from '../src/lib/cli.js'

const fixture = (name: string) => fileURLToPath(new URL(`fixtures/${name}`, import.meta.url))

async function run(argv: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(argv, {
    stdout: (text) => {
      stdout += text
    },
    stderr: (text) => {
      stderr += text
    },
  })
  return { code, stdout, stderr }
}

describe('runCli', () => {
  it('should print every post with its related posts as JSON keyed by slug', async () => {
    const { code, stdout, stderr } = await run([fixture('blog'), '--json', '--limit', '1'])
    expect(stderr).toBe('')
    expect(code).toBe(0)
    const result = JSON.parse(stdout)
    expect(Object.keys(result).sort()).toEqual([
      'dplyr-joins',
      'dplyr-release',
      'ggplot2-scales',
      'ggplot2-themes',
    ])
    expect(result['dplyr-joins']).toHaveLength(1)
    expect(result['dplyr-joins'][0]).toMatchObject({ slug: 'dplyr-release', reasons: { tags: ['dplyr'] } })
    expect(result['dplyr-joins'][0].reasons.terms).toContain('tables')
  })

  it('should print a readable list without `--json`', async () => {
    const { code, stdout } = await run([fixture('blog')])
    expect(code).toBe(0)
    // Each kind of reason is marked: tags with #, then categories, then words.
    expect(stdout).toMatch(
      /^ggplot2-themes\n {2}\d\.\d{3} {2}ggplot2-scales {2}\(tags #ggplot2; words [a-z]/m,
    )
    expect(stdout).toMatch(/^dplyr-joins\n {2}\d\.\d{3} {2}dplyr-release {2}\(tags #dplyr; words /m)
  })

  it('should report post problems with file, line and column and exit 1', async () => {
    const { code, stdout, stderr } = await run([fixture('broken-blog')])
    expect(code).toBe(1)
    expect(stdout).toBe('')
    expect(stderr).toContain('2021-01-01-bad-date.md:3:7')
    expect(stderr).not.toContain('    at ')
  })

  it('should reject bad usage with exit 2', async () => {
    expect((await run([])).code).toBe(2)
    expect((await run([fixture('blog'), '--limit', 'many'])).stderr).toContain(
      'expected `--limit` to be a positive integer, got `many`',
    )
    expect((await run([fixture('blog'), '--nope'])).code).toBe(2)
    expect((await run(['--help'])).stdout).toContain('Usage: blogkit-related <content-dir>')
  })
})

describe('runCli without @blogkit/post', () => {
  /**
   * An `importPost` that imports `@blogkit/post/node` from a folder outside the repository, where no
   * `node_modules` has it: the error Node gives a user who installed @blogkit/related alone.
   */
  async function importFromOutside(): Promise<() => Promise<never>> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'blogkit-related-cli-'))
    const file = path.join(dir, 'import-post.mjs')
    await writeFile(file, "export const importPost = () => import('@blogkit/post/node')\n")
    return ((await import(pathToFileURL(file).href)) as { importPost: () => Promise<never> }).importPost
  }

  it('should name the package to install, in one line, and exit 2', async () => {
    const importPost = await importFromOutside()
    await expect(importPost()).rejects.toMatchObject({ code: 'ERR_MODULE_NOT_FOUND' })
    let stdout = ''
    let stderr = ''
    const code = await runCli([fixture('blog')], {
      stdout: (text) => {
        stdout += text
      },
      stderr: (text) => {
        stderr += text
      },
      importPost,
    })
    expect({ code, stdout, stderr }).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'blogkit-related: reading posts needs @blogkit/post (an optional peer dependency of @blogkit/related); install it: npm install @blogkit/post\n',
    })
  })

  it('should answer --help and --version without importing it', async () => {
    const importPost = () => Promise.reject(new Error('imported'))
    const io = { stdout: () => {}, stderr: () => {}, importPost }
    expect(await runCli(['--help'], io)).toBe(0)
    expect(await runCli(['--version'], io)).toBe(0)
  })

  it('should not hide another error of the import', async () => {
    const importPost = () => Promise.reject(new Error('a syntax error in @blogkit/post'))
    await expect(
      runCli([fixture('blog')], { stdout: () => {}, stderr: () => {}, importPost }),
    ).rejects.toThrow('a syntax error in @blogkit/post')
  })
})
