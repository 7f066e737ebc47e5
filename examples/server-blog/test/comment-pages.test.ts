// Pages of comments (COMMENTS_PER_PAGE), permalinks that find their page, "remember me" and "@Name:".
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { readConfig } from '../src/config.js'
import type { BlogServer } from '../src/server.js'
import { cleanup, client, commentIdOf, csrfOf, post, start, svPost } from './helpers.js'

let server: BlogServer & { config: ReturnType<typeof readConfig> }

beforeAll(async () => {
  // The seeded post has 3 public threads: c-ai-1, c-ai-2 (reply c-ai-4, from "@Daniel Okafor:"), c-ai-3;
  // c-ai-5 is pending.
  server = await start({ COMMENTS_PER_PAGE: '2', RATE_LIMIT: '1000', HOLD_AFTER: '1000' })
})
afterAll(cleanup)

/** The ids of the comments on a page, in page order. */
const idsOn = (page: string) =>
  [...page.matchAll(/<li class="comment[^"]*" id="comment-([^"]+)"/g)].map((m) => m[1])

async function reader(page = post) {
  const c = client(server.url)
  const { text } = await c.get(page)
  return { c, token: csrfOf(text) }
}

const form = (token: string, fields: Record<string, string> = {}) => ({
  csrf: token,
  name: 'Testa Testsson',
  email: 'testa@example.se',
  url: 'www.testa.example',
  body: 'A comment.',
  website: '',
  ...fields,
})

describe('pages of comments', () => {
  it('should show whole threads a page at a time with links to the other pages', async () => {
    const c = client(server.url)
    const first = (await c.get(post)).text
    expect(idsOn(first)).toEqual(['c-ai-1', 'c-ai-2', 'c-ai-4'])
    expect(first).toContain('4 comments')
    expect(first).toContain('<p class="comment-pages-of">Page 1 of 2</p>')
    expect(first).toContain(`<a href="${post}comments/2/#comments" rel="next">Next page →</a>`)
    const second = await c.get(`${post}comments/2/`)
    expect(second.response.status).toBe(200)
    expect(idsOn(second.text)).toEqual(['c-ai-3'])
    expect(second.text).toContain(`<a href="${post}#comments" rel="prev">← Previous page</a>`)
    // The form on page 2 keeps its page, and its reply links stay on it.
    expect(second.text).toContain(`action="${post}comments?page=2#comment-form"`)
    expect(second.text).toContain(`href="${post}comments/2/?replyTo=c-ai-3#comment-form"`)
  })

  it('should offer newest first, without JavaScript, and keep the order across pages', async () => {
    const c = client(server.url)
    const first = (await c.get(`${post}?order=newest`)).text
    expect(idsOn(first)).toEqual(['c-ai-3', 'c-ai-2', 'c-ai-4'])
    expect(first).toContain(`<a href="${post}?order=newest#comments" aria-current="true">Newest first</a>`)
    expect(first).toContain(`<a href="${post}comments/2/?order=newest#comments" rel="next">`)
    expect(idsOn((await c.get(`${post}comments/2/?order=newest`)).text)).toEqual(['c-ai-1'])
    // Anything else is the default order.
    expect(idsOn((await c.get(`${post}?order=%3Cx%3E`)).text)).toEqual(['c-ai-1', 'c-ai-2', 'c-ai-4'])
  })

  it('should answer pages that do not exist with 404, and page 1 and a missing slash with a redirect', async () => {
    const c = client(server.url)
    for (const path of [`${post}comments/3/`, `${post}comments/0/`, '/posts/nope/comments/2/']) {
      expect((await c.get(path)).response.status, path).toBe(path.endsWith('0/') ? 301 : 404)
    }
    const one = await c.get(`${post}comments/1/?order=newest`)
    expect(one.response.status).toBe(301)
    expect(one.response.headers.get('location')).toBe(`${post}?order=newest`)
    expect((await c.get(`${post}comments/2`)).response.headers.get('location')).toBe(`${post}comments/2/`)
  })

  it('should send a permalink to the page that holds the comment', async () => {
    const c = client(server.url)
    const to = async (path: string) => (await c.get(path)).response.headers.get('location')
    expect(await to(`${post}?comment=c-ai-4`)).toBe(`${post}#comment-c-ai-4`)
    expect(await to(`${post}?comment=c-ai-3`)).toBe(`${post}comments/2/#comment-c-ai-3`)
    expect(await to(`${post}?comment=c-ai-3&order=newest`)).toBe(`${post}?order=newest#comment-c-ai-3`)
    expect(await to(`${post}?comment=c-ai-1&order=newest`)).toBe(
      `${post}comments/2/?order=newest#comment-c-ai-1`,
    )
    // Held, unknown, or on another post: the post's comments.
    expect(await to(`${post}?comment=c-ai-5`)).toBe(`${post}#comments`)
    expect(await to(`${post}?comment=nope`)).toBe(`${post}#comments`)
    expect(await to(`${post}?comment=c-rackvidd-1`)).toBe(`${post}#comments`)
  })

  it('should land a new comment on its page, marked, and read no held comment on public pages', async () => {
    const { c, token } = await reader()
    const { response } = await c.post(`${post}comments`, form(token, { body: 'Paged **one**.' }))
    expect(response.status).toBe(303)
    const location = response.headers.get('location')!
    const id = commentIdOf(location)
    expect(location).toBe(`${post}comments/2/?published=${id}#comment-${id}`)
    const page = (await c.get(location)).text
    expect(page).toContain(`<li class="comment comment-top comment-new" id="comment-${id}">`)
    expect(page).toContain('Paged <strong>one</strong>.')
    // Newest first, it is on page 1.
    const newest = await c.post(
      `${post}comments?order=newest`,
      form(csrfOf(page), { body: 'Paged two.', submission: '' }),
    )
    expect(newest.response.headers.get('location')).toMatch(
      /^\/posts\/ai-and-the-communicator\/\?order=newest&published=/,
    )
    const held = await c.post(
      `${post}comments`,
      form(csrfOf(page), { body: 'http://a.example http://b.example http://c.example held', submission: '' }),
    )
    const heldId = commentIdOf(held.response.headers.get('location'))
    expect((await server.store.get(heldId))?.status).toBe('pending')
    for (const path of [post, `${post}comments/2/`, `${post}comments/3/`, `${post}?order=newest`]) {
      const text = (await c.get(path)).text
      expect(text, path).not.toContain('http://c.example held')
      expect(text, path).not.toContain(`id="comment-${heldId}"`)
    }
  })

  it('should remember the reader when asked, and forget them when not', async () => {
    const { c, token } = await reader(svPost)
    const first = await c.post(`${svPost}comments`, form(token, { remember: 'yes', name: 'Åsa Öberg' }))
    const cookie = first.response.headers.getSetCookie().find((line) => line.startsWith('blogkit_author='))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).toMatch(/Max-Age=31536000/i)
    expect(cookie).not.toMatch(/Secure/i)
    const page = (await c.get(svPost)).text
    expect(page).toContain(
      'id="comment-name" name="name" type="text" autocomplete="name" maxlength="100" required value="Åsa Öberg"',
    )
    expect(page).toContain('value="testa@example.se"')
    expect(page).toContain('name="remember" type="checkbox" value="yes" checked>')
    // Another reader's page is not filled in.
    expect((await client(server.url).get(svPost)).text).not.toContain('Åsa Öberg"')
    // Sent without the tick: forgotten.
    await c.post(`${svPost}comments`, form(csrfOf(page), { body: 'Utan kaka.', submission: '' }))
    expect(c.cookies.has('blogkit_author')).toBe(false)
    expect((await c.get(svPost)).text).not.toContain('value="Åsa Öberg"')
    // A damaged cookie is ignored.
    c.cookies.set('blogkit_author', '%%%')
    expect((await c.get(svPost)).response.status).toBe(200)
  })

  it('should thread a new "@Name:" comment under that reader’s latest earlier comment, and link the name', async () => {
    const { c, token } = await reader(svPost)
    const { response } = await c.post(
      `${svPost}comments`,
      form(token, { body: '@Jonas Ekwall: Håller med dig där.' }),
    )
    const id = commentIdOf(response.headers.get('location'))
    const stored = await server.store.get(id)
    // Jonas Ekwall wrote c-rackvidd-3 and, later, c-rackvidd-5: the latest one is answered.
    expect(stored?.parentId).toBe('c-rackvidd-5')
    expect(stored?.parentInferred).toBe(true)
    const page = (await c.get(response.headers.get('location')!)).text
    expect(page).toContain(
      '<a href="#comment-c-rackvidd-5" class="mention">@Jonas Ekwall</a>: Håller med dig där.',
    )
    // A first name that only one earlier commenter has, as for imported comments.
    const lisa = await c.post(
      `${svPost}comments`,
      form(csrfOf(page), { body: '@lisa, visst.', submission: '' }),
    )
    expect((await server.store.get(commentIdOf(lisa.response.headers.get('location'))))?.parentId).toBe(
      'c-rackvidd-4',
    )
    // Nobody by that name: stays top-level.
    const nobody = await c.post(
      `${svPost}comments`,
      form(csrfOf(page), { body: '@Ingen Alls: hej', submission: '' }),
    )
    expect(
      (await server.store.get(commentIdOf(nobody.response.headers.get('location'))))?.parentId,
    ).toBeUndefined()
  })
})
