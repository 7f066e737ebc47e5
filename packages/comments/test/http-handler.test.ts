import { readFileSync } from 'node:fs'
import { Parser } from 'htmlparser2'
import { afterEach, describe, expect, it } from 'vitest'
import {
  type CommentHandlerOptions,
  type CommentsAnswer,
  createCommentHandler,
  formSpamChecks,
  normalizePageUrl,
} from '../src/http.js'
import type { CommentStore } from '../src/index.js'
import { createSqliteCommentStore } from '../src/sqlite.js'

const site = 'https://blog.example'
const pageA = `${site}/2024/hej/`
const service = 'https://comments.example'

const stores: CommentStore[] = []
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close()
})

function setup(options: Partial<CommentHandlerOptions> = {}) {
  // Note: a clock a second apart per comment: comments added in one millisecond would tie on their date,
  // and their order (and so which page holds one) would follow their random ids.
  let tick = Date.UTC(2024, 0, 1)
  const store = createSqliteCommentStore({
    filename: ':memory:',
    spamChecks: formSpamChecks({ holdAfter: 100 }),
    now: () => {
      tick += 1000
      return new Date(tick)
    },
  })
  stores.push(store)
  const handler = createCommentHandler({
    store,
    allowedOrigins: [site],
    clientIp: () => '203.0.113.5',
    ...options,
  })
  return { store, handler }
}

const form = (fields: Record<string, string>) => ({ page: pageA, name: 'Maria', body: 'Hej!', ...fields })

function post(
  handler: (request: Request) => Promise<Response>,
  fields: Record<string, string>,
  headers: Record<string, string> = { origin: site },
) {
  return handler(
    new Request(`${service}/comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(fields),
    }),
  )
}

const get = (
  handler: (request: Request) => Promise<Response>,
  path: string,
  headers: Record<string, string> = {},
) => handler(new Request(`${service}${path}`, { headers }))

/** `text` without the control characters the store refuses (keeping line breaks and tabs when `multiline`). */
const withoutControls = (text: string, multiline: boolean) =>
  [...text]
    .filter((ch) => {
      const c = ch.codePointAt(0)!
      if (multiline && (c === 9 || c === 10 || c === 13)) return true
      return !(
        c < 0x20 ||
        (c >= 0x7f && c <= 0x9f) ||
        (c >= 0x202a && c <= 0x202e) ||
        (c >= 0x2066 && c <= 0x2069)
      )
    })
    .join('')

const everything = async (store: CommentStore) => (await store.export()).comments

describe('POST /comments', () => {
  it('should store a comment from an allowed origin and answer 303 to its anchor on the page', async () => {
    const { store, handler } = setup()
    const response = await post(handler, form({ email: 'maria@example.se', url: 'www.maria.example' }))
    expect(response.status).toBe(303)
    const [comment] = await everything(store)
    expect(response.headers.get('location')).toBe(`${pageA}#comment-${comment!.id}`)
    expect(comment).toMatchObject({
      postId: pageA,
      status: 'approved',
      body: 'Hej!',
      author: {
        name: 'Maria',
        email: 'maria@example.se',
        url: expect.stringMatching(/^https:\/\/www\.maria\.example\/?$/),
      },
    })
  })

  it('should take the form as multipart/form-data too', async () => {
    const { store, handler } = setup()
    const data = new FormData()
    for (const [key, value] of Object.entries(form({ body: 'Från ett multipart-formulär' })))
      data.set(key, value)
    const response = await handler(
      new Request(`${service}/comments`, { method: 'POST', headers: { origin: site }, body: data }),
    )
    expect(response.status).toBe(303)
    expect((await everything(store))[0]!.body).toBe('Från ett multipart-formulär')
  })

  it('should keep a page under its normalized URL', async () => {
    const { store, handler } = setup()
    await post(
      handler,
      form({ page: 'https://BLOG.example:443/2024/hej/index.html?utm_source=feed#comments' }),
    )
    expect((await everything(store))[0]!.postId).toBe(pageA)
  })

  it('should refuse a form from another origin with 403 and store nothing', async () => {
    const { store, handler } = setup()
    for (const headers of [
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/page' },
      {},
    ]) {
      const response = await post(handler, form({ body: 'Köp billigt' }), headers)
      expect(response.status).toBe(403)
      expect(await response.text()).toContain('Köp billigt')
    }
    expect(await everything(store)).toEqual([])
  })

  it('should take the Referer when there is no Origin', async () => {
    const { store, handler } = setup()
    const response = await post(handler, form({}), { referer: `${pageA}?x=1` })
    expect(response.status).toBe(303)
    expect(await everything(store)).toHaveLength(1)
  })

  it('should refuse a page of a site that is not allowed (no open redirect) and store nothing', async () => {
    const { store, handler } = setup()
    for (const page of ['https://evil.example/a/', 'javascript:alert(1)', '']) {
      const response = await post(handler, form({ page }))
      expect(response.status).toBe(400)
      expect(response.headers.get('location')).toBeNull()
      expect(await response.text()).not.toContain('evil.example/a/"')
    }
    expect(await everything(store)).toEqual([])
  })

  it('should file a filled honeypot as spam and send the reader to the held page in their language', async () => {
    const { store, handler } = setup()
    const response = await post(handler, form({ website: 'http://spam.example', lang: 'sv' }))
    expect(response.status).toBe(303)
    const location = new URL(response.headers.get('location')!, service)
    expect(location.pathname).toBe('/held')
    expect(Object.fromEntries(location.searchParams)).toEqual({ page: pageA, why: 'spam', lang: 'sv' })
    expect((await everything(store))[0]!.status).toBe('spam')
    const held = await get(handler, location.pathname + location.search)
    const text = await held.text()
    expect(held.status).toBe(200)
    expect(text).toContain('<html lang="sv">')
    expect(text).toContain('skräppostfiltret')
    expect(text).toContain(`<a href="${pageA}">Tillbaka till sidan</a>`)
  })

  it('should hold a comment with many links and say why', async () => {
    const { store, handler } = setup({ maxLinks: 2 })
    const body = 'https://a.example https://b.example https://c.example'
    const response = await post(handler, form({ body }))
    const location = response.headers.get('location')!
    expect(location).toContain('why=links')
    expect((await everything(store))[0]!.status).toBe('pending')
    expect(await (await get(handler, location)).text()).toContain('more than 2 links')
  })

  it('should answer a form with problems with a page that keeps what the reader typed and links back', async () => {
    const { store, handler } = setup()
    const typed = { name: '', email: 'bo@example.se', body: '<b>Mitt</b> långa "svar"', parent: 'c1' }
    const response = await post(handler, form(typed))
    expect(response.status).toBe(422)
    const page = await response.text()
    expect(page).toContain('Enter your name.')
    expect(page).toContain('&#60;b&#62;Mitt&#60;/b&#62; långa &#34;svar&#34;</textarea>')
    expect(page).toContain('value="bo@example.se"')
    expect(page).toContain('name="parent" value="c1"')
    expect(page).toContain(`<form method="post" action="/comments">`)
    expect(page).toContain(`<a href="${pageA}">Back to the page</a>`)
    const badUrl = await post(handler, form({ url: 'javascript:alert(1)' }))
    expect(badUrl.status).toBe(422)
    const badPage = await badUrl.text()
    expect(badPage).toContain('id="error-url"')
    expect(badPage).toContain('value="javascript:alert(1)"')
    expect(await everything(store)).toEqual([])
  })

  it('should accept the form sent again from its own error page', async () => {
    const { store, handler } = setup()
    const response = await post(handler, form({}), { origin: service, host: 'comments.example' })
    expect(response.status).toBe(303)
    expect(await everything(store)).toHaveLength(1)
  })

  it("should refuse the name of the site's author and its look-alikes (reservedNames), keeping the text", async () => {
    const { store, handler } = setup({ reservedNames: ['Elin Skarp'] })
    for (const name of ['Elin Skarp', 'ELIN  SKARP', '\u0415lin Skarp']) {
      const response = await post(handler, form({ name, body: 'Jag är författaren', lang: 'sv' }))
      expect(response.status).toBe(422)
      const page = await response.text()
      expect(page).toContain('id="error-name"')
      expect(page).toContain('Det namnet är webbplatsens författares.')
      expect(page).toContain('Jag är författaren</textarea>')
    }
    expect(await everything(store)).toEqual([])
    expect((await post(handler, form({ name: 'Elin' }))).status).toBe(303)
  })

  it('should refuse a reply to a comment that is not there, keeping the text', async () => {
    const { handler } = setup()
    const response = await post(handler, form({ parent: 'nope', body: 'Svar' }))
    expect(response.status).toBe(422)
    expect(await response.text()).toContain('The comment you are replying to is gone.')
  })

  it('should answer 429 past the rate limit, keeping the text', async () => {
    const { store, handler } = setup({ rateLimit: { max: 2, windowMs: 60_000 } })
    await post(handler, form({ body: 'ett' }))
    await post(handler, form({ body: 'två' }))
    const third = await post(handler, form({ body: 'tre' }))
    expect(third.status).toBe(429)
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(0)
    expect(await third.text()).toContain('tre</textarea>')
    expect(await everything(store)).toHaveLength(2)
  })

  it('should store the same form sent twice once', async () => {
    const { store, handler } = setup()
    const first = await post(handler, form({}))
    const second = await post(handler, form({}))
    expect(second.headers.get('location')).toBe(first.headers.get('location'))
    expect(await everything(store)).toHaveLength(1)
  })

  it('should thread "@Name:" at the start of a comment under that reader\'s comment', async () => {
    const { store, handler } = setup()
    await post(handler, form({ name: 'Magnus', body: 'Första' }))
    await post(handler, form({ name: 'Bo', body: '@Magnus: tack!' }))
    const [first, reply] = await everything(store)
    expect(reply).toMatchObject({ parentId: first!.id, parentInferred: true })
  })

  it('should refuse a form larger than the body limit and anything but a form', async () => {
    const { store, handler } = setup({ bodyLimit: 1024 })
    expect((await post(handler, form({ body: 'x'.repeat(2000) }))).status).toBe(413)
    const json = await handler(
      new Request(`${service}/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: site },
        body: '{}',
      }),
    )
    expect(json.status).toBe(415)
    expect(await everything(store)).toEqual([])
  })

  it('should keep comments under an explicit identifier (an imported WordPress post)', async () => {
    const { store, handler } = setup()
    await store.import([
      {
        id: 'wp-12',
        postId: 'wp-42',
        author: { name: 'Maria', email: 'maria@example.se' },
        createdAt: '2011-10-30T20:15:00.000Z',
        body: 'Gammal',
        status: 'approved',
      },
    ])
    const response = await post(handler, form({ identifier: 'wp-42', parent: 'wp-12', body: 'Nytt svar' }))
    expect(response.status).toBe(303)
    expect(response.headers.get('location')).toMatch(new RegExp(`^${pageA}#comment-`))
    const answer = (await (
      await get(handler, `/comments?page=${encodeURIComponent(pageA)}&identifier=wp-42`)
    ).json()) as CommentsAnswer
    expect(answer.identifier).toBe('wp-42')
    expect(answer.total).toBe(2)
    expect(answer.threads[0]!.replies[0]!.html).toBe('<p>Nytt svar</p>')
  })
})

describe('GET /comments', () => {
  async function seeded() {
    const s = setup()
    for (let i = 1; i <= 5; i++) {
      const { comment } = await s.store.add({
        postId: pageA,
        author: { name: `Namn ${i}`, email: `n${i}@example.se`, url: 'https://n.example/' },
        body: `Tråd ${i}`,
      })
      await s.store.add({
        postId: pageA,
        parentId: comment.id,
        author: { name: 'Svar' },
        body: `@Namn ${i}: ja`,
      })
    }
    return s
  }

  it("should link a reply's @first name to the comment it answers, as pages do (mentionedName)", async () => {
    const s = setup()
    const { comment } = await s.store.add({ postId: pageA, author: { name: 'Henrik Sandmark' }, body: 'Hej' })
    await s.store.add({ postId: pageA, parentId: comment.id, author: { name: 'Bo' }, body: '@Henrik: tack' })
    const answer = (await (
      await get(s.handler, `/comments?page=${encodeURIComponent(pageA)}`)
    ).json()) as CommentsAnswer
    expect(answer.threads[0]!.replies[0]!.html).toBe(
      `<p><a href="#comment-${comment.id}" class="mention">@Henrik</a>: tack</p>`,
    )
  })

  it('should answer the threads of approved comments, paged, with the total, and no e-mail addresses', async () => {
    const { handler } = await seeded()
    const response = await get(handler, `/comments?page=${encodeURIComponent(pageA)}&limit=2`)
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/^application\/json/)
    const text = await response.text()
    expect(text).not.toContain('@example.se')
    const answer = JSON.parse(text) as CommentsAnswer
    expect(answer).toMatchObject({
      page: pageA,
      identifier: pageA,
      p: 1,
      pages: 3,
      total: 10,
      threadCount: 5,
    })
    expect(answer.threads.map((t) => t.html)).toEqual(['<p>Tråd 1</p>', '<p>Tråd 2</p>'])
    expect(answer.threads[0]!.author).toEqual({ name: 'Namn 1', url: 'https://n.example/' })
    expect(answer.threads[0]!.replies[0]!.html).toMatch(
      /^<p><a href="#comment-[^"]+" class="mention">@Namn 1<\/a>: ja<\/p>$/,
    )
    const last = (await (
      await get(handler, `/comments?page=${encodeURIComponent(pageA)}&limit=2&p=3`)
    ).json()) as CommentsAnswer
    expect(last.threads.map((t) => t.html)).toEqual(['<p>Tråd 5</p>'])
    const newest = (await (
      await get(handler, `/comments?page=${encodeURIComponent(pageA)}&limit=2&order=newest`)
    ).json()) as CommentsAnswer
    expect(newest.threads.map((t) => t.html)).toEqual(['<p>Tråd 5</p>', '<p>Tråd 4</p>'])
  })

  it('should answer the page that holds a comment', async () => {
    const { store, handler } = await seeded()
    const fifth = (await store.list({ postId: pageA })).find((c) => c.body === 'Tråd 5')!
    const answer = (await (
      await get(handler, `/comments?page=${encodeURIComponent(pageA)}&limit=2&comment=${fifth.id}`)
    ).json()) as CommentsAnswer
    expect(answer.p).toBe(3)
    expect((await get(handler, `/comments?page=${encodeURIComponent(pageA)}&comment=nope`)).status).toBe(404)
  })

  it('should refuse bad parameters, naming them', async () => {
    const { handler } = setup()
    const cases: [string, string][] = [
      ['/comments', 'page'],
      ['/comments?page=https%3A%2F%2Fevil.example%2F', 'page'],
      [`/comments?page=${encodeURIComponent(pageA)}&p=0`, 'p'],
      [`/comments?page=${encodeURIComponent(pageA)}&limit=501`, 'limit'],
      [`/comments?page=${encodeURIComponent(pageA)}&order=top`, 'order'],
      [`/comments?page=${encodeURIComponent(pageA)}&format=xml`, 'format'],
    ]
    for (const [path, field] of cases) {
      const response = await get(handler, path)
      expect(response.status).toBe(400)
      expect(((await response.json()) as { error: { field: string } }).error.field).toBe(field)
    }
  })

  it('should send an ETag and answer 304 until the comments change', async () => {
    const { handler } = await seeded()
    const path = `/comments?page=${encodeURIComponent(pageA)}`
    const first = await get(handler, path)
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^W\/"[\w-]+"$/)
    expect(first.headers.get('cache-control')).toBe('public, no-cache')
    const again = await get(handler, path, { 'if-none-match': etag })
    expect(again.status).toBe(304)
    expect(await again.text()).toBe('')
    await post(handler, form({ body: 'Ny' }))
    const changed = await get(handler, path, { 'if-none-match': etag })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
  })

  it('should send CORS headers only to allowed origins', async () => {
    const { handler } = setup()
    const path = `/comments?page=${encodeURIComponent(pageA)}`
    const allowed = await get(handler, path, { origin: site })
    expect(allowed.headers.get('access-control-allow-origin')).toBe(site)
    expect(allowed.headers.get('vary')).toBe('Origin')
    const other = await get(handler, path, { origin: 'https://evil.example' })
    expect(other.headers.get('access-control-allow-origin')).toBeNull()
    const preflight = (origin: string) =>
      handler(
        new Request(`${service}/comments`, {
          method: 'OPTIONS',
          headers: { origin, 'access-control-request-method': 'POST' },
        }),
      )
    const yes = await preflight(site)
    expect(yes.status).toBe(204)
    expect(yes.headers.get('access-control-allow-origin')).toBe(site)
    expect(yes.headers.get('access-control-allow-methods')).toContain('POST')
    const no = await preflight('https://evil.example')
    expect(no.status).toBe(403)
    expect(no.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('should render the XSS vectors inert in the HTML fragment and the JSON', async () => {
    const { store, handler } = setup()
    const vectors: string[] = readFileSync(new URL('fixtures/xss-vectors.jsonl', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as string)
    await store.import(
      vectors.map((body, i) => ({
        id: `x${i}`,
        postId: pageA,
        ...(i > 0 ? { parentId: `x${i - 1}` } : {}),
        author: { name: withoutControls(body, false).slice(0, 100).trim() || 'x' },
        createdAt: new Date(Date.UTC(2024, 0, 1, 0, 0, i)).toISOString(),
        body: withoutControls(body, true).trim() === '' ? 'x' : withoutControls(body, true),
        status: 'approved',
      })),
    )
    const fragment = await (
      await get(handler, `/comments?page=${encodeURIComponent(pageA)}&format=html`)
    ).text()
    const answer = (await (
      await get(handler, `/comments?page=${encodeURIComponent(pageA)}`)
    ).json()) as CommentsAnswer
    const htmls: string[] = [fragment]
    const walk = (c: CommentsAnswer['threads'][number]) => {
      htmls.push(c.html)
      c.replies.forEach(walk)
    }
    answer.threads.forEach(walk)
    expect(answer.total).toBe(vectors.length)
    const allowedTags = new Set([
      'section',
      'ol',
      'li',
      'article',
      'header',
      'span',
      'time',
      'div',
      ...'p br em strong a code pre blockquote ul hr'.split(' '),
    ])
    const allowedAttributes = new Set([
      'class',
      'id',
      'href',
      'rel',
      'datetime',
      'start',
      'data-total',
      'data-p',
      'data-pages',
    ])
    const found: string[] = []
    for (const html of htmls) {
      const parser = new Parser({
        onopentag(name, attributes) {
          if (!allowedTags.has(name)) found.push(`<${name}>`)
          for (const [key, value] of Object.entries(attributes)) {
            if (!allowedAttributes.has(key)) found.push(`${name} ${key}`)
            if (key === 'href' && !/^(https?:\/\/|mailto:|#comment-)/i.test(value))
              found.push(`href ${value}`)
          }
        },
      })
      parser.write(html)
      parser.end()
    }
    expect(found).toEqual([])
  }, 60_000)
})

describe('GET /counts', () => {
  it('should count the approved comments of many pages in one answer', async () => {
    const { store, handler } = setup()
    const pageB = `${site}/b/`
    await post(handler, form({}))
    await post(handler, form({ body: 'Två' }))
    await post(handler, form({ page: pageB }))
    await post(handler, form({ page: pageB, body: 'spam', website: 'x' }))
    await store.import([
      {
        id: 'd1',
        postId: 'disqus-7',
        author: { name: 'A' },
        createdAt: '2012-01-01T00:00:00Z',
        body: 'x',
        status: 'approved',
      },
    ])
    const query = [pageA, `${pageB}#comments`, `${site}/c/`]
      .map((p) => `page=${encodeURIComponent(p)}`)
      .join('&')
    const response = await get(handler, `/counts?${query}&identifier=disqus-7`, { origin: site })
    expect(response.headers.get('access-control-allow-origin')).toBe(site)
    expect(response.headers.get('etag')).toBeTruthy()
    expect(await response.json()).toEqual({
      counts: { [pageA]: 2, [`${pageB}#comments`]: 1, [`${site}/c/`]: 0, 'disqus-7': 1 },
    })
    expect((await get(handler, '/counts')).status).toBe(400)
    expect((await get(handler, `/counts?page=${encodeURIComponent('https://evil.example/')}`)).status).toBe(
      400,
    )
  })
})

describe('createCommentHandler', () => {
  it('should refuse origins that are not origins, naming them', () => {
    const { store } = setup()
    expect(() => createCommentHandler({ store, allowedOrigins: ['https://blog.example/blog'] })).toThrow(
      /allowedOrigins.*`https:\/\/blog\.example\/blog`/,
    )
    expect(() => createCommentHandler({ store, allowedOrigins: [] })).toThrow(TypeError)
    expect(() => createCommentHandler({ store, allowedOrigins: [site], maxDepth: 0 })).toThrow(/maxDepth/)
  })

  it('should serve under a base path and answer 404 and 405 elsewhere', async () => {
    const { store, handler } = setup({ basePath: '/api' })
    expect((await get(handler, `/api/counts?page=${encodeURIComponent(pageA)}`)).status).toBe(200)
    expect((await get(handler, '/counts')).status).toBe(404)
    const put = await handler(new Request(`${service}/api/counts`, { method: 'PUT' }))
    expect(put.status).toBe(405)
    expect(put.headers.get('allow')).toContain('GET')
    const response = await handler(
      new Request(`${service}/api/comments`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', origin: site },
        body: new URLSearchParams(form({ website: 'x' })),
      }),
    )
    expect(response.headers.get('location')).toMatch(/^\/api\/held\?/)
    expect(await everything(store)).toHaveLength(1)
  })
})

describe('normalizePageUrl', () => {
  it('should give one URL for the spellings of a page', () => {
    expect(normalizePageUrl('HTTPS://Blog.Example:443/a/index.html?utm_medium=x&fbclid=1#c')).toBe(
      'https://blog.example/a/',
    )
    expect(normalizePageUrl('https://blog.example/?p=12&utm_source=x')).toBe('https://blog.example/?p=12')
    expect(normalizePageUrl('https://user:pw@blog.example/a')).toBe('https://blog.example/a')
    expect(normalizePageUrl('ftp://blog.example/a')).toBeUndefined()
    expect(normalizePageUrl('/a/')).toBeUndefined()
  })
})

describe('README', () => {
  it('should print what the createCommentHandler example says', async () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
    const section = readme.slice(readme.indexOf('### `createCommentHandler(options)`'))
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
