// Issue 23: a WordPress blog moved with `blogkit-import` keeps every old address on the live blog: the
// server answers each with `301 Moved Permanently` to where it is now (also the `?p=<id>` short links,
// which a static site cannot), and old comment anchors land on their comments.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importMovedBlog, oldPosts } from '../../../scripts/testing/moved-blog.js'
import { cleanup, client, start, tempDir } from './helpers.js'

afterAll(cleanup)

describe('a WordPress blog moved with blogkit-import, on the server', () => {
  let http: ReturnType<typeof client>
  beforeAll(async () => {
    const { content } = await importMovedBlog(tempDir())
    const server = await start({ CONTENT_DIR: content, SITE_URL: 'https://moved.example/' })
    http = client(server.url)
  }, 120_000)

  /** The `Location` of a 301 from `address`, as a path. */
  async function movedTo(address: string): Promise<string> {
    const { response } = await http.get(address)
    expect(response.status, address).toBe(301)
    return new URL(response.headers.get('location') ?? '', 'https://moved.example/').pathname
  }

  it('should answer each old post address and ?p= short link with a 301 to the post, whose old comment anchors are there', async () => {
    for (const post of oldPosts) {
      const now = `/posts/${post.slug}/`
      expect(await movedTo(post.path)).toBe(now)
      // Without the trailing slash, as links are sometimes written, and with other parameters.
      expect(await movedTo(post.path.slice(0, -1))).toBe(now)
      // As the static blog, which writes its redirect page there (@blogkit/post's `redirectKey`).
      expect(await movedTo(`${post.path}index.html`)).toBe(now)
      expect(await movedTo(`/?p=${post.id}`)).toBe(now)
      expect(await movedTo(`/?utm_source=x&p=${post.id}`)).toBe(now)
      const { response, text } = await http.get(now)
      expect(response.status).toBe(200)
      for (const id of post.comments) expect(text).toContain(`id="comment-${id}"`)
    }
  })

  it('should send the page About’s short links to it', async () => {
    expect(await movedTo('/?page_id=2')).toBe('/about/')
    expect(await movedTo('/?p=2')).toBe('/about/')
  })

  it('should leave other queries to the pages, and the draft’s short link unanswered', async () => {
    expect((await http.get('/?p=104')).response.status).toBe(200)
    expect((await http.get('/?p=104')).text).toContain('Hello world')
    expect((await http.get('/?q=101')).response.status).toBe(200)
  })

  it('should send the old archives (categories, years) to the new ones', async () => {
    for (const post of oldPosts) {
      const slug = post.category.toLowerCase()
      expect(await movedTo(`/category/${slug}/`)).toBe(`/categories/${slug}/`)
      const year = post.date.slice(0, 4)
      expect(await movedTo(`/${year}/`)).toBe(`/archive/${year}/`)
      expect((await http.get(`/archive/${year}/`)).response.status).toBe(200)
    }
  })

  it('should send the old feed addresses to the new feeds', async () => {
    const feeds: Array<[string, string]> = [
      ['/feed/', '/feed.xml'],
      ['/feed/atom/', '/atom.xml'],
      ['/comments/feed/', '/feed.xml'],
      ...oldPosts.map((post): [string, string] => [`${post.path}feed/`, `/posts/${post.slug}/comments.rss`]),
    ]
    for (const [old, now] of feeds) {
      expect(await movedTo(old)).toBe(now)
      const { response, text } = await http.get(now)
      expect(response.status, now).toBe(200)
      expect(text).toMatch(/^<\?xml/)
    }
  })
})
