import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { runCli } from '../src/lib/run-cli.js'
import { fixtures } from './helpers.js'

async function run(args: string[]) {
  let stdout = ''
  let stderr = ''
  const code = await runCli(args, {
    stdout: (text) => {
      stdout += text
    },
    stderr: (text) => {
      stderr += text
    },
  })
  return { code, stdout, stderr }
}

describe('blogkit-post', () => {
  it('should print every problem as `path:line:column: message` and exit 1 with `check`', async () => {
    const dir = path.join(fixtures, 'bad')
    const { code, stdout, stderr } = await run(['check', dir])
    expect(code).toBe(1)
    const lines = stdout.trim().split('\n')
    expect(lines).toHaveLength(11)
    expect(lines).toContain(
      `${path.join(dir, 'yesterday.md')}:3:7: date: "yesterday" is not a date (YYYY-MM-DD or ISO 8601)`,
    )
    for (const line of lines) expect(line).toMatch(/^.+\.md:\d+:\d+: \S/)
    expect(stderr).toBe('11 problems in 8 files\n')
  })

  it('should exit 0 when every post is fine', async () => {
    const { code, stdout, stderr } = await run([
      'check',
      path.join(fixtures, 'blog'),
      '--ignore',
      'drafts/**',
    ])
    expect(code).toBe(0)
    expect(stdout).toBe('')
    expect(stderr).toMatch(/: 6 posts, no problems\n$/)
  })

  it('should print the parsed post as JSON with `show`', async () => {
    const { code, stdout } = await run(['show', path.join(fixtures, 'blog/hello-world.md')])
    expect(code).toBe(0)
    const post = JSON.parse(stdout)
    expect(post.slug).toBe('hello-world')
    expect(post.date).toBe('2024-03-10T00:00:00.000Z')
  })

  it('should explain a missing file and wrong usage without a stack trace', async () => {
    const missing = await run(['show', path.join(fixtures, 'nope.md')])
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/nope\.md: cannot read the file \(ENOENT\): check the path/)
    const wrong = await run(['publish'])
    expect(wrong.code).toBe(2)
    expect(wrong.stderr).toContain('Usage:')
    const zone = await run(['check', fixtures, '--time-zone', 'Nowhere/Else'])
    expect(zone.code).toBe(2)
    expect(zone.stderr).toContain('Expected `timeZone` to be an IANA time zone')
  })
})
