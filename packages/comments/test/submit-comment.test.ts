import { readFileSync } from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import {
  createCommentHandler,
  createRateLimiter,
  formSpamChecks,
  honeypotField,
  memoryCounters,
  type SubmitCommentMessages,
  type SubmitCommentOptions,
  submitComment,
} from '../src/http.js'
import type { CommentStore } from '../src/index.js'
import { createSqliteCommentStore } from '../src/sqlite.js'

const stores: CommentStore[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

/** Words that say which rule spoke (and, for the store's, its code and field). */
const messages: SubmitCommentMessages = {
  nameMissing: 'name missing',
  bodyMissing: 'body missing',
  rate: (seconds) => `wait ${seconds} s`,
  problem: (error, field) => `${error.code} at ${field}`,
}

/** Every comment of the page, whatever its status. */
const countOf = async (store: CommentStore) => (await store.list({ postId: 'hej', moderator: true })).length

function setup() {
  const store = createSqliteCommentStore({ filename: ':memory:', spamChecks: formSpamChecks() })
  stores.push(store)
  const submit = (fields: Record<string, string>, options: Partial<SubmitCommentOptions> = {}) => {
    const form = new FormData()
    for (const [name, value] of Object.entries({ name: 'Maria', body: 'Hej!', ...fields })) {
      form.set(name, value)
    }
    return submitComment(form, { store, postId: 'hej', messages, ...options })
  }
  return { store, submit }
}

describe('submitComment', () => {
  it('should store a comment with the trimmed name, the address and the website as readers type it', async () => {
    const { store, submit } = setup()
    const result = await submit({
      name: ' Maria ',
      email: ' maria@example.se ',
      url: 'www.example.se',
      body: 'Hej *alla*!',
    })
    expect(result).toMatchObject({
      status: 'stored',
      reasons: [],
      comment: {
        postId: 'hej',
        status: 'approved',
        author: { name: 'Maria', email: 'maria@example.se', url: 'https://www.example.se/' },
      },
    })
    expect(await countOf(store)).toBe(1)
  })

  it('should refuse a form without a name or a comment, by field, and store nothing', async () => {
    const { store, submit } = setup()
    expect(await submit({ name: ' ', body: ' \n ' })).toEqual({
      status: 'invalid',
      errors: { name: 'name missing', body: 'body missing' },
    })
    const form = new FormData()
    expect(await submitComment(form, { store, postId: 'hej', messages })).toEqual({
      status: 'invalid',
      errors: { name: 'name missing', body: 'body missing' },
    })
    expect(await countOf(store)).toBe(0)
  })

  it('should ask for the e-mail address only when told to', async () => {
    const { submit } = setup()
    expect(await submit({}, { emailRequired: 'address needed' })).toEqual({
      status: 'invalid',
      errors: { email: 'address needed' },
    })
    expect((await submit({})).status).toBe('stored')
  })

  it("should tell the store's refusals by form field: too long, a bad website, an unknown parent", async () => {
    const { store, submit } = setup()
    expect(await submit({ body: 'x'.repeat(10_001) })).toEqual({
      status: 'invalid',
      errors: { body: 'too-long at body' },
    })
    expect(await submit({ url: 'javascript:alert(1)' })).toEqual({
      status: 'invalid',
      errors: { url: 'unsupported-url-scheme at url' },
    })
    expect(await submit({ email: 'not an address' })).toEqual({
      status: 'invalid',
      errors: { email: 'invalid-email at email' },
    })
    expect(await submit({ parent: 'no-such-comment' })).toEqual({
      status: 'invalid',
      errors: { form: 'missing-parent at form' },
    })
    expect(await countOf(store)).toBe(0)
  })

  it('should refuse a name only the authors may use', async () => {
    const { submit } = setup()
    expect(await submit({ name: 'Ännu Författare' }, { reservedNames: ['Ännu Författare'] })).toEqual({
      status: 'invalid',
      errors: { name: 'reserved-name at name' },
    })
  })

  it('should store a form whose honeypot is filled in (or holds a file) as spam', async () => {
    const { store, submit } = setup()
    const filled = await submit({ [honeypotField]: 'https://spam.example' })
    expect(filled).toMatchObject({ status: 'stored', comment: { status: 'spam' } })
    const form = new FormData()
    form.set('name', 'Bot')
    form.set('body', 'Buy')
    form.set(honeypotField, new Blob(['x']))
    const file = await submitComment(form, { store, postId: 'hej', messages })
    expect(file).toMatchObject({ status: 'stored', comment: { status: 'spam' } })
  })

  it('should read the parent from the field it is told, and infer it from "@Name:"', async () => {
    const { submit } = setup()
    const first = await submit({ name: 'Anna', body: 'Först' })
    if (first.status !== 'stored') throw new Error(first.status)
    const named = await submit({ parentId: first.comment.id, body: 'Svar' }, { parentField: 'parentId' })
    expect(named).toMatchObject({ status: 'stored', comment: { parentId: first.comment.id } })
    const mentioned = await submit({ body: '@Anna: ja!' })
    expect(mentioned).toMatchObject({ status: 'stored', comment: { parentId: first.comment.id } })
    // Note: the earlier comments it may answer are the caller's to give.
    const none = await submit({ body: '@Anna: nej!' }, { earlierComments: async () => [] })
    expect(none).toMatchObject({ status: 'stored' })
    expect(none.status === 'stored' && none.comment.parentId).toBeUndefined()
  })

  it('should answer the same form sent again with the comment stored under its id, without a second', async () => {
    const { store, submit } = setup()
    const id = () => '0190f0f0-0000-8000-8000-000000000001'
    const first = await submit({ body: 'En gång' }, { id })
    expect(first).toMatchObject({ status: 'stored', comment: { id: id() } })
    expect(await submit({ body: 'En gång' }, { id })).toMatchObject({
      status: 'resent',
      comment: { id: id() },
    })
    // Another comment sent under the same id gets an id of its own.
    const other = await submit({ body: 'Något annat' }, { id })
    expect(other.status === 'stored' && other.comment.id).not.toBe(id())
    expect(await countOf(store)).toBe(2)
  })

  it('should count forms against the rate limit, but not the same form sent again', async () => {
    const { store, submit } = setup()
    const limiter = createRateLimiter(memoryCounters(), { name: 'post', max: 1, windowMs: 60_000 })
    const options = {
      rateLimit: { limiter, key: '203.0.113.7' },
      id: () => '0190f0f0-0000-8000-8000-000000000002',
    }
    expect((await submit({}, options)).status).toBe('stored')
    expect((await submit({}, options)).status).toBe('resent')
    const limited = await submit({ body: 'Igen' }, { rateLimit: options.rateLimit })
    expect(limited).toMatchObject({ status: 'rate-limited', errors: { form: 'wait 60 s' } })
    expect(await countOf(store)).toBe(1)
  })

  it('should throw what a failing store throws (not a reader mistake), and tell a closed store by field', async () => {
    const { store, submit } = setup()
    const broken: CommentStore = {
      ...store,
      add: async () => {
        throw new Error('disk full')
      },
    }
    const form = new FormData()
    form.set('name', 'Maria')
    form.set('body', 'Hej!')
    await expect(submitComment(form, { store: broken, postId: 'hej', messages })).rejects.toThrow('disk full')
    await store.close()
    stores.length = 0
    expect(await submit({})).toEqual({ status: 'invalid', errors: { form: 'closed at form' } })
  })
})

describe("createCommentHandler's POST (through submitComment)", () => {
  it('should answer the same form sent again with its comment without counting it against the rate limit', async () => {
    const { store } = setup()
    const handler = createCommentHandler({
      store,
      allowedOrigins: ['https://blog.example'],
      clientIp: () => '203.0.113.9',
      rateLimit: { max: 1, windowMs: 60_000 },
    })
    const send = (body: string) =>
      handler(
        new Request('https://comments.example/comments', {
          method: 'POST',
          headers: { origin: 'https://blog.example', 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ page: 'https://blog.example/hej/', name: 'Maria', body }),
        }),
      )
    const first = await send('En gång')
    const again = await send('En gång')
    expect([first.status, again.status]).toEqual([303, 303])
    expect(again.headers.get('location')).toBe(first.headers.get('location'))
    const other = await send('Något annat')
    expect(other.status).toBe(429)
    expect(other.headers.get('retry-after')).toBe('60')
    expect((await store.list({ postId: 'https://blog.example/hej/', moderator: true })).length).toBe(1)
  })
})

describe('README', () => {
  it('should print what the submitComment example says', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('### `submitComment(form, options)`'))
    const example = /```js\n([\s\S]*?)```/.exec(section)![1]!
    const printed = /Prints `([^`]+)`, then `([^`]+)`\./.exec(section)!
    const body = example
      .replace(/import \{([^}]+)\} from '@blogkit\/comments\/http'/, 'const {$1} = http')
      .replace(/import \{([^}]+)\} from '@blogkit\/comments\/sqlite'/, 'const {$1} = sqlite')
    const logs: string[] = []
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor
    await new AsyncFunction('http', 'sqlite', 'console', body)(
      await import('../src/http.js'),
      await import('../src/sqlite.js'),
      { log: (...xs: unknown[]) => logs.push(xs.map(String).join(' ')) },
    )
    expect(logs).toEqual([printed[1], printed[2]])
  })
})
