// The handler's side of the `<blogkit-comments>` element: GET /embed.js, and POST /comments answered as JSON
// to a script that posts in place (`Accept: application/json`).
import { afterEach, describe, expect, it } from 'vitest'
import { type CommentHandlerOptions, createCommentHandler, formSpamChecks } from '../src/http.js'
import type { CommentStore } from '../src/index.js'
import { createSqliteCommentStore } from '../src/sqlite.js'

const site = 'https://blog.example'
const page = `${site}/2024/hej/`
const service = 'https://comments.example'
const script = 'customElements.define("blogkit-comments", class extends HTMLElement {})\n'

const stores: CommentStore[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

function setup(options: Partial<CommentHandlerOptions> = {}, withScript = true) {
  const store = createSqliteCommentStore({
    filename: ':memory:',
    spamChecks: formSpamChecks({ maxLinks: 1 }),
  })
  stores.push(store)
  const embed = withScript ? { embedScript: script } : {}
  return { store, handler: createCommentHandler({ store, allowedOrigins: [site], ...embed, ...options }) }
}

const postJson = (
  handler: (request: Request) => Promise<Response>,
  fields: Record<string, string>,
  origin = site,
) =>
  handler(
    new Request(`${service}/comments`, {
      method: 'POST',
      headers: { origin, accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ page, name: 'Maria', body: 'Hej!', ...fields }),
    }),
  )

describe('GET /embed.js', () => {
  it('should serve the script as JavaScript with an ETag, caching headers and CORS for allowed origins', async () => {
    const { handler } = setup()
    const response = await handler(new Request(`${service}/embed.js`, { headers: { origin: site } }))
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(response.headers.get('cache-control')).toMatch(/^public, max-age=\d+/)
    expect(response.headers.get('access-control-allow-origin')).toBe(site)
    expect(response.headers.get('vary')).toBe('Origin')
    expect(await response.text()).toBe(script)
    const etag = response.headers.get('etag')!
    expect(etag).toMatch(/^W\/"[\w-]+"$/)

    const again = await handler(new Request(`${service}/embed.js`, { headers: { 'if-none-match': etag } }))
    expect(again.status).toBe(304)
    const head = await handler(new Request(`${service}/embed.js`, { method: 'HEAD' }))
    expect(head.status).toBe(200)
    expect(await head.text()).toBe('')
  })

  it('should give another origin no CORS headers (its page cannot run the module)', async () => {
    const { handler } = setup()
    const response = await handler(
      new Request(`${service}/embed.js`, { headers: { origin: 'https://evil.example' } }),
    )
    expect(response.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('should be under the base path, and 404 without embedScript; a bad embedScript is a TypeError', async () => {
    const { handler } = setup({ basePath: '/api' })
    expect((await handler(new Request(`${service}/api/embed.js`))).status).toBe(200)
    const { handler: without } = setup({}, false)
    expect((await without(new Request(`${service}/embed.js`))).status).toBe(404)
    expect(() => setup({ embedScript: '  ' })).toThrow(/Expected `embedScript` to be the text/)
    expect(() => setup({ embedScript: 42 as unknown as string })).toThrow(TypeError)
  })
})

describe('POST /comments for a script (Accept: application/json)', () => {
  it('should answer 201 with the comment as the reads show it, a reply with its parent', async () => {
    const { handler } = setup()
    const response = await postJson(handler, {
      email: 'maria@example.se',
      url: 'maria.example',
      body: 'Hej *alla*!',
    })
    expect(response.status).toBe(201)
    expect(response.headers.get('access-control-allow-origin')).toBe(site)
    expect(response.headers.get('cache-control')).toBe('no-store')
    const answer = await response.json()
    expect(answer).toMatchObject({
      status: 'approved',
      comment: {
        author: { name: 'Maria', url: 'https://maria.example/' },
        html: '<p>Hej <em>alla</em>!</p>',
        placeholder: false,
        replies: [],
      },
    })
    expect(answer.location).toBe(`${page}#comment-${answer.comment.id}`)
    expect(JSON.stringify(answer)).not.toContain('maria@example.se')

    const reply = await (
      await postJson(handler, { name: 'Bo', parent: answer.comment.id, body: 'Tack' })
    ).json()
    expect(reply.comment.parentId).toBe(answer.comment.id)
    // The new comment is the one the read shows, with the same rendering.
    const read = await (
      await handler(new Request(`${service}/comments?page=${encodeURIComponent(page)}`))
    ).json()
    expect(read.threads[0].replies[0]).toEqual(reply.comment)
    expect(read.lang).toBe('en')
  })

  it('should answer 202 with the held message in the reader’s language', async () => {
    const { handler } = setup({ maxLinks: 1 })
    const response = await postJson(handler, {
      lang: 'sv',
      body: 'Se https://a.example och https://b.example',
    })
    expect(response.status).toBe(202)
    const answer = await response.json()
    expect(answer).toMatchObject({ status: 'pending', why: 'links' })
    expect(answer.message).toMatch(/^Tack! Din kommentar är sparad men visas inte än: den har fler än 1 länk/)
    expect(new URL(answer.location).pathname).toBe('/held')
  })

  it('should answer problems by field with the status of the page, and store nothing', async () => {
    const { handler, store } = setup()
    const missing = await postJson(handler, { name: ' ', body: '' })
    expect(missing.status).toBe(422)
    expect(missing.headers.get('content-type')).toBe('application/json; charset=utf-8')
    expect(await missing.json()).toEqual({
      status: 'error',
      error: { code: 'invalid-comment', message: 'Enter your name.', field: 'name' },
      errors: { name: 'Enter your name.', body: 'Write a comment.' },
    })
    const parent = await (await postJson(handler, { parent: 'gone' })).json()
    expect(parent.errors.form).toMatch(/replying to is gone/)
    const foreign = await postJson(handler, {}, 'https://evil.example')
    expect(foreign.status).toBe(403)
    expect((await foreign.json()).error.code).toBe('origin-not-allowed')
    expect(await store.list({ postId: page })).toEqual([])
  })

  it('should say in the read when the service offers reply mails (for the notify box)', async () => {
    const read = async (options: Partial<CommentHandlerOptions>) => {
      const { handler } = setup(options)
      const url = `${service}/comments?page=${encodeURIComponent(page)}&lang=sv-SE`
      return (await handler(new Request(url))).json()
    }
    expect(await read({ replyMail: true })).toMatchObject({ replyMail: true, lang: 'sv' })
    expect(await read({})).not.toHaveProperty('replyMail')
  })

  it('should keep answering a plain form with a redirect', async () => {
    const { handler } = setup()
    const response = await handler(
      new Request(`${service}/comments`, {
        method: 'POST',
        headers: {
          origin: site,
          accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ page, name: 'Maria', body: 'Hej' }),
      }),
    )
    expect(response.status).toBe(303)
  })
})
