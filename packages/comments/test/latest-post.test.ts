import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { CommentError } from '../src/index.js'
import { createLatestPostFetcher, findFeedLink } from '../src/latest-post.js'

const page = `<!doctype html><html><head><title>Sökmotorkonsult</title>
<link rel="stylesheet" href="/style.css">
<link rel="alternate" type="application/rss+xml" title="RSS" href="/feed/?a=1&amp;b=2">
</head><body>Hej</body></html>`

const rss = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Sökmotorkonsult</title><link>http://www.sokmotorkonsult.se/</link><description>x</description>
<item><title>Äldre inlägg</title><link>http://www.sokmotorkonsult.se/aldre</link><pubDate>Mon, 25 Oct 2021 10:00:00 GMT</pubDate></item>
<item><title>PageRank ändras idag</title><link>http://www.sokmotorkonsult.se/pagerank</link><pubDate>Fri, 29 Oct 2021 10:00:00 GMT</pubDate></item>
</channel></rss>`

type Route = { status?: number; headers?: Record<string, string>; body?: string }

function fakeWeb(routes: Record<string, Route>, addresses: Record<string, string[]> = {}) {
  const requested: string[] = []
  const fetch = (async (input: string | URL | Request) => {
    const url = String(input)
    requested.push(url)
    const route = routes[url]
    if (!route) return new Response('not found', { status: 404 })
    return new Response(route.body ?? '', {
      status: route.status ?? 200,
      headers: route.headers ?? { 'content-type': 'text/html' },
    })
  }) as typeof globalThis.fetch
  const lookup = async (host: string) =>
    (addresses[host] ?? ['93.184.215.14']).map((address) => ({ address }))
  return { fetch, lookup, requested }
}

async function rejection(promise: Promise<unknown>): Promise<CommentError> {
  try {
    await promise
  } catch (error) {
    if (error instanceof CommentError) return error
    throw error
  }
  throw new Error('Expected a CommentError')
}

describe('findFeedLink', () => {
  it('should find the advertised feed and resolve it against the page', () => {
    expect(findFeedLink(page, 'http://www.sokmotorkonsult.se/om/')).toBe(
      'http://www.sokmotorkonsult.se/feed/?a=1&b=2',
    )
    expect(
      findFeedLink('<link rel=alternate type=application/atom+xml href=atom.xml>', 'https://a.example/b/'),
    ).toBe('https://a.example/b/atom.xml')
    expect(
      findFeedLink('<link rel="alternate" hreflang="en" href="/en/">', 'https://a.example/'),
    ).toBeUndefined()
  })

  it('should read link tags as HTML does: any order, quotes and case, entities', () => {
    const base = 'https://a.example/blog/'
    const cases: Array<[string, string]> = [
      ['<LINK HREF="/f.xml" TYPE="application/rss+xml" REL="Alternate">', 'https://a.example/f.xml'],
      [`<link href='feed?x=1&amp;y=2' rel='alternate' type='application/atom+xml'>`, `${base}feed?x=1&y=2`],
      ['<link type=application/feed+json rel="home alternate" href=feed.json/>', `${base}feed.json/`],
      ['<link\n  rel="alternate"\n  type="application/rss+xml; charset=utf-8"\n  href="rss">', `${base}rss`],
      // A `>` inside a quoted value does not end the tag (the regex cut the tag there).
      [
        '<link title="a > b" rel="alternate" type="application/rss+xml" href="/gt.xml">',
        'https://a.example/gt.xml',
      ],
      ['<link rel="alternate" type="application/rss+xml" href="&#x2F;enc.xml">', 'https://a.example/enc.xml'],
    ]
    for (const [html, feed] of cases) expect(findFeedLink(html, base), html).toBe(feed)
  })

  it('should not find link tags in comments, scripts, styles, titles or attribute values', () => {
    const feed = '<link rel="alternate" type="application/rss+xml" href="/real.xml">'
    const decoys = [
      '<!-- <link rel="alternate" type="application/rss+xml" href="/old.xml"> -->',
      '<script>document.write(\'<link rel="alternate" type="application/rss+xml" href="/js.xml">\')</script>',
      '<style>/* <link rel="alternate" type="application/rss+xml" href="/css.xml"> */</style>',
      '<title>How to write <link rel="alternate" type="application/rss+xml" href="/title.xml"></title>',
      '<meta content=\'<link rel="alternate" type="application/rss+xml" href="/attr.xml">\'>',
    ]
    for (const decoy of decoys) {
      expect(findFeedLink(decoy, 'https://a.example/'), decoy).toBeUndefined()
      expect(findFeedLink(`${decoy}${feed}`, 'https://a.example/'), decoy).toBe('https://a.example/real.xml')
    }
  })
})

describe('createLatestPostFetcher', () => {
  it('should return the newest item of the site feed', async () => {
    const web = fakeWeb({
      'http://www.sokmotorkonsult.se/': { body: page },
      'http://www.sokmotorkonsult.se/feed/?a=1&b=2': {
        body: rss,
        headers: { 'content-type': 'application/rss+xml' },
      },
    })
    const latest = createLatestPostFetcher({ fetch: web.fetch, lookup: web.lookup })
    expect(await latest('http://www.sokmotorkonsult.se')).toEqual({
      title: 'PageRank ändras idag',
      url: 'http://www.sokmotorkonsult.se/pagerank',
    })
  })

  it('should follow redirects and return undefined for a site without a feed', async () => {
    const web = fakeWeb({
      'https://a.example/': { status: 301, headers: { location: 'https://www.a.example/' } },
      'https://www.a.example/': { body: '<html><head></head></html>' },
    })
    expect(
      await createLatestPostFetcher({ fetch: web.fetch, lookup: web.lookup })('https://a.example'),
    ).toBeUndefined()
    expect(web.requested).toEqual(['https://a.example/', 'https://www.a.example/'])
  })

  it('should refuse loopback, private, link-local and mapped addresses (SSRF)', async () => {
    const web = fakeWeb(
      {
        'http://public.example/': {
          status: 302,
          headers: { location: 'http://169.254.169.254/latest/meta-data/' },
        },
        'http://feedy.example/': {
          body: '<link rel="alternate" type="application/rss+xml" href="http://intranet.example/feed">',
        },
      },
      {
        'localhost.example': ['127.0.0.1'],
        'mixed.example': ['93.184.215.14', '10.0.0.5'],
        'intranet.example': ['192.168.1.10'],
        'v6.example': ['fd00::1'],
      },
    )
    const latest = createLatestPostFetcher({ fetch: web.fetch, lookup: web.lookup })
    for (const url of [
      'http://127.0.0.1/',
      'http://[::1]/',
      'http://[::ffff:127.0.0.1]/',
      'http://10.1.2.3/',
      'http://localhost.example/',
      'http://mixed.example/',
      'http://v6.example/',
      'http://public.example/',
      'http://feedy.example/',
      'http://2130706433/',
      'http://0x7f.1/',
      'http://0.0.0.0/',
      'http://[fe80::1]/',
      'http://100.64.0.1/',
    ]) {
      const error = await rejection(latest(url))
      expect([url, error.code]).toEqual([url, 'blocked-address'])
    }
    // Nothing private was ever requested.
    expect(web.requested).toEqual(['http://public.example/', 'http://feedy.example/'])
  })

  it('should report a name that does not resolve', async () => {
    const lookup = async () => {
      throw new Error('getaddrinfo ENOTFOUND nowhere.example')
    }
    const error = await rejection(
      createLatestPostFetcher({ fetch: fakeWeb({}).fetch, lookup })('https://nowhere.example'),
    )
    expect([error.code, error.message]).toEqual([
      'fetch-failed',
      'Could not resolve `nowhere.example`: getaddrinfo ENOTFOUND nowhere.example',
    ])
  })

  it('should refuse other schemes', async () => {
    const latest = createLatestPostFetcher({ fetch: fakeWeb({}).fetch })
    for (const url of [
      'file:///etc/passwd',
      'javascript:alert(1)',
      'ftp://a.example/',
      'gopher://a.example/',
    ]) {
      expect((await rejection(latest(url))).code).toBe('invalid-url')
    }
  })

  it('should stop at the size limit and on timeout', async () => {
    const big = fakeWeb({ 'https://big.example/': { body: 'x'.repeat(5000) } })
    const error = await rejection(
      createLatestPostFetcher({ fetch: big.fetch, lookup: big.lookup, maxBytes: 1000 })(
        'https://big.example',
      ),
    )
    expect(error.code).toBe('too-large')
    const slow = ((_url: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason))
      })) as typeof globalThis.fetch
    const timeout = await rejection(
      createLatestPostFetcher({ fetch: slow, lookup: big.lookup, timeoutMs: 50 })('https://slow.example'),
    )
    expect(timeout.code).toBe('fetch-failed')
    expect(timeout.message).toContain('no answer within 50 ms')
  })

  it('should decode a feed in the charset it declares', async () => {
    const latin1 = Buffer.from(
      '<?xml version="1.0" encoding="ISO-8859-1"?><rss version="2.0"><channel><title>x</title><link>https://c.example/</link><description>x</description><item><title>PageRank ändras idag</title><link>https://c.example/p</link></item></channel></rss>',
      'latin1',
    )
    const fetch = (async () =>
      new Response(latin1, {
        headers: { 'content-type': 'application/rss+xml' },
      })) as unknown as typeof globalThis.fetch
    const latest = createLatestPostFetcher({ fetch, lookup: fakeWeb({}).lookup })
    expect(await latest('https://c.example/feed')).toEqual({
      title: 'PageRank ändras idag',
      url: 'https://c.example/p',
    })
  })

  it('should report a broken feed', async () => {
    const web = fakeWeb({
      'https://b.example/': {
        body: 'not a feed at all',
        headers: { 'content-type': 'application/rss+xml' },
      },
    })
    expect(
      (
        await rejection(
          createLatestPostFetcher({ fetch: web.fetch, lookup: web.lookup })('https://b.example'),
        )
      ).code,
    ).toBe('invalid-feed')
  })

  it('should cache results per site until the TTL passes', async () => {
    const web = fakeWeb({
      'http://www.sokmotorkonsult.se/': { body: page },
      'http://www.sokmotorkonsult.se/feed/?a=1&b=2': {
        body: rss,
        headers: { 'content-type': 'application/rss+xml' },
      },
    })
    let t = 0
    const latest = createLatestPostFetcher({
      fetch: web.fetch,
      lookup: web.lookup,
      ttlMs: 1000,
      now: () => t,
    })
    await latest('http://www.sokmotorkonsult.se/')
    await latest('http://www.sokmotorkonsult.se')
    expect(web.requested.length).toBe(2)
    t = 2000
    await latest('http://www.sokmotorkonsult.se')
    expect(web.requested.length).toBe(4)
  })
})

/** A server on 127.0.0.1 for the test; `handler` answers each request. */
async function localServer(handler: http.RequestListener) {
  const server = http.createServer(handler)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

describe('createLatestPostFetcher allowAddresses', () => {
  const atom = `<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Lokal</title><id>urn:x</id><updated>2024-01-02T00:00:00Z</updated>
<entry><title>Nyaste</title><id>urn:2</id><link href="/nyaste"/><updated>2024-01-02T00:00:00Z</updated></entry>
<entry><title>Äldre</title><id>urn:1</id><link href="/aldre"/><updated>2024-01-01T00:00:00Z</updated></entry></feed>`

  it('should fetch a listed address or network on this machine, and refuse it when not listed', async () => {
    const requests: string[] = []
    const local = await localServer((request, response) => {
      requests.push(request.url ?? '')
      if (request.url === '/') {
        response.setHeader('content-type', 'text/html; charset=utf-8')
        response.end('<link rel="alternate" type="application/atom+xml" href="/atom.xml">')
      } else {
        response.setHeader('content-type', 'application/atom+xml')
        response.end(atom)
      }
    })
    try {
      expect((await rejection(createLatestPostFetcher()(local.url))).code).toBe('blocked-address')
      expect(
        (await rejection(createLatestPostFetcher({ allowAddresses: ['10.0.0.0/8', '::1'] })(local.url))).code,
      ).toBe('blocked-address')
      expect(requests).toEqual([])
      for (const allowAddresses of [['127.0.0.1'], ['127.0.0.0/8'], [' 127.0.0.1 ', '::1']]) {
        expect(await createLatestPostFetcher({ allowAddresses })(local.url), String(allowAddresses)).toEqual({
          title: 'Nyaste',
          url: `${local.url}nyaste`,
        })
      }
      expect(requests).toEqual(['/', '/atom.xml', '/', '/atom.xml', '/', '/atom.xml'])
    } finally {
      await local.close()
    }
  })

  it('should still refuse every other private address when some are allowed', async () => {
    const web = fakeWeb({}, { 'intranet.example': ['192.168.1.10'] })
    const latest = createLatestPostFetcher({ ...web, allowAddresses: ['127.0.0.1', '10.1.0.0/16'] })
    for (const url of [
      'http://127.0.0.2/',
      'http://10.2.0.1/',
      'http://[::1]/',
      'http://intranet.example/',
    ]) {
      expect([url, (await rejection(latest(url))).code]).toEqual([url, 'blocked-address'])
    }
    expect(web.requested).toEqual([])
  })

  it('should refuse entries that are not addresses or networks', () => {
    for (const entry of ['localhost', '127.0.0.1/33', '', 'x/8', 42]) {
      expect(() => createLatestPostFetcher({ allowAddresses: [entry as string] }), String(entry)).toThrow(
        /allowAddresses.*such as `127\.0\.0\.1`/,
      )
    }
    expect(() => createLatestPostFetcher({ allowAddresses: '127.0.0.1' as never })).toThrow(TypeError)
  })

  it('should give up on a body that stops coming, with a fetch-failed error', async () => {
    const local = await localServer((_request, response) => {
      response.setHeader('content-type', 'application/rss+xml')
      response.write('<?xml version="1.0"?><rss version="2.0"><channel>')
      // …and nothing more: the response is never ended.
    })
    try {
      const error = await rejection(
        createLatestPostFetcher({ allowAddresses: ['127.0.0.1'], timeoutMs: 200 })(local.url),
      )
      expect([error.code, error.message]).toEqual([
        'fetch-failed',
        `Could not read \`${local.url}\`: no answer within 200 ms`,
      ])
    } finally {
      await local.close()
    }
  })
})

describe('createLatestPostFetcher titles', () => {
  it('should make the title one safe line of at most 300 characters', async () => {
    const long = `${'Ett långt ord '.repeat(40)}slut`
    const feed = (title: string) =>
      `<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><link>https://t.example/</link><description>x</description><item><title>${title}</title><link>https://t.example/p</link></item></channel></rss>`
    const cases: Array<[string, string]> = [
      ['  Rad ett\n\tRad två  ', 'Rad ett Rad två'],
      ['Vänd\u202Etext\u2066', 'Vänd text'],
      // Cut at the last space before the 300th character.
      [long, `${'Ett långt ord '.repeat(21)}Ett…`],
    ]
    for (const [title, expected] of cases) {
      const web = fakeWeb({
        'https://t.example/': { body: feed(title), headers: { 'content-type': 'application/rss+xml' } },
      })
      const post = await createLatestPostFetcher(web)('https://t.example/')
      expect(post?.title, title).toBe(expected)
      expect(post!.title.length).toBeLessThanOrEqual(300)
    }
  })
})

describe('createLatestPostFetcher DNS rebinding', () => {
  it('should check the addresses again as it connects, so a name that turns private is refused', async () => {
    const requests: string[] = []
    const local = await localServer((request, response) => {
      requests.push(request.url ?? '')
      response.setHeader('content-type', 'text/html')
      response.end('<p>intern</p>')
    })
    const port = new URL(local.url).port
    try {
      // The first answer (the check) is public, every later one (the connection) is this machine.
      let lookups = 0
      const rebinding = async () => [{ address: ++lookups === 1 ? '93.184.215.14' : '127.0.0.1' }]
      const error = await rejection(
        createLatestPostFetcher({ lookup: rebinding })(`http://rebind.example:${port}/`),
      )
      expect([error.code, error.field]).toEqual(['blocked-address', 'siteUrl'])
      expect(error.message).toContain('127.0.0.1')
      expect(lookups).toBe(2)
      expect(requests).toEqual([])
      // The same name, allowed, connects to the address the lookup gave (the Host header keeps the name).
      const allowedLookup = async () => [{ address: '127.0.0.1' }]
      const latest = createLatestPostFetcher({ lookup: allowedLookup, allowAddresses: ['127.0.0.1'] })
      expect(await latest(`http://blog.example:${port}/`)).toBeUndefined()
      expect(requests).toEqual(['/'])
    } finally {
      await local.close()
    }
  })
})
