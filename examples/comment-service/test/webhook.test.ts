// ON_APPROVE_URL: a JSON POST when a comment becomes visible (posted approved, or approved later through
// the store's `moderate`, as the admin does), sent in the background with a timeout and retries; a local
// receiver on 127.0.0.1 records what arrives.
import { spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '../src/config.js'
import { type CommentService, startService } from '../src/server.js'
import { approvalEvent, createApprovalWebhook } from '../src/webhook.js'

const dir = mkdtempSync(path.join(tmpdir(), 'comment-service-webhook-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const site = 'http://127.0.0.1:8080'
const page = `${site}/2024/hej/`

interface Received {
  body: unknown
  type: string | undefined
  response: ServerResponse
}

/** A receiver on 127.0.0.1 that records each POST and answers with `answer` (or holds it: `undefined`). */
async function receiver(answer: (count: number) => number | undefined) {
  const received: Received[] = []
  const server: Server = createServer((request: IncomingMessage, response) => {
    const chunks: Buffer[] = []
    request.on('data', (chunk: Buffer) => chunks.push(chunk))
    request.on('end', () => {
      received.push({
        body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
        type: request.headers['content-type'],
        response,
      })
      const status = answer(received.length)
      if (status !== undefined) response.writeHead(status).end()
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  servers.push(server)
  return { url, received }
}

const servers: Server[] = []
const services: CommentService[] = []
afterEach(async () => {
  for (const service of services.splice(0)) await service.close()
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
})

/** Wait until `condition()` holds (tests wait for conditions, not the clock). */
async function until(condition: () => boolean) {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10))
}

describe('createApprovalWebhook', () => {
  it('sends the event as JSON and tries again after a 503, with a line about it', async () => {
    const { url, received } = await receiver((count) => (count === 1 ? 503 : 204))
    const lines: string[] = []
    const hook = createApprovalWebhook({ url, backoffMs: 5, log: (line) => lines.push(line) })
    hook.approved({ id: 'c1', postId: page })
    await hook.settled()
    expect(received.map((r) => r.body)).toEqual([
      { event: 'approved', page, identifier: page, commentId: 'c1' },
      { event: 'approved', page, identifier: page, commentId: 'c1' },
    ])
    expect(received[0]!.type).toBe('application/json')
    expect(lines).toEqual([
      `ON_APPROVE_URL ${url}: comment c1 on ${page}: answered 503; trying again in 5 ms`,
    ])
  })

  it('gives up on a 4xx at once, and after the last try of a receiver that does not answer', async () => {
    const refused = await receiver(() => 404)
    const lines: string[] = []
    const log = (line: string) => lines.push(line)
    const hook = createApprovalWebhook({ url: refused.url, backoffMs: 5, log })
    hook.approved({ id: 'c2', postId: 'disqus-thread-7' })
    await hook.settled()
    expect(refused.received).toHaveLength(1)
    expect(lines).toEqual([
      `ON_APPROVE_URL ${refused.url}: comment c2 on disqus-thread-7: not delivered: answered 404 (tried 1 time)`,
    ])

    const silent = await receiver(() => undefined)
    lines.length = 0
    // Note: a timeout long enough for the receiver to read each try on a loaded machine (with 50 ms, CI
    // once saw a try aborted before the receiver had read it: 1 received of 2).
    const slow = createApprovalWebhook({ url: silent.url, attempts: 2, timeoutMs: 500, backoffMs: 5, log })
    slow.approved({ id: 'c3', postId: page })
    await slow.settled()
    expect(silent.received).toHaveLength(2)
    expect(lines.at(-1)).toBe(
      `ON_APPROVE_URL ${silent.url}: comment c3 on ${page}: not delivered: no answer in 500 ms (tried 2 times)`,
    )
  })

  it('gives up the retries not yet begun when closed', async () => {
    const { url, received } = await receiver(() => 503)
    const lines: string[] = []
    const hook = createApprovalWebhook({ url, backoffMs: 60_000, log: (line) => lines.push(line) })
    hook.approved({ id: 'c4', postId: page })
    await until(() => lines.length === 1)
    await hook.close()
    expect(received).toHaveLength(1)
    expect(lines.at(-1)).toMatch(/not delivered: the service is stopping$/)
  })

  it('leaves out `page` for an identifier that is not a URL', () => {
    expect(approvalEvent({ id: 'wp-1', postId: '1234 https://old.example/?p=1234' })).toEqual({
      event: 'approved',
      identifier: '1234 https://old.example/?p=1234',
      commentId: 'wp-1',
    })
  })
})

describe('the service with ON_APPROVE_URL', () => {
  const start = async (env: Record<string, string>) => {
    const service = await startService(
      readConfig({
        ALLOWED_ORIGINS: site,
        PORT: '0',
        LOG: '0',
        DATABASE_PATH: path.join(mkdtempSync(path.join(dir, 'db-')), 'comments.db'),
        ...env,
      }),
    )
    services.push(service)
    return service
  }
  const post = (service: CommentService, body: string) =>
    fetch(new URL('comments', service.url), {
      method: 'POST',
      headers: { origin: site, 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ page, name: 'Maria', body }),
      redirect: 'manual',
    })

  it('tells the URL of a comment approved on posting without holding up the reader, and of one approved later', async () => {
    // The receiver holds its first request: the reader's answer comes anyway.
    const { url, received } = await receiver((count) => (count === 1 ? undefined : 204))
    const service = await start({ ON_APPROVE_URL: url, HOLD_AFTER: '1' })
    const first = await post(service, 'Hej!')
    expect(first.status).toBe(303)
    const id = first.headers.get('location')!.split('#comment-')[1]
    await until(() => received.length === 1)
    expect(received[0]!.body).toEqual({ event: 'approved', page, identifier: page, commentId: id })
    received[0]!.response.writeHead(204).end()

    // The second comment of the same address waits for a moderator: nothing is sent until approved.
    const held = await post(service, 'Hej igen!')
    expect(held.headers.get('location')).toContain('/held?')
    const [waiting] = (await service.store.moderationQueue({ statuses: ['pending'] })).items
    expect(received).toHaveLength(1)
    await service.store.moderate({ id: waiting!.comment.id, action: 'approve' })
    await until(() => received.length === 2)
    expect(received[1]!.body).toMatchObject({ commentId: waiting!.comment.id, page })
    // Approving an approved comment again, or marking one as spam, sends nothing; restoring it does.
    await service.store.moderate({ id: waiting!.comment.id, action: 'approve' })
    await service.store.moderate({ id: waiting!.comment.id, action: 'spam' })
    await service.store.moderate({ id: waiting!.comment.id, action: 'restore' })
    await until(() => received.length === 3)
    await service.close()
    expect(received.map((r) => (r.body as { commentId: string }).commentId)).toEqual([
      id,
      waiting!.comment.id,
      waiting!.comment.id,
    ])
  })

  it('refuses an ON_APPROVE_URL that is not an http(s) URL, naming it', () => {
    expect(() => readConfig({ ALLOWED_ORIGINS: site, ON_APPROVE_URL: 'hooks.example/rebuild' })).toThrow(
      ConfigError,
    )
    expect(() => readConfig({ ALLOWED_ORIGINS: site, ON_APPROVE_URL: 'ftp://hooks.example/' })).toThrow(
      /^ON_APPROVE_URL=ftp:\/\/hooks\.example\/ is not valid: give the http\(s\) URL/,
    )
  })

  it('says at start where approvals are announced, and a wrong ON_APPROVE_URL stops it naming the variable', async () => {
    const start = (env: Record<string, string>) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
        cwd: fileURLToPath(new URL('..', import.meta.url)),
        env: {
          PATH: process.env.PATH ?? '',
          LOG: '0',
          ALLOWED_ORIGINS: site,
          PORT: '0',
          DATABASE_PATH: path.join(mkdtempSync(path.join(dir, 'main-')), 'comments.db'),
          ...env,
        },
      })
      const output = { stdout: '', stderr: '' }
      child.stdout.on('data', (chunk) => {
        output.stdout += chunk
      })
      child.stderr.on('data', (chunk) => {
        output.stderr += chunk
      })
      const exited = new Promise<number | null>((resolve) => child.on('exit', resolve))
      return { child, output, exited }
    }
    const running = start({ ON_APPROVE_URL: 'https://hooks.example/rebuild' })
    const line = 'each comment published is announced to https://hooks.example/rebuild (ON_APPROVE_URL)\n'
    await Promise.race([
      until(() => running.output.stdout.includes(line)),
      running.exited.then((code) => {
        throw new Error(`exited with ${code}: ${running.output.stderr}`)
      }),
    ])
    running.child.kill('SIGTERM')
    expect(await running.exited).toBe(0)

    const wrong = start({ ON_APPROVE_URL: 'hooks.example' })
    expect(await wrong.exited).toBe(1)
    expect(wrong.output.stderr).toMatch(
      /^error: ON_APPROVE_URL=hooks\.example is not valid: give the http\(s\) URL/,
    )
  })
})
