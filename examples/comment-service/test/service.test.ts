import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { readConfig } from '../src/config.js'
import { type CommentService, startService } from '../src/server.js'

const exampleDir = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(path.join(tmpdir(), 'comment-service-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const site = 'http://127.0.0.1:8080'
const page = `${site}/2024/hej/`
let files = 0
const databasePath = () => path.join(dir, `${++files}/comments.db`)

const services: CommentService[] = []
afterEach(async () => {
  for (const service of services.splice(0)) await service.close()
})

async function start(env: Record<string, string> = {}) {
  const config = readConfig({ ALLOWED_ORIGINS: site, PORT: '0', DATABASE_PATH: databasePath(), ...env })
  const service = await startService(config)
  services.push(service)
  return service
}

const post = (url: string, fields: Record<string, string>, origin = site) =>
  fetch(new URL('comments', url), {
    method: 'POST',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  })

describe('the comment service over HTTP', () => {
  it('should take a form from an allowed site and show the comment in the JSON, the fragment and the counts', async () => {
    const service = await start()
    expect(service.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/)
    const posted = await post(service.url, { page, name: 'Maria', body: 'Hej *alla*!' })
    expect(posted.status).toBe(303)
    const location = posted.headers.get('location')!
    expect(location).toMatch(new RegExp(`^${page}#comment-[\\w-]+$`))
    const id = location.slice(location.indexOf('#comment-') + '#comment-'.length)
    const reply = await post(service.url, { page, parent: id, name: 'Bo', body: 'Tack!' })
    expect(reply.status).toBe(303)

    const read = await fetch(new URL(`comments?page=${encodeURIComponent(page)}`, service.url), {
      headers: { origin: site },
    })
    expect(read.headers.get('access-control-allow-origin')).toBe(site)
    const answer = (await read.json()) as {
      total: number
      threads: { id: string; html: string; replies: { html: string }[] }[]
    }
    expect(answer.total).toBe(2)
    expect(answer.threads[0]).toMatchObject({ id, html: '<p>Hej <em>alla</em>!</p>' })
    expect(answer.threads[0]!.replies[0]!.html).toBe('<p>Tack!</p>')

    const again = await fetch(new URL(`comments?page=${encodeURIComponent(page)}`, service.url), {
      headers: { 'if-none-match': read.headers.get('etag')! },
    })
    expect(again.status).toBe(304)
    const fragment = await (
      await fetch(new URL(`comments?page=${encodeURIComponent(page)}&format=html`, service.url))
    ).text()
    expect(fragment).toContain(`id="comment-${id}"`)
    const counts = await (
      await fetch(
        new URL(
          `counts?page=${encodeURIComponent(page)}&page=${encodeURIComponent(`${site}/other/`)}`,
          service.url,
        ),
      )
    ).json()
    expect(counts).toEqual({ counts: { [page]: 2, [`${site}/other/`]: 0 } })
  })

  it('should refuse the names of RESERVED_NAMES', async () => {
    const service = await start({ RESERVED_NAMES: 'Elin Skarp' })
    const refused = await post(service.url, { page, name: 'elin skarp', body: 'Hej' })
    expect(refused.status).toBe(422)
    expect((await service.store.export()).comments).toEqual([])
  })

  it('should refuse a form from another site with 403 and store nothing', async () => {
    const service = await start()
    const refused = await post(service.url, { page, name: 'Mallory', body: 'Köp' }, 'http://127.0.0.1:9999')
    expect(refused.status).toBe(403)
    expect((await service.store.export()).comments).toEqual([])
  })

  it('should limit forms per address by the connection (RATE_LIMIT)', async () => {
    const service = await start({ RATE_LIMIT: '2' })
    expect((await post(service.url, { page, name: 'A', body: 'ett' })).status).toBe(303)
    expect((await post(service.url, { page, name: 'A', body: 'två' })).status).toBe(303)
    const third = await post(service.url, { page, name: 'A', body: 'tre' })
    expect(third.status).toBe(429)
    expect(await third.text()).toContain('tre</textarea>')
  })
})

/** Run `npm start`'s command (without the build step) with `env`; resolves with the child and what it printed. */
function launch(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: exampleDir,
    env: { PATH: process.env.PATH ?? '', LOG: '0', ...env },
  })
  const output = { stdout: '', stderr: '' }
  child.stdout.on('data', (chunk) => {
    output.stdout += chunk
  })
  child.stderr.on('data', (chunk) => {
    output.stderr += chunk
  })
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)))
  return { child, output, exited }
}

const children: ChildProcess[] = []
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL')
})

describe('npm start', () => {
  it('should start on 127.0.0.1, say where, take a comment and stop on SIGTERM', async () => {
    const run = launch({ ALLOWED_ORIGINS: site, PORT: '0', DATABASE_PATH: databasePath() })
    children.push(run.child)
    const url = await new Promise<string>((resolve, reject) => {
      run.child.stdout.on('data', () => {
        // Note: the moderation line comes after the address, maybe in a later chunk: wait for both.
        const found = /comment service: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(run.output.stdout)
        if (found && /^moderation.*\n/m.test(run.output.stdout)) resolve(found[1]!)
      })
      run.exited.then((code) => reject(new Error(`exited with ${code}: ${run.output.stderr}`)))
    })
    expect(run.output.stdout).toContain('moderation is off: set ADMIN_TOKEN to use /admin')
    expect((await post(url, { page, name: 'Maria', body: 'Hej' })).status).toBe(303)
    const answer = (await (
      await fetch(new URL(`comments?page=${encodeURIComponent(page)}`, url))
    ).json()) as { total: number }
    expect(answer.total).toBe(1)
    run.child.kill('SIGTERM')
    expect(await run.exited).toBe(0)
  })

  it('should stop with a message naming the variable when a setting is wrong', async () => {
    const notADirectory = path.join(dir, 'a-file')
    writeFileSync(notADirectory, '')
    const cases: [Record<string, string>, RegExp][] = [
      [{}, /^error: ALLOWED_ORIGINS is not set/],
      [{ ALLOWED_ORIGINS: site, PORT: 'abc' }, /^error: PORT=abc is not valid/],
      [
        { ALLOWED_ORIGINS: site, SMTP_URL: 'smtp://mail.example' },
        /^error: MAIL_FROM is not set but SMTP_URL is/,
      ],
      [
        { ALLOWED_ORIGINS: site, PORT: '0', DATABASE_PATH: path.join(notADirectory, 'c.db') },
        /^error: DATABASE_PATH=.*a-file\/c\.db cannot be used: /,
      ],
    ]
    for (const [env, message] of cases) {
      const run = launch(env)
      children.push(run.child)
      expect(await run.exited).toBe(1)
      expect(run.output.stderr).toMatch(message)
      expect(run.output.stderr).not.toMatch(/\n\s+at /)
    }
  })
})
