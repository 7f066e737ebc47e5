import type { Comment } from '@blogkit/comments'
import { threadComments } from '@blogkit/comments'
import { describe, expect, it } from 'vitest'
import {
  commentPagePath,
  loadSite,
  postCommentPageCount,
  renderComments,
  renderPostPage,
  sitePages,
} from '../src/index.js'
import { writeContent } from './helpers.js'

const comment = (id: string, parentId?: string): Comment => ({
  id,
  postId: 'p',
  author: { name: `Name ${id}` },
  createdAt: `2024-01-0${id.length}T10:00:00Z`,
  body: `Body ${id}`,
  status: 'approved',
  ...(parentId === undefined ? {} : { parentId }),
})

const comments = [comment('a'), comment('b'), comment('bb', 'b')]
const threads = threadComments(comments)
const href = (page: number, order: string) =>
  `${commentPagePath('/posts/p/', page)}${order === 'newest' ? '?order=newest' : ''}`

describe('comment pages', () => {
  it('should put page 1 on the post and the others under comments/<n>/', () => {
    expect(commentPagePath('/posts/p/', 1)).toBe('/posts/p/')
    expect(commentPagePath('/posts/p/', 3)).toBe('/posts/p/comments/3/')
  })

  it('should render links to the other pages and the order, in the page language', () => {
    const html = renderComments(threads, comments, {
      lang: 'sv',
      timeZone: 'UTC',
      id: 'comments',
      paging: { page: 2, pages: 3, order: 'newest', orders: true, href },
    }).value
    expect(html).toContain('<nav class="comment-pages" aria-label="Sidor med kommentarer">')
    expect(html).toContain('<p class="comment-pages-of">Sida 2 av 3</p>')
    expect(html).toContain('<a href="/posts/p/?order=newest#comments" rel="prev">← Föregående sida</a>')
    expect(html).toContain('<a href="/posts/p/comments/2/?order=newest#comments" aria-current="page">2</a>')
    expect(html).toContain('<a href="/posts/p/comments/3/?order=newest#comments" rel="next">Nästa sida →</a>')
    expect(html).toContain(
      '<p class="comment-order">Ordning: <a href="/posts/p/#comments">Äldsta först</a> · <a href="/posts/p/?order=newest#comments" aria-current="true">Nyaste först</a></p>',
    )
  })

  it('should show no page links on a single page, and no order choice unless offered', () => {
    const html = renderComments(threads, comments, {
      lang: 'en',
      timeZone: 'UTC',
      id: 'comments',
      paging: { page: 1, pages: 1, href },
    }).value
    expect(html).not.toContain('comment-pages')
    expect(html).not.toContain('comment-order')
  })

  it('should mark a highlighted comment with its note', () => {
    const html = renderComments(threads, comments, {
      lang: 'en',
      timeZone: 'UTC',
      id: 'comments',
      highlight: { id: 'bb', notice: 'Thank you! Your comment is published.' },
    }).value
    expect(html).toContain('<li class="comment comment-new" id="comment-bb">')
    expect(html).toContain(
      '<p class="comment-notice" role="status">Thank you! Your comment is published.</p>',
    )
    expect(html.match(/comment-new/g)).toHaveLength(1)
  })
})

describe('comment pages of a site without a comment store (the static blog)', async () => {
  const threadsOnPost = 120
  const records = Array.from({ length: threadsOnPost }, (_, i) => ({
    id: `t${i}`,
    author: { name: `Läsare ${i}` },
    createdAt: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString(),
    body: `Tråd ${i}`,
    status: 'approved',
  }))
  records.push({ ...records[5]!, id: 't5-reply', body: 'Svar', parentId: 't5' } as (typeof records)[number])
  const dir = await writeContent({
    'site.json': JSON.stringify({ title: 'T', baseUrl: 'https://blog.example/', language: 'sv' }),
    'posts/many.md': '---\ntitle: Many\ndate: 2024-01-01\n---\n\nBody.\n',
    'posts/many.comments.json': JSON.stringify(records),
    'posts/few.md': '---\ntitle: Few\ndate: 2024-01-02\n---\n\nBody.\n',
  })
  const site = await loadSite({ contentDir: dir })
  const many = site.bySlug.get('many')!
  const idsOn = (html: string) =>
    [...html.matchAll(/<li class="comment comment-top" id="comment-([^"]+)"/g)].map((m) => m[1])

  it('should write pages 2 and on at comments/<n>/, 50 whole threads each', () => {
    expect(postCommentPageCount(many)).toBe(3)
    expect(postCommentPageCount(site.bySlug.get('few')!)).toBe(1)
    const paths = [...sitePages(site)].map((page) => page.path)
    expect(paths).toContain(`${many.path}comments/2/`)
    expect(paths).toContain(`${many.path}comments/3/`)
    expect(paths).not.toContain(`${many.path}comments/4/`)
    expect(paths.some((path) => path.includes('few/comments/'))).toBe(false)
    const first = renderPostPage(site, many)
    expect(idsOn(first)).toHaveLength(50)
    expect(first).toContain('id="comment-t5-reply"')
    expect(first).toContain('121 kommentarer')
    expect(first).toContain(`<a href="${many.path}comments/2/#comments" rel="next">Nästa sida →</a>`)
    // Static pages have one order: no choice offered.
    expect(first).not.toContain('comment-order')
    const third = renderPostPage(site, many, { commentPage: 3 })
    expect(idsOn(third)).toEqual(records.slice(100, 120).map((r) => r.id))
    expect(third).toContain(`<link rel="canonical" href="https://blog.example${many.path}comments/3/">`)
  })
})
