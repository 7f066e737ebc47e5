import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  type CommentHandlerOptions,
  createCommentHandler,
  formSpamChecks,
  notifyField,
  type PostedComment,
} from '../src/http.js'
import type { CommentStore } from '../src/index.js'
import { createSqliteCommentStore } from '../src/sqlite.js'

const site = 'https://blog.example'
const page = `${site}/2024/hej/`
const service = 'https://comments.example'

const stores: CommentStore[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
  vi.restoreAllMocks()
})

function setup(options: Partial<CommentHandlerOptions> = {}) {
  const store = createSqliteCommentStore({
    filename: ':memory:',
    spamChecks: formSpamChecks({ holdAfter: 100, maxLinks: 1 }),
  })
  stores.push(store)
  const posted: PostedComment[] = []
  const handler = createCommentHandler({
    store,
    allowedOrigins: [site],
    onPosted: (event) => {
      posted.push(event)
    },
    ...options,
  })
  return { store, handler, posted }
}

const post = (handler: (request: Request) => Promise<Response>, fields: Record<string, string>) =>
  handler(
    new Request(`${service}/comments`, {
      method: 'POST',
      headers: { origin: site, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ page, name: 'Maria', body: 'Hej!', ...fields }),
    }),
  )

describe('onPosted and the notify box', () => {
  it('should name the box `notify`', () => {
    expect(notifyField).toBe('notify')
  })

  it('should tell onPosted about a stored comment once, with the address and the ticked box', async () => {
    const { handler, posted } = setup({ replyMail: true })
    const fields = { email: 'maria@example.se', [notifyField]: 'yes', lang: 'sv' }
    expect((await post(handler, fields)).status).toBe(303)
    expect(posted).toHaveLength(1)
    expect(posted[0]).toMatchObject({
      comment: { status: 'approved', author: { name: 'Maria', email: 'maria@example.se' } },
      reasons: [],
      notify: true,
      lang: 'sv',
      pageUrl: page,
    })
    expect(posted[0]!.request).toBeInstanceOf(Request)
    // The same form sent again (a reload) is the comment stored the first time: not told twice.
    expect((await post(handler, fields)).status).toBe(303)
    expect(posted).toHaveLength(1)
  })

  it('should tell about a held comment with its reasons, and not tick the box without replyMail', async () => {
    const { handler, posted } = setup()
    const body = 'See https://a.example and https://b.example'
    await post(handler, { body, email: 'maria@example.se', [notifyField]: 'yes' })
    expect(posted[0]).toMatchObject({ comment: { status: 'pending' }, notify: false })
    expect(posted[0]!.reasons.join(' ')).toMatch(/too-many-links/)
  })

  it('should refuse a ticked box without an address, keeping the form and the box, and store nothing', async () => {
    const { store, handler, posted } = setup({ replyMail: true, language: 'sv' })
    const response = await post(handler, { [notifyField]: 'yes', body: 'Mitt svar' })
    expect(response.status).toBe(422)
    const text = await response.text()
    expect(text).toContain('Skriv din e-postadress för att få veta om svar')
    expect(text).toMatch(/<input id="f-notify" name="notify" type="checkbox" value="yes" checked>/)
    expect(text).toContain('Mitt svar')
    expect(posted).toEqual([])
    expect((await store.export()).comments).toEqual([])
    // Unticked, the same form is taken.
    expect((await post(handler, { [notifyField]: '', body: 'Mitt svar' })).status).toBe(303)
    expect(posted[0]!.notify).toBe(false)
  })

  it('should answer the reader as usual when onPosted fails, and log it', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => {})
    const { store, handler } = setup({
      onPosted: () => {
        throw new Error('SMTP is down')
      },
    })
    const response = await post(handler, {})
    expect(response.status).toBe(303)
    expect((await store.export()).comments).toHaveLength(1)
    expect(String(logged.mock.calls[0]?.[0])).toMatch(/onPosted failed for comment/)
  })

  it('should refuse an onPosted that is not a function', () => {
    expect(() => setup({ onPosted: 'https://hooks.example' as never })).toThrow(
      'Expected `onPosted` to be a function',
    )
  })
})
