// End to end, in Chromium on 127.0.0.1 only: the comment service (examples/comment-service) on one port,
// the static blog built with `commentsUrl` (`--comments-url`) and served by the preview server on another,
// and a plain HTML page with only the form snippet (as a Hugo page would have) served on a third. With
// JavaScript off, a comment and a reply posted through the form land back on the page; the service's JSON
// has both, threaded; a rebuild puts both in the static HTML. With JavaScript on, the post page's
// <blogkit-comments> (the service's /embed.js) shows a comment and a reply posted through it at once.
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canRunChromium, launchChromium } from '../../../scripts/testing/chromium.js'
import { readConfig } from '../../comment-service/src/config.js'
import { type CommentService, startService } from '../../comment-service/src/server.js'
import { buildSite } from '../src/build.js'
import { defaultContentDir } from '../src/paths.js'
import { startPreview } from '../src/preview.js'

const hasChromium = canRunChromium('the static blog with the comment service in a browser')
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

interface AxeViolation {
  id: string
  help: string
  nodes: Array<{ target: unknown[] }>
}

/** axe-core's violations on the page (axe loaded), as `id: help at [targets]`. */
async function axeViolations(page: Page): Promise<string[]> {
  const result = await page.evaluate(async () => {
    const { axe } = window as unknown as {
      axe: { run: (context: Document, options: unknown) => Promise<{ violations: AxeViolation[] }> }
    }
    return axe.run(document, { resultTypes: ['violations'] })
  })
  return result.violations.map((v) => `${v.id}: ${v.help} at ${JSON.stringify(v.nodes.map((n) => n.target))}`)
}

interface Thread {
  id: string
  author: { name: string }
  parentId?: string
  replies: Thread[]
}

/** The plain page of another static site generator: the README's snippet, nothing else. */
const snippetPage = (service: string, page: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Hej</title></head>
<body><h1>Hej</h1>
<form method="post" action="${service}comments">
  <input type="hidden" name="page" value="${page}">
  <input type="hidden" name="lang" value="en">
  <label>Name <input name="name" required></label>
  <label>Email (not shown) <input name="email" type="email"></label>
  <label>Website <input name="url"></label>
  <label>Comment <textarea name="body" required></textarea></label>
  <p hidden><input name="website" tabindex="-1" autocomplete="off"></p>
  <button>Post comment</button>
</form>
</body></html>
`

describe.skipIf(!hasChromium)('a static blog with comments from the comment service, in a browser', () => {
  let work: string
  let service: CommentService
  let blog: { server: Server; url: string }
  let other: { server: Server; url: string }
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const slug = 'ai-and-the-communicator'
  /** A post without comments for the test with JavaScript. */
  const otherSlug = 'newsletters-and-rss'
  const build = () =>
    buildSite({
      contentDir: defaultContentDir,
      outDir: path.join(work, 'blog'),
      cacheDir: path.join(work, 'cache'),
      baseUrl: blog.url,
      commentsUrl: service.url,
    })
  const threadsOf = async (url: string) => {
    const answer = await fetch(new URL(`comments?page=${encodeURIComponent(url)}`, service.url))
    return ((await answer.json()) as { threads: Thread[] }).threads
  }
  /** Post the page's comment form as a reader does: type, click, follow the service's 303. */
  const postForm = async (form: string, name: string, body: string) => {
    await page.locator(`${form} [name=name]`).fill(name)
    await page.locator(`${form} [name=body]`).fill(body)
    await Promise.all([page.waitForURL(/#comment-/), page.locator(`${form} button`).click()])
    return new URL(page.url()).hash.slice('#comment-'.length)
  }

  beforeAll(async () => {
    work = await mkdtemp(path.join(tmpdir(), 'blogkit-comment-service-e2e-'))
    await mkdir(path.join(work, 'blog'))
    await mkdir(path.join(work, 'other/2024/hej'), { recursive: true })
    blog = await startPreview({ dir: path.join(work, 'blog'), port: 0 })
    other = await startPreview({ dir: path.join(work, 'other'), port: 0 })
    service = await startService(
      readConfig({
        ALLOWED_ORIGINS: `${new URL(blog.url).origin},${new URL(other.url).origin}`,
        PORT: '0',
        LOG: '0',
        DATABASE_PATH: path.join(work, 'comments.db'),
        HOLD_AFTER: '100',
      }),
    )
    await writeFile(
      path.join(work, 'other/2024/hej/index.html'),
      snippetPage(service.url, `${other.url}2024/hej/`),
    )
    await build()
    browser = await launchChromium()
    context = await browser.newContext({ javaScriptEnabled: false })
    page = await context.newPage()
  })

  afterAll(async () => {
    await browser?.close()
    await service?.close()
    for (const preview of [blog, other]) if (preview) await new Promise((r) => preview.server.close(r))
    if (work) await rm(work, { recursive: true, force: true })
  })

  it('posts a comment and a reply from a post page, and a rebuild shows both, threaded', async () => {
    const postUrl = `${blog.url}posts/${slug}/`
    await page.goto(postUrl)
    const form = 'form[action$="/comments#comment-form"]'
    expect(await page.locator(`${form} input[name=page]`).getAttribute('value')).toBe(postUrl)

    const first = await postForm(form, 'Maria Ek', 'Posted *without* JavaScript.')
    expect(page.url()).toBe(`${postUrl}#comment-${first}`)
    // "@Name:" answers Maria's comment: a reply through the same form.
    const reply = await postForm(form, 'Bo', '@Maria: and answered the same way.')
    expect(page.url()).toBe(`${postUrl}#comment-${reply}`)

    const threads = await threadsOf(postUrl)
    expect(threads).toHaveLength(1)
    expect(threads[0]).toMatchObject({ id: first, author: { name: 'Maria Ek' } })
    expect(threads[0]!.replies).toMatchObject([{ id: reply, parentId: first, author: { name: 'Bo' } }])

    const rebuilt = await build()
    expect(rebuilt.changed).toContain(`posts/${slug}/index.html`)
    await page.goto(postUrl)
    const comment = page.locator(`#comment-${first}`)
    await expect(comment.locator('.comment-body').first().textContent()).resolves.toContain(
      'without JavaScript',
    )
    expect(await comment.locator(`.comment-replies #comment-${reply}`).textContent()).toContain(
      'and answered the same way.',
    )
  })

  it('with JavaScript, shows a comment and a reply posted through <blogkit-comments> at once', async () => {
    const scripted = await browser.newContext()
    try {
      const tab = await scripted.newPage()
      const problems: string[] = []
      tab.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning') problems.push(message.text())
      })
      tab.on('pageerror', (error) => problems.push(error.message))
      const postUrl = `${blog.url}posts/${otherSlug}/`
      await tab.goto(postUrl)
      const element = tab.locator('blogkit-comments#comments')
      expect(await element.getAttribute('page')).toBe(postUrl)
      // The element has taken over from the static comments and form once the service answered.
      await element.locator('section.blogkit-comments').waitFor()
      expect(await element.locator('.comments').count()).toBe(0)
      await tab.evaluate(() => Object.assign(window, { notReloaded: true }))

      const form = element.locator('form.blogkit-form')
      // The element's form has what its attributes give, and no field it lacks (no identifier here).
      expect(
        await form
          .locator('input[type=hidden]')
          .evaluateAll((inputs) => inputs.map((i) => i.getAttribute('name'))),
      ).toEqual(['page', 'lang', 'parent'])
      expect(await form.textContent()).not.toContain('undefined')
      await form.locator('[name=name]').fill('Sara')
      await form.locator('[name=body]').fill('Posted *in place*.')
      await form.locator('button[type=submit]').click()
      const comment = element.locator('.blogkit-threads > .blogkit-comment', { hasText: 'in place' })
      await expect(comment.locator('.blogkit-body em').textContent()).resolves.toBe('in place')
      const first = (await comment.getAttribute('id'))!.slice('comment-'.length)

      // The reply button brings the form under the comment; the reply shows under it.
      await comment.locator('.blogkit-reply').first().click()
      const replyForm = comment.locator('form.blogkit-form')
      await replyForm.locator('[name=name]').fill('Olle')
      await replyForm.locator('[name=body]').fill('A reply, threaded.')
      await replyForm.locator('button[type=submit]').click()
      const reply = comment.locator(':scope > .blogkit-replies > .blogkit-comment', { hasText: 'threaded' })
      await reply.waitFor()
      const second = (await reply.getAttribute('id'))!.slice('comment-'.length)
      expect(await tab.evaluate(() => (window as { notReloaded?: boolean }).notReloaded)).toBe(true)
      expect(tab.url()).toBe(postUrl)
      expect(problems).toEqual([])
      // The theme's styles of the element: no axe-core violation (contrast too), light and dark.
      await tab.addScriptTag({ content: axeSource })
      for (const colorScheme of ['light', 'dark'] as const) {
        await tab.emulateMedia({ colorScheme })
        expect(await axeViolations(tab), colorScheme).toEqual([])
      }

      const threads = await threadsOf(postUrl)
      expect(threads).toMatchObject([
        {
          id: first,
          author: { name: 'Sara' },
          replies: [{ id: second, parentId: first, author: { name: 'Olle' } }],
        },
      ])
    } finally {
      await scripted.close()
    }
  })

  it('takes a comment and a reply from a plain page with only the snippet', async () => {
    const hej = `${other.url}2024/hej/`
    await page.goto(hej)
    const first = await postForm('form', 'Lena', 'From a page of another site.')
    expect(page.url()).toBe(`${hej}#comment-${first}`)
    const reply = await postForm('form', 'Per', '@Lena: me too.')
    expect(page.url()).toBe(`${hej}#comment-${reply}`)
    const threads = await threadsOf(hej)
    expect(threads).toMatchObject([{ id: first, replies: [{ id: reply, parentId: first }] }])
  })
})
