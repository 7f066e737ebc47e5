// A site with no alias and no redirects.json has no redirects to check against its pages: `loadSite` does
// not list its pages for them (at 10,000 posts that is 41,000 pages on every build).
import { rm } from 'node:fs/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { writeContent } from './helpers.js'

const listed = vi.hoisted(() => ({ count: 0 }))

vi.mock('../src/lib/render-site.js', async (importOriginal) => {
  const original = await importOriginal<typeof import('../src/lib/render-site.js')>()
  return {
    ...original,
    sitePages: (...args: Parameters<typeof original.sitePages>) => {
      listed.count++
      return original.sitePages(...args)
    },
  }
})

const { loadSite } = await import('../src/lib/load-site.js')

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

const post = (title: string, aliases = '') =>
  `---\ntitle: ${title}\ndate: 2024-01-01\n${aliases}---\n\nText.\n`

async function load(files: Record<string, string>) {
  const dir = await writeContent({ 'site.json': '{"baseUrl": "https://example.com/"}', ...files })
  dirs.push(dir)
  listed.count = 0
  const site = await loadSite({ contentDir: dir, now: new Date('2030-01-01') })
  return { redirects: site.redirects.map((r) => `${r.from} → ${r.to}`), listed: listed.count }
}

describe('siteRedirects', () => {
  it('should not list the pages when there is no alias and no redirects.json', async () => {
    expect(await load({ 'posts/a.md': post('A'), 'posts/b.md': post('B') })).toEqual({
      redirects: [],
      listed: 0,
    })
  })

  it('should list them, and check, for an alias of a post or a page, or a redirects.json', async () => {
    expect(await load({ 'posts/a.md': post('A', 'aliases:\n  - /old-a/\n') })).toEqual({
      redirects: ['/old-a/ → /posts/a/'],
      listed: 1,
    })
    expect(
      await load({ 'posts/a.md': post('A'), 'pages/om.md': post('Om', 'aliases:\n  - /about-old/\n') }),
    ).toEqual({ redirects: ['/about-old/ → /om/'], listed: 1 })
    expect(await load({ 'posts/a.md': post('A'), 'redirects.json': '{ "/gammal/": "/posts/a/" }' })).toEqual({
      redirects: ['/gammal/ → /posts/a/'],
      listed: 1,
    })
    // An alias that is a page's address is still refused.
    await expect(
      load({ 'posts/a.md': post('A'), 'posts/b.md': post('B', 'aliases:\n  - /posts/a/\n') }),
    ).rejects.toThrow(/alias|address/)
  })
})
