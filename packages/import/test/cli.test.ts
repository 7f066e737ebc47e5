import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runCli } from '../src/lib/run-cli.js'
import { fixture, run } from './helpers.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-import-cli-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('blogkit-import', () => {
  it('should print help', async () => {
    const { code, stdout } = await run(['--help'])
    expect(code).toBe(0)
    expect(stdout).toContain('blogkit-import wordpress <export.xml> --out <dir>')
    expect(stdout).toContain('blogkit-import disqus <export.xml> --out <dir>')
  })

  it('should exit 2 on wrong usage, saying what is wrong', async () => {
    expect((await run([])).code).toBe(2)
    const unknown = await run(['ghost', 'x.xml', '--out', dir])
    expect(unknown).toMatchObject({ code: 2 })
    expect(unknown.stderr).toContain('blogkit-import: unknown command or arguments: ghost x.xml')
    const noOut = await run(['wordpress', fixture('klartext.wxr.xml')])
    expect(noOut.code).toBe(2)
    expect(noOut.stderr).toContain('--out <dir> is required')
    const badMatch = await run(['disqus', fixture('klartext.disqus.xml'), '--out', dir, '--match', 'title'])
    expect(badMatch.stderr).toContain('--match: unknown way `title`; use thread-id, identifier, link, slug')
    const badZone = await run([
      'wordpress',
      fixture('klartext.wxr.xml'),
      '--out',
      dir,
      '--time-zone',
      'Nowhere',
    ])
    expect(badZone).toMatchObject({ code: 2 })
    expect(badZone.stderr).toContain('Expected `timeZone` to be an IANA time zone')
  })

  it('should exit 1 with file:line:column for a broken export, and name a missing file', async () => {
    const file = path.join(dir, 'broken.xml')
    await writeFile(
      file,
      '<rss>\n<channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n<item><title>x</item>\n</channel></rss>',
    )
    const broken = await run(['wordpress', file, '--out', path.join(dir, 'out')])
    expect(broken.code).toBe(1)
    expect(broken.stderr).toMatch(
      new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:4:\\d+: XML is not well-formed: `),
    )
    const missing = await run(['wordpress', path.join(dir, 'nope.xml'), '--out', dir])
    expect(missing).toMatchObject({
      code: 1,
      stderr: `${path.join(dir, 'nope.xml')}: cannot read the file (ENOENT): check the path\n`,
    })
    const wrong = await run(['disqus', fixture('klartext.wxr.xml'), '--out', dir])
    expect(wrong.code).toBe(1)
    expect(wrong.stderr).toContain('not a Disqus one')
  })

  it('should show a progress bar only on a terminal', async () => {
    const quiet = await run(['wordpress', fixture('klartext.wxr.xml'), '--out', dir, '-q'])
    expect(quiet.stderr).not.toContain('\r')
    const tty = await run(['wordpress', fixture('klartext.wxr.xml'), '--out', path.join(dir, 'b'), '-q'], {
      progressColumns: 80,
    })
    expect(tty.stderr).toMatch(/\r\[#+\] 100% 0\.0\/0\.0 MB/)
    const off = await run(
      ['wordpress', fixture('klartext.wxr.xml'), '--out', path.join(dir, 'c'), '-q', '--no-progress'],
      { progressColumns: 80 },
    )
    expect(off.stderr).not.toContain('#')
  })

  it('should spill Disqus comments to disk past its buffer and write the same files', async () => {
    const outputs: string[] = []
    for (const buffer of [1, 20_000]) {
      const out = path.join(dir, `out-${buffer}`)
      const stderr: string[] = []
      const io = { stdout: () => {}, stderr: (t: string) => stderr.push(t), disqusBuffer: buffer }
      expect(await runCli(['wordpress', fixture('klartext.wxr.xml'), '--out', out, '-q'], io)).toBe(0)
      expect(await runCli(['disqus', fixture('klartext.disqus.xml'), '--out', out, '-q'], io)).toBe(0)
      outputs.push(
        await readFile(path.join(out, 'posts', 'när-krisen-kommer-första-timmen.comments.json'), 'utf8'),
      )
    }
    expect(outputs[0]).toBe(outputs[1])
    expect(JSON.parse(outputs[0]!)).toHaveLength(10)
  })

  it('should match Disqus threads by slug alone when asked, and report the rest', async () => {
    const out = path.join(dir, 'blog', 'posts')
    await mkdir(out, { recursive: true })
    await writeFile(
      path.join(out, 'pressmeddelandet.md'),
      '---\ntitle: Press\ndate: 2020-02-20\n---\n\nText\n',
    )
    await copyFile(fixture('klartext.disqus.xml'), path.join(dir, 'd.xml'))
    const result = await run([
      'disqus',
      path.join(dir, 'd.xml'),
      '--out',
      path.join(dir, 'blog'),
      '--match',
      'slug',
    ])
    expect(result.code).toBe(0)
    const comments = JSON.parse(await readFile(path.join(out, 'pressmeddelandet.comments.json'), 'utf8'))
    expect(comments.map((c: { id: string }) => c.id)).toEqual(['dsq-9101', 'dsq-9102'])
    expect(result.stderr).toContain(
      'thread 7001 (https://klartext.example/2019/03/forsta-timmen/) matches no post',
    )
  })
})

describe('blogkit-import with a damaged output folder', () => {
  it('should stop at a bad record in a comments file, naming file:line:column and the field, and write nothing', async () => {
    const posts = path.join(dir, 'posts')
    await mkdir(posts, { recursive: true })
    const file = path.join(posts, 'pressmeddelandet.comments.json')
    const record = {
      id: 'wp-1',
      postId: 'pressmeddelandet',
      author: { name: 'A' },
      createdAt: '2021-01-01T00:00:00.000Z',
      body: 'x',
      status: 'approved',
    }
    const text = JSON.stringify([record, { ...record, id: 'wp-2', status: 'visible' }], null, 2)
    await writeFile(file, text)
    const result = await run(['wordpress', fixture('klartext.wxr.xml'), '--out', dir, '-q'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `${file}:20:15: Expected \`comments[1].status\` to be one of approved, pending, spam, deleted, got \`visible\`: fix or remove the file and import again`,
    )
    expect(await readFile(file, 'utf8')).toBe(text)
  })

  it('should stop with the path of a comments file that is not a JSON array', async () => {
    const posts = path.join(dir, 'posts')
    await mkdir(posts, { recursive: true })
    await writeFile(path.join(posts, 'pressmeddelandet.comments.json'), '{"not": "an array"}')
    const result = await run(['wordpress', fixture('klartext.wxr.xml'), '--out', dir, '-q'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain(
      `${path.join(posts, 'pressmeddelandet.comments.json')}:1:1: Expected a JSON array of comments`,
    )
  })

  describe('a damaged mentions file', () => {
    const kris = 'när-krisen-kommer-första-timmen'
    const cases: [string, string, string][] = [
      [
        'a trailing comma',
        '[\n  {"id": "wp-105", "createdAt": "2019-03-14T20:00:00.000Z",}\n]\n',
        ':2:59: not valid JSON: a comma before a closing bracket (JSON allows no trailing comma): fix or remove the file and import again',
      ],
      ['a missing comma', '[\n  1\n  2\n]', ':3:3: not valid JSON: `,` was expected'],
      ['an object', '\n\n  {"wp-105": {}}', ':3:3: expected a JSON array of mentions: fix or remove'],
      [
        'a bad record',
        '[\n  {"id": "wp-105", "createdAt": "2019-03-14T20:00:00.000Z"},\n    null\n]',
        ':3:5: mention 2 is not',
      ],
      ['nothing', '\n', ': the file is empty (write `[]` for no mentions): fix or remove'],
    ]
    it.each(
      cases,
    )('should stop at %s, naming file:line:column, and write nothing', async (_, text, expected) => {
      const posts = path.join(dir, 'posts')
      await mkdir(posts, { recursive: true })
      const file = path.join(posts, `${kris}.mentions.json`)
      await writeFile(file, text)
      const result = await run(['wordpress', fixture('klartext.wxr.xml'), '--out', dir, '-q'])
      expect(result.code).toBe(1)
      expect(result.stderr).toContain(`${file}${expected}`)
      expect(result.stderr).not.toMatch(/\n\s+at /)
      expect(await readFile(file, 'utf8')).toBe(text)
      await expect(readFile(path.join(posts, `${kris}.md`), 'utf8')).rejects.toThrow()
    })
  })
})
