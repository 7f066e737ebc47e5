import { rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createSiteSession, loadSite, type SiteSession } from '../src/index.js'
import { writeContent } from './helpers.js'

const post = (title: string, body: string) => `---\ntitle: ${title}\ndate: 2024-05-01\n---\n\n${body}\n`

let content: string
let session: SiteSession

const at = (name: string) => path.join(content, name)
const load = (changed?: string[]) =>
  loadSite({ contentDir: content, baseUrl: 'https://blog.example/', session, changed })
const html = (site: Awaited<ReturnType<typeof load>>, slug: string) => site.bySlug.get(slug)?.post.html

beforeEach(async () => {
  content = await writeContent({
    'site.json': '{ "title": "Changes" }\n',
    'posts/a.md': post('A', 'First a.'),
    'posts/b.md': post('Bee', 'First b.'),
    'posts/c.md': post('Cee', 'First c.'),
  })
  session = createSiteSession()
})

afterEach(async () => {
  await session.close()
  await rm(content, { recursive: true, force: true })
})

describe('loadSite with `changed`', () => {
  it('should read again only the named posts, and every post after a change to the posts folder itself', async () => {
    await load()
    await writeFile(at('posts/a.md'), post('A', 'Second a.'))
    await writeFile(at('posts/b.md'), post('Bee', 'Second b.'))
    // Paths outside the posts folder (site.json, the theme) are left to the site.
    const told = await load([at('posts/a.md'), at('site.json')])
    expect(html(told, 'a')).toContain('Second a.')
    // Not named, so not read: what proves the hint reached @blogkit/post.
    expect(html(told, 'b')).toContain('First b.')

    // The dev server's watcher reports an error as a change of the content folder: the full pass.
    const full = await load([content])
    expect(html(full, 'b')).toContain('Second b.')
  })

  it('should keep the changes of a load that stopped before the posts were read for the next one', async () => {
    await load()
    await writeFile(at('site.json'), '{ "title": ')
    await writeFile(at('posts/c.md'), post('Cee', 'Second c.'))
    await expect(load([at('site.json'), at('posts/c.md')])).rejects.toThrow()
    await writeFile(at('site.json'), '{ "title": "Changes" }\n')
    const fixed = await load([at('site.json')])
    expect(html(fixed, 'c')).toContain('Second c.')
  })

  it('should take the full pass for a load without `changed`', async () => {
    await load()
    await writeFile(at('posts/b.md'), post('Bee', 'Third b.'))
    expect(html(await load(), 'b')).toContain('Third b.')
  })

  it('should read a comments file again only when a change names it (or its folder)', async () => {
    const comment = (id: string, body: string) =>
      JSON.stringify([
        { id, author: { name: 'Maria' }, createdAt: '2024-05-02T10:00:00Z', body, status: 'approved' },
      ])
    const bodies = (site: Awaited<ReturnType<typeof load>>, slug: string) =>
      site.bySlug.get(slug)?.comments.map((c) => c.body)
    await writeFile(at('posts/a.comments.json'), comment('c1', 'First comment.'))
    await writeFile(at('posts/b.comments.json'), comment('c1', 'On b.'))
    await load()
    await writeFile(at('posts/a.comments.json'), comment('c1', 'Second comment.'))
    await writeFile(at('posts/b.comments.json'), comment('c1', 'On b, again.'))
    // Not named, so not read again: what proves the hint reached @blogkit/comments' session.
    const other = await load([at('posts/c.md')])
    expect(bodies(other, 'a')).toEqual(['First comment.'])
    const told = await load([at('posts/a.comments.json')])
    expect(bodies(told, 'a')).toEqual(['Second comment.'])
    expect(bodies(told, 'b')).toEqual(['On b.'])
    // The posts folder named (a watcher's error, a rename): every file in it again.
    expect(bodies(await load([at('posts')]), 'b')).toEqual(['On b, again.'])
  })
})
