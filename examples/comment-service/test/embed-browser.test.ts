/// <reference lib="dom" />
// The `<blogkit-comments>` element in Chromium, as a static site uses it: the service on one port of
// 127.0.0.1, plain HTML pages (as a Hugo page would have them: the snippet, and maybe the static comments and
// form it wraps) served from another port, and a third port whose origin the service does not allow.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import { createRequire } from 'node:module'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { commentAnchor } from '@blogkit/comments'
import { normalizePageUrl } from '@blogkit/comments/http'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canRunChromium, launchChromium } from '../../../scripts/testing/chromium.js'
import { readConfig } from '../src/config.js'
import { type CommentService, startService } from '../src/server.js'
import { startSmtpSink } from './helpers/smtp-sink.js'

const hasChromium = canRunChromium('the browser test of the <blogkit-comments> element')
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** axe-core's violations inside the element, one line each. */
async function axeViolations(page: Page): Promise<string[]> {
  await page.evaluate(axeSource)
  const result = (await page.evaluate(() =>
    (window as unknown as { axe: { run: (context: string, options: unknown) => Promise<unknown> } }).axe.run(
      'blogkit-comments',
      { resultTypes: ['violations'] },
    ),
  )) as { violations: Array<{ id: string; help: string; nodes: Array<{ target: string[] }> }> }
  return result.violations.map(
    (v) => `${v.id}: ${v.help} (${v.nodes.map((node) => node.target.join(' ')).join(', ')})`,
  )
}

const dir = mkdtempSync(path.join(tmpdir(), 'comment-embed-'))
let service: CommentService
let site: { server: Server; url: string; pages: Map<string, string> }
let foreign: { server: Server; url: string; pages: Map<string, string> }
let browser: Browser

/** A site on 127.0.0.1: plain HTML pages by path. */
async function startSite() {
  const pages = new Map<string, string>()
  const server = createServer((request, response) => {
    const html = pages.get(new URL(request.url ?? '/', 'http://x').pathname)
    response.writeHead(html === undefined ? 404 : 200, { 'content-type': 'text/html; charset=utf-8' })
    response.end(html ?? 'Not found')
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, pages, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }
}

/**
 * A page with the snippet; `wrapped` is what it shows without JavaScript inside the element (a static
 * build's comments and form).
 */
function snippetPage(options: {
  lang?: string
  page: string
  wrapped?: string
  from?: CommentService
  identifier?: string
}): string {
  return `<!doctype html>
<html lang="${options.lang ?? 'en'}">
<head><meta charset="utf-8"><title>A post</title></head>
<body>
<h1>A post</h1>
<p>Some text.</p>
<blogkit-comments page="${options.page}"${options.identifier ? ` identifier="${options.identifier}"` : ''}>${options.wrapped ?? ''}</blogkit-comments>
<script type="module" src="${(options.from ?? service).url}embed.js"></script>
</body>
</html>
`
}

/** The no-JavaScript form a static build renders inside the element. */
const staticForm = (page: string) => `
<ol><li id="comment-static">A comment from the static build</li></ol>
<form method="post" action="${service.url}comments">
  <input type="hidden" name="page" value="${page}">
  <label>Name <input name="name" required></label>
  <label>Comment <textarea name="body" required></textarea></label>
  <p hidden><input name="website" tabindex="-1" autocomplete="off"></p>
  <button>Post comment</button>
</form>`

/** Post a form to the service as a page of `origin` does; the comment's id (or the status when not stored). */
async function postForm(fields: Record<string, string>, origin = site.url): Promise<string> {
  const response = await fetch(new URL('comments', service.url), {
    method: 'POST',
    headers: { origin, 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
    redirect: 'manual',
  })
  const location = response.headers.get('location') ?? ''
  return /#comment-(.+)$/.exec(location)?.[1] ?? `status ${response.status}`
}

async function readJson(page: string) {
  const response = await fetch(new URL(`comments?page=${encodeURIComponent(page)}&limit=500`, service.url))
  return (await response.json()) as {
    total: number
    threads: Array<{
      id: string
      author: { name: string }
      replies: Array<{ id: string; author: { name: string } }>
    }>
  }
}

/** A page that records dialogs and errors, so that a test can say nothing ran that should not have. */
async function openPage(url: string, options: { javaScriptEnabled?: boolean } = {}) {
  const context = await browser.newContext(options)
  // Note: a vector that calls `xss()` (as the comments tests' vectors may) shows as a dialog too.
  await context.addInitScript(() => {
    ;(window as unknown as { xss: () => void }).xss = () => alert('xss')
  })
  const page = await context.newPage()
  const ran: string[] = []
  page.on('dialog', (dialog) => {
    ran.push(`dialog ${dialog.type()}: ${dialog.message()}`)
    void dialog.dismiss()
  })
  page.on('pageerror', (error) => ran.push(`error: ${error.message}`))
  // Every request the page makes, with the cookies it sends.
  const requests: Array<{ origin: string; cookie: string | undefined }> = []
  page.on('request', (request) => {
    requests.push({ origin: new URL(request.url()).origin, cookie: request.headers().cookie })
  })
  await page.goto(url)
  return { page, ran, requests, context, close: () => context.close() }
}

const threads = (page: Page) => page.locator('blogkit-comments ol.blogkit-threads > li.blogkit-comment')

beforeAll(async () => {
  if (!hasChromium) return
  site = await startSite()
  foreign = await startSite()
  const config = readConfig({
    ALLOWED_ORIGINS: site.url,
    PORT: '0',
    HOST: '127.0.0.1',
    DATABASE_PATH: path.join(dir, 'comments.db'),
    RATE_LIMIT: '100000',
    HOLD_AFTER: '100000',
    COMMENTS_PER_PAGE: '3',
    RESERVED_NAMES: 'Elin Skarp',
  })
  service = await startService(config)
  browser = await launchChromium()
})

afterAll(async () => {
  await browser?.close()
  await service?.close()
  site?.server.close()
  foreign?.server.close()
  rmSync(dir, { recursive: true, force: true })
})

describe.skipIf(!hasChromium)('<blogkit-comments> in Chromium, on a page of another origin', () => {
  it('should show the threads the service has, replies under their parents, names as text', async () => {
    const pageUrl = `${site.url}/shown/`
    const first = await postForm({ page: pageUrl, name: 'Maria', url: 'maria.example', body: 'Hej *alla*!' })
    await postForm({ page: pageUrl, parent: first, name: 'Bo', body: 'Tack!' })
    await postForm({ page: pageUrl, name: '<img src=x onerror=alert(1)>', body: 'Namn som text' })
    site.pages.set('/shown/', snippetPage({ page: pageUrl }))

    const { page, ran, close } = await openPage(pageUrl)
    await expect.poll(() => threads(page).count()).toBe(2)
    await expect(page.locator('blogkit-comments h2').textContent()).resolves.toBe('3 comments')
    const maria = page.locator(`#comment-${first}`)
    await expect(maria.locator('> article .blogkit-body').innerHTML()).resolves.toBe(
      '<p>Hej <em>alla</em>!</p>',
    )
    const link = maria.locator('> article a.blogkit-author')
    await expect(link.getAttribute('href')).resolves.toBe('https://maria.example/')
    await expect(link.getAttribute('rel')).resolves.toBe('nofollow ugc noopener')
    await expect(maria.locator('> ol.blogkit-replies > li .blogkit-author').textContent()).resolves.toBe('Bo')
    await expect(threads(page).nth(1).locator('.blogkit-author').textContent()).resolves.toBe(
      '<img src=x onerror=alert(1)>',
    )
    await expect(page.locator('blogkit-comments img').count()).resolves.toBe(0)
    expect(ran).toEqual([])
    await close()
  })

  it('should post in place and show the new comment at once, and a reply under its parent', async () => {
    const pageUrl = `${site.url}/post/`
    const parent = await postForm({ page: pageUrl, name: 'Anna', body: 'Första' })
    site.pages.set('/post/', snippetPage({ page: pageUrl }))
    const { page, ran, requests, context, close } = await openPage(pageUrl)
    await expect.poll(() => threads(page).count()).toBe(1)
    // Note: cookies do not keep ports apart: the site's cookie is the service's host's too.
    await context.addCookies([{ name: 'session', value: 'reader', url: site.url }])
    await page.evaluate(() => {
      ;(window as unknown as { stayed: boolean }).stayed = true
    })

    const form = page.locator('blogkit-comments form')
    // The form holds its fields and labels, no stray text (an absent hidden field once showed as "undefined").
    await expect(form.locator('input[name="identifier"]').count()).resolves.toBe(0)
    await expect(form.textContent()).resolves.not.toContain('undefined')
    // This service sends no mail: no "e-mail me when someone replies" box.
    await expect(form.locator('input[name="notify"]').count()).resolves.toBe(0)
    await form.locator('input[name="name"]').fill('Reader')
    await form.locator('textarea[name="body"]').fill('Posted **in place**.')
    await form.locator('button[type="submit"]').click()
    await expect.poll(() => threads(page).count()).toBe(2)
    await expect(threads(page).nth(1).locator('.blogkit-body strong').textContent()).resolves.toBe('in place')
    await expect(form.locator('.blogkit-status').textContent()).resolves.toBe('Your comment is published.')
    await expect(form.locator('textarea[name="body"]').inputValue()).resolves.toBe('')
    await expect(page.locator('blogkit-comments h2').textContent()).resolves.toBe('2 comments')

    // A reply: the form moves under the comment, says whom it answers, and the reply lands under it.
    await page.locator(`#comment-${parent} > article button.blogkit-reply`).click()
    await expect(page.locator(`#comment-${parent} > form h3`).textContent()).resolves.toBe('Reply to Anna')
    await form.locator('textarea[name="body"]').fill('A reply')
    await form.locator('button[type="submit"]').click()
    const reply = page.locator(`#comment-${parent} > ol.blogkit-replies > li.blogkit-comment`)
    await expect.poll(() => reply.count()).toBe(1)
    await expect(reply.locator('.blogkit-author').textContent()).resolves.toBe('Reader')
    await expect(page.locator(`#comment-${parent} > form`).count()).resolves.toBe(0)
    expect(await page.evaluate(() => (window as unknown as { stayed?: boolean }).stayed)).toBe(true)
    // No request to any other host, and none with cookies (the site sets one; the element sends none).
    expect(new Set(requests.map((r) => r.origin))).toEqual(
      new Set([site.url, service.url.replace(/\/$/, '')]),
    )
    expect(requests.filter((r) => r.origin !== site.url && r.cookie !== undefined)).toEqual([])

    const json = await readJson(pageUrl)
    expect(json.total).toBe(3)
    expect(json.threads.map((t) => t.author.name)).toEqual(['Anna', 'Reader'])
    expect(json.threads[0]!.replies.map((r) => r.author.name)).toEqual(['Reader'])
    expect(ran).toEqual([])
    await close()
  })

  it("should keep the reader's text with the service's message by the field, and say when a comment waits", async () => {
    const pageUrl = `${site.url}/problems/`
    site.pages.set('/problems/', snippetPage({ page: pageUrl }))
    const { page, close } = await openPage(pageUrl)
    const form = page.locator('blogkit-comments form')
    await form.waitFor()
    await form.locator('input[name="name"]').fill('Elin Skarp')
    await form.locator('textarea[name="body"]').fill('My long text')
    await form.locator('button[type="submit"]').click()
    await expect
      .poll(() => form.locator('.blogkit-error').textContent())
      .toBe('That name is the name of the site’s author. Write under your own name.')
    await expect(form.locator('input[name="name"]').getAttribute('aria-invalid')).resolves.toBe('true')
    await expect(form.locator('textarea[name="body"]').inputValue()).resolves.toBe('My long text')

    await form.locator('input[name="name"]').fill('Linker')
    await form
      .locator('textarea[name="body"]')
      .fill('See https://a.example, https://b.example and https://c.example')
    await form.locator('button[type="submit"]').click()
    await expect
      .poll(() => form.locator('.blogkit-status').textContent())
      .toMatch(/^Thank you! Your comment is saved but not shown yet: it has more than 2 links/)
    await expect(form.locator('.blogkit-error').count()).resolves.toBe(0)
    await expect(threads(page).count()).resolves.toBe(0)
    await expect(page.locator('blogkit-comments h2').textContent()).resolves.toBe('No comments yet.')
    await close()
  })

  it('should page as the service pages, and speak the page’s language', async () => {
    const pageUrl = `${site.url}/paged/`
    for (const n of [1, 2, 3, 4, 5])
      await postForm({ page: pageUrl, name: `Läsare ${n}`, body: `Kommentar ${n}` })
    site.pages.set('/paged/', snippetPage({ page: pageUrl, lang: 'sv' }))
    const { page, ran, close } = await openPage(pageUrl)
    await expect.poll(() => threads(page).count()).toBe(3)
    const nav = page.locator('blogkit-comments nav.blogkit-pages')
    await expect(nav.locator('span').textContent()).resolves.toBe('Sida 1 av 2')
    await expect(page.locator('blogkit-comments h2').textContent()).resolves.toBe('5 kommentarer')
    await expect(threads(page).first().locator('button.blogkit-reply').textContent()).resolves.toBe('Svara')
    await nav.locator('button.blogkit-next').click()
    await expect.poll(() => nav.locator('span').textContent()).toBe('Sida 2 av 2')
    await expect(threads(page).locator('.blogkit-author').allTextContents()).resolves.toEqual([
      'Läsare 4',
      'Läsare 5',
    ])
    await expect(nav.locator('button.blogkit-next').isDisabled()).resolves.toBe(true)
    await nav.locator('button.blogkit-prev').click()
    await expect.poll(() => threads(page).first().locator('.blogkit-author').textContent()).toBe('Läsare 1')
    // The threads, the paging and the form as axe-core sees them (labels, names, landmarks).
    await page.locator('blogkit-comments button.blogkit-reply').first().click()
    expect(await axeViolations(page)).toEqual([])
    // Turning the page while replying: the form goes back to its place, not away with the page.
    await expect(page.locator('blogkit-comments li form h3').textContent()).resolves.toBe('Svara Läsare 1')
    await nav.locator('button.blogkit-next').click()
    await expect.poll(() => nav.locator('span').textContent()).toBe('Sida 2 av 2')
    await expect(page.locator('blogkit-comments .blogkit-write > form h3').textContent()).resolves.toBe(
      'Skriv en kommentar',
    )
    expect(ran).toEqual([])
    await close()
  })

  it('should read and post under an explicit identifier (an imported thread)', async () => {
    const pageUrl = `${site.url}/2009/imported/`
    await postForm({ page: `${site.url}/?p=42`, identifier: 'wp-42', name: 'Imported', body: 'From 2009' })
    site.pages.set('/2009/imported/', snippetPage({ page: pageUrl, identifier: 'wp-42' }))
    const { page, close } = await openPage(pageUrl)
    await expect.poll(() => threads(page).locator('.blogkit-author').allTextContents()).toEqual(['Imported'])
    const form = page.locator('blogkit-comments form')
    await form.locator('input[name="name"]').fill('Reader')
    await form.locator('textarea[name="body"]').fill('Still here')
    await form.locator('button[type="submit"]').click()
    await expect.poll(() => threads(page).count()).toBe(2)
    await close()
    const read = await fetch(new URL(`comments?identifier=wp-42`, service.url))
    const names = ((await read.json()) as { threads: Array<{ author: { name: string } }> }).threads
    expect(names.map((t) => t.author.name)).toEqual(['Imported', 'Reader'])
  })

  it('should give imported comments commentAnchor’s anchors, ids with whitespace too, and reply under them', async () => {
    const pageUrl = `${site.url}/2010/anchors/`
    const postId = normalizePageUrl(pageUrl)!
    const record = (id: string, name: string, second: number, parentId?: string) => ({
      id,
      postId,
      ...(parentId === undefined ? {} : { parentId }),
      author: { name },
      createdAt: new Date(Date.UTC(2010, 0, 1, 0, 0, second)).toISOString(),
      body: 'Importerad',
      status: 'approved',
    })
    await service.store.import([record('old 1', 'Anna', 0), record('old\t2', 'Omar', 1, 'old 1')])
    site.pages.set('/2010/anchors/', snippetPage({ page: pageUrl }))
    const { page, ran, close } = await openPage(pageUrl)
    await expect.poll(() => threads(page).count()).toBe(1)
    const anna = page.locator(`#${commentAnchor({ id: 'old 1' })}`)
    await expect(anna.locator('> article .blogkit-author').textContent()).resolves.toBe('Anna')
    const omar = anna.locator(`> ol.blogkit-replies > li#${commentAnchor({ id: 'old\t2' })}`)
    await expect(omar.locator('> article .blogkit-author').textContent()).resolves.toBe('Omar')
    await anna.locator('> article button.blogkit-reply').click()
    const form = anna.locator('> form')
    await form.locator('input[name="name"]').fill('Reader')
    await form.locator('textarea[name="body"]').fill('Svar')
    await form.locator('button[type="submit"]').click()
    await expect.poll(() => anna.locator('> ol.blogkit-replies > li.blogkit-comment').count()).toBe(2)
    expect(ran).toEqual([])
    await close()
    // A link to the anchor (`#comment-old-1`, no comment's id) shows the comment that has it.
    const linked = await openPage(`${pageUrl}#${commentAnchor({ id: 'old 1' })}`)
    await expect
      .poll(() => linked.page.evaluate(() => document.activeElement?.id))
      .toBe(commentAnchor({ id: 'old 1' }))
    expect(linked.ran).toEqual([])
    await linked.close()
  })

  it('should keep what it wraps when the service refuses the read, and say why in the console', async () => {
    site.pages.set(
      '/elsewhere/',
      snippetPage({ page: 'https://elsewhere.example/x/', wrapped: staticForm('x') }),
    )
    const { page, ran, close } = await openPage(`${site.url}/elsewhere/`)
    const warnings: string[] = []
    page.on('console', (message) => {
      if (message.type() === 'warning') warnings.push(message.text())
    })
    await page.reload()
    await expect
      .poll(() => warnings)
      .toEqual([
        expect.stringMatching(
          /^<blogkit-comments>: Expected `page` to be the URL of a page on an allowed site/,
        ),
      ])
    await expect(page.locator('#comment-static').count()).resolves.toBe(1)
    await expect(page.locator('blogkit-comments form[action$="/comments"]').count()).resolves.toBe(1)
    expect(ran).toEqual([])
    await close()
  })

  it('should take over the static comments and form it wraps, and leave them working without JavaScript', async () => {
    const pageUrl = `${site.url}/static/`
    await postForm({ page: pageUrl, name: 'Service', body: 'From the service' })
    site.pages.set('/static/', snippetPage({ page: pageUrl, wrapped: staticForm(pageUrl) }))

    const withScript = await openPage(pageUrl)
    await expect.poll(() => threads(withScript.page).count()).toBe(1)
    await expect(withScript.page.locator('#comment-static').count()).resolves.toBe(0)
    await expect(withScript.page.locator('blogkit-comments form').count()).resolves.toBe(1)
    await withScript.close()

    const without = await openPage(pageUrl, { javaScriptEnabled: false })
    await expect(without.page.locator('#comment-static').count()).resolves.toBe(1)
    await without.page.fill('blogkit-comments input[name="name"]', 'No Script')
    await without.page.fill('blogkit-comments textarea[name="body"]', 'Posted without JavaScript')
    await without.page.click('blogkit-comments button')
    await without.page.waitForURL(new RegExp(`^${pageUrl}#comment-[\\w-]+$`))
    await without.close()
    expect((await readJson(pageUrl)).threads.map((t) => t.author.name)).toEqual(['Service', 'No Script'])
  })

  it('should not run on a page of an origin the service does not allow, whose form is refused', async () => {
    const pageUrl = `${foreign.url}/post/`
    foreign.pages.set('/post/', snippetPage({ page: pageUrl, wrapped: staticForm(pageUrl) }))
    const { page, close } = await openPage(pageUrl)
    // The module is fetched with CORS, which the service gives only to allowed origins: it does not load.
    await page.waitForLoadState('networkidle')
    await expect(page.evaluate(() => customElements.get('blogkit-comments') === undefined)).resolves.toBe(
      true,
    )
    await expect(page.locator('#comment-static').count()).resolves.toBe(1)
    await page.fill('blogkit-comments input[name="name"]', 'Intruder')
    await page.fill('blogkit-comments textarea[name="body"]', 'From elsewhere')
    await page.click('blogkit-comments button')
    await page.waitForURL(`${service.url}comments`)
    await expect(page.locator('body').textContent()).resolves.toContain('may not post comments here')
    await close()
    expect(await postForm({ page: `${site.url}/post/`, name: 'X', body: 'Y' }, foreign.url)).toBe(
      'status 403',
    )
    const names = (await readJson(`${site.url}/post/`)).threads.map((t) => t.author.name)
    expect(names).not.toContain('X')
    expect(names).not.toContain('Intruder')
  })

  it("should leave the XSS vectors of the comments tests inert in the element's rendering", async () => {
    const vectors = readFileSync(
      new URL('../../../packages/comments/test/fixtures/xss-vectors.jsonl', import.meta.url),
      'utf8',
    )
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as string)
    const pageUrl = `${site.url}/xss/`
    const top = await postForm({ page: pageUrl, name: 'Magnus', body: 'Top' })
    const ids = new Set<string>()
    for (const vector of vectors) {
      const id = await postForm({ page: pageUrl, parent: top, name: 'Vector', body: `@Magnus: ${vector}` })
      if (!id.startsWith('status')) ids.add(id)
    }
    const stored = ids.size
    expect(stored).toBeGreaterThan(vectors.length / 2)
    site.pages.set('/xss/', snippetPage({ page: pageUrl }))
    const { page, ran, close } = await openPage(pageUrl)
    await expect.poll(() => page.locator('blogkit-comments li.blogkit-comment').count()).toBe(stored + 1)
    await page.waitForTimeout(500)
    const audit = await page.evaluate(() => {
      const found: string[] = []
      for (const element of Array.from(document.querySelectorAll('blogkit-comments *'))) {
        if (
          /^(SCRIPT|IFRAME|OBJECT|EMBED|SVG|MATH|STYLE|IMG|FORM|INPUT|BASE|META|LINK)$/i.test(element.tagName)
        ) {
          if (!element.closest('form.blogkit-form')) found.push(element.tagName)
        }
        for (const attribute of Array.from(element.attributes)) {
          if (/^on/i.test(attribute.name)) found.push(`${element.tagName} ${attribute.name}`)
          if (/^\s*(javascript|data|vbscript):/i.test(attribute.value))
            found.push(`${element.tagName} ${attribute.name}`)
        }
      }
      return found
    })
    expect(audit).toEqual([])
    expect(ran).toEqual([])

    // Control: the same page records a script that runs, so the checks above can fail.
    await page.evaluate(() => {
      const div = document.createElement('div')
      div.innerHTML = '<img src=x onerror=alert(1)>'
      document.body.append(div)
    })
    await expect.poll(() => ran).toEqual(['dialog alert: 1'])
    await close()
  })
})

describe.skipIf(!hasChromium)('<blogkit-comments> of a service that sends reply mails', () => {
  it('should offer the notify box, ask for the address it needs, and have the address confirmed', async () => {
    const smtp = await startSmtpSink()
    const mailing = await startService(
      readConfig({
        ALLOWED_ORIGINS: site.url,
        PORT: '0',
        HOST: '127.0.0.1',
        DATABASE_PATH: path.join(dir, 'mail.db'),
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Comments <comments@blog.example>',
        LOG: '0',
      }),
    )
    try {
      const pageUrl = `${site.url}/mail/`
      site.pages.set('/mail/', snippetPage({ page: pageUrl, from: mailing }))
      const { page, ran, close } = await openPage(pageUrl)
      const form = page.locator('blogkit-comments form')
      const box = form.locator('input[type="checkbox"][name="notify"]')
      await box.waitFor()
      await expect(form.locator('.blogkit-notify label').textContent()).resolves.toBe(
        'E-mail me when someone replies',
      )
      await form.locator('input[name="name"]').fill('Maria')
      await form.locator('textarea[name="body"]').fill('Tell me about replies')
      await box.check()
      await form.locator('button[type="submit"]').click()
      await expect
        .poll(() => form.locator('.blogkit-error').textContent())
        .toBe('Enter your e-mail address to hear about replies, or untick the box.')
      await expect(form.locator('textarea[name="body"]').inputValue()).resolves.toBe('Tell me about replies')

      await form.locator('input[name="email"]').fill('maria@example.se')
      await form.locator('button[type="submit"]').click()
      await expect.poll(() => threads(page).count()).toBe(1)
      await mailing.mailIdle()
      expect(smtp.to('maria@example.se').map((mail) => mail.subject)).toEqual([
        `Confirm reply e-mails from ${new URL(site.url).host}`,
      ])
      expect(ran).toEqual([])
      await close()
    } finally {
      await mailing.close()
      await smtp.close()
    }
  })
})
