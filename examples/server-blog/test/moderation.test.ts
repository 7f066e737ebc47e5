import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { BlogServer } from '../src/server.js'
import { cleanup, client, commentIdOf, csrfOf, post, start } from './helpers.js'

const adminToken = 'moderation-test-token'
let server: BlogServer
beforeAll(async () => {
  server = await start({ ADMIN_TOKEN: adminToken, RATE_LIMIT: '1000', HOLD_AFTER: '1000', MAX_LINKS: '2' })
})
afterAll(cleanup)

/** A reader who opened the post page; `send` posts the form and returns the new comment's id and status. */
async function reader() {
  const c = client(server.url)
  const token = csrfOf((await c.get(post)).text)
  const send = async (fields: Record<string, string>) => {
    const { response } = await c.post(`${post}comments`, {
      csrf: token,
      name: 'Reader',
      body: 'x',
      ...fields,
    })
    expect(response.status).toBe(303)
    const id = commentIdOf(response.headers.get('location'))
    return { id, status: (await server.store.get(id))!.status, location: response.headers.get('location')! }
  }
  return { c, send }
}

describe('replies to held comments', () => {
  it('should hold a reply to a pending comment with it, and show neither', async () => {
    const { c, send } = await reader()
    const parent = await send({ body: 'Held: http://a.example http://b.example http://c.example' })
    expect(parent.status).toBe('pending')
    // The author knows the held comment's id from the redirect (`?held=<id>`).
    expect(parent.location).toContain(`?held=${parent.id}`)
    const reply = await send({ parentId: parent.id, body: 'A reply to the held comment, published?' })
    expect(reply.status).toBe('pending')
    expect(reply.location).toContain('?held=')
    const page = (await c.get(post)).text
    expect(page).not.toContain(`id="comment-${reply.id}"`)
    expect(page).not.toContain('A reply to the held comment')

    const queue = await client(server.url).get('/admin', { authorization: `Bearer ${adminToken}` })
    expect(queue.text).toContain('Hölls kvar: den svarar på en kommentar som är väntande')
  })

  it('should file a reply to a spam comment as spam', async () => {
    const { send } = await reader()
    const parent = await send({ website: 'http://bot.example', body: 'Spam' })
    expect(parent.status).toBe('spam')
    expect((await send({ parentId: parent.id, body: 'More spam' })).status).toBe('spam')
  })

  it('should publish a reply to an approved comment, and to a held one once a moderator approved it', async () => {
    const { c, send } = await reader()
    expect((await send({ parentId: 'c-ai-1', body: 'An ordinary reply' })).status).toBe('approved')
    const parent = await send({ body: 'Held: http://a.example http://b.example http://c.example' })
    const bearer = { authorization: `Bearer ${adminToken}` }
    await c.post(`/admin/comments/${parent.id}`, { action: 'approve' }, bearer)
    const reply = await send({ parentId: parent.id, body: 'A reply after approval' })
    expect(reply.status).toBe('approved')
    const page = (await c.get(post)).text
    const thread = page.slice(page.indexOf(`id="comment-${parent.id}"`))
    expect(thread).toContain(`id="comment-${reply.id}"`)
  })
})

describe('MAX_LINKS', () => {
  it('should count the links readers get, however the Markdown spells them', async () => {
    const { c, send } = await reader()
    for (const body of [
      '[one](h&#116;tps://a.example) [two](h&#116;tps://b.example) [three](h&#116;tps://c.example)',
      '[mail](mailto:a@example.se) b@example.se [site](https://c.example)',
    ]) {
      const comment = await send({ body })
      expect(comment.status, body).toBe('pending')
      expect((await c.get(post)).text).not.toContain(`id="comment-${comment.id}"`)
    }
    // URLs in code are text, not links.
    expect((await send({ body: '`https://a.example` `https://b.example` `https://c.example`' })).status).toBe(
      'approved',
    )
  })
})
