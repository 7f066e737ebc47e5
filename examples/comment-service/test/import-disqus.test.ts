// `npm run import-disqus`: a Disqus export into the service's database, each thread's comments under its
// page (the thread's link, on the site's origin now with --origin), read back through the service.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import { readConfig } from '../src/config.js'
import { importDisqusExport, threadPage } from '../src/import-disqus.js'
import { type CommentService, startService } from '../src/server.js'

const exampleDir = fileURLToPath(new URL('..', import.meta.url))
const dir = mkdtempSync(path.join(tmpdir(), 'comment-service-disqus-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const site = 'https://blog.example'
const post = (id: string, thread: string, body: string, extra = '') => `<post dsq:id="${id}">
    <id/><message><![CDATA[<p>${body}</p>]]></message><createdAt>2020-02-2${id.at(-1)}T10:00:00Z</createdAt>
    <isDeleted>${extra.includes('deleted') ? 'true' : 'false'}</isDeleted><isSpam>false</isSpam>
    <author><name>Reader ${id}</name><isAnonymous>false</isAnonymous></author>
    <thread dsq:id="${thread}"/>${extra.replace('deleted', '')}
  </post>`
const exportXml = `<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="1"><id/><forum>f</forum><link>http://www.blog.example/2020/02/a/</link><title>A</title>
    <createdAt>2020-02-01T00:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>
  <thread dsq:id="2"><id/><forum>f</forum><link>https://blog.example/2020/03/b/?utm_source=x</link><title>B</title>
    <createdAt>2020-03-01T00:00:00Z</createdAt><isClosed>false</isClosed><isDeleted>false</isDeleted></thread>
  ${post('11', '1', 'First on A')}
  ${post('12', '1', 'Removed', 'deleted')}
  ${post('13', '1', 'Answer to the removed one', '<parent dsq:id="12"/>')}
  ${post('14', '1', 'Answer to the first', '<parent dsq:id="11"/>')}
  ${post('21', '2', 'On B')}
</disqus>
`
const file = path.join(dir, 'export.xml')
writeFileSync(file, exportXml)

const services: CommentService[] = []
afterEach(async () => {
  for (const service of services.splice(0)) await service.close()
})

interface Thread {
  id: string
  placeholder: boolean
  replies: Thread[]
}

describe('importDisqusExport', () => {
  it('stores each thread’s comments under its page, threaded, and skips them when run again', async () => {
    const service = await startService(
      readConfig({ ALLOWED_ORIGINS: site, PORT: '0', LOG: '0', DATABASE_PATH: path.join(dir, 'a.db') }),
    )
    services.push(service)
    const options = { file, store: service.store, allowedOrigins: [site], origin: site }
    const result = await importDisqusExport(options)
    expect(result).toMatchObject({ imported: 5, skipped: 0, pages: 2, warnings: [] })

    const read = async (page: string) => {
      const answer = await fetch(new URL(`comments?page=${encodeURIComponent(page)}`, service.url))
      return (await answer.json()) as { total: number; threads: Thread[] }
    }
    const a = await read(`${site}/2020/02/a/`)
    expect(a.total).toBe(3)
    expect(a.threads).toMatchObject([
      { id: 'dsq-11', placeholder: false, replies: [{ id: 'dsq-14' }] },
      { id: 'dsq-12', placeholder: true, replies: [{ id: 'dsq-13' }] },
    ])
    expect((await read(`${site}/2020/03/b/`)).threads).toMatchObject([{ id: 'dsq-21' }])

    expect(await importDisqusExport(options)).toMatchObject({ imported: 0, skipped: 5 })
  })

  it('warns about pages of an origin the service does not allow', async () => {
    const service = await startService(
      readConfig({ ALLOWED_ORIGINS: site, PORT: '0', LOG: '0', DATABASE_PATH: path.join(dir, 'b.db') }),
    )
    services.push(service)
    const result = await importDisqusExport({
      file,
      shownAs: 'export.xml',
      store: service.store,
      allowedOrigins: [site],
    })
    expect(result.imported).toBe(5)
    expect(result.warnings).toEqual([
      "export.xml: warning: pages of http://www.blog.example are not in ALLOWED_ORIGINS: their comments are stored, but no page shows them until the origin is allowed (or import with --origin <the site's origin now>) [other-origin]",
    ])
  })

  it('normalizes thread links as the service normalizes pages', () => {
    expect(threadPage({ id: '1', link: 'HTTP://Blog.Example/a/index.html#x' })).toBe('http://blog.example/a/')
    expect(threadPage({ id: '1', link: 'http://www.blog.example/a/?utm_medium=y' }, site)).toBe(`${site}/a/`)
    expect(threadPage({ id: '1', link: 'not a link' })).toBeUndefined()
  })
})

describe('npm run import-disqus', () => {
  const run = (args: string[], env: Record<string, string>) =>
    promisify(execFile)(process.execPath, ['--import', 'tsx', 'src/import-main.ts', ...args], {
      cwd: exampleDir,
      env: { PATH: process.env.PATH ?? '', INIT_CWD: dir, ...env },
    }).then(
      (done) => ({ code: 0, ...done }),
      (error: { code: number; stdout: string; stderr: string }) => error,
    )

  it('imports into DATABASE_PATH and says what it did; a missing file is one line', async () => {
    const env = { ALLOWED_ORIGINS: site, DATABASE_PATH: path.join(dir, 'cli.db') }
    const done = await run(['export.xml', '--origin', site], env)
    expect(done).toMatchObject({ code: 0, stderr: '' })
    expect(done.stdout).toBe(`5 comments imported on 2 pages into ${env.DATABASE_PATH} (0 already there)\n`)

    const missing = await run(['nothing.xml'], env)
    expect(missing.code).toBe(1)
    expect(missing.stderr).toMatch(/^error: .*nothing\.xml.*: give the path of the Disqus export\n$/)
  })
})
