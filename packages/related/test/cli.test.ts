import { fileURLToPath } from 'node:url'
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
