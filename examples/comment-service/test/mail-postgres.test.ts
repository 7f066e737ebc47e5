// Reply mails with the comments and the reply-mail tables on PostgreSQL (`DATABASE_URL`): confirm, a reply's
// mail, one-click unsubscribe. Needs a server at BLOGKIT_TEST_DATABASE_URL (`. .ci/start-postgres.sh` at the
// repository root); skipped with a note without one, unless CI is set.
import { afterAll, describe, expect, it } from 'vitest'
import { readConfig } from '../src/config.js'
import { startService } from '../src/server.js'
import { dropSchema, testPostgres } from './helpers/postgres.js'
import { startSmtpSink } from './helpers/smtp-sink.js'

const { url, skip } = await testPostgres('reply mails on PostgreSQL')
const schema = `blogkit_mail_service_${process.pid}_${Date.now()}`

afterAll(async () => {
  if (skip) return
  await dropSchema(url, schema)
})

const site = 'http://127.0.0.1:8080'
const page = `${site}/2024/hej/`

describe.skipIf(skip)('reply mails on PostgreSQL', () => {
  it('should confirm, mail a reply and stop after a one-click unsubscribe', async () => {
    const smtp = await startSmtpSink()
    const service = await startService(
      readConfig({
        ALLOWED_ORIGINS: site,
        PORT: '0',
        DATABASE_URL: url,
        DATABASE_SCHEMA: schema,
        SMTP_URL: smtp.url,
        MAIL_FROM: 'comments@blog.example',
        PUBLIC_URL: 'http://comments.localhost:1/',
        HOLD_AFTER: '100',
      }),
    )
    try {
      const post = async (fields: Record<string, string>) => {
        const answer = await fetch(new URL('comments', service.url), {
          method: 'POST',
          headers: { origin: site, 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ page, ...fields }),
          redirect: 'manual',
        })
        return answer.headers.get('location')?.split('#comment-')[1]
      }
      // The links name PUBLIC_URL; the test follows them to where the service listens.
      const here = (link: string) => link.replace('http://comments.localhost:1/', service.url)
      const linkIn = (text: string | undefined, path: string) =>
        here(text?.match(new RegExp(`http://comments\\.localhost:1/${path}\\?\\S+`))?.[0] ?? '')
      const first = await post({ name: 'Maria', email: 'maria@example.se', body: 'Hej!', notify: 'yes' })
      await service.mailIdle()
      const confirm = linkIn(smtp.mails[0]?.text, 'mail/confirm')
      expect((await fetch(confirm, { method: 'POST' })).status).toBe(200)
      await post({ parent: first!, name: 'Bo', email: 'bo@example.se', body: 'Tack!' })
      await service.mailIdle()
      expect(smtp.mails.map((mail) => mail.subject)).toEqual([
        'Confirm reply e-mails from 127.0.0.1:8080',
        'Bo replied to your comment',
      ])
      const unsubscribe = linkIn(smtp.mails[1]?.text, 'mail/unsubscribe')
      const oneClick = await fetch(unsubscribe, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: 'List-Unsubscribe=One-Click',
      })
      expect(oneClick.status).toBe(200)
      await post({ parent: first!, name: 'Bo', email: 'bo@example.se', body: 'Hallå?' })
      await service.mailIdle()
      expect(smtp.mails).toHaveLength(2)
    } finally {
      await service.close()
      await smtp.close()
    }
  })
})
