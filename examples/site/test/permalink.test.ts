import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadSite, readSiteConfig, type Site, SiteError } from '../src/index.js'
import { writeContent } from './helpers.js'

// Note: the rules themselves (postPath, pagePath, parsePermalink) are tested in packages/post.
describe('site.json permalink', () => {
  it('should be checked when site.json is read', async () => {
    const dir = await writeContent({ 'site.json': '{ "permalink": "/:year/:tilte/" }' })
    const error = await readSiteConfig(dir).catch((caught: unknown) => caught)
    expect(error).toBeInstanceOf(SiteError)
    expect((error as Error).message).toContain(
      `${path.relative(process.cwd(), path.join(dir, 'site.json'))}: permalink: has an unknown placeholder \`:tilte\``,
    )
    await writeFile(path.join(dir, 'site.json'), '{ "permalink": "/:year/:month/:day/:slug/" }')
    expect((await readSiteConfig(dir)).permalink).toBe('/:year/:month/:day/:slug/')
    await writeFile(path.join(dir, 'site.json'), '{}')
    expect((await readSiteConfig(dir)).permalink).toBe('/posts/:slug/')
  })
})

describe('site.json permalink with :category', () => {
  const post = (slug: string, date: string, category: string, extra = '') =>
    `---\ntitle: ${slug}\nslug: ${slug}\ndate: ${date}\ncategories: [${category}]\n${extra}---\n\nText.\n`
  const pathsOf = (site: Site) => Object.fromEntries(site.posts.map((item) => [item.post.path, item.path]))
  const archivesOf = (site: Site) => Object.fromEntries(site.categories.map((term) => [term.name, term.path]))

  it('should put the posts of categories whose slugs collide (C, C++) in their archives’ folders, c and c-2', async () => {
    const dir = await writeContent({
      'site.json': '{ "permalink": "/:category/:slug/" }',
      // Note: one slug in both: under one folder, the two posts would have one address.
      'c.md': post('pointers', '2023-05-01', 'C'),
      'cpp.md': post('pointers', '2024-02-01', 'C++'),
    })
    const site = await loadSite({ contentDir: dir, baseUrl: 'https://blog.example/' })
    expect(archivesOf(site)).toEqual({ C: '/categories/c/', 'C++': '/categories/c-2/' })
    expect(pathsOf(site)).toEqual({ 'c.md': '/c/pointers/', 'cpp.md': '/c-2/pointers/' })
    for (const item of site.posts) expect(item.path).toBe(`/${item.categoryTerms[0]!.slug}/pointers/`)
  })

  it('should keep every address when a post is added: a newer one in a new colliding category, a draft, an older draft', async () => {
    const dir = await writeContent({
      'site.json': '{ "permalink": "/:category/:slug/" }',
      'cpp.md': post('pointers', '2024-02-01', 'C++'),
      'c.md': post('make', '2023-05-01', 'C'),
    })
    const before = await loadSite({ contentDir: dir })
    expect(pathsOf(before)).toEqual({ 'c.md': '/c/make/', 'cpp.md': '/c-2/pointers/' })
    await writeFile(path.join(dir, 'csharp.md'), post('linq', '2025-01-01', 'C#'))
    // Note: a draft older than every post: its category comes after the published ones all the same.
    await writeFile(path.join(dir, 'draft.md'), post('draft', '2001-01-01', 'c!', 'draft: true\n'))
    const after = await loadSite({ contentDir: dir })
    expect(pathsOf(after)).toEqual({
      'c.md': '/c/make/',
      'cpp.md': '/c-2/pointers/',
      'csharp.md': '/c-3/linq/',
    })
    expect(archivesOf(after)).toEqual({
      C: '/categories/c/',
      'C++': '/categories/c-2/',
      'C#': '/categories/c-3/',
    })
  })
})
