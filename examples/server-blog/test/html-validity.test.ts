import { execFile } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { cleanup, client, csrfOf, post, start, svPost, tempDir } from './helpers.js'

const run = promisify(execFile)
const java = ['/usr/bin/java', '/usr/local/bin/java'].find((file) => existsSync(file))
if (!java && process.env.CI) {
  throw new Error(
    'Java is missing: CI must install it for the Nu Html Checker (`apt-get install -y default-jre-headless`)',
  )
}
if (!java) {
  console.warn(
    'Skipping the Nu Html Checker: no Java; install it with `apt-get install -y default-jre-headless`',
  )
}
const vnuJar = createRequire(import.meta.url).resolve('vnu-jar/build/dist/vnu.jar')

interface VnuMessage {
  type: 'error' | 'info' | 'non-document-error'
  subType?: string
  url?: string
  lastLine?: number
  message: string
  extract?: string
}

afterAll(cleanup)

describe.skipIf(!java)('Nu Html Checker', () => {
  it('should find no errors or warnings in the pages only the server makes, and its stylesheet', async () => {
    const token = 'html-validity-admin'
    const server = await start({ ADMIN_TOKEN: token, HOLD_AFTER: '1000', RATE_LIMIT: '1000' })
    const c = client(server.url)
    const page = (await c.get(post)).text
    const form = { csrf: csrfOf(page), name: '', email: 'x', url: 'javascript:x', body: '' }
    const held = await c.post(`${svPost}comments`, {
      ...form,
      name: 'Held',
      email: '',
      url: '',
      body: 'http://a.example http://b.example http://c.example',
    })
    const bearer = { authorization: `Bearer ${token}` }
    const off = await start({ SEED: '0' })
    const documents: Record<string, string> = {
      'post.html': page,
      'reply.html': (await c.get(`${post}?replyTo=c-ai-1`)).text,
      'errors.html': (await c.post(`${post}comments`, form)).text,
      'held.html': (await c.get(held.response.headers.get('location')!)).text,
      'admin-login.html': (await c.get('/admin')).text,
      'admin-queue.html': (await c.get('/admin', bearer)).text,
      'admin-approved.html': (await c.get('/admin?view=approved', bearer)).text,
      'admin-off.html': (await client(off.url).get('/admin')).text,
      'styles.css': (await c.get('/styles.css')).text,
    }
    expect(documents['admin-queue.html']).toContain('<table class="admin-table">')
    const dir = tempDir()
    const files = await Promise.all(
      Object.entries(documents).map(async ([name, body]) => {
        const file = path.join(dir, name)
        await writeFile(file, body)
        return file
      }),
    )
    let output: string
    try {
      output = (
        await run(java!, ['-Xss2m', '-jar', vnuJar, '--format', 'json', '--also-check-css', ...files])
      ).stderr
    } catch (error) {
      // vnu exits 1 when it found errors; the report is on stderr either way.
      output = (error as { stderr: string }).stderr
    }
    const { messages } = JSON.parse(output) as { messages: VnuMessage[] }
    const problems = messages
      .filter((message) => message.type !== 'info' || message.subType === 'warning')
      .map(
        (message) =>
          `${path.basename(decodeURIComponent(new URL(message.url ?? 'file:///').pathname))}:${message.lastLine ?? 0}: ${message.message}${message.extract ? ` (${message.extract.trim()})` : ''}`,
      )
    expect(problems).toEqual([])
  })
})
