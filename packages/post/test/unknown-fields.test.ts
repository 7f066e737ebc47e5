import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { VFileMessage } from 'vfile-message'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { parsePost } from '../src/index.js'
import { closestField } from '../src/lib/unknown-fields.js'
import { loadPosts } from '../src/node.js'
import { problems } from './helpers.js'

/** Parse and return the warnings as strings. */
async function warningsOf(value: string, options: { customFields?: string[] } = {}): Promise<string[]> {
  const warnings: VFileMessage[] = []
  await parsePost({ path: 'post.md', value }, { ...options, onWarning: (warning) => warnings.push(warning) })
  return warnings.map(String)
}

describe('closestField', () => {
  it('should find the built-in field a near miss was meant to be', () => {
    expect(closestField('tgas')).toBe('tags')
    expect(closestField('tag')).toBe('tags')
    expect(closestField('tittle')).toBe('title')
    expect(closestField('Title')).toBe('title')
    expect(closestField('DATE')).toBe('date')
    expect(closestField('lnag')).toBe('lang')
    expect(closestField('categoires')).toBe('categories')
    expect(closestField('category')).toBe('categories')
    expect(closestField('descripton')).toBe('description')
    expect(closestField('publish')).toBe('published')
    expect(closestField('lastMod')).toBe('lastmod')
    expect(closestField('authors')).toBe('author')
  })

  it('should leave built-in fields and keys of the user’s own alone', () => {
    for (const key of ['title', 'tags', 'lastmod', 'summary']) expect(closestField(key)).toBeUndefined()
    for (const key of ['link', 'time', 'image', 'cover', 'layout', 'weight', 'aliases', 'subtitle', 'type'])
      expect(closestField(key), key).toBeUndefined()
  })
})

describe('parsePost', () => {
  it('should warn about a near-miss key at its line and column, and still make the post', async () => {
    const value =
      '---\ntitle: Hej\ndate: 2024-01-01\n  \ntgas: [a, b]\nlink: https://example.com\n---\n\nText\n'
    const warnings: VFileMessage[] = []
    const post = await parsePost(
      { path: 'post.md', value },
      { onWarning: (warning) => warnings.push(warning) },
    )
    expect(post.tags).toEqual([])
    expect(warnings.map(String)).toEqual([
      'post.md:5:1: tgas: unknown field, ignored: did you mean `tags`? (if `tgas` is a field of your own, list it in `customFields`)',
    ])
    expect(warnings[0]).toMatchObject({
      fatal: false,
      ruleId: 'unknown-field',
      actual: 'tgas',
      expected: ['tags'],
    })
  })

  it('should locate keys in TOML and JSON front matter too', async () => {
    expect(
      await warningsOf(
        '+++\ntitle = "Hej"\ndate = 2024-01-01\n  Tags = ["a"]\n\n[extra]\ntgas = 1\n+++\n\nText\n',
      ),
    ).toEqual([expect.stringMatching(/^post\.md:4:3: Tags: unknown field, ignored: did you mean `tags`\?/)])
    expect(
      await warningsOf('{\n  "title": "Hej",\n  "date": "2024-01-01",\n  "tittle": "x"\n}\n\nText\n'),
    ).toEqual([
      expect.stringMatching(/^post\.md:4:3: tittle: unknown field, ignored: did you mean `title`\?/),
    ])
  })

  it('should give the warning with the problem it explains', async () => {
    const warnings: VFileMessage[] = []
    const messages = await problems(() =>
      parsePost(
        { path: 'post.md', value: '---\ntittle: Hej\ndate: 2024-01-01\n---\n\nText\n' },
        { onWarning: (warning) => warnings.push(warning) },
      ),
    )
    expect(messages).toEqual([expect.stringMatching(/^post\.md:2:1: title: expected a title/)])
    expect(warnings.map(String)).toEqual([
      expect.stringMatching(/^post\.md:2:1: tittle: .*did you mean `title`/),
    ])
  })

  it('should not warn for `customFields`, `defaults` or keys far from any field', async () => {
    const value = '---\ntitle: Hej\ndate: 2024-01-01\ndata: 1\nimage: a.png\n---\n\nText\n'
    expect(await warningsOf(value)).toHaveLength(1)
    expect(await warningsOf(value, { customFields: ['data'] })).toEqual([])
    const warnings: VFileMessage[] = []
    await parsePost('---\ntitle: Hej\ndate: 2024-01-01\n---\n\nText\n', {
      defaults: { tgas: ['x'] },
      onWarning: (warning) => warnings.push(warning),
    })
    expect(warnings).toEqual([])
    await expect(parsePost('x', { customFields: 'data' as never })).rejects.toThrow(TypeError)
  })

  it('should send warnings to `process.emitWarning` without `onWarning`', async () => {
    const emit = vi.spyOn(process, 'emitWarning').mockImplementation(() => {})
    try {
      await parsePost({ path: 'post.md', value: '---\ntitle: Hej\ndate: 2024-01-01\ntgas: a\n---\n\nText\n' })
      expect(emit).toHaveBeenCalledWith(expect.stringMatching(/^post\.md:4:1: tgas: unknown field/), {
        type: 'BlogkitPostWarning',
        code: 'unknown-field',
      })
    } finally {
      emit.mockRestore()
    }
  })

  it('should send warnings to `console.warn` where there is no `process.emitWarning`', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const emitWarning = Object.getOwnPropertyDescriptor(process, 'emitWarning')
    Object.defineProperty(process, 'emitWarning', { value: undefined, configurable: true, writable: true })
    try {
      await parsePost({ path: 'post.md', value: '---\ntitle: Hej\ndate: 2024-01-01\ntgas: a\n---\n\nText\n' })
      expect(warn).toHaveBeenCalledWith(
        expect.stringMatching(/^BlogkitPostWarning: post\.md:4:1: tgas: unknown field/),
      )
    } finally {
      if (emitWarning) Object.defineProperty(process, 'emitWarning', emitWarning)
      warn.mockRestore()
    }
  })
})

describe('loadPosts', () => {
  let dir: string
  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-post-fields-'))
  })
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true })
  })

  it('should report warnings of every file, from the cache too', async () => {
    const posts = path.join(dir, 'posts')
    await mkdir(posts)
    await writeFile(path.join(posts, 'a.md'), '---\ntitle: A\ndate: 2024-01-01\ncategory: x\n---\n\nA\n')
    await writeFile(path.join(posts, 'b.md'), '---\ntitle: B\ndate: 2024-01-02\n---\n\nB\n')
    // Note: an old mtime, so that the warm load takes the post from the pack by its stat.
    for (const name of ['a.md', 'b.md']) await utimes(path.join(posts, name), 1e9, 1e9)
    const expected = [
      'a.md:4:1: category: unknown field, ignored: did you mean `categories`? (if `category` is a field of your own, list it in `customFields`)',
    ]
    for (const round of ['cold', 'warm']) {
      const warnings: VFileMessage[] = []
      const loaded = await loadPosts(posts, {
        cache: path.join(dir, 'cache'),
        onWarning: (warning) => warnings.push(warning),
      })
      expect(loaded, round).toHaveLength(2)
      expect(warnings.map(String), round).toEqual(expected)
    }
  })
})
