import Database from 'better-sqlite3'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '../src/config.js'
import type { BlogServer } from '../src/server.js'
import { cleanup, client, commentIdOf, csrfOf, post, start, svPost } from './helpers.js'

const adminToken = 'test-admin-token-123'
let server: BlogServer & { config: ReturnType<typeof readConfig> }
const logLines: string[] = []

beforeAll(async () => {
  server = await start(
    { ADMIN_TOKEN: adminToken, RATE_LIMIT: '1000', HOLD_AFTER: '1000', BODY_LIMIT: '4096' },
    (line) => logLines.push(line),
  )
})
afterAll(cleanup)

/** A client that has opened `page` and has its form token. */
async function reader(page = post) {
  const c = client(server.url)
  const { text } = await c.get(page)
  return { c, token: csrfOf(text) }
}

const form = (token: string, fields: Record<string, string> = {}) => ({
  csrf: token,
  name: 'Testa Testsson',
  email: 'testa@example.se',
  url: '',
  body: 'A comment from the HTTP test.',
  website: '',
  ...fields,
})

describe('pages', () => {
  it('should serve every page of the site from the shared templates', async () => {
    const { site } = server
    const c = client(server.url)
    const paths = [
      site.urls.home(),
      site.urls.home(2),
      site.urls.archive(),
      site.urls.tags(),
      site.urls.categories(),
      site.tags[0]!.path,
      site.categories[0]!.path,
      site.years[0]!.path,
      site.urls.subscribe(),
      ...site.posts.map((item) => item.path),
    ]
    for (const path of paths) {
      const { response, text } = await c.get(path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type'), path).toMatch(/^text\/html/)
      expect(text, path).toMatch(/^<!doctype html>/)
      expect(response.headers.get('content-security-policy'), path).toContain("script-src 'none'")
    }
    const home = (await c.get('/')).text
    expect(home).toContain(site.config.title)
    expect(home).toContain(site.posts[0]!.post.title)
  })

  it('should serve the assets, sitemap and robots.txt', async () => {
    const c = client(server.url)
    const css = await c.get('/styles.css')
    expect(css.response.headers.get('content-type')).toMatch(/^text\/css/)
    expect(css.text).toContain('.comment-form-honeypot')
    expect((await c.get('/favicon.svg')).response.headers.get('content-type')).toBe('image/svg+xml')
    const sitemap = await c.get('/sitemap.xml')
    expect(sitemap.text).toContain(server.site.urls.absolute('/posts/'))
    expect((await c.get('/robots.txt')).text).toContain('Sitemap:')
    const image = await c.get('/images/rss.svg')
    expect(image.response.status).toBe(200)
    expect(image.response.headers.get('content-type')).toBe('image/svg+xml')
  })

  it('should answer unknown paths with the 404 page, and redirect missing slashes and page 1', async () => {
    const c = client(server.url)
    for (const path of [
      '/nope/',
      '/posts/nope/',
      '/page/99/',
      '/images/../site.json',
      '/images/%2e%2e/site.json',
    ]) {
      const { response, text } = await c.get(path)
      expect(response.status, path).toBe(404)
      expect(text, path).toContain('noindex')
    }
    const slash = await c.get(post.slice(0, -1))
    expect(slash.response.status).toBe(301)
    expect(slash.response.headers.get('location')).toBe(post)
    expect((await c.get('/subscribe')).response.headers.get('location')).toBe('/subscribe/')
    expect((await c.get('/page/1/')).response.headers.get('location')).toBe('/')
    expect((await c.request('/', { method: 'DELETE' })).status).toBe(405)
  })

  it('should show the seeded threads with reply links and the comment form', async () => {
    const { text } = await client(server.url).get(post)
    expect(text).toContain('id="comment-c-ai-1"')
    expect(text).toContain(`href="${post}?replyTo=c-ai-1#comment-form"`)
    expect(text).toContain(
      '<form method="post" action="/posts/ai-and-the-communicator/comments#comment-form"',
    )
    expect(text).not.toContain('anna@annawhitfield.example')
  })

  it('should open the form for a parent with ?replyTo, and ignore an unknown one', async () => {
    const c = client(server.url)
    const reply = (await c.get(`${post}?replyTo=c-ai-1`)).text
    expect(reply).toContain('<input type="hidden" name="parentId" value="c-ai-1">')
    // The form names whom it answers once, and shows the first line of what it answers.
    const formPart = reply.slice(reply.indexOf('<section class="comment-form"'))
    expect(formPart).toContain('<h2 id="comment-form-title">Reply to Anna Whitfield</h2>')
    expect(formPart.split('Anna Whitfield').length - 1).toBe(1)
    expect(formPart).toContain(
      '<a href="#comment-c-ai-1">&quot;Transparency doesn&#39;t weaken a message. Being found out does.&quot; That&#39;s going on a sticky note above my desk.</a>',
    )
    const unknown = (await c.get(`${post}?replyTo=nope`)).text
    expect(unknown).not.toContain('name="parentId"')
    const sv = (await c.get(`${svPost}?replyTo=c-rackvidd-1`)).text
    expect(sv).toContain('<h2 id="comment-form-title">Svar till Henrik Sandmark</h2>')
    expect(sv.match(/Svar till Henrik Sandmark/g)).toHaveLength(1)
  })

  it('should give every visitor their own form token, also from the kept page', async () => {
    const a = await reader()
    const b = await reader()
    expect(a.token).not.toBe(b.token)
    expect(a.token).not.toContain('csrf-slot')
    expect((await a.c.post(`${post}comments`, form(b.token))).response.status).toBe(403)
    expect((await b.c.post(`${post}comments`, form(b.token, { body: 'b' }))).response.status).toBe(303)
  })

  it('should log one line per request', async () => {
    const before = logLines.length
    const c = client(server.url)
    await c.get('/')
    await c.get('/nope/')
    expect(logLines.length - before).toBe(2)
    expect(logLines.at(-1)).toMatch(/^\d{4}-\d\d-\d\dT\S+ \S+ GET \/nope\/ 404 \d+\.\dms$/)
  })
})

describe('commenting', () => {
  it('should store a comment, redirect to its anchor and show it at once, without the e-mail', async () => {
    const { c, token } = await reader()
    const { response } = await c.post(`${post}comments`, form(token, { body: 'Live **comment** one.' }))
    expect(response.status).toBe(303)
    const location = response.headers.get('location')!
    // Note: on the page of comments that holds it, marked, with a note that it is published.
    expect(location).toMatch(/^\/posts\/ai-and-the-communicator\/\?published=[^&#]+#comment-/)
    const id = commentIdOf(location)
    const landed = (await c.get(location)).text
    expect(landed).toContain(`<li class="comment comment-top comment-new" id="comment-${id}">`)
    expect(landed).toContain(
      '<p class="comment-notice" role="status">Thank you! Your comment is published.</p>',
    )
    const page = (await c.get(post)).text
    expect(page).toContain(`id="comment-${id}"`)
    expect(page).not.toContain('comment-new')
    expect(page).toContain('Live <strong>comment</strong> one.')
    expect(page).not.toContain('testa@example.se')
    const feed = (await c.get(`${post}comments.xml`)).text
    expect(feed).toContain(`#comment-${id}`)
    expect(feed).not.toContain('testa@example.se')
    expect((await server.store.get(id))?.status).toBe('approved')
  })

  it('should store a reply under its parent', async () => {
    const { c, token } = await reader(`${post}?replyTo=c-ai-1`)
    const { response } = await c.post(
      `${post}comments`,
      form(token, { parentId: 'c-ai-1', body: 'A reply.' }),
    )
    expect(response.status).toBe(303)
    const id = commentIdOf(response.headers.get('location'))
    expect((await server.store.get(id))?.parentId).toBe('c-ai-1')
    const page = (await c.get(post)).text
    const parent = page.slice(page.indexOf('id="comment-c-ai-1"'), page.indexOf('id="comment-c-ai-2"'))
    expect(parent).toContain(`id="comment-${id}"`)
  })

  it('should add https:// to a site address typed without it', async () => {
    const { c, token } = await reader()
    const { response } = await c.post(`${post}comments`, form(token, { url: 'www.example.se/blogg' }))
    const id = commentIdOf(response.headers.get('location'))
    expect((await server.store.get(id))?.author.url).toBe('https://www.example.se/blogg')
  })

  it('should show validation errors in the form with the input kept, and store nothing', async () => {
    const { c, token } = await reader()
    const before = (await server.store.count())['ai-and-the-communicator']
    const empty = await c.post(
      `${post}comments`,
      form(token, { name: ' ', body: '', email: 'kept@example.se' }),
    )
    expect(empty.response.status).toBe(422)
    expect(empty.text).toContain('Enter your name.')
    expect(empty.text).toContain('Write a comment.')
    expect(empty.text).toContain('value="kept@example.se"')
    expect(empty.text).toMatch(/id="comment-name"[^>]*aria-invalid="true"/)

    const badUrl = await c.post(
      `${post}comments`,
      form(token, { url: 'javascript:alert(1)', body: 'Keep <me> & this' }),
    )
    expect(badUrl.response.status).toBe(422)
    expect(badUrl.text).toMatch(/id="comment-url"[^>]*aria-invalid="true"/)
    expect(badUrl.text).toContain('Keep &lt;me&gt; &amp; this</textarea>')

    const badEmail = await c.post(`${post}comments`, form(token, { email: 'not an email' }))
    expect(badEmail.response.status).toBe(422)
    expect(badEmail.text).toMatch(/id="comment-email"[^>]*aria-invalid="true"/)

    const parent = await c.post(`${post}comments`, form(token, { parentId: 'c-rackvidd-1' }))
    expect(parent.response.status).toBe(422)
    expect(parent.text).toContain('The comment you are replying to is gone')
    expect((await server.store.count())['ai-and-the-communicator']).toBe(before)
  })

  it('should refuse a form without a valid anti-forgery token, keeping the input', async () => {
    const { c, token } = await reader()
    const forged = client(server.url)
    const noCookie = await forged.post(`${post}comments`, form(token, { body: 'forged body' }))
    expect(noCookie.response.status).toBe(403)
    expect(noCookie.text).toContain('The form has expired')
    expect(noCookie.text).toContain('forged body</textarea>')
    const wrong = await c.post(`${post}comments`, form(`${token}x`))
    expect(wrong.response.status).toBe(403)
    const none = await c.post(`${post}comments`, { ...form(token), csrf: '' })
    expect(none.response.status).toBe(403)
    const page = (await c.get(post)).text
    expect(page).not.toContain('forged body')
  })

  it('should refuse a non-form body', async () => {
    const { c } = await reader()
    const response = await c.request(`${post}comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    })
    expect(response.status).toBe(415)
  })

  it('should mark a comment with a filled honeypot as spam and tell the reader it awaits moderation', async () => {
    const { c, token } = await reader()
    const { response } = await c.post(
      `${post}comments`,
      form(token, { website: 'http://spam.example', body: 'Buy now' }),
    )
    expect(response.status).toBe(303)
    const location = response.headers.get('location')!
    expect(location).toMatch(/\?held=.+#comment-form$/)
    const id = commentIdOf(location)
    expect((await server.store.get(id))?.status).toBe('spam')
    expect(location).toContain('why=spam')
    const page = (await c.get(location)).text
    expect(page).toContain(
      'Thank you! Your comment is saved but not shown yet: the spam filter asked for a person to look at it. It will appear here once a moderator has approved it.',
    )
    expect(page).not.toContain('Buy now')
  })

  it('should hold a comment with too many links as pending', async () => {
    const { c, token } = await reader(svPost)
    const { response } = await c.post(
      `${svPost}comments`,
      form(token, { body: 'http://a.example http://b.example http://c.example' }),
    )
    const id = commentIdOf(response.headers.get('location'))
    expect((await server.store.get(id))?.status).toBe('pending')
    expect(response.headers.get('location')).toContain('why=links')
    expect((await c.get(response.headers.get('location')!)).text).toContain(
      'Tack! Din kommentar är sparad men visas inte än: den har fler än 2 länkar, och kommentarer med många länkar läses av en människa först. Den visas här när en moderator har godkänt den.',
    )
    const foreign = (await c.get(`${svPost}?held=x&why=%3Cscript%3E`)).text
    expect(foreign).toContain('visas inte än: en moderator tittar på den först.')
  })

  it('should refuse a body over the limit with 413 and store nothing', async () => {
    const { c, token } = await reader()
    const before = await server.store.export()
    const { response } = await c.post(`${post}comments`, form(token, { body: 'x'.repeat(5000) }))
    expect(response.status).toBe(413)
    expect((await server.store.export()).comments.length).toBe(before.comments.length)
  })
})

describe('rate limits', () => {
  it('should answer 429 with Retry-After past RATE_LIMIT, keeping the input', async () => {
    const limited = await start({ RATE_LIMIT: '2', HOLD_AFTER: '100', SEED: '0' })
    const c = client(limited.url)
    const token = csrfOf((await c.get(post)).text)
    for (let i = 0; i < 2; i++) {
      expect((await c.post(`${post}comments`, form(token, { body: `ok ${i}` }))).response.status).toBe(303)
    }
    const third = await c.post(`${post}comments`, form(token, { body: 'third one' }))
    expect(third.response.status).toBe(429)
    expect(Number(third.response.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(third.text).toContain('third one</textarea>')
    expect((await limited.store.export()).comments.map((x) => x.body)).toEqual(['ok 0', 'ok 1'])
  })

  it('should hold comments past HOLD_AFTER for a moderator (the spam check pipeline)', async () => {
    const held = await start({ RATE_LIMIT: '100', HOLD_AFTER: '1', SEED: '0' })
    const c = client(held.url)
    const token = csrfOf((await c.get(post)).text)
    const first = await c.post(`${post}comments`, form(token, { body: 'one' }))
    const second = await c.post(`${post}comments`, form(token, { body: 'two' }))
    expect((await held.store.get(commentIdOf(first.response.headers.get('location'))))?.status).toBe(
      'approved',
    )
    expect(second.response.headers.get('location')).toContain('?held=')
    expect((await held.store.get(commentIdOf(second.response.headers.get('location'))))?.status).toBe(
      'pending',
    )
  })
})

describe('feeds', () => {
  it('should serve the site feeds with ETag and Last-Modified and answer 304', async () => {
    const c = client(server.url)
    for (const [path, type] of [
      ['/feed.xml', 'application/rss+xml'],
      ['/atom.xml', 'application/atom+xml'],
      ['/feed.json', 'application/feed+json'],
    ] as const) {
      const { response, text } = await c.get(path)
      expect(response.status).toBe(200)
      expect(response.headers.get('content-type')).toContain(type)
      expect(text).toContain(server.site.posts[0]!.url)
      const etag = response.headers.get('etag')!
      expect(etag).toMatch(/^"/)
      expect((await c.get(path, { 'if-none-match': etag })).response.status).toBe(304)
      const lastModified = response.headers.get('last-modified')!
      expect((await c.get(path, { 'if-modified-since': lastModified })).response.status).toBe(304)
      expect((await c.get(path, { 'if-none-match': '"other"' })).response.status).toBe(200)
    }
  })

  it('should send the menu to the subscribe page, which lists the feeds with their addresses', async () => {
    const c = client(server.url)
    expect((await c.get('/')).text).toContain('<li><a href="/subscribe/">RSS</a></li>')
    const { text } = await c.get('/subscribe/')
    for (const path of ['/feed.xml', '/atom.xml', '/feed.json', `${svPost}comments.rss`])
      expect(text).toContain(`<code>${server.site.urls.absolute(path)}</code>`)
  })

  it('should serve each post comment feed as RSS, Atom and JSON Feed, with validators and 304', async () => {
    const c = client(server.url)
    for (const [name, type] of [
      ['comments.rss', 'application/rss+xml'],
      ['comments.xml', 'application/atom+xml'],
      ['comments.json', 'application/feed+json'],
    ] as const) {
      const path = `${svPost}${name}`
      const { response, text } = await c.get(path)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type'), path).toBe(`${type}; charset=utf-8`)
      expect(text, path).toContain(`${server.site.urls.absolute(svPost)}#comment-`)
      const etag = response.headers.get('etag')!
      expect((await c.get(path, { 'if-none-match': etag })).response.status, path).toBe(304)
      const lastModified = response.headers.get('last-modified')!
      expect((await c.get(path, { 'if-modified-since': lastModified })).response.status, path).toBe(304)
    }
  })

  it('should put a new approved comment into the post comment feed at once', async () => {
    const c = client(server.url)
    const path = `${svPost}comments.xml`
    const first = await c.get(path)
    expect(first.response.headers.get('content-type')).toContain('application/atom+xml')
    const etag = first.response.headers.get('etag')!
    expect((await c.get(path, { 'if-none-match': etag })).response.status).toBe(304)
    const token = csrfOf((await c.get(svPost)).text)
    const { response } = await c.post(`${svPost}comments`, form(token, { body: 'Fresh in the feed.' }))
    const id = commentIdOf(response.headers.get('location'))
    const after = await c.get(path, { 'if-none-match': etag })
    expect(after.response.status).toBe(200)
    expect(after.text).toContain(`#comment-${id}`)
    expect(after.text).toContain('Fresh in the feed.')
    expect(after.response.headers.get('etag')).not.toBe(etag)
    for (const other of ['comments.rss', 'comments.json'])
      expect((await c.get(`${svPost}${other}`)).text).toContain(`#comment-${id}`)
  })

  it('should move Last-Modified of the comment feed when an older comment is approved', async () => {
    const { c, token } = await reader(svPost)
    const { response } = await c.post(
      `${svPost}comments`,
      form(token, { body: 'Older, held: http://a.example http://b.example http://c.example' }),
    )
    const id = commentIdOf(response.headers.get('location'))
    // A newer comment is published: the held one is now older than the newest in the feed.
    await new Promise((resolve) => setTimeout(resolve, 1100))
    await c.post(`${svPost}comments`, form(token, { body: 'Newer and published.' }))
    const path = `${svPost}comments.xml`
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const before = await c.get(path)
    const since = before.response.headers.get('last-modified')!
    expect((await c.get(path, { 'if-modified-since': since })).response.status).toBe(304)
    await new Promise((resolve) => setTimeout(resolve, 1100))
    const admin = await c.post(
      `/admin/comments/${id}`,
      { action: 'approve' },
      { authorization: `Bearer ${adminToken}` },
    )
    expect(admin.response.status).toBe(200)
    const after = await c.get(path, { 'if-modified-since': since })
    expect(after.response.status).toBe(200)
    expect(after.text).toContain(`#comment-${id}`)
    expect(Date.parse(after.response.headers.get('last-modified')!)).toBeGreaterThan(Date.parse(since))
  })
})

describe('admin', () => {
  it('should be off with a clear message without ADMIN_TOKEN', async () => {
    const off = await start({ SEED: '0' })
    const { response, text } = await client(off.url).get('/admin')
    expect(response.status).toBe(503)
    expect(text).toContain('ADMIN_TOKEN')
  })

  it('should ask for the token, refuse a wrong one and sign in with the right one', async () => {
    const c = client(server.url)
    const login = await c.get('/admin')
    expect(login.response.status).toBe(401)
    const token = csrfOf(login.text)
    const wrong = await c.post('/admin/login', { csrf: token, token: 'wrong-token-000' })
    expect(wrong.response.status).toBe(401)
    expect(wrong.text).toContain('Det är inte adminnyckeln.')
    const noCsrf = await c.post('/admin/login', { csrf: 'x', token: adminToken })
    expect(noCsrf.response.status).toBe(403)
    const right = await c.post('/admin/login', { csrf: token, token: adminToken })
    expect(right.response.status).toBe(303)
    const cookie = right.response.headers.getSetCookie().find((x) => x.startsWith('blogkit_admin='))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Strict/i)
    expect((await c.get('/admin')).response.status).toBe(200)
    const out = await c.post('/admin/logout', { csrf: token })
    expect(out.response.status).toBe(303)
    expect((await c.get('/admin')).response.status).toBe(401)
    expect(
      (await client(server.url).get('/admin', { cookie: 'blogkit_admin=9999999999999.forged' })).response
        .status,
    ).toBe(401)
  })

  it('should list pending and spam comments and approve, mark spam, delete and restore them', async () => {
    const { c: r, token: readerToken } = await reader()
    const held = await r.post(
      `${post}comments`,
      form(readerToken, { body: 'Held http://1.example http://2.example http://3.example' }),
    )
    const id = commentIdOf(held.response.headers.get('location'))

    const c = client(server.url)
    const loginToken = csrfOf((await c.get('/admin')).text)
    await c.post('/admin/login', { csrf: loginToken, token: adminToken })
    const queue = await c.get('/admin')
    expect(queue.text).toContain(`id="comment-${id}"`)
    expect(queue.text).toContain('Hölls kvar: 3 länkar, högst 2 tillåts')
    expect(queue.text).not.toContain('too-many-links')
    expect(queue.text).toContain('testa@example.se') // moderators see the e-mail
    const token = csrfOf(queue.text)

    const act = async (action: string, expected: string) => {
      const { response } = await c.post(`/admin/comments/${id}`, { csrf: token, action, view: 'pending' })
      expect(response.status).toBe(303)
      expect((await server.store.get(id))?.status).toBe(expected)
    }
    await act('approve', 'approved')
    expect((await c.get(post)).text).toContain(`id="comment-${id}"`)
    expect((await c.get(`${post}comments.xml`)).text).toContain(`#comment-${id}`)
    await act('spam', 'spam')
    expect((await c.get(post)).text).not.toContain(`id="comment-${id}"`)
    expect((await c.get('/admin?view=spam')).text).toContain(`id="comment-${id}"`)
    await act('restore', 'approved')
    await act('delete', 'deleted')
    expect((await c.get('/admin?view=deleted')).text).toContain(`id="comment-${id}"`)
    await act('restore', 'approved')

    const forged = await c.post(`/admin/comments/${id}`, { csrf: 'nope', action: 'delete' })
    expect(forged.response.status).toBe(403)
    expect((await c.post(`/admin/comments/${id}`, { csrf: token, action: 'burn' })).response.status).toBe(400)
    expect((await c.post('/admin/comments/nope', { csrf: token, action: 'approve' })).response.status).toBe(
      404,
    )
    expect((await c.get('/admin?view=nope')).response.status).toBe(400)
    expect((await c.get('/admin?before=garbage')).response.status).toBe(400)
  })

  it('should take a bearer token instead of the cookie, without a form token', async () => {
    const c = client(server.url)
    const denied = await c.post('/admin/comments/c-ai-2', { action: 'spam' })
    expect(denied.response.status).toBe(401)
    const wrong = await c.get('/admin', { authorization: 'Bearer wrong-token-000' })
    expect(wrong.response.status).toBe(401)
    const page = await c.get('/admin?view=approved', { authorization: `Bearer ${adminToken}` })
    expect(page.response.status).toBe(200)
    const done = await c.post(
      '/admin/comments/c-ai-2',
      { action: 'spam' },
      { authorization: `Bearer ${adminToken}` },
    )
    expect(JSON.parse(done.text)).toEqual({ id: 'c-ai-2', status: 'spam' })
    await c.post('/admin/comments/c-ai-2', { action: 'restore' }, { authorization: `Bearer ${adminToken}` })
    expect((await server.store.get('c-ai-2'))?.status).toBe('approved')
  })
})

describe('database and settings', () => {
  it('should create, migrate and seed the database once', async () => {
    const first = await start()
    expect(first.seeded).toBeGreaterThan(50)
    const path = first.config.databasePath
    await first.close()
    const again = await start({ DATABASE_PATH: path })
    expect(again.seeded).toBe(0)
    const total = (await again.store.export()).comments.length
    expect(total).toBe(first.seeded)
    await again.close()
    const db = new Database(path, { readonly: true })
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(2)
    expect(db.prepare('SELECT count(*) AS n FROM comments').get()).toEqual({ n: first.seeded })
    db.close()
  })

  it('should name the variable of a bad setting', () => {
    expect(() => readConfig({ PORT: 'abc' })).toThrow(ConfigError)
    expect(() => readConfig({ PORT: '70000' })).toThrow(/PORT=70000 is not valid/)
    expect(() => readConfig({ RATE_LIMIT: '0' })).toThrow(/RATE_LIMIT=0/)
    expect(() => readConfig({ ADMIN_TOKEN: 'short' })).toThrow(/ADMIN_TOKEN is too short/)
    expect(() => readConfig({ TRUST_PROXY: 'maybe' })).toThrow(/TRUST_PROXY/)
    expect(() => readConfig({ SITE_URL: 'blog.example' })).toThrow(/SITE_URL/)
    const defaults = readConfig({})
    expect(defaults.port).toBe(3000)
    expect(defaults.databasePath).toMatch(/examples\/server-blog\/data\/comments\.db$/)
    expect(() => readConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL is not a PostgreSQL URL/)
    expect(() => readConfig({ DATABASE_SCHEMA: 'a-b' })).toThrow(/DATABASE_SCHEMA=a-b/)
  })
})
