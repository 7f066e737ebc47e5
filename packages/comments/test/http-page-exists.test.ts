// `pageExists`: a host that knows its pages (a blog's posts, kept under their slugs by `pageIdentifier`)
// refuses reads and posts for any other page, so nothing is stored under an id no page has.
import { afterEach, describe, expect, it } from 'vitest'
import { createCommentHandler } from '../src/http.js'
import type { CommentStore } from '../src/index.js'
import { createSqliteCommentStore } from '../src/sqlite.js'

const site = 'https://blog.example'
const stores: CommentStore[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

function setup() {
  const store = createSqliteCommentStore({ filename: ':memory:' })
  stores.push(store)
  const slugs = new Set(['hej'])
  const handler = createCommentHandler({
    store,
    allowedOrigins: [site],
    rateLimit: false,
    pageIdentifier: (url) => /^https:\/\/blog\.example\/posts\/([^/]+)\/$/.exec(url)?.[1] ?? url,
    pageExists: (identifier) => slugs.has(identifier),
  })
  const post = (fields: Record<string, string>) =>
    handler(
      new Request('https://blog.example/comments', {
        method: 'POST',
        headers: {
          origin: site,
          accept: 'application/json',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams(fields),
      }),
    )
  const read = (query: string) => handler(new Request(`https://blog.example/comments?${query}`))
  return { store, post, read }
}

describe('createCommentHandler with pageExists', () => {
  it('should keep a known page under its identifier and read it back', async () => {
    const { store, post, read } = setup()
    const page = `${site}/posts/hej/`
    expect((await post({ page, name: 'Maria', body: 'Hej!' })).status).toBe(201)
    expect((await store.list({ postId: 'hej' })).map((c) => c.body)).toEqual(['Hej!'])
    const answer = await read(`page=${encodeURIComponent(page)}`)
    expect(answer.status).toBe(200)
    expect(((await answer.json()) as { total: number }).total).toBe(1)
  })

  it('should refuse posts and reads for a page that does not exist, storing nothing', async () => {
    const { store, post, read } = setup()
    const unknown = `${site}/posts/nope/`
    const posted = await post({ page: unknown, name: 'Maria', body: 'Hej!' })
    expect(posted.status).toBe(404)
    expect(
      (await post({ page: `${site}/posts/hej/`, identifier: 'nope', name: 'M', body: 'x' })).status,
    ).toBe(404)
    expect((await store.export()).comments).toEqual([])
    const answer = await read(`page=${encodeURIComponent(unknown)}`)
    expect(answer.status).toBe(404)
    expect(await answer.json()).toMatchObject({ error: { code: 'unknown-page', field: 'page' } })
    expect((await read('identifier=nope')).status).toBe(404)
  })
})
