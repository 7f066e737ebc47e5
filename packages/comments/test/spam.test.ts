import { describe, expect, it } from 'vitest'
import {
  akismetCheck,
  linkLimitCheck,
  type NewComment,
  rateLimitCheck,
  runSpamChecks,
  type SpamCheck,
  type SpamCheckContext,
} from '../src/index.js'

const comment: NewComment = { postId: 'p1', author: { name: 'Magnus', email: 'm@example.se' }, body: 'Hej' }
const at = (ms: number): SpamCheckContext => ({ comment, client: { ip: '203.0.113.7' }, now: new Date(ms) })

describe('rateLimitCheck', () => {
  it('should flag the comment past the limit within the window, per client', async () => {
    const check = rateLimitCheck({ max: 2, windowMs: 1000 })
    expect((await check.check(at(0))).action).toBe('accept')
    expect((await check.check(at(100))).action).toBe('accept')
    expect(await check.check(at(200))).toEqual({
      action: 'spam',
      reason: '3 comments within 1000 ms from 203.0.113.7 (limit 2)',
    })
    expect((await check.check({ ...at(300), client: { ip: '198.51.100.1' } })).action).toBe('accept')
    expect((await check.check(at(1500))).action).toBe('accept')
  })

  it('should reject bad options', () => {
    expect(() => rateLimitCheck({ max: 0 })).toThrow(/`max`/)
    expect(() => rateLimitCheck({ windowMs: -1 })).toThrow(/`windowMs`/)
  })
})

describe('akismetCheck', () => {
  function fakeFetch(body: string, init: { status?: number; headers?: Record<string, string> } = {}) {
    const calls: Array<{ url: string; form: URLSearchParams }> = []
    const fetch = (async (url: string | URL | Request, request?: RequestInit) => {
      calls.push({ url: String(url), form: new URLSearchParams(String(request?.body)) })
      return new Response(body, { status: init.status ?? 200, headers: init.headers ?? {} })
    }) as typeof globalThis.fetch
    return { fetch, calls }
  }

  it('should post the comment and map true/false to spam/accept', async () => {
    const spam = fakeFetch('true', { headers: { 'x-akismet-pro-tip': 'discard' } })
    const check = akismetCheck({ apiKey: 'k3y', blog: 'https://blog.example', fetch: spam.fetch })
    expect(await check.check(at(0))).toEqual({ action: 'spam', reason: 'blatant spam' })
    expect(spam.calls[0]!.url).toBe('https://k3y.rest.akismet.com/1.1/comment-check')
    expect(spam.calls[0]!.form.get('comment_author_email')).toBe('m@example.se')
    expect(spam.calls[0]!.form.get('user_ip')).toBe('203.0.113.7')
    const ham = fakeFetch('false')
    expect(
      await akismetCheck({ apiKey: 'k', blog: 'https://b.example', fetch: ham.fetch }).check(at(0)),
    ).toEqual({
      action: 'accept',
    })
  })

  it('should hold the comment when the service errs', async () => {
    const invalid = fakeFetch('invalid', { headers: { 'x-akismet-debug-help': 'Empty "blog" value' } })
    const check = akismetCheck({
      apiKey: 'k',
      blog: 'https://b.example',
      fetch: invalid.fetch,
      endpoint: 'https://spam.example/1.1',
    })
    expect(await check.check(at(0))).toEqual({
      action: 'pending',
      reason: 'unexpected answer `invalid` (Empty "blog" value)',
    })
    expect(invalid.calls[0]!.url).toBe('https://spam.example/1.1/comment-check')
    const down = fakeFetch('', { status: 503 })
    expect(
      (await akismetCheck({ apiKey: 'k', blog: 'https://b.example', fetch: down.fetch }).check(at(0))).action,
    ).toBe('pending')
  })

  it('should require an API key and a blog URL', () => {
    // @ts-expect-error: missing options
    expect(() => akismetCheck({})).toThrow(/`apiKey`/)
    expect(() => akismetCheck({ apiKey: 'k', blog: 'blog.example' })).toThrow(/`blog`/)
  })
})

describe('runSpamChecks', () => {
  it('should let the strictest verdict win and keep the reasons', async () => {
    const checks: SpamCheck[] = [
      { name: 'a', check: () => ({ action: 'accept' }) },
      { name: 'b', check: () => ({ action: 'pending', reason: 'hmm' }) },
      { name: 'c', check: async () => ({ action: 'spam', reason: 'sure' }) },
    ]
    expect(await runSpamChecks(checks, at(0))).toEqual({ action: 'spam', reasons: ['b: hmm', 'c: sure'] })
    expect(await runSpamChecks([], at(0))).toEqual({ action: 'accept', reasons: [] })
  })

  it('should hold a comment when a check throws', async () => {
    const failing: SpamCheck = {
      name: 'net',
      check: () => {
        throw new Error('timeout')
      },
    }
    expect(await runSpamChecks([failing], at(0))).toEqual({
      action: 'pending',
      reasons: ['net: check failed (timeout)'],
    })
  })
})

describe('linkLimitCheck', () => {
  const links = async (body: string, max = 2) =>
    linkLimitCheck({ max }).check({ comment: { ...comment, body }, client: {}, now: new Date(0) })

  it('should count the links of the rendered HTML, whatever Markdown made them', async () => {
    expect(await links('http://a.example http://b.example http://c.example')).toEqual({
      action: 'pending',
      reason: '3 links (limit 2)',
    })
    // Links the source never spells `http(s)://` or `www.`: a character reference, mailto:, e-mail
    // addresses, references, autolinks in angle brackets.
    expect(
      await links('[a](h&#116;tps://a.example) [b](h&#x74;tp://b.example) [c](https://c.example "title")'),
    ).toEqual({
      action: 'pending',
      reason: '3 links (limit 2)',
    })
    expect((await links('[a](mailto:a@example.se) b@example.se <https://c.example>')).action).toBe('pending')
    expect(
      (await links('[a][1] [b][2] [c][1]\n\n[1]: https://a.example\n[2]: https://b.example')).action,
    ).toBe('pending')
    expect(
      (await links('![a](https://a.example/a.png) ![b](https://b.example/b.png) www.c.example')).action,
    ).toBe('pending')
  })

  it('should not count what readers get as text', async () => {
    // URLs in code, unsafe schemes (shown as text) and raw HTML (escaped) are no links.
    expect(
      await links(
        '`https://a.example` `https://b.example`\n\n    https://c.example\n\n[x](javascript:alert(1)) <a href="https://d.example">d</a>',
        0,
      ),
    ).toEqual({ action: 'accept' })
    expect(await links('https://a.example and https://b.example')).toEqual({ action: 'accept' })
  })
})
