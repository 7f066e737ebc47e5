/// <reference lib="dom" />
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import type { Server } from 'node:http'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Browser, BrowserContext, Page } from 'playwright-core'
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

/** The built site the tests crawl, served by the preview server. */
interface Site {
  dir: string
  server: Server
  base: string
  /** Every HTML page of the output folder, as URLs. */
  pages: string[]
}

async function buildForCrawl(): Promise<Site> {
  const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-static-'))
  const { server, url: base } = await startPreview({ dir, port: 0 })
  await buildSite({ contentDir: defaultContentDir, outDir: dir, baseUrl: base })
  const files = (await readdir(dir, { recursive: true })).filter((file) => file.endsWith('.html')).sort()
  const pages = files.map(
    (file) =>
      new URL(
        file
          .split(path.sep)
          .join('/')
          .replace(/(^|\/)index\.html$/, '$1'),
        base,
      ).href,
  )
  return { dir, server, base, pages }
}

// Note: the site is built while the tests are collected, so that the crawl is one test per page: it is
// bounded by pages (each page has the test timeout to itself), not by one timeout for the whole site.
const site = hasChromium ? await buildForCrawl() : undefined

describe.skipIf(!site)('static blog in a browser', () => {
  const { base, pages } = site ?? { base: 'http://127.0.0.1/', pages: [] }
  const origin = new URL(base).origin
  let browser: Browser
  let context: BrowserContext
  let page: Page
  const reports = new Map<string, PageReport>()
  const fetched = new Map<string, { status: number; type: string; body: string }>()
  // Where the browser's complaints about the page being visited go.
  let problems: string[] = []

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
    browser = await launchChromium()
    context = await browser.newContext({ javaScriptEnabled: true })
    // Note: the site must make no request outside its own origin (no fonts, analytics or CDNs).
    await context.route(
      (url) => url.origin !== origin,
      (route) => {
        problems.push(`external request: ${route.request().url()}`)
        return route.abort()
      },
    )
    page = await context.newPage()
    page.on('console', (message) => {
      if (message.type() === 'error' || message.type() === 'warning')
        problems.push(`console ${message.type()}: ${message.text()}`)
    })
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`))
    page.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} for ${response.url()}`)
    })
  })

  afterAll(async () => {
    await context?.close()
    await browser?.close()
    await new Promise((resolve) => site?.server.close(resolve))
    if (site) await rm(site.dir, { recursive: true, force: true })
  })

  it.each(
    pages.map((url) => [new URL(url).pathname, url]),
  )('should show %s with no console errors, images without alt or axe violations, and its metadata', async (_, url) => {
    problems = []
    const head = await get(url)
    const notFound = url.endsWith('/404.html')
    expect(head.status, url).toBe(200)
    expect(head.type).toMatch(/^text\/html/)
    await page.goto(url, { waitUntil: 'load' })
    const report = await page.evaluate(inspect)
    reports.set(url, report)
    for (const src of report.imagesWithoutAlt) problems.push(`image without alt: ${src}`)
    for (const type of report.scripts)
      if (type !== 'application/ld+json') problems.push(`needs JavaScript (${type} script)`)
    const feedTypes = report.feeds.map((feed) => feed.type)
    for (const type of ['application/rss+xml', 'application/atom+xml', 'application/feed+json'])
      if (!feedTypes.includes(type)) problems.push(`no <link rel="alternate" type="${type}">`)
    if (!report.lang) problems.push('<html> has no lang')
    if (!report.title) problems.push('no <title>')
    if (!report.description) problems.push('no meta description')
    if (!report.canonical && !notFound) problems.push('no canonical link')
    if (!report.ogTitle) problems.push('no og:title')
    if (report.h1 !== 1) problems.push(`${report.h1} <h1> elements`)
    for (const violation of await runAxe(page)) problems.push(`axe ${violation}`)
    expect(problems).toEqual([])
  })

  it('should reach every page from the home page through links, none of them broken', async () => {
    expect([...reports.keys()].sort()).toEqual([...pages].sort())
    const problems: string[] = []
    // Every internal link and resource answers 200 (a redirect is a broken link too).
    const linkedFrom = new Map<string, string>()
    for (const [url, report] of reports) {
      for (const href of [...report.links, ...report.resources]) {
        const target = new URL(href)
        target.hash = ''
        if (target.origin === origin && !linkedFrom.has(target.href)) linkedFrom.set(target.href, url)
      }
    }
    for (const [target, from] of linkedFrom) {
      const { status } = await get(target)
      if (status !== 200)
        problems.push(`${new URL(from).pathname}: broken internal link: ${target} answers ${status}`)
    }
    // Every page but the 404 page can be reached from the home page.
    const reached = new Set([base])
    const queue = [base]
    for (let url = queue.shift(); url !== undefined; url = queue.shift()) {
      for (const href of reports.get(url)?.links ?? []) {
        const target = new URL(href)
        target.hash = ''
        if (target.origin === origin && !reached.has(target.href)) {
          reached.add(target.href)
          queue.push(target.href)
        }
      }
    }
    for (const url of pages) {
      if (!reached.has(url) && !url.endsWith('/404.html')) problems.push(`${url}: no link leads to it`)
    }
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
    expect(problems).toEqual([])
    // The crawl reached every kind of page.
    const paths = [...reports.keys()].map((url) => new URL(url).pathname)
    expect(paths).toEqual(
      expect.arrayContaining(['/', '/page/2/', '/archive/', '/tags/', '/categories/', '/subscribe/']),
    )
    expect(paths.filter((pathname) => pathname.startsWith('/posts/')).length).toBe(14)
    expect(paths.some((pathname) => pathname.startsWith('/tags/') && pathname !== '/tags/')).toBe(true)
    expect(paths.some((pathname) => /^\/archive\/\d{4}\/$/.test(pathname))).toBe(true)
    expect(paths.some((pathname) => pathname.startsWith('/categories/') && pathname !== '/categories/')).toBe(
      true,
    )
  })

  it('should serve every feed, including a comment feed per post in three formats, as well-formed documents', async () => {
    const feeds = new Set<string>()
    for (const report of reports.values()) for (const feed of report.feeds) feeds.add(feed.href)
    const posts = [...reports].filter(([url]) => new URL(url).pathname.startsWith('/posts/'))
    for (const [url, report] of posts) {
      for (const name of ['comments.rss', 'comments.xml', 'comments.json'])
        expect(report.feeds.map((feed) => feed.href)).toContain(new URL(name, url).href)
      expect(JSON.parse(report.jsonLd[0] ?? '{}')).toMatchObject({ '@type': 'BlogPosting', url })
    }
    expect(feeds.size).toBe(3 + 3 * posts.length)
    const page = await browser.newPage()
    for (const feed of feeds) {
      const response = await get(feed)
      expect(response.status, feed).toBe(200)
      if (feed.endsWith('.rss')) expect(response.type, feed).toMatch(/^application\/rss\+xml/)
      if (feed.endsWith('.json')) {
        expect(response.type, feed).toMatch(/^application\/feed\+json/)
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
    const listed = pages.filter((url) => !url.endsWith('/404.html'))
    expect(locations.sort()).toEqual(listed.sort())
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
      // Long feed addresses must wrap on a phone.
      ['subscribe-phone', new URL('subscribe/', base).href, 'light', 390],
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
