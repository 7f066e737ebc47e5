import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
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

  it('should name a missing folder once, and point command-line users at commands, not the API', async () => {
    const missing = await run(['check', '/no/such/dir'])
    expect(missing).toEqual({ code: 1, stdout: '', stderr: '/no/such/dir: no such folder: check the path\n' })
    const file = path.join(fixtures, 'blog/hello-world.md')
    const notFolder = await run(['check', file])
    expect(notFolder.code).toBe(1)
    expect(notFolder.stderr).toBe(
      `${file}: is a file: \`check\` takes a folder of posts (see one post with \`blogkit-post show ${file}\`)\n`,
    )
    const folder = await run(['show', fixtures])
    expect(folder.code).toBe(1)
    expect(folder.stderr).toContain(
      `is a folder: \`show\` takes one post file (check a folder with \`blogkit-post check`,
    )
    for (const result of [missing, notFolder, folder]) expect(result.stderr).not.toContain('parsePost')
  })

  it('should print warnings for near-miss front matter keys at the key, without failing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-post-cli-'))
    try {
      await mkdir(path.join(dir, 'posts'))
      const post = path.join(dir, 'posts', 'a.md')
      await writeFile(post, '---\ntitle: A\ndate: 2024-01-01\ntgas: [x]\n---\n\nText\n')
      const checked = await run(['check', path.join(dir, 'posts')])
      expect(checked).toEqual({
        code: 0,
        stdout: `${post}:4:1: warning: tgas: unknown field, ignored: did you mean \`tags\`? (if \`tgas\` is a field of your own, pass \`--custom-field tgas\`)\n`,
        stderr: `${path.join(dir, 'posts')}: 1 post, no problems, 1 warning\n`,
      })
      const shown = await run(['show', post])
      expect(shown.code).toBe(0)
      expect(shown.stderr).toMatch(/a\.md:4:1: warning: tgas: unknown field/)
      const silenced = await run(['check', path.join(dir, 'posts'), '--custom-field', 'tgas'])
      expect(silenced).toMatchObject({ code: 0, stdout: '' })
      await writeFile(post, '---\ntittle: A\ndate: 2024-01-01\n---\n\nText\n')
      const failed = await run(['check', path.join(dir, 'posts')])
      expect(failed.code).toBe(1)
      expect(failed.stdout.split('\n')).toEqual([
        expect.stringMatching(/a\.md:2:1: warning: tittle: unknown field, ignored: did you mean `title`\?/),
        expect.stringMatching(/a\.md:2:1: title: expected a title/),
        '',
      ])
      expect(failed.stderr).toBe('1 problem in 1 file; 1 warning\n')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  it('should let posts share a slug on different years, months or days with `--unique`', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-post-cli-'))
    try {
      await writeFile(path.join(dir, '2001-03-01-la-verite.md'), '---\ntitle: A\n---\nA.\n')
      // Note: 23:30 UTC on 31 December 2002 is already 2003 in Stockholm.
      await writeFile(
        path.join(dir, 'b.md'),
        '---\ntitle: B\nslug: la-verite\ndate: 2002-12-31T23:30:00Z\n---\nB.\n',
      )
      const refused = await run(['check', dir])
      expect(refused.code).toBe(1)
      expect(refused.stdout).toContain(
        'is also the slug of 2001-03-01-la-verite.md: give one of them another `slug` in front matter (or, when their addresses have the date, check with `--unique year`, `month` or `day`)',
      )
      expect((await run(['check', dir, '--unique', 'year'])).code).toBe(0)
      expect((await run(['check', dir, '--unique', 'none'])).code).toBe(0)
      await writeFile(path.join(dir, 'c.md'), '---\ntitle: C\nslug: la-verite\ndate: 2003-06-01\n---\nC.\n')
      expect((await run(['check', dir, '--unique', 'year'])).code).toBe(0)
      const zoned = await run(['check', dir, '--unique', 'year', '--time-zone', 'Europe/Stockholm'])
      expect(zoned.code).toBe(1)
      expect(zoned.stdout).toContain('has the same `unique` key "2003/la-verite"')
      expect((await run(['check', dir, '--unique', 'month', '--time-zone', 'Europe/Stockholm'])).code).toBe(0)
      const wrong = await run(['check', dir, '--unique', 'week'])
      expect(wrong.code).toBe(2)
      expect(wrong.stderr).toContain('--unique should be one of slug, year, month, day, none, got `week`')
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
