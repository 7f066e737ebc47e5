import type { CommentStore } from '@blogkit/comments'
import { memoryCounters } from '@blogkit/comments/http'
import { createSqliteCommentStore } from '@blogkit/comments/sqlite'
import { commentAnchor, html } from '@blogkit/example-site/parts'
import type { Hono } from 'hono'
import { afterAll, describe, expect, it } from 'vitest'
import {
  type AdminSite,
  createAdminRoutes,
  createCsrf,
  createCsrfCookie,
  memoryAdminSessions,
} from '../src/index.js'

// The admin on its own, as a host mounts it (the README's example): the sign-in page, a moderator with
// a bearer token, the list in the site's language, and the answers without a token or with a wrong one.
const adminToken = 'admin-routes-token-456'
const secret = 'a-secret-of-at-least-32-characters!!'

const site: AdminSite = {
  language: 'sv-SE',
  secureCookies: false,
  author: { name: 'Ann' },
  document: ({ title, head, main }) =>
    html`<!doctype html><html lang="sv"><head><title>${title}</title>${head}</head><body>${main}</body></html>`.toString(),
  pageLink: (comment) => html`<a href="/${comment.postId}/">${comment.postId}</a>`,
  commentHref: (comment) => `/${comment.postId}/#${commentAnchor(comment)}`,
  filterField: () => html``,
}

const stores: CommentStore[] = []
afterAll(async () => {
  for (const store of stores) await store.close()
})

function mount(token: string | undefined) {
  const store = createSqliteCommentStore({ filename: ':memory:' })
  stores.push(store)
  const csrfCookie = createCsrfCookie(createCsrf(secret), { path: '/admin', secure: false })
  const admin: Hono = createAdminRoutes({
    site,
    store,
    base: '/admin',
    adminToken: token,
    secret,
    csrfToken: csrfCookie.token,
    clientIp: () => '192.0.2.1',
    crossOrigin: () => false,
    sessionStore: memoryAdminSessions(),
    counters: memoryCounters(),
  })
  return { admin, store }
}

describe('createAdminRoutes', () => {
  it('should ask for the token, in the site’s language, and never be cached', async () => {
    const { admin } = mount(adminToken)
    const response = await admin.request('/')
    expect(response.status).toBe(401)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const page = await response.text()
    expect(page).toContain('<h1>Granska kommentarer</h1>')
    expect(page).toContain('name="token" type="password"')
    expect(page).toMatch(/<link rel="stylesheet" href="\/admin\/admin\.css\?v=[0-9a-f]{10}">/)
  })

  it('should list the comments to a moderator with the bearer token, and refuse a wrong token', async () => {
    const { admin, store } = mount(adminToken)
    const { comment } = await store.add({ postId: 'hej', author: { name: 'Cia' }, body: 'Hej <b>där</b>' })
    const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` } })
    const list = await admin.request(`/?view=${comment.status}`, bearer(adminToken))
    expect(list.status).toBe(200)
    const page = await list.text()
    expect(page).toContain('Cia')
    expect(page).toContain('<a href="/hej/">hej</a>')
    expect(page).not.toContain('<b>där</b>')

    const wrong = await admin.request('/', bearer('not-the-token'))
    expect(wrong.status).toBe(401)
    expect(await wrong.text()).not.toContain('Cia')
  })

  it('should say how to turn moderation on when the host has no token (503), for every page', async () => {
    const { admin } = mount(undefined)
    for (const path of ['/', '/comments/x']) {
      const response = await admin.request(path)
      expect(response.status, path).toBe(503)
      expect(await response.text(), path).toContain('ADMIN_TOKEN=$(openssl rand -hex 16) npm start')
    }
  })

  it('should serve its own stylesheet', async () => {
    const { admin } = mount(adminToken)
    const response = await admin.request('/admin.css')
    expect(response.headers.get('content-type')).toBe('text/css; charset=utf-8')
    expect(await response.text()).toContain('.admin')
  })
})
