// readServiceComments (@blogkit/comments/client) against the real comment handler, in process: its
// `fetch` hands each request to `createCommentHandler` over an in-memory SQLite store (no network).
import { afterEach, describe, expect, it } from 'vitest'
import { CommentError, CommentServiceError, readServiceComments, serviceBase } from '../src/client.js'
import { createCommentHandler } from '../src/http.js'
import type { CommentStore } from '../src/index.js'
import { createSqliteCommentStore } from '../src/sqlite.js'

const site = 'https://blog.example'
const serviceUrl = 'https://comments.example/'
const pageUrl = (slug: string) => `${site}/${slug}/`

const stores: CommentStore[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

/** A store and its handler; `fetch` answers through the handler and records each request's path. */
function setup() {
  let tick = Date.UTC(2024, 0, 1)
  const store = createSqliteCommentStore({
    filename: ':memory:',
    now: () => {
      tick += 1000
      return new Date(tick)
    },
  })
  stores.push(store)
  const handler = createCommentHandler({ store, allowedOrigins: [site] })
  const asked: string[] = []
  let open = 0
  let mostOpen = 0
  const fetch = async (url: URL, init: RequestInit) => {
    asked.push(url.pathname)
    open++
    mostOpen = Math.max(mostOpen, open)
    try {
      // Note: a turn of the event loop, so that requests made at once are open together.
      await new Promise((resolve) => setTimeout(resolve, 1))
      return await handler(new Request(url, init))
    } finally {
      open--
    }
  }
  return { store, fetch, asked, mostOpen: () => mostOpen }
}

/** The error `promise` rejects with. */
const rejection = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.unreachable('expected a rejection'),
    (error: unknown) => error as CommentServiceError,
  )

/** A `fetch` that answers every request with `answer`. */
const answering = (answer: () => Response) => async () => answer()

describe('readServiceComments', () => {
  it('reads the approved comments of the pages with comments, replies after their parents', async () => {
    const { store, fetch, asked } = setup()
    const a = pageUrl('a')
    const first = await store.add({
      postId: a,
      author: { name: 'Maria', url: 'https://maria.example/' },
      body: 'Hej',
    })
    const hidden = await store.add({ postId: a, author: { name: 'Bo' }, body: 'Borta' })
    await store.add({ postId: a, parentId: hidden.comment.id, author: { name: 'Eva' }, body: 'Svar till Bo' })
    await store.add({
      postId: a,
      parentId: first.comment.id,
      author: { name: 'Elin' },
      body: '@Maria: tack!',
    })
    await store.moderate({ id: hidden.comment.id, action: 'delete' })
    const spam = await store.add({ postId: pageUrl('c'), author: { name: 'Spam' }, body: 'köp' })
    await store.moderate({ id: spam.comment.id, action: 'spam' })

    const read = await readServiceComments({
      serviceUrl,
      pages: ['a', 'b', 'c'].map((slug) => ({ id: slug, url: pageUrl(slug) })),
      fetch,
    })
    expect([...read.comments.keys()]).toEqual(['a'])
    const comments = read.comments.get('a')!
    expect(comments.map((comment) => [comment.body, comment.parentId, comment.status])).toEqual([
      ['Hej', undefined, 'approved'],
      ['@Maria: tack!', first.comment.id, 'approved'],
      ['', undefined, 'deleted'],
      ['Svar till Bo', hidden.comment.id, 'approved'],
    ])
    expect(comments.every((comment) => comment.postId === 'a')).toBe(true)
    expect(comments[0]!.author).toEqual({ name: 'Maria', url: 'https://maria.example/' })
    // One request for the counts of the three pages, one for the threads of the page with comments.
    expect(asked).toEqual(['/counts', '/comments'])
    expect(read.requests).toBe(2)
  })

  it('asks for counts 100 pages a request (fewer for long URLs) and reads every page of 500 threads', async () => {
    const { store, fetch, asked } = setup()
    const many = pageUrl('many')
    for (let n = 0; n < 501; n++)
      await store.add({ postId: many, author: { name: `N${n}` }, body: `nr ${n}` })
    const pages = Array.from({ length: 250 }, (_, n) => ({ id: `p${n}`, url: pageUrl(`p${n}`) }))
    pages.push({ id: 'many', url: many })
    const read = await readServiceComments({ serviceUrl, pages, fetch })
    expect(read.comments.get('many')?.length).toBe(501)
    expect(read.comments.get('many')?.at(-1)?.body).toBe('nr 500')
    expect(asked).toEqual(['/counts', '/counts', '/counts', '/comments', '/comments'])

    // 60 addresses of 190 characters: one request would be over the 6,000 characters a `/counts` URL has.
    const long = Array.from({ length: 60 }, (_, n) => ({
      id: `l${n}`,
      url: pageUrl(`${'å'.repeat(25)}-${n}`),
    }))
    asked.length = 0
    const again = await readServiceComments({ serviceUrl, pages: long, fetch })
    expect(again.comments.size).toBe(0)
    expect(asked.length).toBeGreaterThan(1)
    expect(asked.every((path) => path === '/counts')).toBe(true)
  })

  it('reads at most `concurrency` pages at once', async () => {
    const { store, fetch, mostOpen } = setup()
    const pages = Array.from({ length: 8 }, (_, n) => ({ id: `p${n}`, url: pageUrl(`p${n}`) }))
    for (const page of pages) await store.add({ postId: page.url, author: { name: 'Bo' }, body: page.id })
    const read = await readServiceComments({ serviceUrl, pages, fetch, concurrency: 2 })
    expect(read.comments.size).toBe(8)
    expect(mostOpen()).toBe(2)
  })

  it('names the request and what the service answered: a refused page, a 500, HTML, a wrong answer', async () => {
    const { fetch } = setup()
    const other = 'https://other.example/a/'
    const refused = await rejection(
      readServiceComments({ serviceUrl, pages: [{ id: 'a', url: other }], fetch }),
    )
    expect(refused).toBeInstanceOf(CommentServiceError)
    expect(refused).toBeInstanceOf(CommentError)
    expect(refused).toMatchObject({
      code: 'service-refused',
      serviceCode: 'invalid-url',
      status: 400,
      pages: [other],
    })
    expect(refused.message).toMatch(
      /^GET https:\/\/comments\.example\/counts\?page=https:\/\/other\.example\/a\/: the service refused the request: Expected `page` to be the URL of a page on an allowed site .*: ask with the page's published URL, and add its origin to the service's allowedOrigins$/,
    )

    const page = pageUrl('a')
    const pages = [{ id: 'a', url: page }]
    const failing = answering(
      () => new Response('database is locked', { status: 500, statusText: 'Internal Server Error' }),
    )
    const status = await rejection(readServiceComments({ serviceUrl, pages, fetch: failing }))
    expect(status).toMatchObject({ code: 'service-status', status: 500 })
    expect(status.message).toBe(
      `GET ${serviceUrl}counts?page=${page}: the service answered 500 Internal Server Error (database is locked): check that it runs at ${serviceUrl}`,
    )

    const html = answering(
      () => new Response('<!doctype html><p>hej</p>', { headers: { 'content-type': 'text/html' } }),
    )
    const notJson = await rejection(readServiceComments({ serviceUrl, pages, fetch: html }))
    expect(notJson).toMatchObject({
      code: 'service-not-json',
      answer: "the answer is not the comment service's JSON (text/html)",
    })
    expect(notJson.message).toContain(`is ${serviceUrl} the address of a blogkit comment service?`)

    // JSON, but not the service's: counts without this page, then threads that are not threads.
    const noCount = answering(() => Response.json({ counts: {} }))
    await expect(readServiceComments({ serviceUrl, pages, fetch: noCount })).rejects.toMatchObject({
      code: 'service-bad-answer',
      answer: `the answer has no count for ${page}`,
    })
    const notThreads = async (url: URL) =>
      url.pathname === '/counts'
        ? Response.json({ counts: { [page]: 1 } })
        : Response.json({ pages: 1, threads: [{ id: 'c1' }] })
    const bad = await rejection(readServiceComments({ serviceUrl, pages, fetch: notThreads }))
    expect(bad.message).toMatch(
      new RegExp(`^GET ${serviceUrl}comments\\?page=${page}: the answer is not a page of comment threads: `),
    )
  })

  it('names a service older than `&body=1`, which sends comments without their text', async () => {
    const page = pageUrl('a')
    const thread = {
      id: 'c1',
      author: { name: 'Bo' },
      createdAt: '2024-01-01T00:00:00.000Z',
      html: '<p>Hej</p>',
    }
    const older = async (url: URL) =>
      url.pathname === '/counts'
        ? Response.json({ counts: { [page]: 1 } })
        : Response.json({ pages: 1, threads: [{ ...thread, placeholder: false, replies: [] }] })
    const error = await rejection(
      readServiceComments({ serviceUrl, pages: [{ id: 'a', url: page }], fetch: older }),
    )
    expect(error.code).toBe('service-without-body')
    expect(error.message).toContain(
      `GET ${serviceUrl}comments?page=${page}: the service sent comments without their text`,
    )
  })

  it('gives up on a service that does not answer, or stops sending its answer, after timeoutMs', async () => {
    const pages = [{ id: 'a', url: pageUrl('a') }]
    // As fetch does: the request fails with the signal's reason (a TimeoutError) when the signal aborts.
    const silent = (_url: URL, init: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init.signal?.addEventListener('abort', () => reject(init.signal?.reason))
      })
    const error = await rejection(readServiceComments({ serviceUrl, pages, fetch: silent, timeoutMs: 50 }))
    expect(error).toMatchObject({ code: 'service-timeout', status: undefined })
    expect(error.message).toBe(
      `GET ${serviceUrl}counts?page=${pages[0]!.url}: the comment service cannot be reached (no answer in 0.05 s): check that it runs at ${serviceUrl}, or allow more time (timeoutMs)`,
    )
    // Headers, then a body that never ends: the stream fails with the signal's reason, as fetch's does.
    const stalled = async (_url: URL, init: RequestInit) =>
      new Response(
        new ReadableStream({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('{"counts":'))
            init.signal?.addEventListener('abort', () => controller.error(init.signal?.reason))
          },
        }),
        { headers: { 'content-type': 'application/json' } },
      )
    await expect(
      readServiceComments({ serviceUrl, pages, fetch: stalled, timeoutMs: 50 }),
    ).rejects.toMatchObject({
      code: 'service-timeout',
    })
  })

  it('says a service that cannot be reached with the network error’s code, without a stack trace', async () => {
    const refused = async () => {
      throw new TypeError('fetch failed', {
        cause: Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3100'), { code: 'ECONNREFUSED' }),
      })
    }
    const pages = [{ id: 'a', url: pageUrl('a') }]
    const error = await rejection(readServiceComments({ serviceUrl, pages, fetch: refused }))
    expect(error.code).toBe('service-unreachable')
    expect(error.message).toBe(
      `GET ${serviceUrl}counts?page=${pages[0]!.url}: the comment service cannot be reached (ECONNREFUSED): check that it runs at ${serviceUrl}`,
    )
    const badPort = async () => {
      throw new TypeError('fetch failed', { cause: new Error('bad port') })
    }
    await expect(
      readServiceComments({ serviceUrl: 'http://127.0.0.1:9', pages, fetch: badPort }),
    ).rejects.toMatchObject({
      code: 'service-port-refused',
      answer:
        'the comment service cannot be reached (port 9 is one that fetch refuses, kept for other protocols)',
    })
  })

  it('refuses a service address that is not http(s)', async () => {
    for (const bad of ['ftp://comments.example/', 'not a url', 'https://comments.example/?x=1']) {
      await expect(readServiceComments({ serviceUrl: bad, pages: [] })).rejects.toMatchObject({
        name: 'CommentError',
        code: 'invalid-service-url',
        field: 'serviceUrl',
      })
    }
  })
})

describe('serviceBase', () => {
  it('gives the service address with a trailing slash, its routes under it', () => {
    expect(serviceBase('https://comments.example')).toBe('https://comments.example/')
    expect(serviceBase('http://127.0.0.1:3100/api')).toBe('http://127.0.0.1:3100/api/')
    expect(serviceBase(new URL('https://comments.example/x/'))).toBe('https://comments.example/x/')
  })

  it('refuses what is not an http(s) address without query or fragment, naming the field', () => {
    for (const bad of [
      'ftp://comments.example/',
      'not a url',
      'https://c.example/?x=1',
      'https://c.example/#a',
    ]) {
      expect(() => serviceBase(bad)).toThrow(
        expect.objectContaining({ name: 'CommentError', code: 'invalid-service-url', field: 'serviceUrl' }),
      )
    }
  })
})
