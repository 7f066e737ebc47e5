import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BlogServer } from '../src/server.js'
import { cleanup, client, commentIdOf, csrfOf, post, start, svPost } from './helpers.js'

// The moderation page: the site's language, status tabs with counts, filter and search, each row's
// post, parent and reasons in words, actions on one or many comments, and the author's reply.
const adminToken = 'admin-list-token-789'
let server: BlogServer
beforeAll(async () => {
  // HOLD_AFTER=2: the third comment from one address within the window waits for a moderator.
  server = await start({ ADMIN_TOKEN: adminToken, SEED: '1', TRUST_PROXY: '1', HOLD_AFTER: '2' })
})
afterAll(cleanup)

/** A signed-in moderator (a browser with the session cookie) and the page's form token. */
async function moderator() {
  const c = client(server.url)
  await c.post('/admin/login', { csrf: csrfOf((await c.get('/admin')).text), token: adminToken })
  const page = await c.get('/admin')
  expect(page.response.status).toBe(200)
  return { c, csrf: csrfOf(page.text) }
}

/** Post a comment as a reader from `ip`; the new comment's id. */
async function comment(ip: string, fields: Record<string, string>, page = post) {
  const c = client(server.url)
  const from = { 'x-forwarded-for': ip }
  const csrf = csrfOf((await c.get(page, from)).text)
  const { response } = await c.post(
    `${page}comments`,
    { csrf, name: 'Reader', email: 'reader@example.se', url: '', website: '', body: 'Hej.', ...fields },
    from,
  )
  expect(response.status).toBe(303)
  return commentIdOf(response.headers.get('location'))
}

/** The text of a row of the list (`<li id="comment-<id>">`), or `undefined`. */
const rowOf = (page: string, id: string) =>
  new RegExp(`<li class="admin-item[^"]*" id="comment-${id}">([\\s\\S]*?)</li>`).exec(page)?.[1]

describe('the moderation page', () => {
  it("should speak the site's language, whatever the browser asks for", async () => {
    const { c } = await moderator()
    for (const language of ['en-GB,en;q=0.9', 'de', '']) {
      const page = (await c.get('/admin', language ? { 'accept-language': language } : {})).text
      expect(page).toContain('<html lang="sv"')
      expect(page).toContain('<h1>Granska kommentarer</h1>')
      expect(page).toContain('Med de valda kommentarerna')
    }
    const login = (await client(server.url).get('/admin', { 'accept-language': 'en' })).text
    expect(login).toContain('<label for="admin-token">Adminnyckel</label>')
  })

  it('should show status tabs with the counts of the store, the current one marked', async () => {
    const { c } = await moderator()
    const counts = await server.store.moderationCounts()
    const page = (await c.get('/admin?view=spam')).text
    for (const [view, label] of [
      ['pending', 'Väntande'],
      ['spam', 'Skräp'],
      ['approved', 'Godkända'],
      ['deleted', 'Borttagna'],
    ] as const) {
      const current = view === 'spam' ? ' aria-current="page"' : ''
      expect(page).toContain(
        `<a href="/admin?view=${view}" aria-label="${label}: ${counts[view] === 1 ? '1 kommentar' : `${counts[view]} kommentarer`}"${current}>${label} <span class="admin-count">${counts[view]}</span></a>`,
      )
    }
    expect(counts.approved).toBeGreaterThan(50)
    // The page is as wide as the screen allows, with the admin's stylesheet.
    expect(page).toMatch(/<link rel="stylesheet" href="\/admin\/admin\.css\?v=\w+">/)
    const css = await c.get('/admin/admin.css')
    expect(css.response.headers.get('content-type')).toContain('text/css')
    expect(css.text).toMatch(/\.wrap \{\s*max-width: 90rem;/)
    expect((await c.get('/admin?view=queue')).response.status).toBe(400)
  })

  it('should say why a comment was held in words, with the post and the comment it answers', async () => {
    const links = await comment('203.0.113.10', {
      body: 'Läs http://1.example, http://2.example och http://3.example',
      parentId: 'c-ai-1',
    })
    const ip = '203.0.113.11'
    await comment(ip, { body: 'Ett.' })
    await comment(ip, { body: 'Två.' })
    const rate = await comment(ip, { body: 'Tre.' })
    const { c } = await moderator()
    const page = (await c.get('/admin')).text
    const row = rowOf(page, links)!
    expect(row).toContain('Hölls kvar: 3 länkar, högst 2 tillåts')
    expect(row).toContain('<a href="/posts/ai-and-the-communicator/" lang="en">AI writes the first draft.')
    expect(row).toMatch(
      /<p class="admin-parent">Svar till <a href="\/posts\/ai-and-the-communicator\/\?comment=c-ai-1#comment-c-ai-1">Anna Whitfield<\/a>: [^<]+<\/p>/,
    )
    const rateRow = rowOf(page, rate)!
    expect(rateRow).toContain('Hölls kvar: kommentar nummer 3 från samma adress inom 60 s, högst 2 tillåts')
    expect(page).not.toMatch(/too-many-links|rate-limit|\d{4,} ms|203\.0\.113/)
  })

  it('should show a website with its host in Unicode, as the reader typed it, linking the stored address', async () => {
    const id = await comment('203.0.113.30', { name: 'Åsa Öberg', url: 'www.åsaöberg.example/blogg' })
    await server.store.moderate({ id, action: 'spam' })
    const { c } = await moderator()
    const row = rowOf((await c.get('/admin?view=spam')).text, id)!
    expect(row).toContain('href="https://www.xn--saberg-hua2l.example/blogg"')
    expect(row).toContain('>www.åsaöberg.example/blogg</a>')
  })

  it('should filter by post and search names, e-mail addresses and texts, counts included', async () => {
    const id = await comment('203.0.113.20', { name: 'Sökbar Person', body: 'Ett ord: ormbunke.' }, svPost)
    await server.store.moderate({ id, action: 'spam' })
    const { c } = await moderator()
    const found = (await c.get('/admin?view=spam&q=ORMBUNKE')).text
    expect(rowOf(found, id)).toBeDefined()
    expect(found).toContain(
      '<span class="admin-count">1</span></a></li><li><a href="/admin?view=approved&amp;q=ORMBUNKE"',
    )
    expect(found).toContain('value="ORMBUNKE"')
    expect(found).toContain('1 kommentar i ”Skräp” matchar filtret.')
    expect(rowOf((await c.get('/admin?view=spam&q=s%C3%B6kbar%20p')).text, id)).toBeDefined()
    expect(rowOf((await c.get('/admin?view=spam&q=S%C3%B6kbar')).text, id)).toBeDefined()
    expect(rowOf((await c.get('/admin?view=spam&q=reader%40example')).text, id)).toBeDefined()
    const byPost = (await c.get('/admin?view=spam&post=sluta-mata-rackvidd')).text
    expect(rowOf(byPost, id)).toBeDefined()
    expect(byPost).toContain('<option value="sluta-mata-rackvidd" selected>')
    const otherPost = (await c.get('/admin?view=spam&post=ai-and-the-communicator&q=ormbunke')).text
    expect(rowOf(otherPost, id)).toBeUndefined()
    expect(otherPost).toContain('Inga kommentarer matchar filtret.')
    expect((await c.get(`/admin?q=${'x'.repeat(201)}`)).response.status).toBe(400)
  })

  it('should act on the ticked comments at once, or on one by its button, and return to the list', async () => {
    const ids = [
      await comment('203.0.113.30', { body: 'A http://1.example http://2.example http://3.example' }),
      await comment('203.0.113.31', { body: 'B http://1.example http://2.example http://3.example' }),
      await comment('203.0.113.32', { body: 'C http://1.example http://2.example http://3.example' }),
    ]
    const { c, csrf } = await moderator()
    const bulk = (fields: Record<string, string | string[]>) =>
      c.request('/admin/bulk', {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams(
          Object.entries(fields).flatMap(([k, v]) => (Array.isArray(v) ? v.map((x) => [k, x]) : [[k, v]])),
        ).toString(),
      })
    const done = await bulk({ csrf, view: 'pending', q: 'http', action: 'approve', id: [ids[0]!, ids[1]!] })
    expect(done.status).toBe(303)
    expect(done.headers.get('location')).toBe('/admin?view=pending&q=http&done=approve&n=2')
    expect((await server.store.get(ids[0]!))?.status).toBe('approved')
    expect((await server.store.get(ids[1]!))?.status).toBe('approved')
    expect((await server.store.get(ids[2]!))?.status).toBe('pending')
    expect((await c.get(done.headers.get('location')!)).text).toContain(
      '<p class="comment-form-notice admin-notice" role="status">Godkänd: 2 kommentarer.</p>',
    )
    // A row's own button wins over the ticked boxes and the menu.
    const one = await bulk({ csrf, view: 'pending', action: 'approve', id: ids[0]!, one: `spam:${ids[2]}` })
    expect(one.headers.get('location')).toBe(`/admin?view=pending&done=spam&id=${ids[2]}`)
    expect((await server.store.get(ids[2]!))?.status).toBe('spam')
    expect((await server.store.get(ids[0]!))?.status).toBe('approved')
    // Nothing ticked: the list says what to do.
    const none = await bulk({ csrf, view: 'spam', action: 'delete' })
    expect(none.headers.get('location')).toBe('/admin?view=spam&done=none')
    expect((await c.get('/admin?view=spam&done=none')).text).toContain('Välj en eller flera kommentarer')
    // A purged or unknown comment among the ticked ones is skipped and counted.
    await server.store.purge({ id: ids[1]! })
    const mixed = await bulk({ csrf, view: 'spam', action: 'restore', id: [ids[2]!, ids[1]!, 'no-such'] })
    expect(mixed.headers.get('location')).toBe('/admin?view=spam&done=restore&n=1&skipped=2')
    expect((await c.get(mixed.headers.get('location')!)).text).toContain(
      'Återställd: 1 kommentar. 2 kommentarer ändrades inte (raderade eller borta).',
    )
    expect((await server.store.get(ids[2]!))?.status).toBe('pending')
    // Forged or wrong requests change nothing.
    expect((await bulk({ csrf: 'forged', action: 'delete', id: ids[2]! })).status).toBe(403)
    expect((await bulk({ csrf, action: 'burn', id: ids[2]! })).status).toBe(400)
    expect(
      (await bulk({ csrf, action: 'delete', id: Array.from({ length: 501 }, (_, i) => `x${i}`) })).status,
    ).toBe(400)
    expect(
      (await client(server.url).post('/admin/bulk', { action: 'delete', id: ids[2]! })).response.status,
    ).toBe(401)
    expect((await server.store.get(ids[2]!))?.status).toBe('pending')
  })

  it("should publish the author's reply, approving the pending comment it answers", async () => {
    const parent = await comment('203.0.113.40', {
      name: 'Frågvis Läsare',
      body: 'En fråga med länkar http://1.example http://2.example http://3.example',
    })
    const { c, csrf } = await moderator()
    const page = (await c.get('/admin')).text
    expect(rowOf(page, parent)).toContain('<summary>Godkänn och svara Frågvis Läsare</summary>')
    expect(page).toContain(
      `<form id="comment-${parent}-reply-form" method="post" action="/admin/comments/${parent}/reply">`,
    )
    const replied = await c.post(`/admin/comments/${parent}/reply`, {
      csrf,
      view: 'pending',
      body: 'Tack för frågan! Svar: **ja**.',
    })
    expect(replied.response.status).toBe(303)
    const location = replied.response.headers.get('location')!
    const replyId = /[?&]id=([^&#]+)/.exec(location)![1]!
    expect(location).toBe(`/admin?view=pending&done=reply&id=${replyId}#comment-${parent}`)
    const reply = await server.store.get(decodeURIComponent(replyId))
    expect(reply).toMatchObject({
      parentId: parent,
      status: 'approved',
      byAuthor: true,
      author: { name: 'Elin Skarp', url: 'https://skarptlage.example/om/' },
      body: 'Tack för frågan! Svar: **ja**.',
    })
    expect((await server.store.get(parent))?.status).toBe('approved')
    expect((await c.get(location)).text).toContain('Ditt svar till Frågvis Läsare är publicerat.')
    const postPage = (await c.get(post)).text
    expect(postPage).toContain(`id="comment-${reply!.id}"`)
    // Refused: an empty reply, a comment marked spam, a forged form, no session.
    expect((await c.post(`/admin/comments/${parent}/reply`, { csrf, body: '  ' })).response.status).toBe(400)
    await server.store.moderate({ id: parent, action: 'spam' })
    const closed = await c.post(`/admin/comments/${parent}/reply`, { csrf, body: 'Nej.' })
    expect(closed.response.status).toBe(409)
    expect(closed.text).toBe('Bara en väntande eller godkänd kommentar kan besvaras.')
    await server.store.moderate({ id: parent, action: 'restore' })
    expect(
      (await c.post(`/admin/comments/${parent}/reply`, { csrf: 'x', body: 'Nej.' })).response.status,
    ).toBe(403)
    expect(
      (await client(server.url).post(`/admin/comments/${parent}/reply`, { body: 'Nej.' })).response.status,
    ).toBe(401)
    expect((await c.post('/admin/comments/no-such/reply', { csrf, body: 'Nej.' })).response.status).toBe(404)
    expect(
      (await server.store.list({ postId: 'ai-and-the-communicator', moderator: true })).filter(
        (x) => x.byAuthor,
      ),
    ).toHaveLength(1)
  })
})
