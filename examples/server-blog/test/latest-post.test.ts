// "Show my latest post" (CommentLuv): the server reads the newest post of a commenter's website from its
// feed in the background and shows it under the comment. The commenters' sites are served by this test on
// 127.0.0.1, which the reader refuses unless LATEST_POST_ALLOW lists it (as here, and only in tests).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ConfigError, readConfig } from '../src/config.js'
import type { BlogServer } from '../src/server.js'
import { cleanup, client, commentIdOf, csrfOf, post, start, svPost } from './helpers.js'

const rss = (base: string) => `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Testas blogg</title><link>${base}</link><description>x</description>
<item><title>Ett äldre inlägg</title><link>${base}aldre</link><pubDate>Mon, 25 Oct 2021 10:00:00 GMT</pubDate></item>
<item><title>Mitt nyaste inlägg</title><link>${base}nyaste</link><pubDate>Fri, 29 Oct 2021 10:00:00 GMT</pubDate></item>
</channel></rss>`

const atom = (base: string) => `<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Tess</title><id>urn:tess</id><updated>2024-05-02T00:00:00Z</updated>
<entry><title>Newest &amp; best</title><id>urn:2</id><link href="${base}newest"/><updated>2024-05-02T00:00:00Z</updated></entry>
<entry><title>Older</title><id>urn:1</id><link href="${base}older"/><updated>2024-05-01T00:00:00Z</updated></entry>
</feed>`

/** The commenters' websites, on 127.0.0.1. */
const sites = {
  server: undefined as unknown as http.Server,
  url: '',
  /** Paths requested, in order. */
  requests: [] as string[],
  /** Ends the held answers of `/slow/feed.xml`. */
  releaseSlow: [] as Array<() => void>,
}

let server: BlogServer & { config: ReturnType<typeof readConfig> }
const logLines: string[] = []

beforeAll(async () => {
  sites.server = http.createServer((request, response) => {
    const path = request.url ?? '/'
    sites.requests.push(path)
    const base = `${sites.url}${path.split('/')[1]}/`
    const html = (head: string) => {
      response.setHeader('content-type', 'text/html; charset=utf-8')
      response.end(`<!doctype html><html><head><title>Blogg</title>${head}</head><body>Hej</body></html>`)
    }
    const feedLink = '<link rel="alternate" type="application/rss+xml" title="RSS" href="feed.xml">'
    switch (path) {
      case '/rss/':
      case '/nobox/':
      case '/slow/':
        return html(feedLink)
      case '/rss/feed.xml':
      case '/nobox/feed.xml':
        response.setHeader('content-type', 'application/rss+xml')
        return response.end(rss(base))
      case '/slow/feed.xml':
        // Held until the test lets it go.
        sites.releaseSlow.push(() => {
          response.setHeader('content-type', 'application/rss+xml')
          response.end(rss(base))
        })
        return
      case '/atom.xml':
        response.setHeader('content-type', 'application/atom+xml')
        return response.end(atom(sites.url))
      case '/page/':
        return html('<link rel="stylesheet" href="/style.css">')
      case '/notfeed/':
        response.setHeader('content-type', 'application/rss+xml')
        return response.end('<html>this is not a feed</html>')
      case '/big/':
        response.setHeader('content-type', 'application/rss+xml')
        return response.end(`<rss version="2.0"><channel>${' '.repeat(50_000)}</channel></rss>`)
      case '/hang/':
        return // Never answers.
      default:
        response.statusCode = 404
        return response.end('not found')
    }
  })
  await new Promise<void>((resolve) => sites.server.listen(0, '127.0.0.1', resolve))
  sites.url = `http://127.0.0.1:${(sites.server.address() as AddressInfo).port}/`
  server = await start(
    {
      RATE_LIMIT: '1000',
      HOLD_AFTER: '1000',
      // Only for this test: the commenters' sites are on this machine.
      LATEST_POST_ALLOW: '127.0.0.1',
      LATEST_POST_TIMEOUT_MS: '1000',
      LATEST_POST_MAX_BYTES: '10000',
    },
    (line) => logLines.push(line),
  )
})

afterAll(async () => {
  for (const release of sites.releaseSlow.splice(0)) release()
  await cleanup()
  sites.server.closeAllConnections()
  await new Promise((resolve) => sites.server.close(resolve))
})

/** Post a comment with this website, the box ticked or not; the redirect and the comment's id. */
async function comment(page: string, url: string, latestPost: boolean) {
  const c = client(server.url)
  const token = csrfOf((await c.get(page)).text)
  const { response } = await c.post(`${page}comments`, {
    csrf: token,
    name: 'Testa Testsson',
    url,
    body: `En kommentar från ${url}.`,
    website: '',
    ...(latestPost ? { latestPost: 'yes' } : {}),
  })
  expect(response.status).toBe(303)
  const location = response.headers.get('location')!
  return { c, location, id: commentIdOf(location) }
}

/** The `<li>` of one comment on a page. */
function commentOn(page: string, id: string): string {
  const start = page.indexOf(`id="comment-${id}"`)
  expect(start, `comment ${id} on the page`).toBeGreaterThan(-1)
  return page.slice(start, page.indexOf('</article>', start))
}

/** Read `location` again until `check` holds for the comment (a condition, not a clock). */
async function untilComment(c: ReturnType<typeof client>, location: string, id: string, check: RegExp) {
  for (let tries = 0; ; tries++) {
    const li = commentOn((await c.get(location)).text, id)
    if (check.test(li)) return li
    // Note: a bound only so that a failure says what the server logged (the wait is for the condition).
    if (tries > 1000) throw new Error(`${check} never showed on ${location}; log:\n${logLines.join('\n')}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('show my latest post', () => {
  it('should offer the box in the form, in the page language', async () => {
    const sv = (await client(server.url).get(svPost)).text
    expect(sv).toContain('<input id="comment-latest-post" name="latestPost" type="checkbox" value="yes">')
    expect(sv).toContain('Visa mitt senaste inlägg')
    expect((await client(server.url).get(post)).text).toContain('Show my latest post')
  })

  it('should read the feed an HTML page names and show the newest post, with rel="nofollow ugc"', async () => {
    const site = `${sites.url}rss/`
    const { c, location, id } = await comment(svPost, site, true)
    const li = await untilComment(c, location, id, /comment-latest/)
    expect(li).toContain(
      `<p class="comment-latest">Senaste inlägg: <a href="${site}nyaste" rel="nofollow ugc noopener">Mitt nyaste inlägg</a></p>`,
    )
    expect(sites.requests).toContain('/rss/')
    expect(sites.requests).toContain('/rss/feed.xml')
    expect((await server.store.get(id))?.author.latestPost).toEqual({
      title: 'Mitt nyaste inlägg',
      url: `${site}nyaste`,
    })
  })

  it('should read an Atom feed given as the website, in English on an English post', async () => {
    const { c, location, id } = await comment(post, `${sites.url}atom.xml`, true)
    const li = await untilComment(c, location, id, /comment-latest/)
    expect(li).toContain(
      `<p class="comment-latest">Latest post: <a href="${sites.url}newest" rel="nofollow ugc noopener">Newest &amp; best</a></p>`,
    )
  })

  it('should answer the POST before a slow feed has answered', async () => {
    // The feed holds its answer: the POST's 303 comes all the same.
    const { c, location, id } = await comment(svPost, `${sites.url}slow/`, true)
    while (!sites.requests.includes('/slow/feed.xml')) await new Promise((r) => setTimeout(r, 20))
    expect(commentOn((await c.get(location)).text, id)).not.toContain('comment-latest')
    for (const release of sites.releaseSlow.splice(0)) release()
    const li = await untilComment(c, location, id, /comment-latest/)
    expect(li).toContain('Mitt nyaste inlägg')
  })

  it('should fetch nothing without the box, nor without a website', async () => {
    const { c, location, id } = await comment(svPost, `${sites.url}nobox/`, false)
    const { id: noSite } = await comment(svPost, '', true)
    await server.latestPosts.idle()
    expect(sites.requests.filter((path) => path.startsWith('/nobox/'))).toEqual([])
    expect(commentOn((await c.get(location)).text, id)).not.toContain('comment-latest')
    expect((await server.store.get(id))?.author.latestPost).toBeUndefined()
    expect((await server.store.get(noSite))?.author).toEqual({ name: 'Testa Testsson' })
    expect(logLines.some((line) => line.includes(`latest-post ${id} `))).toBe(false)
  })

  it('should publish the comment without a latest post, and log why, when the site has none to give', async () => {
    const cases: Array<[string, string]> = [
      ['missing/', `fetch-failed: Fetching \`${sites.url}missing/\` answered HTTP 404`],
      ['page/', 'none (no feed, or a feed without posts)'],
      ['notfeed/', 'invalid-feed'],
      ['big/', 'too-large'],
      ['hang/', 'no answer within 1000 ms'],
    ]
    for (const [path, why] of cases) {
      const site = `${sites.url}${path}`
      const { c, location, id } = await comment(svPost, site, true)
      expect(location, path).toContain(`published=${id}`)
      await server.latestPosts.idle()
      const li = commentOn((await c.get(location)).text, id)
      expect(li, path).toContain('<div class="comment-body"><p>En kommentar från')
      expect(li, path).not.toContain('comment-latest')
      const line = logLines.find((l) => l.startsWith(`latest-post ${id} `))
      expect(line, path).toContain(why)
      expect(line, path).toContain(site)
    }
  })
})

describe('LATEST_POST settings', () => {
  it('should read public sites only unless LATEST_POST_ALLOW names more, and refuse what is not an address', () => {
    expect(readConfig({}).latestPost).toEqual({
      enabled: true,
      allowAddresses: [],
      timeoutMs: 5000,
      maxBytes: 1_000_000,
    })
    expect(readConfig({ LATEST_POST_ALLOW: '127.0.0.1, 10.0.0.0/8' }).latestPost.allowAddresses).toEqual([
      '127.0.0.1',
      '10.0.0.0/8',
    ])
    expect(readConfig({ LATEST_POST: '0' }).latestPost.enabled).toBe(false)
    for (const [name, value] of [
      ['LATEST_POST_ALLOW', 'localhost'],
      ['LATEST_POST_ALLOW', '127.0.0.1/40'],
      ['LATEST_POST', 'maybe'],
      ['LATEST_POST_TIMEOUT_MS', '5s'],
    ] as const) {
      let error: unknown
      try {
        readConfig({ [name]: value })
      } catch (caught) {
        error = caught
      }
      expect(error, `${name}=${value}`).toBeInstanceOf(ConfigError)
      expect((error as ConfigError).variable).toBe(name)
      expect((error as ConfigError).message).toContain(`${name}=${value} is not valid`)
    }
  })

  it('should refuse the commenter site on this machine by default, fetching nothing', async () => {
    const lines: string[] = []
    const strict = await start({ RATE_LIMIT: '1000', HOLD_AFTER: '1000' }, (line) => lines.push(line))
    const c = client(strict.url)
    const token = csrfOf((await c.get(svPost)).text)
    const site = `${sites.url}default/`
    const { response } = await c.post(`${svPost}comments`, {
      csrf: token,
      name: 'Testa Testsson',
      url: site,
      body: 'Hej.',
      website: '',
      latestPost: 'yes',
    })
    const id = commentIdOf(response.headers.get('location'))
    await strict.latestPosts.idle()
    expect(lines.find((l) => l.startsWith(`latest-post ${id} `))).toContain('blocked-address')
    expect(sites.requests.filter((path) => path.startsWith('/default/'))).toEqual([])
    expect((await strict.store.get(id))?.author.latestPost).toBeUndefined()
  })

  it('should not offer the box with LATEST_POST=0', async () => {
    const off = await start({ LATEST_POST: '0' })
    const page = (await client(off.url).get(svPost)).text
    expect(page).toContain('name="remember"')
    expect(page).not.toContain('name="latestPost"')
  })
})
