import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { PostError } from '@blogkit/post'
import { describe, expect, it } from 'vitest'
import { loadSite, renderHomePage, renderPostPage, SiteError } from '../src/index.js'
import { contentDir, writeContent } from './helpers.js'

const site = await loadSite({ contentDir, baseUrl: 'https://blog.example/' })

describe('loadSite', () => {
  it('should read the published posts newest first, leaving the draft out', async () => {
    expect(site.posts).toHaveLength(14)
    const dates = site.posts.map((item) => item.post.date.getTime())
    expect(dates).toEqual([...dates].sort((a, b) => b - a))
    expect(site.bySlug.has('ska-vi-ha-en-podd')).toBe(false)
    const withDrafts = await loadSite({ contentDir, drafts: true })
    expect(withDrafts.posts).toHaveLength(15)
  })

  it('should mark drafts and future posts shown with `drafts`, and say so on their pages (en and sv)', async () => {
    const withDrafts = await loadSite({ contentDir, drafts: true, now: new Date('2012-01-01T00:00:00Z') })
    const draft = withDrafts.bySlug.get('ska-vi-ha-en-podd')!
    expect(draft.draft).toBe(true)
    // Every post is dated after `now`: shown, and marked, as future posts.
    expect(withDrafts.posts.every((item) => item.draft)).toBe(true)
    expect(site.posts.some((item) => item.draft)).toBe(false)
    expect(renderPostPage(withDrafts, draft)).toContain('<p class="draft-marker">Utkast</p>')
    expect(renderPostPage(site, site.posts[0]!)).not.toContain('draft-marker')
    withDrafts.config.language = 'en'
    draft.post.lang = 'en'
    expect(renderPostPage(withDrafts, draft)).toContain('<p class="draft-marker">Draft</p>')
    expect(renderHomePage(withDrafts, 1)).toContain('class="draft-marker"')
  })

  it('should read site.json and let the base URL be overridden', () => {
    expect(site.config).toMatchObject({ title: 'Skarpt läge', language: 'sv', postsPerPage: 5 })
    expect(site.config.baseUrl).toBe('https://blog.example/')
    expect(site.bySlug.get('strategisk-kommunikation-inifran')?.url).toBe(
      'https://blog.example/posts/strategisk-kommunikation-inifran/',
    )
  })

  it('should infer "@Name:" replies, split CommentLuv trailers and thread approved comments only', () => {
    const item = site.bySlug.get('strategisk-kommunikation-inifran')!
    const reply = item.comments.find((comment) => comment.id === 'c-strat-2')!
    expect(reply).toMatchObject({ parentId: 'c-strat-1', parentInferred: true })
    const first = item.comments.find((comment) => comment.id === 'c-strat-1')!
    expect(first.author.latestPost?.title).toBe('Därför rankar pressrummet sämre än bloggen')
    expect(first.body).not.toContain('.-=')
    // 21 comments, one deleted: 20 visible; the deleted one stays as a placeholder for its replies.
    expect(item.threads.total).toBe(20)
    const ids = JSON.stringify(item.threads.threads)
    expect(ids).toContain('"placeholder":true')
    const hidden = site.bySlug.get('tillganglig-webbtext')!
    expect(JSON.stringify(hidden.threads.threads)).not.toContain('backlinks')
  })

  it('should give each post related posts with reasons, and its neighbours by date', () => {
    for (const [index, item] of site.posts.entries()) {
      expect(item.related.length).toBeGreaterThan(0)
      expect(item.related.map((link) => link.post)).not.toContain(item)
      expect(item.previous).toBe(site.posts[index + 1])
      expect(item.next).toBe(site.posts[index - 1])
    }
    const item = site.bySlug.get('strategisk-kommunikation-inifran')!
    const reasons = item.related.flatMap((link) => [...link.reasons.tags, ...link.reasons.terms])
    expect(reasons.length).toBeGreaterThan(0)
  })

  it('should group posts by tag, category and year with archive paths', () => {
    const tag = site.tags.find((term) => term.name === 'sociala medier')!
    expect(tag.path).toBe('/tags/sociala-medier/')
    expect(tag.posts.every((item) => item.post.tags.includes('sociala medier'))).toBe(true)
    expect(site.categories.map((term) => term.name).sort()).toEqual(
      ['Kommunikation', 'Kris', 'PR', 'Sociala medier', 'Webb'].sort(),
    )
    expect(site.years.map((term) => term.name)).toEqual(['2024', '2023', '2022', '2021', '2020', '2019'])
    expect(site.years.reduce((sum, year) => sum + year.posts.length, 0)).toBe(14)
  })

  it('should give tags whose slugs collide -2, -3 (termSlugs) in the order of their oldest post, so a new name never takes an address', async () => {
    const dir = await writeContent({
      'a.md': '---\ntitle: A\ndate: 2024-01-01\ntags: [C]\ncategories: [PR]\n---\n\nA.\n',
    })
    const before = await loadSite({ contentDir: dir })
    expect(before.tags.map((term) => [term.name, term.path])).toEqual([['C', '/tags/c/']])
    await writeFile(
      path.join(dir, 'b.md'),
      '---\ntitle: B\ndate: 2024-02-01\ntags: [C++, C]\ncategories: [Pr]\n---\n\nB.\n',
    )
    const both = await loadSite({ contentDir: dir })
    expect(both.tags.map((term) => [term.name, term.path])).toEqual([
      ['C', '/tags/c/'],
      ['C++', '/tags/c-2/'],
    ])
    expect(Object.fromEntries(both.categories.map((term) => [term.name, term.path]))).toEqual({
      PR: '/categories/pr/',
      Pr: '/categories/pr-2/',
    })
    expect(both.bySlug.get('a')!.tagTerms.map((term) => term?.slug)).toEqual(['c'])
  })

  it('should read a site.json that starts with a byte order mark (as some editors save it)', async () => {
    const dir = await writeContent({
      'site.json': '\uFEFF{ "title": "Min blogg", "language": "sv" }\n',
      'hello.md': '---\ntitle: Hej\ndate: 2024-01-02\n---\n\nHej.\n',
    })
    const site = await loadSite({ contentDir: dir })
    expect(site.config).toMatchObject({ title: 'Min blogg', language: 'sv' })
  })

  it('should read a plain folder of posts without site.json, with defaults', async () => {
    const dir = await writeContent({ 'hello.md': '---\ntitle: Hello\ndate: 2024-01-02\n---\n\nHi.\n' })
    const plain = await loadSite({ contentDir: dir })
    expect(plain.posts.map((item) => item.post.slug)).toEqual(['hello'])
    expect(plain.config).toMatchObject({
      language: 'en',
      postsPerPage: 10,
      baseUrl: 'http://localhost:3000/',
    })
  })

  it('should fail with a SiteError naming the folder when it does not exist', async () => {
    await expect(loadSite({ contentDir: '/no/such/folder' })).rejects.toThrow(SiteError)
    await expect(loadSite({ contentDir: '/no/such/folder' })).rejects.toThrow(
      /\/no\/such\/folder: no such folder/,
    )
  })

  it('should fail with a SiteError on a bad site.json', async () => {
    const dir = await writeContent({ 'site.json': '{ "postsPerPage": 0 }', 'a.md': '# A\n' })
    await expect(loadSite({ contentDir: dir })).rejects.toThrow(
      /site\.json: `postsPerPage` should be a positive integer, got `0`/,
    )
    const broken = await writeContent({ 'site.json': '{ nope', 'a.md': '# A\n' })
    await expect(loadSite({ contentDir: broken })).rejects.toThrow(/site\.json:1:3: not valid JSON: \S/)
    // Note: a byte order mark is not a column.
    const marked = await writeContent({ 'site.json': '\uFEFF{ nope', 'a.md': '# A\n' })
    await expect(loadSite({ contentDir: marked })).rejects.toThrow(/site\.json:1:3: not valid JSON: \S/)
    const comma = await writeContent({
      'site.json': '{\n  "title": "Blog",\n  "postsPerPage": 10,\n}\n',
      'a.md': '# A\n',
    })
    const error = await loadSite({ contentDir: comma }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(SiteError)
    // At the comma, in words that do not depend on the Node.js version.
    expect((error as SiteError).problems).toEqual([
      expect.stringMatching(
        /site\.json:3:21: not valid JSON: a comma before a closing bracket \(JSON allows no trailing comma\); fix the file$/,
      ),
    ])
    expect((error as SiteError).message).not.toMatch(/position/)
    // The same problem with its place apart (the dev server's error page shows it).
    expect((error as SiteError).places).toEqual([
      {
        file: expect.stringMatching(/site\.json$/),
        line: 3,
        column: 21,
        reason: expect.stringMatching(/^not valid JSON: a comma before a closing bracket/),
      },
    ])
    await expect(loadSite({ contentDir: dir, baseUrl: 'ftp://x' })).rejects.toThrow(SiteError)
  })

  it('should fail with a SiteError naming the comments file and the comment', async () => {
    const dir = await writeContent({
      'posts/a.md': '---\ntitle: A\ndate: 2024-01-02\n---\n\nHi.\n',
      'posts/a.comments.json': JSON.stringify([
        {
          id: 'c1',
          author: { name: 'X', url: 'javascript:alert(1)' },
          createdAt: '2024-01-03T10:00:00Z',
          body: 'x',
          status: 'approved',
        },
      ]),
    })
    const error = await loadSite({ contentDir: dir }).then(
      () => expect.unreachable(),
      (caught: unknown) => caught as SiteError,
    )
    expect(error.message).toMatch(
      /a\.comments\.json:1:\d+: Expected `comments\[0\]\.author\.url` to be a web address \(http or https\)/,
    )
    expect(error.places).toEqual([
      {
        file: expect.stringMatching(/a\.comments\.json$/),
        line: 1,
        column: expect.any(Number),
        reason: expect.stringMatching(/^Expected `comments\[0\]\.author\.url`/),
      },
    ])
  })

  it('should pass on the post package errors with file, line and column', async () => {
    const dir = await writeContent({ 'posts/bad.md': '---\ntitle: Bad\ndate: yesterday\n---\n\nText.\n' })
    const error = await loadSite({ contentDir: dir }).catch((error: unknown) => error)
    expect(error).toBeInstanceOf(PostError)
    expect((error as PostError).messages.map(String).join('\n')).toMatch(/bad\.md:3:\d+/)
  })
})
