// Reply mails and held-comment notices end to end: the service on 127.0.0.1 sends over SMTP to a local sink
// started here (smtp-server), and the tests follow the links in the mails as a reader would.

import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { ParsedMail } from 'mailparser'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { readConfig } from '../src/config.js'
import { type CommentService, startService } from '../src/server.js'
import { type SmtpSink, startSmtpSink } from './helpers/smtp-sink.js'

const dir = mkdtempSync(path.join(tmpdir(), 'comment-service-mail-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const site = 'http://127.0.0.1:8080'
const page = `${site}/2024/hej/`
const maria = 'maria@example.se'
const bo = 'bo@example.se'
let files = 0

const cleanups: (() => Promise<void>)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

async function sink(): Promise<SmtpSink> {
  const started = await startSmtpSink()
  cleanups.push(() => started.close())
  return started
}

async function start(env: Record<string, string>, problems: string[] = []): Promise<CommentService> {
  const config = readConfig({
    ALLOWED_ORIGINS: site,
    PORT: '0',
    DATABASE_PATH: path.join(dir, `${++files}/comments.db`),
    MAIL_FROM: 'Kommentarer <comments@blog.example>',
    // Note: every form comes from 127.0.0.1; only the link limit holds comments here.
    HOLD_AFTER: '100',
    RATE_LIMIT: '100',
    ...env,
  })
  const service = await startService(config, undefined, {
    problems: (line) => problems.push(line),
    retryDelays: [10],
  })
  cleanups.push(() => service.close())
  return service
}

/** Post the form as a page of the site would; the new comment's id (from the 303's anchor), or the answer. */
async function post(service: CommentService, fields: Record<string, string>) {
  const response = await fetch(new URL('comments', service.url), {
    method: 'POST',
    headers: { origin: site, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ page, ...fields }),
    redirect: 'manual',
  })
  const location = response.headers.get('location') ?? ''
  return { response, location, id: location.split('#comment-')[1] }
}

/** The one link in a mail's text that starts with `prefix`. */
function linkIn(mail: ParsedMail, prefix: string): string {
  const found = (mail.text ?? '').match(/https?:\/\/\S+/g)?.filter((link) => link.startsWith(prefix)) ?? []
  expect(found).toHaveLength(1)
  return found[0]!
}

/** A header line of a mail as sent (unfolded). */
const header = (mail: ParsedMail, key: string) =>
  mail.headerLines.find((line) => line.key === key)?.line.replace(/\r?\n[ \t]+/g, ' ')

describe('reply mails', () => {
  it('should confirm the address once, mail a visible reply, and stop after a one-click unsubscribe', async () => {
    const smtp = await sink()
    const service = await start({ SMTP_URL: smtp.url })
    const first = await post(service, { name: 'Maria', email: maria, body: 'Hej!', notify: 'yes' })
    expect(first.response.status).toBe(303)
    await service.mailIdle()
    expect(smtp.mails).toHaveLength(1)
    const [confirmation] = smtp.to(maria)
    expect(confirmation!.subject).toBe('Confirm reply e-mails from 127.0.0.1:8080')
    expect(confirmation!.from?.text).toContain('comments@blog.example')
    expect(header(confirmation!, 'auto-submitted')).toBe('Auto-Submitted: auto-generated')
    const confirm = linkIn(confirmation!, `${service.url}mail/confirm?`)

    // Before the link is followed: no reply mail, and asking again sends no second confirmation.
    await post(service, { parent: first.id!, name: 'Bo', email: bo, body: 'Early reply' })
    await post(service, { name: 'Maria', email: maria, body: 'Ett till', notify: 'yes' })
    await service.mailIdle()
    expect(smtp.mails).toHaveLength(1)

    // Following the link shows a button (a mail scanner's GET confirms nothing); its POST confirms.
    const shown = await fetch(confirm)
    expect(shown.status).toBe(200)
    const form = await shown.text()
    const action = form.match(/<form method="post" action="([^"]+)">/)?.[1]?.replaceAll('&#38;', '&')
    expect(new URL(action!, service.url).href).toBe(confirm)
    const confirmed = await fetch(new URL(action!, service.url), { method: 'POST' })
    expect(confirmed.status).toBe(200)
    expect(await confirmed.text()).toContain('Your address is confirmed')

    // A reply that becomes visible: one mail to Maria, with the one-click unsubscribe headers.
    const reply = await post(service, { parent: first.id!, name: 'Bo', email: bo, body: 'Tack *Maria*!' })
    await service.mailIdle()
    const [notice] = smtp.to(maria).slice(1)
    expect(smtp.mails).toHaveLength(2)
    expect(notice!.subject).toBe('Bo replied to your comment')
    expect(notice!.text).toContain('> Tack *Maria*!')
    expect(notice!.text).toContain(`${page}#comment-${reply.id}`)
    expect(notice!.text).not.toContain(bo)
    const unsubscribe = linkIn(notice!, `${service.url}mail/unsubscribe?`)
    expect(header(notice!, 'list-unsubscribe-post')).toBe('List-Unsubscribe-Post: List-Unsubscribe=One-Click')
    expect(header(notice!, 'list-unsubscribe')).toBe(`List-Unsubscribe: <${unsubscribe}>`)
    expect(header(notice!, 'auto-submitted')).toBe('Auto-Submitted: auto-generated')

    // No mail for Maria's own reply, nor for a held reply until it is approved; then exactly one.
    await post(service, { parent: first.id!, name: 'Maria', email: ` ${maria.toUpperCase()}`, body: 'Själv' })
    const links = 'Se https://a.example, https://b.example och https://c.example'
    const held = await post(service, { parent: first.id!, name: 'Bo', email: bo, body: links })
    expect(held.location).toMatch(/\/held\?/)
    await service.mailIdle()
    expect(smtp.mails).toHaveLength(2)
    const [waiting] = (await service.store.moderationQueue()).items
    // Approved through the service's store (as its admin does): heard; told again: still one mail.
    const approved = await service.store.moderate({ id: waiting!.comment.id, action: 'approve' })
    await service.commentApproved(approved)
    await service.mailIdle()
    expect(smtp.to(maria).map((mail) => mail.subject)).toEqual([
      'Confirm reply e-mails from 127.0.0.1:8080',
      'Bo replied to your comment',
      'Bo replied to your comment',
    ])

    // A changed token unsubscribes no one; the mail program's one-click POST does.
    const tampered = await fetch(
      unsubscribe.replace(/t=[\w-]/, (t) => (t === 't=A' ? 't=B' : 't=A')),
      {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      },
    )
    expect(tampered.status).toBe(400)
    const oneClick = await fetch(unsubscribe, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    })
    expect(oneClick.status).toBe(200)
    await post(service, { parent: first.id!, name: 'Bo', email: bo, body: 'Hallå?' })
    await service.mailIdle()
    expect(smtp.mails).toHaveLength(3)
    // The old confirmation link does not subscribe again.
    expect((await fetch(confirm, { method: 'POST' })).status).toBe(410)
  })

  it('should never show an address in a page or an API answer', async () => {
    const smtp = await sink()
    const service = await start({ SMTP_URL: smtp.url })
    const first = await post(service, { name: 'Maria', email: maria, body: 'Hej!', notify: 'yes' })
    await post(service, { parent: first.id!, name: 'Bo', email: bo, body: 'Svar' })
    await post(service, {
      name: 'Bo',
      email: bo,
      body: 'https://a.example https://b.example https://c.example',
    })
    await service.mailIdle()
    const confirm = linkIn(smtp.to(maria)[0]!, `${service.url}mail/confirm?`)
    const encoded = encodeURIComponent(page)
    const answers = [
      `comments?page=${encoded}`,
      `comments?page=${encoded}&body=1`,
      `comments?page=${encoded}&format=html`,
      `counts?page=${encoded}`,
      `held?page=${encoded}&why=links&lang=sv`,
    ].map((route) => fetch(new URL(route, service.url)))
    answers.push(fetch(confirm), fetch(confirm, { method: 'POST' }))
    for (const answer of await Promise.all(answers)) {
      const text = await answer.text()
      expect(answer.status, text).toBeLessThan(300)
      expect(text.toLowerCase()).not.toContain('example.se')
      expect(text).not.toMatch(/maria@|bo@/i)
    }
    expect(
      JSON.stringify(await (await fetch(new URL(`comments?page=${encoded}`, service.url))).json()),
    ).toMatch(/"name":"Bo"/)
  })

  it('should send no confirmation for a comment filed as spam (a filled-in honeypot)', async () => {
    const smtp = await sink()
    const service = await start({ SMTP_URL: smtp.url })
    const fields = { name: 'Bot', email: maria, body: 'Buy', notify: 'yes', website: 'x' }
    const { location } = await post(service, fields)
    expect(location).toMatch(/\/held\?.*why=spam/)
    await post(service, { name: 'Maria', email: bo, body: 'Hej!', notify: 'yes' })
    await service.mailIdle()
    expect(smtp.mails.map((mail) => mail.to && [mail.to].flat()[0]!.text)).toEqual([bo])
  })

  it('should refuse a ticked box without an address and keep the form', async () => {
    const smtp = await sink()
    const service = await start({ SMTP_URL: smtp.url, PAGE_LANGUAGE: 'sv' })
    const { response } = await post(service, { name: 'Maria', body: 'Hej!', notify: 'yes' })
    expect(response.status).toBe(422)
    expect(await response.text()).toContain('Skriv din e-postadress för att få veta om svar')
    expect(await service.store.count()).toEqual({})
  })

  it('should keep and answer the comment when SMTP is down, and log each failed try and the last', async () => {
    const closed = await sink()
    const url = closed.url
    await closed.close()
    const problems: string[] = []
    const service = await start({ SMTP_URL: url }, problems)
    const first = await post(service, { name: 'Maria', email: maria, body: 'Hej!', notify: 'yes' })
    expect(first.response.status).toBe(303)
    expect(await service.store.get(first.id!)).toMatchObject({ status: 'approved', body: 'Hej!' })
    await service.mailIdle()
    expect(problems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^mail: confirmation mail for comment ${first.id} failed \\(attempt 1 of 2\\): .*ECONNREFUSED.*; trying again in 0 s$`,
        ),
      ),
      expect.stringMatching(
        new RegExp(`^mail: confirmation mail for comment ${first.id} was not sent after 2 attempts: `),
      ),
    ])
    expect(problems.join('\n')).not.toContain(maria)
  })
})

describe('held-comment notices', () => {
  async function hook(status = 200) {
    const received: unknown[] = []
    const server: Server = createServer((request, response) => {
      let body = ''
      request.on('data', (chunk: Buffer) => {
        body += chunk.toString()
      })
      request.on('end', () => {
        received.push({ type: request.headers['content-type'], body: JSON.parse(body) })
        response.writeHead(status).end()
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    cleanups.push(() => new Promise<void>((resolve) => server.close(() => resolve())))
    return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/held`, received }
  }

  it('should call ON_HELD_URL and mail MODERATOR_EMAIL per held comment, with the admin link and no address', async () => {
    const smtp = await sink()
    const webhook = await hook()
    const service = await start({
      SMTP_URL: smtp.url,
      MODERATOR_EMAIL: 'elin@blog.example',
      ON_HELD_URL: webhook.url,
      ADMIN_URL: 'https://comments.blog.example/admin',
    })
    await post(service, { name: 'Maria', email: maria, body: 'Visible at once' })
    const held = await post(service, {
      name: 'Bo',
      email: bo,
      body: 'https://a.example https://b.example https://c.example',
    })
    await service.mailIdle()
    const [comment] = (await service.store.moderationQueue()).items
    expect(held.location).toMatch(/\/held\?/)
    expect(webhook.received).toEqual([
      {
        type: 'application/json',
        body: {
          event: 'comment.held',
          comment: {
            id: comment!.comment.id,
            postId: page,
            author: { name: 'Bo' },
            createdAt: comment!.comment.createdAt,
            status: 'pending',
          },
          page,
          why: 'links',
          admin: 'https://comments.blog.example/admin',
        },
      },
    ])
    const [mail] = smtp.to('elin@blog.example')
    expect(smtp.mails).toHaveLength(1)
    expect(mail!.subject).toBe('A comment is waiting for review on 127.0.0.1:8080')
    expect(mail!.text).toContain('Review it: https://comments.blog.example/admin')
    expect(mail!.text).toContain('it has more than 2 links')
    expect(mail!.text).not.toContain(bo)
  })

  it('should call ON_HELD_URL without SMTP, link the service’s own admin, and retry a failing hook', async () => {
    const webhook = await hook(500)
    const problems: string[] = []
    const service = await start({ ON_HELD_URL: webhook.url, PAGE_LANGUAGE: 'sv' }, problems)
    await post(service, { name: 'Bo', body: 'https://a.example https://b.example https://c.example' })
    await service.mailIdle()
    expect(webhook.received).toHaveLength(2)
    expect(webhook.received[0]).toMatchObject({ body: { admin: `${service.url}admin`, why: 'links' } })
    expect(problems[0]).toMatch(
      /^mail: held-comment webhook for comment \S+ failed \(attempt 1 of 2\): ON_HELD_URL answered 500/,
    )
    expect(problems[1]).toMatch(/was not sent after 2 attempts: ON_HELD_URL answered 500$/)
  })
})
