import path from 'node:path'
import type { CommentStore } from '@blogkit/comments'
import { loadSite, type Site } from '@blogkit/example-site'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { defaultContentDir, readConfig } from '../src/config.js'
import { openCommentStore } from '../src/store.js'
import { cleanup, csrfOf, post, svPost, tempDir } from './helpers.js'

// The server's words come from the site's catalog: the admin in the moderator's browser language, what
// readers are told in the language of the post (or of the site).
const adminToken = 'i18n-admin-token-123'
let site: Site
let store: CommentStore
beforeAll(async () => {
  site = await loadSite({ contentDir: defaultContentDir })
  store = await openCommentStore(readConfig({ DATABASE_PATH: path.join(tempDir(), 'c.db'), SEED: '0' }))
})
afterAll(async () => {
  await store.close()
  await cleanup()
})

const appWith = (commentStore: CommentStore) =>
  createApp({
    site,
    store: commentStore,
    config: readConfig({ ADMIN_TOKEN: adminToken, BODY_LIMIT: '4096' }),
    secret: 'i18n-secret-0123456789abcdef0123',
  })

describe('a Swedish site', () => {
  it("should render the admin in the site's language (Swedish), whatever the browser asks for", async () => {
    expect(site.config.language).toBe('sv')
    const app = appWith(store)
    for (const header of ['sv-SE,sv;q=0.9,en;q=0.8', 'en-GB', 'de', '*', undefined]) {
      const headers: Record<string, string> = header === undefined ? {} : { 'accept-language': header }
      const login = await app.request('/admin', { headers })
      expect(login.status).toBe(401)
      const text = await login.text()
      expect(text, header).toContain('<h1>Granska kommentarer</h1>')
      expect(text).toContain('<html lang="sv"')
      expect(text).toContain('<label for="admin-token">Adminnyckel</label>')
    }
    const queue = await app.request('/admin', {
      headers: { 'accept-language': 'en', authorization: `Bearer ${adminToken}` },
    })
    expect(await queue.text()).toContain('<h2 id="admin-list-title">Väntande</h2>')
    const missing = await app.request('/admin/comments/no-such-comment/purge', {
      headers: { 'accept-language': 'en', authorization: `Bearer ${adminToken}` },
    })
    expect(await missing.text()).toBe('Det finns ingen kommentar med id no-such-comment.')
  })

  it('should render the admin in English on an English site', async () => {
    const english = { ...site, config: { ...site.config, language: 'en' } }
    const app = createApp({
      site: english,
      store,
      config: readConfig({ ADMIN_TOKEN: adminToken }),
      secret: 'i18n-secret-0123456789abcdef0123',
    })
    const page = await app.request('/admin', {
      headers: { 'accept-language': 'sv', authorization: `Bearer ${adminToken}` },
    })
    const text = await page.text()
    expect(text).toContain('<h1>Comment moderation</h1>')
    expect(text).toContain('<h2 id="admin-list-title">Pending</h2>')
  })

  it('should tell a reader in the language of the post that a comment is too large', async () => {
    const app = appWith(store)
    for (const [page, message] of [
      [svPost, 'Kommentaren är för stor: en kommentar får vara högst 4096 byte. Gå tillbaka och korta den.'],
      [post, 'Request body too large: comments are limited to 4096 bytes. Go back and shorten it.'],
    ] as const) {
      const opened = await app.request(page)
      const cookie = opened.headers.getSetCookie()[0]!.split(';')[0]!
      const answer = await app.request(`${page}comments`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          csrf: csrfOf(await opened.text()),
          name: 'Long',
          body: 'x'.repeat(5000),
        }),
      })
      expect(answer.status).toBe(413)
      expect(await answer.text()).toBe(message)
    }
  })

  it('should say in the language of the site that a request failed', async () => {
    const broken = new Proxy(store, {
      get: (target, name: keyof CommentStore) =>
        name === 'list' ? () => Promise.reject(new Error('disk on fire')) : target[name],
    })
    const app = appWith(broken)
    const answer = await app.request('/')
    expect(answer.status).toBe(500)
    expect(await answer.text()).toBe('Serverfel: begäran kunde inte hanteras. Felet har loggats.')
  })
})
