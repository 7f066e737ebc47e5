// Issue 23: a WordPress blog moved with `blogkit-import` keeps every old address. The export is written for
// the test (scripts/testing/moved-blog.ts), imported, built and served by the preview server; every old
// address answers with the post or a redirect page to it, and nothing the built site links to is missing.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { importMovedBlog, linksOf, oldPosts, oldSite } from '../../../scripts/testing/moved-blog.js'
import { buildSite } from '../src/build.js'
import { startPreview } from '../src/preview.js'

const newSite = 'https://moved.example/'
const dirs: string[] = []
const servers: Server[] = []

afterAll(async () => {
  for (const server of servers.splice(0)) await new Promise((resolve) => server.close(resolve))
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

/** Import the export (with `args`), build it and serve it: the preview's URL and the output folder. */
async function moved(args: string[] = []) {
  const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-moved-'))
  dirs.push(dir)
  const { content, stderr } = await importMovedBlog(dir, args)
  const out = path.join(dir, 'out')
  await buildSite({ contentDir: content, outDir: out, baseUrl: newSite })
  const { server, url } = await startPreview({ dir: out, port: 0 })
  servers.push(server)
  return { url, out, stderr }
}

/** GET a path of the served site: status, body and, for a redirect page, the path it leads to. */
async function get(base: string, address: string) {
  const response = await fetch(new URL(address, base), { redirect: 'manual' })
  const body = await response.text()
  const refresh = /<meta http-equiv="refresh" content="0; url=([^"]+)">/.exec(body)?.[1]
  return {
    status: response.status,
    body,
    redirectsTo: refresh === undefined ? undefined : new URL(refresh.replaceAll('&amp;', '&')).pathname,
  }
}

describe('a WordPress blog moved with blogkit-import, as a static site', () => {
  let site: Awaited<ReturnType<typeof moved>>
  beforeAll(async () => {
    site = await moved()
  }, 120_000)

  it('should answer each old post address with a redirect page to the post, and land on old comment anchors', async () => {
    for (const post of oldPosts) {
      const old = await get(site.url, post.path)
      expect(old.status, post.path).toBe(200)
      expect(old.redirectsTo, post.path).toBe(`/posts/${post.slug}/`)
      expect(old.body).toContain(`<link rel="canonical" href="${newSite}posts/${post.slug}/">`)
      expect(old.body).toContain('<meta name="robots" content="noindex">')
      expect(old.body).not.toContain('<script')
      const now = await get(site.url, old.redirectsTo!)
      expect(now.status).toBe(200)
      expect(now.body).toContain(`${post.title.replace("'", '&#39;')}</h1>`)
      // `#comment-5` on the old blog lands on the same comment.
      for (const id of post.comments) expect(now.body).toContain(`id="comment-${id}"`)
    }
  })

  it('should map the ?p= short links in _redirects (Netlify) and redirects.json, for hosts that match queries', async () => {
    const map = JSON.parse(await readFile(path.join(site.out, 'redirects.json'), 'utf8')) as Record<
      string,
      string
    >
    const rules = await readFile(path.join(site.out, '_redirects'), 'utf8')
    for (const post of oldPosts) {
      expect(map[`/?p=${post.id}`]).toBe(`/posts/${post.slug}/`)
      expect(map[post.path]).toBe(`/posts/${post.slug}/`)
      expect(rules).toContain(`\n/ p=${post.id} /posts/${post.slug}/ 301!\n`)
      expect(rules).toContain(`\n${post.path} /posts/${post.slug}/ 301\n`)
    }
    // The draft had no public address.
    expect(map['/?p=104']).toBeUndefined()
  })

  it('should keep the page About at its old address, with its short links', async () => {
    const about = await get(site.url, '/about/')
    expect(about.status).toBe(200)
    expect(about.redirectsTo).toBeUndefined()
    expect(about.body).toContain('About this blog.')
    const map = JSON.parse(await readFile(path.join(site.out, 'redirects.json'), 'utf8')) as Record<
      string,
      string
    >
    expect(map['/?page_id=2']).toBe('/about/')
    expect(map['/?p=2']).toBe('/about/')
  })

  it('should send the old archives (categories, years) to the new ones', async () => {
    for (const post of oldPosts) {
      const slug = post.category.toLowerCase()
      for (const [old, now] of [
        [`/category/${slug}/`, `/categories/${slug}/`],
        [`/${post.date.slice(0, 4)}/`, `/archive/${post.date.slice(0, 4)}/`],
      ] as const) {
        const page = await get(site.url, old)
        expect(page.redirectsTo, old).toBe(now)
        expect((await get(site.url, now)).status, now).toBe(200)
      }
    }
  })

  it('should send the old feed addresses to the new feeds', async () => {
    const feeds: Array<[string, string]> = [
      ['/feed/', '/feed.xml'],
      ['/feed/atom/', '/atom.xml'],
      ['/comments/feed/', '/feed.xml'],
      ...oldPosts.map((post): [string, string] => [`${post.path}feed/`, `/posts/${post.slug}/comments.rss`]),
    ]
    for (const [old, now] of feeds) {
      const page = await get(site.url, old)
      expect(page.redirectsTo, old).toBe(now)
      const feed = await fetch(new URL(now, site.url))
      expect(feed.status, now).toBe(200)
      expect(await feed.text()).toMatch(/^<\?xml/)
    }
  })

  it('should link to nothing that is missing (a crawl of the built site from the home page and the old addresses)', async () => {
    const queue = ['/', ...oldPosts.map((post) => post.path), '/feed/']
    const seen = new Set<string>()
    const broken: string[] = []
    while (queue.length > 0) {
      const address = queue.shift()!
      if (seen.has(address)) continue
      seen.add(address)
      const response = await fetch(new URL(address, site.url), { redirect: 'manual' })
      if (response.status !== 200) {
        broken.push(`${address}: ${response.status}`)
        continue
      }
      if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) continue
      for (const link of linksOf(await response.text(), new URL(address, newSite).href)) {
        const url = new URL(link)
        // Links to the new site's address are links to the served site; the old blog's are redirected.
        if (`${url.origin}/` !== newSite && url.origin !== oldSite) continue
        if (!seen.has(url.pathname)) queue.push(url.pathname)
      }
    }
    expect(broken).toEqual([])
    expect(seen.size).toBeGreaterThan(20)
  })

  it('should say which pattern keeps the old addresses, and keep them with it (no redirect at all)', async () => {
    expect(site.stderr).toContain(
      'To keep every old address as it was, import with --permalink /:year/:month/:day/:slug/',
    )
    const kept = await moved(['--permalink', '/:year/:month/:day/:slug/'])
    expect(kept.stderr).not.toContain('new address')
    for (const post of oldPosts) {
      const page = await get(kept.url, post.path)
      expect(page.status).toBe(200)
      expect(page.redirectsTo).toBeUndefined()
      expect(page.body).toContain(`<link rel="canonical" href="${newSite}${post.path.slice(1)}">`)
    }
  }, 120_000)
})
