// Erasure requests: a moderator purges a comment (issue 20, item 9). The admin's purge button, its
// confirmation step (no JavaScript), the checks in front of it, and what readers and feeds show after.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BlogServer } from '../src/server.js'
import { cleanup, client, commentIdOf, csrfOf, post, start } from './helpers.js'

const adminToken = 'purge-test-token-789'
let server: BlogServer
beforeAll(async () => {
  server = await start({ ADMIN_TOKEN: adminToken, RATE_LIMIT: '1000', HOLD_AFTER: '1000', SEED: '0' })
})
afterAll(cleanup)

const author = { name: 'Erika Radera', email: 'erika@radera.example', url: 'https://erika-radera.example/' }
const text = 'Min adress är Storgatan 12, ring 070-765 43 21.'

/** A reader's comment with a reply by someone else; their ids. */
async function thread(body = text) {
  const reader = client(server.url)
  const token = csrfOf((await reader.get(post)).text)
  const first = await reader.post(`${post}comments`, { csrf: token, ...author, body })
  const id = commentIdOf(first.response.headers.get('location'))
  const second = await reader.post(`${post}comments`, {
    csrf: token,
    parentId: id,
    name: 'Svarande',
    body: 'Ett svar som ska stå kvar.',
  })
  return { id, replyId: commentIdOf(second.response.headers.get('location')) }
}

/** A moderator signed in through the form (cookie session); `csrf` is the admin page's form token. */
async function moderator() {
  const m = client(server.url)
  const csrf = csrfOf((await m.get('/admin')).text)
  expect((await m.post('/admin/login', { csrf, token: adminToken })).response.status).toBe(303)
  return { m, csrf }
}

describe('purging a comment from /admin', () => {
  it('should ask first, then erase the author and text everywhere, keeping the reply in its place', async () => {
    const { id, replyId } = await thread()
    const { m, csrf } = await moderator()
    const list = (await m.get('/admin?view=approved')).text
    // The link opens the confirmation page (no JavaScript, nothing changes yet).
    expect(list).toContain(
      `<a class="admin-purge" href="/admin/comments/${id}/purge?view=approved" aria-describedby="comment-${id}-meta">Radera…</a>`,
    )
    const confirm = await m.get(`/admin/comments/${id}/purge?view=approved`)
    expect(confirm.response.status).toBe(200)
    expect(confirm.text).toContain('<h1>Radera kommentaren?</h1>')
    expect(confirm.text).toContain('Det går inte att ångra')
    expect(confirm.text).toContain(author.email)
    expect(confirm.text).toContain('name="confirm" value="purge"')
    expect((await server.store.get(id))?.author.name).toBe(author.name)

    // A browser's POST without the confirmation goes to the confirmation page instead.
    const unconfirmed = await m.post(`/admin/comments/${id}`, { csrf, action: 'purge' })
    expect(unconfirmed.response.status).toBe(303)
    expect(unconfirmed.response.headers.get('location')).toBe(`/admin/comments/${id}/purge?view=pending`)
    expect((await server.store.get(id))?.purgedAt).toBeUndefined()

    const done = await m.post(`/admin/comments/${id}`, {
      csrf: csrfOf(confirm.text),
      action: 'purge',
      confirm: 'purge',
      view: 'approved',
    })
    expect(done.response.status).toBe(303)
    const location = done.response.headers.get('location')!
    expect(location).toBe(`/admin?view=approved&done=purge&id=${id}`)
    expect((await m.get(location)).text).toMatch(
      /role="status">Raderad: skribentens namn, e-postadress, webbplats och kommentarens text är raderade; svaren ligger kvar på sin plats\.</,
    )
    expect(await server.store.get(id)).toMatchObject({ author: { name: '' }, body: '', status: 'deleted' })

    // Readers: a placeholder where it was, the reply under it; nothing of the author or text anywhere.
    const reader = client(server.url)
    const page = (await reader.get(post)).text
    expect(page).toContain(`id="comment-${replyId}"`)
    expect(page).toContain('Ett svar som ska stå kvar.')
    const shown = [
      page,
      (await reader.get(`${post}comments.rss`)).text,
      (await reader.get(`${post}comments.xml`)).text,
      (await reader.get(`${post}comments.json`)).text,
      (await reader.get('/feed.xml')).text,
      (await m.get('/admin?view=deleted')).text,
      JSON.stringify(await server.store.export()),
    ].join('\n')
    for (const personal of [author.name, author.email, 'erika-radera.example', 'Storgatan 12', '070-765']) {
      expect(shown).not.toContain(personal)
    }
    // The deleted list shows it purged, with nothing to restore.
    const deleted = (await m.get('/admin?view=deleted')).text
    const row = deleted.slice(deleted.indexOf(`id="comment-${id}"`))
    expect(row.slice(0, row.indexOf('</li>'))).toContain('borttagen (raderad)')
    expect(row.slice(0, row.indexOf('</li>'))).not.toContain('<button')
    expect(row.slice(0, row.indexOf('</li>'))).not.toContain('type="checkbox"')
    const restore = await m.post(`/admin/comments/${id}`, { csrf, action: 'restore' })
    expect(restore.response.status).toBe(409)
    expect(restore.text).toContain('Kommentaren är raderad')
  })

  it('should keep the confirmation page and the purge behind the session, the form token and the origin check', async () => {
    const { id } = await thread('Ska inte raderas av en främling.')
    const stranger = client(server.url)
    expect((await stranger.get(`/admin/comments/${id}/purge`)).response.status).toBe(401)
    const csrf = csrfOf((await stranger.get('/admin')).text)
    const refused = await stranger.post(`/admin/comments/${id}`, { csrf, action: 'purge', confirm: 'purge' })
    expect(refused.response.status).toBe(401)
    const { m } = await moderator()
    const forged = await m.post(`/admin/comments/${id}`, {
      csrf: 'forged',
      action: 'purge',
      confirm: 'purge',
    })
    expect(forged.response.status).toBe(403)
    const crossSite = await m.post(
      `/admin/comments/${id}`,
      { csrf: csrfOf((await m.get('/admin')).text), action: 'purge', confirm: 'purge' },
      { 'sec-fetch-site': 'cross-site' },
    )
    expect(crossSite.response.status).toBe(403)
    expect((await server.store.get(id))?.purgedAt).toBeUndefined()
    expect((await m.get('/admin/comments/no-such-comment/purge')).response.status).toBe(404)
  })

  it('should purge from a script with a bearer token, without the confirmation page', async () => {
    const { id } = await thread('Raderas av ett skript.')
    const script = client(server.url)
    const { response, text: body } = await script.post(
      `/admin/comments/${id}`,
      { action: 'purge' },
      { authorization: `Bearer ${adminToken}` },
    )
    expect(response.status).toBe(200)
    const purged = (await server.store.get(id))!
    expect(JSON.parse(body)).toEqual({ id, status: 'deleted', purgedAt: purged.purgedAt })
  })
})
