import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BlogServer } from '../src/server.js'
import { cleanup, client, csrfOf, post, start, svPost } from './helpers.js'

// A second line of defence behind the anti-forgery token: a valid token sent by a page of another
// origin is refused, as the browser says (`Sec-Fetch-Site`, else `Origin`).
const adminToken = 'origin-test-token-789'
let server: BlogServer
beforeAll(async () => {
  server = await start({
    ADMIN_TOKEN: adminToken,
    SITE_URL: 'https://blog.example/',
    RATE_LIMIT: '1000',
    HOLD_AFTER: '1000',
    SEED: '0',
  })
})
afterAll(cleanup)

/** Post the comment form with a valid token and `headers`; the status and page. */
async function postWith(headers: Record<string, string>, page = post, body = 'From somewhere.') {
  const c = client(server.url)
  const token = csrfOf((await c.get(page)).text)
  return c.post(`${page}comments`, { csrf: token, name: 'Origin Test', body }, headers)
}

const stored = async (body: string) =>
  (await server.store.export()).comments.filter((comment) => comment.body === body).length

describe('cross-origin comment forms', () => {
  it('should refuse a valid token sent from another origin, keeping the text', async () => {
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { origin: 'https://blog.example.evil.example' },
      { 'sec-fetch-site': 'cross-site', origin: 'https://evil.example' },
      { 'sec-fetch-site': 'same-site', origin: 'https://www.blog.example' },
      // Sec-Fetch-Site wins over an Origin that looks right.
      { 'sec-fetch-site': 'cross-site', origin: 'https://blog.example' },
    ]) {
      const body = `Forged from ${JSON.stringify(headers)}`
      const { response, text } = await postWith(headers, post, body)
      expect(response.status, body).toBe(403)
      expect(text).toContain('The form was sent from another site and was not accepted.')
      expect(text).toContain(`${body.replaceAll('"', '&quot;')}</textarea>`)
      expect(await stored(body), body).toBe(0)
    }
    const sv = await postWith({ origin: 'https://evil.example' }, svPost)
    expect(sv.response.status).toBe(403)
    expect(sv.text).toContain('Formuläret skickades från en annan webbplats')
  })

  it('should take forms from the site itself, from the address it was reached at, and from scripts', async () => {
    const host = new URL(server.url).host
    for (const headers of [
      { 'sec-fetch-site': 'same-origin', origin: 'https://blog.example' },
      { 'sec-fetch-site': 'same-origin' },
      { origin: 'https://blog.example' },
      // Reached directly (http://127.0.0.1:<port>), not through SITE_URL: the browser's Origin is that.
      { origin: `http://${host}` },
      // No browser signals at all: a script or an old browser; the form token still has to be right.
      {},
    ]) {
      const body = `Same origin ${JSON.stringify(headers)}`
      const { response } = await postWith(headers, post, body)
      expect(response.status, body).toBe(303)
      expect(await stored(body), body).toBe(1)
    }
  })
})

describe('cross-origin admin requests', () => {
  it('should refuse sign-in, moderation and sign-out sent from another origin', async () => {
    const c = client(server.url)
    const csrf = csrfOf((await c.get('/admin')).text)
    const evil = { origin: 'https://evil.example' }
    const login = await c.post('/admin/login', { csrf, token: adminToken }, evil)
    expect(login.response.status).toBe(403)
    expect(c.cookies.has('blogkit_admin')).toBe(false)
    expect((await c.post('/admin/login', { csrf, token: adminToken })).response.status).toBe(303)

    const [comment] = (await server.store.export()).comments
    const moderate = await c.post(`/admin/comments/${comment!.id}`, { csrf, action: 'delete' }, evil)
    expect(moderate.response.status).toBe(403)
    expect((await server.store.get(comment!.id))?.status).toBe('approved')
    const out = await c.post('/admin/logout', { csrf }, { 'sec-fetch-site': 'cross-site' })
    expect(out.response.status).toBe(403)
    expect((await c.get('/admin')).response.status).toBe(200)
    // A script with the bearer token sends no Origin, and is not affected.
    const script = await client(server.url).post(
      `/admin/comments/${comment!.id}`,
      { action: 'spam' },
      { authorization: `Bearer ${adminToken}` },
    )
    expect(JSON.parse(script.text)).toEqual({ id: comment!.id, status: 'spam' })
  })
})
