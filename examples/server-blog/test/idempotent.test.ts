import net from 'node:net'
import path from 'node:path'
import type { CommentStore } from '@blogkit/comments'
import { loadSite } from '@blogkit/example-site'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { createApp } from '../src/app.js'
import { readConfig } from '../src/config.js'
import type { BlogServer } from '../src/server.js'
import { openCommentStore } from '../src/store.js'
import { cleanup, client, commentIdOf, csrfOf, post, start, tempDir } from './helpers.js'

let server: BlogServer & { config: ReturnType<typeof readConfig> }
beforeAll(async () => {
  server = await start({ RATE_LIMIT: '1000', HOLD_AFTER: '1000', SEED: '0' })
})
afterAll(cleanup)

/** The one-time submission id of the form on a page. */
function submissionOf(page: string): string {
  const match = /name="submission" value="([^"]+)"/.exec(page)
  if (!match) throw new Error('The page has no submission id')
  return match[1]!
}

/** A reader with the post page open: its form's fields, ready to send. */
async function reader() {
  const c = client(server.url)
  const page = (await c.get(post)).text
  const fields = (body: string, extra: Record<string, string> = {}) => ({
    csrf: csrfOf(page),
    submission: submissionOf(page),
    name: 'Twice',
    body,
    ...extra,
  })
  return { c, page, fields }
}

/** The stored comments whose body is `body`. */
const storedWith = async (body: string) =>
  (await server.store.export()).comments.filter((comment) => comment.body === body)

describe('a form sent twice', () => {
  it('should store one comment and answer both with its redirect', async () => {
    const { c, fields } = await reader()
    const form = fields('Sent twice: a double click.')
    const first = await c.post(`${post}comments`, form)
    const second = await c.post(`${post}comments`, form)
    expect(first.response.status).toBe(303)
    expect(second.response.status).toBe(303)
    expect(second.response.headers.get('location')).toBe(first.response.headers.get('location'))
    const stored = await storedWith('Sent twice: a double click.')
    expect(stored.map((comment) => comment.id)).toEqual([commentIdOf(first.response.headers.get('location'))])
  })

  it('should store one comment when the same form arrives many times at once', async () => {
    const { c, fields } = await reader()
    const form = fields('Sent ten times at once.')
    const answers = await Promise.all(Array.from({ length: 10 }, () => c.post(`${post}comments`, form)))
    expect(answers.map((a) => a.response.status)).toEqual(Array(10).fill(303))
    expect(new Set(answers.map((a) => a.response.headers.get('location'))).size).toBe(1)
    expect(await storedWith('Sent ten times at once.')).toHaveLength(1)
  })

  it('should store one comment when two sendings both pass the check before either is stored', async () => {
    // The store holds every add until two are waiting: both sendings looked for a stored comment and
    // found none, so the store's unique id is what keeps the second out.
    const config = readConfig({ DATABASE_PATH: path.join(tempDir(), 'race.db'), SEED: '0' })
    const real = await openCommentStore(config)
    let release!: () => void
    const bothWaiting = new Promise<void>((resolve) => {
      release = resolve
    })
    let waiting = 0
    const store: CommentStore = {
      ...real,
      get: (id) => real.get(id),
      async add(comment, options) {
        if (++waiting === 2) release()
        await bothWaiting
        return real.add(comment, options)
      },
    }
    const site = await loadSite({ contentDir: server.config.contentDir })
    const app = createApp({ site, store, config, secret: 'race-secret-0123456789abcdef0123' })
    const page = await app.request(post)
    const cookie = page.headers.getSetCookie()[0]!.split(';')[0]!
    const html = await page.text()
    const body = new URLSearchParams({
      csrf: csrfOf(html),
      submission: submissionOf(html),
      name: 'Racer',
      body: 'Two sendings racing.',
    }).toString()
    const send = () =>
      app.request(`${post}comments`, {
        method: 'POST',
        headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
        body,
      })
    const answers = await Promise.all([send(), send()])
    expect(answers.map((answer) => answer.status)).toEqual([303, 303])
    expect(answers[1]!.headers.get('location')).toBe(answers[0]!.headers.get('location'))
    expect((await real.export()).comments.map((comment) => comment.body)).toEqual(['Two sendings racing.'])
    await real.close()
  })

  it('should store one comment when it is sent again after the connection broke', async () => {
    const { c, fields } = await reader()
    const body = new URLSearchParams(fields('Sent again after a lost connection.')).toString()
    const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    const { hostname, port } = new URL(server.url)
    // The whole request goes out, and the connection is cut before the answer is read.
    const socket = net.connect(Number(port), hostname)
    await new Promise((resolve) => socket.once('connect', resolve))
    socket.end(
      `POST ${post}comments HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nCookie: ${cookie}\r\n\r\n${body}`,
    )
    socket.destroy()
    // The browser (or the reader) sends it again.
    const retry = await c.request(`${post}comments`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    })
    expect(retry.status).toBe(303)
    const id = commentIdOf(retry.headers.get('location'))
    // The first sending may still be running on the server; once it is done there is one comment.
    await vi.waitFor(async () => {
      expect((await storedWith('Sent again after a lost connection.')).map((comment) => comment.id)).toEqual([
        id,
      ])
    })
  })

  it('should send a held comment back to its notice again, not store it twice', async () => {
    const { c, fields } = await reader()
    const form = fields('Held: http://a.example http://b.example http://c.example')
    const first = await c.post(`${post}comments`, form)
    expect(first.response.headers.get('location')).toContain('?held=')
    expect((await c.post(`${post}comments`, form)).response.headers.get('location')).toBe(
      first.response.headers.get('location'),
    )
    expect(await storedWith(form.body)).toHaveLength(1)
  })

  it('should keep the submission id when the form comes back with errors, and give the next form a new one', async () => {
    const { c, page, fields } = await reader()
    const invalid = await c.post(`${post}comments`, fields('', { name: 'Twice' }))
    expect(invalid.response.status).toBe(422)
    expect(submissionOf(invalid.text)).toBe(submissionOf(page))
    const sent = await c.post(`${post}comments`, fields('Fixed and sent.'))
    expect(sent.response.status).toBe(303)
    const next = (await c.get(post)).text
    expect(submissionOf(next)).not.toBe(submissionOf(page))
  })

  it("should keep a different comment sent with the same form (edited after going back), and refuse another visitor's id", async () => {
    const { c, fields } = await reader()
    await c.post(`${post}comments`, fields('The first comment of this form.'))
    const edited = await c.post(`${post}comments`, fields('Another comment, written after going back.'))
    expect(edited.response.status).toBe(303)
    expect(await storedWith('Another comment, written after going back.')).toHaveLength(1)
    expect(await storedWith('The first comment of this form.')).toHaveLength(1)

    const other = await reader()
    const stolen = await other.c.post(
      `${post}comments`,
      other.fields('With a submission id made for someone else.', { submission: fields('').submission }),
    )
    expect(stolen.response.status).toBe(403)
    expect(stolen.text).toContain('With a submission id made for someone else.</textarea>')
    expect(await storedWith('With a submission id made for someone else.')).toHaveLength(0)
  })

  it('should store one comment when the name is sent in another form than the store keeps (a decomposed Å, an invisible mark)', async () => {
    const { c, fields } = await reader()
    const form = fields('Sent twice with a decomposed name.', { name: 'A\u030Asa\u200B' })
    const first = await c.post(`${post}comments`, form)
    const second = await c.post(`${post}comments`, form)
    expect(second.response.status).toBe(303)
    expect(second.response.headers.get('location')).toBe(first.response.headers.get('location'))
    const stored = await storedWith('Sent twice with a decomposed name.')
    expect(stored.map((comment) => comment.author.name)).toEqual(['\u00c5sa'])
  })

  it('should still take a form without a submission id (a page from before, a script)', async () => {
    const { c, fields } = await reader()
    const { submission: _, ...form } = fields('No submission id.')
    expect((await c.post(`${post}comments`, form)).response.status).toBe(303)
    expect(await storedWith('No submission id.')).toHaveLength(1)
  })
})
