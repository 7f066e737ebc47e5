// `GET /comments?page=…&body=1`: each comment's Markdown as written, for a builder that renders the
// comments with its own templates (the static blog's `--comments-url`); `byAuthor` on the author's own.
import { afterEach, describe, expect, it } from 'vitest'
import { type CommentsAnswer, createCommentHandler, normalizePageUrl } from '../src/http.js'
import type { CommentStore } from '../src/index.js'
import { createSqliteCommentStore } from '../src/sqlite.js'

const site = 'https://blog.example'
const page = normalizePageUrl(`${site}/2024/hej/`)!

const stores: CommentStore[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

async function setup() {
  const store = createSqliteCommentStore({ filename: ':memory:' })
  stores.push(store)
  const handler = createCommentHandler({ store, allowedOrigins: [site] })
  const first = await store.add({ postId: page, author: { name: 'Maria' }, body: 'Hej **alla**!' })
  const reply = await store.add(
    { postId: page, parentId: first.comment.id, author: { name: 'Elin' }, body: '@Maria: tack' },
    { byAuthor: true },
  )
  return { store, handler, first: first.comment, reply: reply.comment }
}

const read = async (handler: (request: Request) => Promise<Response>, query: string) => {
  const response = await handler(
    new Request(`https://comments.example/comments?page=${encodeURIComponent(page)}${query}`),
  )
  return { status: response.status, json: (await response.json()) as CommentsAnswer }
}

describe('GET /comments with body=1', () => {
  it('adds each comment’s Markdown only when asked, and marks the author’s comments', async () => {
    const { handler, first, reply } = await setup()
    const plain = await read(handler, '')
    expect(plain.status).toBe(200)
    expect(plain.json.threads[0]).not.toHaveProperty('body')
    expect(plain.json.threads[0]).not.toHaveProperty('byAuthor')
    expect(plain.json.threads[0]!.replies[0]!.byAuthor).toBe(true)

    const withBody = await read(handler, '&body=1')
    expect(withBody.json.threads[0]).toMatchObject({ id: first.id, body: 'Hej **alla**!' })
    expect(withBody.json.threads[0]!.html).toContain('<strong>alla</strong>')
    expect(withBody.json.threads[0]!.replies[0]).toMatchObject({ id: reply.id, body: '@Maria: tack' })
  })

  it('gives a placeholder an empty body', async () => {
    const { store, handler, first } = await setup()
    await store.moderate({ id: first.id, action: 'delete' })
    const { json } = await read(handler, '&body=1')
    expect(json.threads[0]).toMatchObject({ id: first.id, placeholder: true, body: '' })
    expect(json.threads[0]!.author.name).toBe('')
  })

  it('refuses a body parameter that is not 0 or 1', async () => {
    const { handler } = await setup()
    const { status, json } = await read(handler, '&body=yes')
    expect(status).toBe(400)
    expect(json).toMatchObject({ error: { code: 'invalid-body', field: 'body' } })
  })
})
