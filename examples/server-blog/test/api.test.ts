// The live blog's comment API at /api/: @blogkit/comments/http's handler, the one the comment service
// runs, on the blog's own store and posts. A comment posted through it shows on the post page at once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cleanup, client, post, start } from './helpers.js'

let server: Awaited<ReturnType<typeof start>>
/** The post's canonical URL: what a page names in `page` (the site's address, not the socket's). */
let canonical: string
beforeAll(async () => {
  server = await start()
  const page = await (await fetch(new URL(post, server.url))).text()
  canonical = /<link rel="canonical" href="([^"]+)"/.exec(page)![1]!
})
afterAll(cleanup)

const origin = () => new URL(server.url).origin
const pageUrl = () => canonical

async function send(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return fetch(new URL('/api/comments', server.url), {
    method: 'POST',
    headers: {
      origin: origin(),
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      ...headers,
    },
    body: new URLSearchParams(fields),
  })
}

describe('the comment API of the live blog', () => {
  it("should read a post's threads by its URL, as the form keeps them", async () => {
    const answer = await fetch(new URL(`/api/comments?page=${encodeURIComponent(pageUrl())}`, server.url))
    expect(answer.status).toBe(200)
    const json = (await answer.json()) as { total: number; threads: unknown[] }
    const approved = await server.store.list({ postId: 'ai-and-the-communicator' })
    expect(json.total).toBeGreaterThan(0)
    expect(json.threads.length).toBeGreaterThan(0)
    expect(approved.length).toBeGreaterThanOrEqual(json.threads.length)
    const counts = await fetch(new URL(`/api/counts?page=${encodeURIComponent(pageUrl())}`, server.url))
    expect(((await counts.json()) as { counts: Record<string, number> }).counts[pageUrl()]).toBe(
      approved.length,
    )
  })

  it('should store a comment posted by a script under the post, and show it on the page at once', async () => {
    const reader = client(server.url)
    expect((await reader.get(post)).text).not.toContain('Skrivet genom API:et.')
    const answer = await send({ page: pageUrl(), name: 'Maria', body: 'Skrivet genom API:et.' })
    expect(answer.status).toBe(201)
    const { comment } = (await answer.json()) as { comment: { id: string } }
    expect((await server.store.get(comment.id))?.postId).toBe('ai-and-the-communicator')
    expect((await reader.get(post)).text).toContain('Skrivet genom API:et.')
  })

  it('should refuse a page that is not a post, and a post from another site, storing nothing', async () => {
    const before = (await server.store.export()).comments.length
    const elsewhere = new URL('/posts/no-such-post/', canonical).href
    expect((await send({ page: elsewhere, name: 'Maria', body: 'Hej' })).status).toBe(404)
    expect((await send({ page: pageUrl(), identifier: 'nope', name: 'Maria', body: 'Hej' })).status).toBe(404)
    expect(
      (await send({ page: pageUrl(), name: 'Maria', body: 'Hej' }, { origin: 'https://evil.example' }))
        .status,
    ).toBe(403)
    const read = await fetch(new URL(`/api/comments?page=${encodeURIComponent(elsewhere)}`, server.url))
    expect(read.status).toBe(404)
    expect((await server.store.export()).comments.length).toBe(before)
  })
})
