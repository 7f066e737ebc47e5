import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { parsePost } from '../src/index.js'
import { loadPosts } from '../src/node.js'
import { fixture, fixtures, problems } from './helpers.js'

describe('parsePost', () => {
  it('should report malformed YAML with its line and column', async () => {
    const messages = await problems(() => parsePost(fixture('bad/malformed-yaml.md')))
    expect(messages.length).toBeGreaterThan(0)
    expect(messages[0]).toMatch(
      /^bad\/malformed-yaml\.md:\d+:\d+: invalid YAML front matter: .+; fix the YAML syntax/,
    )
    expect(messages[0]).toMatch(/^bad\/malformed-yaml\.md:(3|4):/)
  })

  it('should report malformed TOML with its line and column', async () => {
    const messages = await problems(() => parsePost(fixture('bad/malformed-toml.md')))
    expect(messages).toHaveLength(1)
    expect(messages[0]).toMatch(
      /^bad\/malformed-toml\.md:2:\d+: invalid TOML front matter: .+; fix the TOML syntax$/,
    )
  })

  it('should report malformed JSON front matter', async () => {
    const messages = await problems(() =>
      parsePost({ path: 'broken.json.md', value: '{\n  "title": "x",\n  "date": \n}\n\nBody\n' }),
    )
    expect(messages).toEqual([
      'broken.json.md:4:1: invalid JSON front matter: a value was expected; fix the JSON syntax',
    ])
    // In words that do not depend on the Node.js version, at the comma itself.
    expect(
      await problems(() => parsePost({ path: 'comma.json.md', value: '{\n  "title": "x",\n}\n\nBody\n' })),
    ).toEqual([
      'comma.json.md:2:15: invalid JSON front matter: a comma before a closing bracket (JSON allows no trailing comma); fix the JSON syntax',
    ])
  })

  it('should report an unclosed front matter fence and say how to fix it', async () => {
    expect(await problems(() => parsePost(fixture('bad/unclosed.md')))).toEqual([
      'bad/unclosed.md:1:1: front matter opened with `---` on line 1 is never closed: add a line with only `---` after the last field (or pass `frontmatter: false` if the file starts with a thematic break)',
    ])
  })

  it('should report every wrong type with field, line and column', async () => {
    expect(await problems(() => parsePost(fixture('bad/wrong-types.md')))).toEqual([
      'bad/wrong-types.md:7:5: tags[1]: expected a list of texts (`tags: [a, b]`), got a mapping',
      'bad/wrong-types.md:2:8: title: expected text, got a list',
      'bad/wrong-types.md:4:8: draft: expected `true` or `false`, got "yes" (YAML 1.2 reads `yes`/`no`/`on`/`off` as text)',
      'bad/wrong-types.md:8:7: lang: "not a language!" is not a BCP 47 language tag (such as `en`, `sv` or `pt-BR`)',
    ])
  })

  it('should report an impossible date', async () => {
    expect(await problems(() => parsePost(fixture('bad/impossible-date.md')))).toEqual([
      'bad/impossible-date.md:3:7: date: "2023-02-30" is not a real date or time (check the month, day and hour)',
    ])
  })

  it('should report a date that is not a date, as the issue shows', async () => {
    expect(await problems(() => parsePost(fixture('bad/yesterday.md')))).toEqual([
      'bad/yesterday.md:3:7: date: "yesterday" is not a date (YYYY-MM-DD or ISO 8601)',
    ])
  })

  it('should report missing title and date', async () => {
    expect(await problems(() => parsePost({ path: 'bare.md', value: 'Just text.\n' }))).toEqual([
      'bare.md:1:1: title: expected a title: add `title: …` to the front matter (or start the post with a `# Heading`)',
      'bare.md:1:1: date: expected a date: add `date: YYYY-MM-DD` to the front matter (or name the file `YYYY-MM-DD-slug.md`)',
    ])
  })

  it('should report an empty file', async () => {
    expect(await problems(() => parsePost(fixture('bad/empty.md')))).toEqual([
      'bad/empty.md:1:1: the file is empty: write front matter with at least a `title` and a `date`, then the post',
    ])
  })

  it('should report a binary file instead of parsing it', async () => {
    expect(await problems(() => parsePost(fixture('bad/binary.md')))).toEqual([
      'bad/binary.md:1:1: this is a binary file, not a Markdown post: move it out of the posts folder or add it to `ignore`',
    ])
  })

  it('should report bytes that are not UTF-8', async () => {
    const value = new Uint8Array([...new TextEncoder().encode('---\ntitle: caf'), 0xe9, 0x0a])
    expect(await problems(() => parsePost({ path: 'latin1.md', value }))).toEqual([
      'latin1.md:1:1: this file is not valid UTF-8: save it as UTF-8',
    ])
  })

  it('should ignore a byte order mark', async () => {
    const post = await parsePost(fixture('bad/bom.md'))
    expect(post.title).toBe('With a BOM')
    expect(post.html).toBe('<p>Saved by Notepad.</p>')
  })

  it('should read CRLF line endings like LF', async () => {
    const post = await parsePost(fixture('bad/crlf.md'))
    expect(post.title).toBe('Windows line endings')
    expect(post.tags).toEqual(['crlf'])
    expect(post.html).toBe('<h1 id="heading">Heading</h1>\n<p>Line one\r\nline two.</p>')
    expect(post.text).not.toContain('\r\n\r\n')
    const messages = await problems(() =>
      parsePost({ path: 'crlf-bad.md', value: '---\r\ntitle: x\r\ndate: soon\r\n---\r\n' }),
    )
    expect(messages).toEqual(['crlf-bad.md:3:7: date: "soon" is not a date (YYYY-MM-DD or ISO 8601)'])
  })

  it('should parse a 5 MB post', async () => {
    const paragraph = `${'Lorem ipsum dolor sit amet, **consectetur** adipiscing elit. '.repeat(20)}\n\n`
    const body = `## Section\n\n${paragraph.repeat(4)}`.repeat(
      Math.ceil(5_000_000 / (paragraph.length * 4 + 12)),
    )
    const value = `---\ntitle: Huge\ndate: 2024-01-01\n---\n\n${body}`
    expect(value.length).toBeGreaterThan(5_000_000)
    const post = await parsePost({ path: 'huge.md', value })
    expect(post.headings.length).toBeGreaterThan(1000)
    expect(post.headings.at(-1)?.id).toBe(`section-${post.headings.length - 1}`)
    expect(post.readingTime.words).toBeGreaterThan(600_000)
  }, 120_000)
})

describe('loadPosts', () => {
  it('should gather the problems of every file into one error', async () => {
    const messages = await problems(() => loadPosts(path.join(fixtures, 'bad')))
    const files = new Set(messages.map((message) => message.split(':')[0]))
    expect([...files].sort()).toEqual([
      'binary.md',
      'empty.md',
      'impossible-date.md',
      'malformed-toml.md',
      'malformed-yaml.md',
      'unclosed.md',
      'wrong-types.md',
      'yesterday.md',
    ])
  })

  it('should report two posts with one slug, naming both files', async () => {
    expect(await problems(() => loadPosts(path.join(fixtures, 'dup')))).toEqual([
      'same.md:1:1: slug: "same" is also the slug of a.md: give one of them another `slug` in front matter',
    ])
  })

  it('should check the `unique` key instead of the slug, or nothing with `unique: false`', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-post-'))
    try {
      await writeFile(path.join(dir, '2001-01-05-la-verite.md'), '---\ntitle: A\n---\nA.\n')
      await writeFile(path.join(dir, '2003-02-01-la-verite.md'), '---\ntitle: B\n---\nB.\n')
      await writeFile(path.join(dir, '2003-06-01-other.md'), '---\ntitle: C\nslug: la-verite\n---\nC.\n')
      const byYear = (post: { date: Date; slug: string }) => `${post.date.getUTCFullYear()}/${post.slug}`
      expect(await problems(() => loadPosts(dir, { unique: byYear }))).toEqual([
        '2003-06-01-other.md:1:1: slug: 2003-02-01-la-verite.md has the same `unique` key "2003/la-verite" (slug "la-verite"): give one of them another `slug` in front matter',
      ])
      expect(await loadPosts(dir, { unique: false })).toHaveLength(3)
      expect(await problems(() => loadPosts(dir))).toHaveLength(2)
    } finally {
      await rm(dir, { recursive: true })
    }
  })

  it('should return an empty list for a directory with no posts', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-post-'))
    try {
      await writeFile(path.join(dir, 'notes.txt'), 'not a post')
      expect(await loadPosts(dir)).toEqual([])
    } finally {
      await rm(dir, { recursive: true })
    }
  })

  // Note: root reads any file, so this runs only as an ordinary user (as in CI).
  it.skipIf(process.getuid?.() === 0)('should report a file it cannot read instead of crashing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-post-'))
    try {
      await writeFile(path.join(dir, 'ok.md'), '---\ntitle: Fine\ndate: 2024-01-01\n---\n')
      await writeFile(path.join(dir, 'locked.md'), '---\ntitle: Locked\ndate: 2024-01-01\n---\n')
      await chmod(path.join(dir, 'locked.md'), 0o000)
      const messages = await problems(() => loadPosts(dir))
      expect(messages).toEqual([
        'locked.md:1:1: cannot read the file (EACCES): check that it exists and is readable',
      ])
      expect(await problems(() => loadPosts(dir, { cache: path.join(dir, '.cache') }))).toEqual(messages)
    } finally {
      await rm(dir, { recursive: true })
    }
  })

  it('should report a directory that does not exist', async () => {
    expect(await problems(() => loadPosts(path.join(fixtures, 'no-such-dir')))).toEqual([
      `${path.join(fixtures, 'no-such-dir')}:1:1: no such directory: check the path`,
    ])
  })
})
