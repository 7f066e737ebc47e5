import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adminFailureLimit } from '../src/admin.js'
import type { BlogServer } from '../src/server.js'
import { cleanup, client, csrfOf, start } from './helpers.js'

// The admin's limits and sessions. Each test comes from its own address (`X-Forwarded-For` through
// `TRUST_PROXY=1`), so the per-address limit of one test does not touch the others.
const adminToken = 'admin-test-token-456'
let server: BlogServer
beforeAll(async () => {
  server = await start({ ADMIN_TOKEN: adminToken, TRUST_PROXY: '1', SEED: '1' })
})
afterAll(cleanup)

/** A browser from `ip` (as a proxy in front of the server would say). */
function browser(ip: string) {
  const c = client(server.url)
  const from = { 'x-forwarded-for': ip }
  return {
    c,
    get: (url: string, headers: Record<string, string> = {}) => c.get(url, { ...from, ...headers }),
    post: (url: string, fields: Record<string, string>, headers: Record<string, string> = {}) =>
      c.post(url, fields, { ...from, ...headers }),
  }
}

/** Sign in through the form; the browser then holds the session cookie. */
async function signIn(b: ReturnType<typeof browser>) {
  const csrf = csrfOf((await b.get('/admin')).text)
  const { response } = await b.post('/admin/login', { csrf, token: adminToken })
  expect(response.status).toBe(303)
  return csrf
}

describe('admin sign-in limits', () => {
  it('should limit wrong bearer tokens, then refuse every token from that address for the window', async () => {
    const b = browser('198.51.100.1')
    const statuses: number[] = []
    for (let i = 0; i < adminFailureLimit.max + 2; i++) {
      statuses.push((await b.get('/admin', { authorization: `Bearer wrong-token-${i}` })).response.status)
    }
    expect(statuses).toEqual([...Array(adminFailureLimit.max - 1).fill(401), 429, 429, 429])
    const locked = await b.get('/admin', { authorization: `Bearer ${adminToken}` })
    expect(locked.response.status).toBe(429)
    expect(Number(locked.response.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(locked.text).toContain('För många felaktiga adminnycklar')
    // Moderation through a bearer token is refused as well.
    const act = await b.post(
      '/admin/comments/c-ai-2',
      { action: 'spam' },
      { authorization: `Bearer ${adminToken}` },
    )
    expect(act.response.status).toBe(429)
    expect((await server.store.get('c-ai-2'))?.status).toBe('approved')
    // Another address is not affected.
    expect(
      (await browser('198.51.100.2').get('/admin', { authorization: `Bearer ${adminToken}` })).response
        .status,
    ).toBe(200)
  })

  it('should count wrong tokens of the form and of bearer requests together', async () => {
    const b = browser('198.51.100.3')
    const csrf = csrfOf((await b.get('/admin')).text)
    for (let i = 0; i < adminFailureLimit.max - 1; i++) {
      expect((await b.get('/admin', { authorization: `Bearer wrong-${i}` })).response.status).toBe(401)
    }
    const last = await b.post('/admin/login', { csrf, token: 'wrong-again-000' })
    expect(last.response.status).toBe(429)
    expect(last.text).toContain('För många felaktiga nycklar från den här adressen')
    expect((await b.post('/admin/login', { csrf, token: adminToken })).response.status).toBe(429)
  })

  it('should never limit the right token, however often it is sent from one address', async () => {
    const b = browser('198.51.100.4')
    for (let i = 0; i < 3 * adminFailureLimit.max; i++) await signIn(b)
    for (let i = 0; i < 3 * adminFailureLimit.max; i++) {
      expect((await b.get('/admin', { authorization: `Bearer ${adminToken}` })).response.status).toBe(200)
    }
    // A few mistakes among them do not lock the address out either.
    const csrf = csrfOf((await b.get('/admin')).text)
    expect((await b.post('/admin/login', { csrf, token: 'a-typo-in-it' })).response.status).toBe(401)
    await signIn(b)
  })
})

describe('admin sessions', () => {
  it('should revoke the session on sign-out, so that a copy of the cookie no longer opens /admin', async () => {
    const b = browser('198.51.100.5')
    const csrf = await signIn(b)
    const cookie = b.c.cookies.get('blogkit_admin')!
    expect((await b.get('/admin')).response.status).toBe(200)
    const copy = browser('198.51.100.6')
    copy.c.cookies.set('blogkit_admin', cookie)
    expect((await copy.get('/admin')).response.status).toBe(200)

    const out = await b.post('/admin/logout', { csrf })
    expect(out.response.status).toBe(303)
    expect((await b.get('/admin')).response.status).toBe(401)
    // The copy (a stolen cookie, another tab, a shared computer) is signed out too.
    expect((await copy.get('/admin')).response.status).toBe(401)
  })

  it('should refuse a sign-out without the form token, keeping the session', async () => {
    const b = browser('198.51.100.7')
    await signIn(b)
    const forged = await b.post('/admin/logout', { csrf: 'forged' })
    expect(forged.response.status).toBe(403)
    expect((await b.post('/admin/logout', {})).response.status).toBe(403)
    expect((await b.get('/admin')).response.status).toBe(200)
  })

  it('should refuse a cookie with a forged session id or signature', async () => {
    const b = browser('198.51.100.8')
    await signIn(b)
    const cookie = b.c.cookies.get('blogkit_admin')!
    expect(cookie).toMatch(/^[\w-]{43}\.\d+\.[\w-]+$/)
    const [id, expires, signature] = cookie.split('.')
    const other = browser('198.51.100.8')
    for (const cookie of [
      `${id}x.${expires}.${signature}`,
      `${id}.${Number(expires) + 1}.${signature}`,
      `${id}.${expires}.${signature}x`,
      `${id}.${expires}`,
      `${Date.now() + 3600_000}.${signature}`,
    ]) {
      other.c.cookies.set('blogkit_admin', cookie)
      expect((await other.get('/admin')).response.status, cookie).toBe(401)
    }
  })
})

describe('admin notices', () => {
  it('should show only known notices, about the comment as stored', async () => {
    const b = browser('198.51.100.9')
    const csrf = await signIn(b)
    const forged = await b.get('/admin?done=Your+session+expired.+Sign+in+at+https://evil.example&id=c-ai-3')
    expect(forged.text).not.toContain('evil.example')
    expect(forged.text).not.toContain('comment-form-notice')
    expect((await b.get('/admin?done=approve&id=no-such-comment')).text).not.toContain('comment-form-notice')

    const { response } = await b.post('/admin/comments/c-ai-3', { csrf, action: 'spam', view: 'spam' })
    expect(response.status).toBe(303)
    const location = response.headers.get('location')!
    expect(location).toBe('/admin?view=spam&done=spam&id=c-ai-3')
    const page = (await b.get(location)).text
    expect(page).toMatch(
      /<p class="comment-form-notice admin-notice" role="status">Markerad som skräp: kommentaren av [^<]+ är nu skräp\.<\/p>/,
    )
    await b.post('/admin/comments/c-ai-3', { csrf, action: 'restore' })
    expect((await server.store.get('c-ai-3'))?.status).toBe('approved')
  })
})
