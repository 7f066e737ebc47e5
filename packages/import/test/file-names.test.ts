import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parsePost } from '@blogkit/post'
import { describe, expect, it } from 'vitest'
import { postFileSlug } from '../src/lib/file-names.js'
import { run } from './helpers.js'

// Note: one rule for slugs from file names: what the import reads from a post file must be the slug
// @blogkit/post gives the same file, or comments land on a post id no page has.
const files: [name: string, frontMatter: string][] = [
  ['2021-01-01-hello.md', 'title: Hello\ndate: 2021-01-01'],
  ['Smörgåsbord.md', 'title: Bord\ndate: 2021-01-01'],
  ['2024-05-01-Läsårets början på Öland.md', 'title: Läsårets början'],
  ['!!!.md', 'title: Hej då, Åsa!\ndate: 2021-01-01'],
  ['2021-01-01-hello-again.md', 'title: Hej\nslug: eget-namn'],
]

describe('postFileSlug', () => {
  it('should give the slug @blogkit/post gives the same file', async () => {
    for (const [name, frontMatter] of files) {
      const post = await parsePost({ path: `posts/${name}`, value: `---\n${frontMatter}\n---\n\nText\n` })
      const data = Object.fromEntries(frontMatter.split('\n').map((line) => line.split(': ')))
      expect(postFileSlug(name, data), name).toBe(post.slug)
    }
    expect(postFileSlug('2021-01-01-hello.md', {})).toBe('hello')
    expect(postFileSlug('Smörgåsbord.md', {})).toBe('smorgasbord')
    expect(postFileSlug('2024-05-01-Läsårets början på Öland.md', {})).toBe('lasarets-borjan-pa-oland')
  })

  it('should match a Disqus thread to a dated post file by the slug @blogkit/post gives it', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-import-names-'))
    try {
      await mkdir(path.join(dir, 'out', 'posts'), { recursive: true })
      await writeFile(
        path.join(dir, 'out', 'posts', '2021-01-01-hello.md'),
        '---\ntitle: Hello\n---\n\nText\n',
      )
      const file = path.join(dir, 'd.xml')
      await writeFile(
        file,
        `<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="1"><id/><link>https://b.example/2021/01/hello/</link></thread>
<post dsq:id="2"><message><![CDATA[<p>Hej</p>]]></message><createdAt>2021-03-01T12:00:00Z</createdAt><author><name>Bo</name></author><thread dsq:id="1"/></post>
</disqus>`,
      )
      const result = await run(['disqus', file, '--out', path.join(dir, 'out'), '--match', 'slug'])
      expect(result.stderr).not.toContain('unmatched')
      expect(result.code).toBe(0)
      const written = JSON.parse(
        await readFile(path.join(dir, 'out', 'posts', '2021-01-01-hello.comments.json'), 'utf8'),
      )
      expect(written.map((c: { postId: string; body: string }) => [c.postId, c.body])).toEqual([
        ['hello', 'Hej'],
      ])
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
