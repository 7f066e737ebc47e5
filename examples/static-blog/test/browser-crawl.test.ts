/// <reference lib="dom" />
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises'
import type { Server } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canRunChromium, launchChromium } from '../../../scripts/testing/chromium.js'
import { buildSite } from '../src/build.js'
import { defaultContentDir } from '../src/paths.js'
import { startPreview } from '../src/preview.js'

const hasChromium = canRunChromium('the browser crawl of the static blog')

const artifactsDir = fileURLToPath(new URL('../artifacts/', import.meta.url))
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** What the crawler learns about one HTML page (collected in the page). */
interface PageReport {
  lang: string
  title: string
  description: string | null
  canonical: string | null
  feeds: Array<{ type: string; href: string }>
  links: string[]
  resources: string[]
  ids: string[]
  imagesWithoutAlt: string[]
  scripts: string[]
  h1: number
  ogTitle: string | null
  jsonLd: string[]
}

function inspect(): PageReport {
  const attr = (selector: string, name: string) =>
    document.querySelector(selector)?.getAttribute(name) ?? null
  return {
    lang: document.documentElement.lang,
    title: document.title,
    description: attr('meta[name="description"]', 'content'),
    canonical: attr('link[rel="canonical"]', 'href'),
    feeds: Array.from(document.querySelectorAll('link[rel="alternate"]')).map((link) => ({
      type: link.getAttribute('type') ?? '',
      href: (link as HTMLLinkElement).href,
    })),
    links: Array.from(document.querySelectorAll('a[href]')).map((a) => (a as HTMLAnchorElement).href),
    resources: [
      ...Array.from(document.querySelectorAll('link[href]')).map((link) => (link as HTMLLinkElement).href),
      ...Array.from(document.querySelectorAll('img[src]')).map((img) => (img as HTMLImageElement).src),
    ],
    ids: Array.from(document.querySelectorAll('[id]')).map((element) => element.id),
    imagesWithoutAlt: Array.from(document.querySelectorAll('img:not([alt])')).map(
      (img) => (img as HTMLImageElement).src,
    ),
    scripts: Array.from(document.querySelectorAll('script')).map(
      (script) => script.type || 'text/javascript',
    ),
    h1: document.querySelectorAll('h1').length,
    ogTitle: attr('meta[property="og:title"]', 'content'),
    jsonLd: Array.from(document.querySelectorAll('script[type="application/ld+json"]')).map(
      (script) => script.textContent ?? '',
    ),
  }
}

interface AxeResult {
  violations: Array<{ id: string; impact: string | null; help: string; nodes: Array<{ target: unknown[] }> }>
}

async function runAxe(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource })
  const result = (await page.evaluate(() =>
    (
      window as unknown as { axe: { run: (context: Document, options: unknown) => Promise<unknown> } }
    ).axe.run(document, { resultTypes: ['violations'] }),
  )) as AxeResult
  return result.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help} at ${violation.nodes
        .slice(0, 3)
        .map((node) => JSON.stringify(node.target))
        .join(', ')}`,
  )
}

describe.skipIf(!hasChromium)('static blog in a browser', () => {
  let dir: string
  let server: Server
  let base: string
  let browser: Browser
  const reports = new Map<string, PageReport>()
  const problems: string[] = []
  const fetched = new Map<string, { status: number; type: string; body: string }>()

  const get = async (url: string) => {
    let result = fetched.get(url)
    if (!result) {
      const response = await fetch(url, { redirect: 'manual' })
      result = {
        status: response.status,
        type: response.headers.get('content-type') ?? '',
        body: await response.text(),
      }
      fetched.set(url, result)
    }
    return result
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-static-'))
    ;({ server, url: base } = await startPreview({ dir, port: 0 }))
    await buildSite({ contentDir: defaultContentDir, outDir: dir, baseUrl: base })
    browser = await launchChromium()
  })

  afterAll(async () => {
    await browser?.close()
    await new Promise((resolve) => server?.close(resolve))
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('should crawl every page without broken links, console errors, images without alt or axe violations', async () => {
    const origin = new URL(base).origin
    const context = await browser.newContext({ javaScriptEnabled: true })
    // Note: the site must make no request outside its own origin (no fonts, analytics or CDNs).
    await context.route(
      (url) => url.origin !== origin,
      (route) => {
        problems.push(`external request: ${route.request().url()}`)
        return route.abort()
      },
    )
    const queue = [new URL(base).href]
    const seen = new Set(queue)
    const enqueue = (href: string) => {
      const url = new URL(href)
      url.hash = ''
      if (url.origin !== origin || seen.has(url.href)) return
      seen.add(url.href)
      queue.push(url.href)
    }
    const visit = async (page: Page, url: string, where: { current: string }) => {
      const head = await get(url)
      if (head.status !== 200) {
        problems.push(`broken internal link: ${url} answers ${head.status}`)
        return
      }
      if (!head.type.startsWith('text/html')) return
      const current = new URL(url).pathname
      where.current = current
      await page.goto(url, { waitUntil: 'load' })
      const report = await page.evaluate(inspect)
      reports.set(url, report)
      for (const href of [...report.links, ...report.resources]) enqueue(href)
      for (const src of report.imagesWithoutAlt) problems.push(`${current}: image without alt: ${src}`)
      for (const type of report.scripts)
        if (type !== 'application/ld+json') problems.push(`${current}: needs JavaScript (${type} script)`)
      const feedTypes = report.feeds.map((feed) => feed.type)
      for (const type of ['application/rss+xml', 'application/atom+xml', 'application/feed+json'])
        if (!feedTypes.includes(type)) problems.push(`${current}: no <link rel="alternate" type="${type}">`)
      if (!report.lang) problems.push(`${current}: <html> has no lang`)
      if (!report.title) problems.push(`${current}: no <title>`)
      if (!report.description) problems.push(`${current}: no meta description`)
      if (!report.canonical) problems.push(`${current}: no canonical link`)
      if (!report.ogTitle) problems.push(`${current}: no og:title`)
      if (report.h1 !== 1) problems.push(`${current}: ${report.h1} <h1> elements`)
      for (const violation of await runAxe(page)) problems.push(`${current}: axe ${violation}`)
    }
    // A few tabs crawl the queue at once; a tab waits while others still have pages to add.
    let busy = 0
    const worker = async () => {
      const page = await context.newPage()
      const where = { current: '' }
      page.on('console', (message) => {
        if (message.type() === 'error' || message.type() === 'warning')
          problems.push(`${where.current}: console ${message.type()}: ${message.text()}`)
      })
      page.on('pageerror', (error) => problems.push(`${where.current}: page error: ${error.message}`))
      page.on('response', (response) => {
        if (response.status() >= 400)
          problems.push(`${where.current}: ${response.status()} for ${response.url()}`)
      })
      for (;;) {
        const url = queue.shift()
        if (url === undefined) {
          if (busy === 0) break
          await new Promise((resolve) => setTimeout(resolve, 20))
          continue
        }
        busy++
        try {
          await visit(page, url, where)
        } finally {
          busy--
        }
      }
    }
    await Promise.all([worker(), worker(), worker()])

    // Every fragment link points at an element that exists on its page.
    for (const [url, report] of reports) {
      for (const href of report.links) {
        const target = new URL(href)
        if (target.origin !== origin || target.hash === '') continue
        const id = decodeURIComponent(target.hash.slice(1))
        target.hash = ''
        const other = reports.get(target.href)
        if (other && !other.ids.includes(id))
          problems.push(`${new URL(url).pathname}: broken fragment link ${href}`)
      }
    }
    await context.close()
    expect(problems).toEqual([])
    // The crawl reached every kind of page.
    const paths = [...reports.keys()].map((url) => new URL(url).pathname)
    expect(paths).toEqual(expect.arrayContaining(['/', '/page/2/', '/archive/', '/tags/', '/categories/']))
    expect(paths.filter((pathname) => pathname.startsWith('/posts/')).length).toBe(14)
    expect(paths.some((pathname) => pathname.startsWith('/tags/') && pathname !== '/tags/')).toBe(true)
    expect(paths.some((pathname) => /^\/archive\/\d{4}\/$/.test(pathname))).toBe(true)
    expect(paths.some((pathname) => pathname.startsWith('/categories/') && pathname !== '/categories/')).toBe(
      true,
    )
  })

  it('should serve every feed, including one comment feed per post, as well-formed documents', async () => {
    const feeds = new Set<string>()
    for (const report of reports.values()) for (const feed of report.feeds) feeds.add(feed.href)
    const posts = [...reports].filter(([url]) => new URL(url).pathname.startsWith('/posts/'))
    for (const [url, report] of posts) {
      expect(report.feeds.map((feed) => feed.href)).toContain(new URL('comments.xml', url).href)
      expect(JSON.parse(report.jsonLd[0] ?? '{}')).toMatchObject({ '@type': 'BlogPosting', url })
    }
    expect(feeds.size).toBe(3 + posts.length)
    const page = await browser.newPage()
    for (const feed of feeds) {
      const response = await get(feed)
      expect(response.status, feed).toBe(200)
      if (feed.endsWith('.json')) {
        expect(JSON.parse(response.body)).toMatchObject({ version: 'https://jsonfeed.org/version/1.1' })
        continue
      }
      // The browser's XML parser reports any well-formedness error as a <parsererror> element.
      const errors = await page.evaluate(
        (text) =>
          new DOMParser().parseFromString(text, 'application/xml').getElementsByTagName('parsererror').length,
        response.body,
      )
      expect(errors, feed).toBe(0)
    }
    await page.close()
  })

  it('should answer unknown paths with the 404 page and list every page in the sitemap', async () => {
    const missing = await fetch(new URL('no/such/page/', base))
    expect(missing.status).toBe(404)
    expect(await missing.text()).toContain('<meta name="robots" content="noindex">')
    const sitemap = (await get(new URL('sitemap.xml', base).href)).body
    const locations = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1]!)
    const pages = [...reports.keys()].filter((url) => !url.endsWith('/404.html'))
    expect(locations.sort()).toEqual(pages.sort())
    expect((await get(new URL('robots.txt', base).href)).body).toContain(`Sitemap: ${base}sitemap.xml`)
  })

  it('should look right in light and dark mode, on a desktop and on a phone (screenshots in artifacts/)', async () => {
    await mkdir(artifactsDir, { recursive: true })
    const post = new URL('posts/strategisk-kommunikation-inifran/', base).href
    const shots: Array<[name: string, url: string, scheme: 'light' | 'dark', width: number]> = [
      ['home', base, 'light', 1280],
      ['post', post, 'light', 1280],
      ['home-dark', base, 'dark', 1280],
      ['post-phone-dark', post, 'dark', 390],
    ]
    for (const [name, url, colorScheme, width] of shots) {
      const page = await browser.newPage({ viewport: { width, height: 900 }, colorScheme })
      await page.goto(url)
      // Axe again in this color scheme (contrast differs between the two).
      if (colorScheme === 'dark') expect(await runAxe(page), `${name}`).toEqual([])
      // Nothing may be wider than the phone screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      expect(overflow, `${name} scrolls sideways`).toBeLessThanOrEqual(0)
      await page.screenshot({ path: path.join(artifactsDir, `${name}.png`), fullPage: true })
      await page.close()
    }
  })
})
