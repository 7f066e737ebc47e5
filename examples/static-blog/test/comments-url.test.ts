// `--comments-url`: each post's approved comments read from the comment service (examples/comment-service,
// started here on 127.0.0.1 with a temporary database) at build time, rendered into the static pages with
// the theme's comment rendering beside the comments files' ones, the form posting to the service, and a
// rebuild after a new comment rendering only the pages that show it.

import { execFile } from 'node:child_process'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { SiteError } from '@blogkit/example-site'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { checkWithVnu, java } from '../../../scripts/testing/vnu.js'
import { readConfig } from '../../comment-service/src/config.js'
import { type CommentService, startService } from '../../comment-service/src/server.js'
import { buildSite } from '../src/build.js'
import { defaultContentDir } from '../src/paths.js'
import { readServiceComments } from '../src/service-comments.js'

const baseUrl = 'https://blog.example/'
const pageOf = (slug: string) => `${baseUrl}posts/${slug}/`

describe('buildSite with commentsUrl', () => {
  let dir: string
  let content: string
  let service: CommentService
  const build = (out: string, commentsUrl = service.url) =>
    buildSite({
      contentDir: content,
      outDir: path.join(dir, out),
      baseUrl,
      cacheDir: path.join(dir, 'cache'),
      commentsUrl,
    })
  const page = (out: string, slug: string) =>
    readFile(path.join(dir, out, 'posts', slug, 'index.html'), 'utf8')

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-comments-url-'))
    content = path.join(dir, 'content')
    await cp(defaultContentDir, content, { recursive: true })
    service = await startService(
      readConfig({
        ALLOWED_ORIGINS: 'https://blog.example',
        PORT: '0',
        DATABASE_PATH: path.join(dir, 'comments.db'),
        HOLD_AFTER: '1000',
      }),
    )
  })
  afterAll(async () => {
    await service?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('renders the service’s comments and its form into the post pages', async () => {
    const postId = pageOf('newsletters-and-rss')
    const first = await service.store.add({ postId, author: { name: 'Maria Ek' }, body: 'Bra **text**!' })
    await service.store.add({
      postId,
      parentId: first.comment.id,
      author: { name: 'Elin', url: 'https://elin.example/' },
      body: '@Maria: tack!',
    })
    const held = await service.store.add({ postId, author: { name: 'Bo' }, body: 'väntar' })
    await service.store.moderate({ id: held.comment.id, action: 'spam' })
    // A comment imported both into a comments file and into the service is shown once.
    const fileComments = JSON.parse(
      await readFile(path.join(content, 'posts/ai-and-the-communicator.comments.json'), 'utf8'),
    ) as Array<{ id: string }>
    await service.store.import([
      { ...(fileComments[0] as object), postId: pageOf('ai-and-the-communicator') } as never,
    ])

    const result = await build('out')
    expect(result.serviceComments).toMatchObject({ comments: 3, posts: 2 })
    const html = await page('out', 'newsletters-and-rss')
    expect(html).toContain('<strong>text</strong>')
    expect(html).toContain(`id="comment-${first.comment.id}"`)
    // The reply is threaded under its parent, its "@Maria" linked to it, the website linked.
    expect(html).toMatch(
      new RegExp(`id="comment-${first.comment.id}"[\\s\\S]*<ol class="comment-replies">[\\s\\S]*tack!`),
    )
    expect(html).toContain(`href="#comment-${first.comment.id}"`)
    expect(html).toContain('href="https://elin.example/"')
    expect(html).not.toContain('väntar')
    expect(html).toContain(`<form method="post" action="${service.url}comments#comment-form"`)
    expect(html).toContain(`<input type="hidden" name="page" value="${postId}">`)
    expect(html).not.toContain('name="csrf"')
    // The comment feed has them too; the post with the same comment in both places shows it once.
    expect(await readFile(path.join(dir, 'out/posts/newsletters-and-rss/comments.json'), 'utf8')).toContain(
      'Maria Ek',
    )
    const ai = await page('out', 'ai-and-the-communicator')
    expect(ai.split(`id="comment-${fileComments[0]!.id}"`).length).toBe(2)
    expect(await readFile(path.join(dir, 'out/styles.css'), 'utf8')).toContain('.comment-form')
  })

  it.skipIf(!java)(
    'writes valid HTML and CSS with <blogkit-comments> around the comments (Nu Html Checker)',
    async () => {
      await build('out')
      const html = await page('out', 'newsletters-and-rss')
      expect(html).toContain(`<blogkit-comments id="comments" page="${pageOf('newsletters-and-rss')}">`)
      expect(html).toContain(`<script type="module" src="${service.url}embed.js"></script>`)
      const files = ['posts/newsletters-and-rss/index.html', 'styles.css'].map((file) =>
        path.join(dir, 'out', file),
      )
      expect(await checkWithVnu(files, { name: (file) => path.relative(dir, file) })).toEqual([])
    },
  )

  it('renders again only the pages that show a new comment', async () => {
    await build('out')
    const again = await build('out')
    expect(again.rendered).toBe(0)
    await service.store.add({
      postId: pageOf('sluta-mata-rackvidd'),
      author: { name: 'Ny' },
      body: 'Ny kommentar',
    })
    const after = await build('out')
    const pages = after.changed.filter((file) => file.startsWith('posts/'))
    expect(pages).toContain('posts/sluta-mata-rackvidd/index.html')
    expect(pages.every((file) => file.startsWith('posts/sluta-mata-rackvidd/'))).toBe(true)
    expect(await page('out', 'sluta-mata-rackvidd')).toContain('Ny kommentar')
  })

  it('asks for the counts of pages with long addresses in requests a server takes', async () => {
    // 100 addresses of 190 characters (the most a page's address may have is 200): one request would
    // be 29 KB, over the 16 KB of headers Node.js takes.
    const pages = Array.from({ length: 100 }, (_, n) => ({
      id: `p${n}`,
      url: pageOf(`${'å'.repeat(25)}-${n}`),
    }))
    await service.store.add({
      postId: new URL(pages[99]!.url).href,
      author: { name: 'Sist' },
      body: 'Längst bort',
    })
    const read = await readServiceComments({ serviceUrl: service.url, pages })
    expect([...read.comments.keys()]).toEqual(['p99'])
    expect(read.comments.get('p99')).toMatchObject([
      { postId: 'p99', body: 'Längst bort', status: 'approved' },
    ])
    expect(read.requests).toBeGreaterThan(2)
  })

  it('names a service that sends comments without their text (one older than `&body=1`)', async () => {
    const url = pageOf('a')
    const older: Server = createServer((request, response) => {
      const thread = { id: 'c1', author: { name: 'Bo' }, createdAt: '2024-01-01T00:00:00.000Z' }
      const answer = request.url?.startsWith('/counts')
        ? { counts: { [url]: 1 } }
        : { pages: 1, threads: [{ ...thread, html: '<p>Hej</p>', placeholder: false, replies: [] }] }
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(answer))
    })
    await new Promise<void>((resolve) => older.listen(0, '127.0.0.1', resolve))
    const serviceUrl = `http://127.0.0.1:${(older.address() as AddressInfo).port}/`
    const read = readServiceComments({ serviceUrl, pages: [{ id: 'a', url }] })
    await expect(read).rejects.toThrow(
      `--comments-url ${serviceUrl}: GET ${serviceUrl}comments?page=${url}: the service sent comments without their text`,
    )
    await new Promise((resolve) => older.close(resolve))
  })

  it('stops with a message naming the service and what to do, writing nothing', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise((resolve) => closed.close(resolve))
    const unreachable = await build('none', `http://127.0.0.1:${port}/`).catch((error: unknown) => error)
    expect(unreachable).toBeInstanceOf(SiteError)
    expect(String((unreachable as SiteError).problems)).toMatch(
      new RegExp(
        `^--comments-url http://127.0.0.1:${port}/: GET http://127.0.0.1:${port}/counts \\(\\d+ pages\\): the comment service cannot be reached .*start it`,
      ),
    )

    const other = await buildSite({
      contentDir: content,
      outDir: path.join(dir, 'none'),
      baseUrl: 'https://other.example/',
      commentsUrl: service.url,
    }).catch((error: unknown) => error)
    expect(String((other as SiteError).problems)).toContain("add its origin to the service's ALLOWED_ORIGINS")

    // Not a comment service: a web server answering HTML.
    const web: Server = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><p>hello</p>')
    })
    await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(web.address() as AddressInfo).port}/`
    const html = await build('none', url).catch((error: unknown) => error)
    await new Promise((resolve) => web.close(resolve))
    expect(String((html as SiteError).problems)).toContain(
      "the answer is not the comment service's JSON (text/html)",
    )

    const blocked = await build('none', 'http://127.0.0.1:9/').catch((error: unknown) => error)
    expect(String((blocked as SiteError).problems)).toContain(
      'port 9 is one that fetch refuses, kept for other protocols: run the service on another PORT',
    )
    await expect(build('none', 'ftp://comments.example/')).rejects.toThrow(
      /--comments-url: expected the http\(s\) address/,
    )
    await expect(readFile(path.join(dir, 'none/index.html'))).rejects.toThrow()
  })

  it('runs from the compiled CLI: a line about the comments read, one line and exit 1 for a service not there', async () => {
    const cli = fileURLToPath(new URL('../lib/cli.js', import.meta.url))
    const run = (commentsUrl: string) =>
      promisify(execFile)(
        process.execPath,
        [
          cli,
          'build',
          '--content',
          content,
          '--out',
          path.join(dir, 'cli'),
          '--base-url',
          baseUrl,
          '--no-cache',
          '--comments-url',
          commentsUrl,
        ],
        { env: { ...process.env, INIT_CWD: '' }, timeout: 60_000 },
      ).then(
        (done) => ({ code: 0, ...done }),
        (error: { code: number; stdout: string; stderr: string }) => error,
      )
    const done = await run(service.url)
    expect(done.code).toBe(0)
    expect(done.stdout).toMatch(
      new RegExp(`\\n4 comments on 3 posts from ${service.url} \\(\\d+ requests, \\d+ ms\\)\\n$`),
    )
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const { port } = closed.address() as AddressInfo
    await new Promise((resolve) => closed.close(resolve))
    const failed = await run(`http://127.0.0.1:${port}/`)
    expect(failed.code).toBe(1)
    expect(failed.stderr).toMatch(
      /^--comments-url http:\/\/127\.0\.0\.1:\d+\/: GET http:\/\/127\.0\.0\.1:\d+\/counts \(\d+ pages\): the comment service cannot be reached \(ECONNREFUSED\): start it \(npm start -w examples\/comment-service\) or give its address with --comments-url\n$/,
    )
  })
})
