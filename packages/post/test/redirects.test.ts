import { describe, expect, it } from 'vitest'
import {
  type AliasOwner,
  type CollectRedirectsOptions,
  collectRedirects,
  hasRedirectPage,
  PostError,
  parseRedirectsJson,
  redirectKey,
  redirectPagePath,
  serializeNetlifyRedirects,
  serializeRedirectsJson,
} from '../src/index.js'

const owner = (file: string, path: string, aliases: string[], title = 'Moved'): AliasOwner => ({
  aliases,
  path,
  title,
  lang: 'sv',
  file,
})

/** The paths of a small site: a post at /posts/moved/, its feed, a tag index. */
const paths = new Map([
  ['/', "the site's /"],
  ['/posts/moved/', 'posts/moved.md'],
  ['/posts/moved/comments.rss', 'posts/moved.md'],
  ['/feed.xml', "the site's /feed.xml"],
  ['/tags/', "the site's /tags/"],
])

/** Run `fn`, expect a `PostError`, and return it. */
function refused(fn: () => unknown): PostError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(PostError)
    return error as PostError
  }
  throw new Error('expected a PostError')
}

const problems = (options: CollectRedirectsOptions) =>
  refused(() => collectRedirects(options)).messages.map(String)

describe('collectRedirects', () => {
  it('should redirect each alias to its owner, then each entry, in order, with title, language and source', () => {
    const redirects = collectRedirects({
      posts: [owner('posts/moved.md', '/posts/moved/', ['/2018/11/02/moved/', '/?p=42', '/old'])],
      entries: [
        { from: '/feed/', to: '/feed.xml', source: 'redirects.json' },
        { from: '/2018/11/02/moved/feed/', to: '/posts/moved/comments.rss', source: 'redirects.json' },
      ],
      paths,
      lang: 'en',
    })
    expect(redirects).toEqual([
      {
        from: '/2018/11/02/moved/',
        to: '/posts/moved/',
        title: 'Moved',
        lang: 'sv',
        source: 'posts/moved.md',
      },
      { from: '/?p=42', to: '/posts/moved/', title: 'Moved', lang: 'sv', source: 'posts/moved.md' },
      { from: '/old', to: '/posts/moved/', title: 'Moved', lang: 'sv', source: 'posts/moved.md' },
      { from: '/feed/', to: '/feed.xml', title: '/feed.xml', lang: 'en', source: 'redirects.json' },
      {
        from: '/2018/11/02/moved/feed/',
        to: '/posts/moved/comments.rss',
        title: '/posts/moved/comments.rss',
        lang: 'en',
        source: 'redirects.json',
      },
    ])
  })

  it("should leave out an alias that is its owner's own address, written either way", () => {
    const posts = [
      owner('posts/moved.md', '/posts/moved/', ['/posts/moved/', '/posts/moved', '/posts/mov%65d/']),
    ]
    expect(collectRedirects({ posts, paths })).toEqual([])
  })

  it("should default entries' language to en and the root to /", () => {
    const [redirect] = collectRedirects({
      posts: [],
      entries: [{ from: '/feed/', to: '/feed.xml', source: 'redirects.json' }],
      paths,
    })
    expect(redirect?.lang).toBe('en')
  })

  it('should refuse an alias that is the address of a page of the site, also written differently, naming both', () => {
    expect(
      problems({
        posts: [owner('posts/a.md', '/posts/a/', ['/posts/moved/', '/tags', '/TAGS/', '/posts/m%6Fved'])],
        paths,
      }),
    ).toEqual([
      'posts/a.md: old address /posts/moved/ is the address of posts/moved.md: a redirect there would hide it; remove the alias (or move posts/moved.md)',
      "posts/a.md: old address /tags is the address of the site's /tags/: a redirect there would hide it; remove the alias (or move the site's /tags/)",
      'posts/a.md: old address /posts/m%6Fved is the address of posts/moved.md: a redirect there would hide it; remove the alias (or move posts/moved.md)',
    ])
  })

  it('should refuse one old address of two posts, or of a post and an entry, naming both; a query in any order', () => {
    const error = refused(() =>
      collectRedirects({
        posts: [
          owner('posts/b.md', '/posts/b/', ['/old/', '/?p=1&x=2']),
          owner('posts/a.md', '/posts/a/', ['/old', '/?x=2&p=1']),
        ],
        entries: [{ from: '/old/', to: '/feed.xml', source: 'redirects.json' }],
        paths,
      }),
    )
    expect(error.messages.map(String)).toEqual([
      'posts/a.md: old address /old is also one of posts/b.md: an address can lead to one place; remove it from one of them',
      'posts/a.md: old address /?x=2&p=1 is also one of posts/b.md: an address can lead to one place; remove it from one of them',
      'redirects.json: old address /old/ is also one of posts/b.md: an address can lead to one place; remove it from one of them',
    ])
    expect(error).toMatchObject({ code: 'duplicate-alias', file: 'posts/a.md', line: undefined })
    expect(error.reason).toMatch(/^old address \/old is also one of posts\/b\.md/)
    expect(error.message).toMatch(
      /^3 problems in posts and redirects\.json:\n {2}posts\/a\.md: old address \/old is also/,
    )
  })

  it('should take the same address to the same place from one file once', () => {
    const entries = [
      { from: '/feed/', to: '/feed.xml', source: 'redirects.json' },
      { from: '/feed', to: '/feed.xml', source: 'redirects.json' },
    ]
    expect(collectRedirects({ posts: [], entries, paths }).map((redirect) => redirect.from)).toEqual([
      '/feed/',
    ])
  })

  it("should refuse an old address outside the site's root", () => {
    const error = refused(() =>
      collectRedirects({
        posts: [owner('posts/a.md', '/blog/posts/a/', ['/elsewhere/a/', '/blog/old/'])],
        paths: new Map([['/blog/posts/a/', 'posts/a.md']]),
        root: '/blog/',
      }),
    )
    expect(error.code).toBe('alias-outside-root')
    expect(error.messages.map(String)).toEqual([
      "posts/a.md: old address /elsewhere/a/ is not under the site's root /blog/: the site cannot answer it; remove it (or publish the site at the host's root)",
    ])
  })

  it('should refuse an entry that points at nothing of the site', () => {
    const error = refused(() =>
      collectRedirects({
        posts: [],
        entries: [
          { from: '/feed/', to: '/gone.xml', source: 'content/redirects.json' },
          { from: '/rss/', to: '/feed.xml', source: 'content/redirects.json' },
        ],
        paths,
      }),
    )
    expect(error).toMatchObject({ code: 'missing-redirect-target', file: 'content/redirects.json' })
    expect(error.messages.map(String)).toEqual([
      'content/redirects.json: /feed/ points at /gone.xml, which the site does not have: point it at a page or feed of the site',
    ])
  })

  it("should place the problems of redirects.json's entries at their line and column", () => {
    const text =
      '{\n  "/rss/": "/feed.xml",\n  "/feed/": "/gone.xml",\n  "/tags": "/feed.xml",\n  "/old": "/feed.xml",\n  "/old/": "/"\n}'
    const entries = parseRedirectsJson(text, { file: 'content/redirects.json' })
    const error = refused(() =>
      collectRedirects({ posts: [owner('posts/b.md', '/posts/b/', ['/rss'])], entries, paths }),
    )
    expect(error.messages.map(String)).toEqual([
      'content/redirects.json:2:3: old address /rss/ is also one of posts/b.md: an address can lead to one place; remove it from one of them',
      'content/redirects.json:3:3: /feed/ points at /gone.xml, which the site does not have: point it at a page or feed of the site',
      "content/redirects.json:4:3: old address /tags is the address of the site's /tags/: a redirect there would hide it; remove the alias (or move the site's /tags/)",
      'content/redirects.json:6:3: old address /old/ is also one of content/redirects.json:5:3: an address can lead to one place; remove it from one of them',
    ])
    expect(error.messages[1]).toMatchObject({ file: 'content/redirects.json', line: 3, column: 3 })
  })

  it("should place the problems of posts' aliases at their line and column (`places`), naming the other side's", () => {
    const posts = [
      { ...owner('posts/b.md', '/posts/b/', ['/old/', '/x/']), places: [{ line: 4, column: 5 }, undefined] },
      {
        ...owner('posts/a.md', '/posts/a/', ['/posts/moved/', '/old', '/x/']),
        places: [
          { line: 5, column: 5 },
          { line: 6, column: 5 },
        ],
      },
    ]
    const entries = parseRedirectsJson('{\n  "/old/": "/feed.xml"\n}', { file: 'redirects.json' })
    const error = refused(() => collectRedirects({ posts, entries, paths }))
    expect(error.messages.map(String)).toEqual([
      'posts/a.md:5:5: old address /posts/moved/ is the address of posts/moved.md: a redirect there would hide it; remove the alias (or move posts/moved.md)',
      'posts/a.md:6:5: old address /old is also one of posts/b.md:4:5: an address can lead to one place; remove it from one of them',
      // Note: a place not given (b.md's second, a.md's third) leaves the file alone.
      'posts/a.md: old address /x/ is also one of posts/b.md: an address can lead to one place; remove it from one of them',
      'redirects.json:2:3: old address /old/ is also one of posts/b.md:4:5: an address can lead to one place; remove it from one of them',
    ])
    expect(error).toMatchObject({ code: 'alias-hides-page', file: 'posts/a.md', line: 5, column: 5 })
    expect(error.messages.map((message) => message.actual)).toEqual(['/posts/moved/', '/old', '/x/', '/old/'])
    // A redirect keeps its alias's place.
    const [first] = collectRedirects({ posts: posts.slice(0, 1), paths })
    expect(first).toMatchObject({ from: '/old/', source: 'posts/b.md', place: { line: 4, column: 5 } })
  })

  it('should report every problem at once, with its code', () => {
    const error = refused(() =>
      collectRedirects({
        posts: [
          owner('posts/a.md', '/posts/a/', ['/tags/', '/x/']),
          owner('posts/b.md', '/posts/b/', ['/x/']),
        ],
        entries: [{ from: '/y/', to: '/nothing/', source: 'redirects.json' }],
        paths,
      }),
    )
    expect(error.messages.map((message) => message.ruleId)).toEqual([
      'alias-hides-page',
      'duplicate-alias',
      'missing-redirect-target',
    ])
    expect(error.messages.every((message) => message.source === '@blogkit/post' && message.fatal)).toBe(true)
  })
})

describe('redirectPagePath and hasRedirectPage', () => {
  it('should write an address without an extension as a folder, and none with a query', () => {
    expect(redirectPagePath('/old')).toBe('/old/')
    expect(redirectPagePath('/old/')).toBe('/old/')
    expect(redirectPagePath('/old.html')).toBe('/old.html')
    expect(hasRedirectPage({ from: '/old/' })).toBe(true)
    expect(hasRedirectPage({ from: '/?p=42' })).toBe(false)
  })
})

describe('redirectKey', () => {
  it('should make one key of the addresses a static server finds one file for, and of a query in any order', () => {
    const key = redirectKey('/sm%C3%B6rg%C3%A5s/')
    for (const same of ['/smörgås/', '/smörgås', '/sm%c3%b6rg%c3%a5s', '/smörgås/index.html'])
      expect(redirectKey(same), same).toBe(key)
    expect(redirectKey('/old.html')).not.toBe(redirectKey('/old.html/'))
    expect(redirectKey('/%E0%A4%A')).toBe(redirectKey('/%E0%A4%A/'))
    expect(redirectKey('/?a=1&b=2')).toBe(redirectKey('/?b=2&a=1'))
    expect(redirectKey('/?p=42')).not.toBe(redirectKey('/'))
  })
})

describe('parseRedirectsJson', () => {
  it('should read entries in order, percent-encoded as a browser sends them, each with its file and place', () => {
    const text =
      '\ufeff{ "/feed/": "/feed.xml", "/smörgås/?": "/posts/sm%C3%B6rg%C3%A5s/",\n  "/?p=42": "/a/" }'
    const source = 'content/redirects.json'
    expect(parseRedirectsJson(text, { file: source })).toEqual([
      { from: '/feed/', to: '/feed.xml', source, place: { line: 1, column: 3 } },
      {
        from: '/sm%C3%B6rg%C3%A5s/',
        to: '/posts/sm%C3%B6rg%C3%A5s/',
        source,
        place: { line: 1, column: 26 },
      },
      { from: '/?p=42', to: '/a/', source, place: { line: 2, column: 3 } },
    ])
    expect(parseRedirectsJson('{}')).toEqual([])
    expect(parseRedirectsJson('{"/a/": "/b/"}')[0]?.source).toBe('redirects.json')
  })

  it('should refuse every entry that is not a path from the root, naming the file, the place and the entry', () => {
    const text = JSON.stringify(
      {
        'feed/': '/feed.xml',
        '//evil.example/': '/a/',
        '/x/': 5,
        '/a b/': '/a/',
        '/c/#top': '/a/',
        '/d/': '/a/?p=1',
        '/e/%2E%2E/': '/a/',
        '/f/': '/a/../b/',
        '/g\\h/': '/a/',
        '/ok/': '/a/',
      },
      null,
      2,
    )
    const error = refused(() => parseRedirectsJson(text, { file: 'content/redirects.json' }))
    expect(error).toMatchObject({
      code: 'invalid-redirect',
      file: 'content/redirects.json',
      line: 2,
      column: 3,
    })
    expect(error.messages.map(String)).toEqual([
      'content/redirects.json:2:3: "feed/": should be a path from the site’s root (`/old/`)',
      'content/redirects.json:3:3: "//evil.example/": should be a path from the site’s root (`/old/`)',
      'content/redirects.json:4:3: "/x/": 5 should be a path',
      'content/redirects.json:5:3: "/a b/": should have no space, backslash or `#`',
      'content/redirects.json:6:3: "/c/#top": should have no space, backslash or `#`',
      'content/redirects.json:7:3: "/d/": "/a/?p=1" should have no query',
      'content/redirects.json:8:3: "/e/%2E%2E/": should have no `.` or `..` segment',
      'content/redirects.json:9:3: "/f/": "/a/../b/" should have no `.` or `..` segment',
      'content/redirects.json:10:3: "/g\\\\h/": should have no space, backslash or `#`',
    ])
  })

  it('should refuse an old address written twice, which JSON.parse would keep once, at its second writing', () => {
    const text =
      '{\n  "/a/": "/x/",\n  "/b/": "/y/",\n  "/a/": "/z/",\n  "/a/": "/x/",\n  "/c\\u002f": "/y/", "/c/": "/y/"\n}'
    expect(refused(() => parseRedirectsJson(text)).message.split('\n')[0]).toBe(
      '2 problems in redirects.json:',
    )
    expect(refused(() => parseRedirectsJson(text)).messages.map(String)).toEqual([
      'redirects.json:4:3: "/a/": is written more than once (first at 2:3; JSON keeps only the last): keep one',
      'redirects.json:6:22: "/c/": is written more than once (first at 6:3; JSON keeps only the last): keep one',
    ])
    // A byte order mark is not a column.
    const error = refused(() => parseRedirectsJson('\ufeff{"/a/": "/b/", "/a/": "/b/"}'))
    expect(error).toMatchObject({ code: 'invalid-redirect', line: 1, column: 16 })
  })

  it('should refuse a file that is empty, not JSON or not an object, saying what it should hold', () => {
    const reason = (text: string) => {
      const error = refused(() => parseRedirectsJson(text))
      expect(error.code).toBe('invalid-redirects-file')
      expect(error.file).toBe('redirects.json')
      return error.reason
    }
    expect(reason(' \n')).toBe(
      'is empty: write a JSON object of old addresses and new paths ({ "/feed/": "/feed.xml" }), `{}` for none, or remove the file',
    )
    expect(reason('{"/a/": "/b/",}')).toMatch(/^not valid JSON: /)
    expect(reason('[1]')).toBe(
      'should hold a JSON object of old addresses and new paths ({ "/feed/": "/feed.xml" }), got `[1]`',
    )
    expect(reason('null')).toMatch(/got `null`$/)
  })

  it('should place a syntax error at its line and column, saying what is wrong there', () => {
    const place = (text: string) => {
      const error = refused(() => parseRedirectsJson(text, { file: 'content/redirects.json' }))
      expect(error.code).toBe('invalid-redirects-file')
      expect(error.messages).toHaveLength(1)
      return String(error.messages[0])
    }
    const fix = '; fix the file'
    expect(place('{\n  "/feed/": "/feed.xml",\n  "/old/": "/new/",\n}\n')).toBe(
      `content/redirects.json:3:19: not valid JSON: a comma before a closing bracket (JSON allows no trailing comma)${fix}`,
    )
    expect(place('{\n  "/feed/": "/feed.xml"\n  "/old/": "/new/"\n}')).toBe(
      `content/redirects.json:3:3: not valid JSON: \`,\` was expected${fix}`,
    )
    expect(place('{\n  // moved\n  "/old/": "/new/"\n}')).toBe(
      `content/redirects.json:2:3: not valid JSON: comments are not allowed in JSON${fix}`,
    )
    expect(place("{\n  '/old/': '/new/'\n}")).toMatch(
      /^content\/redirects\.json:2:3: not valid JSON: an unexpected character/,
    )
    expect(place('{\n  "/old/": "/new/\n}')).toMatch(
      /^content\/redirects\.json:2:12: not valid JSON: a text in double quotes/,
    )
    expect(place('\ufeff{"/old/" "/new/"}')).toBe(
      `content/redirects.json:1:10: not valid JSON: \`:\` was expected${fix}`,
    )
    expect(place('{"/old/": "/new/"} {}')).toBe(
      `content/redirects.json:1:20: not valid JSON: the JSON ends before this${fix}`,
    )
    expect(place('\n\n  [1]')).toMatch(/^content\/redirects\.json:3:3: should hold a JSON object/)
    expect(place(`${'['.repeat(100_000)}${']'.repeat(100_000)}`)).toMatch(
      /^content\/redirects\.json: is nested too deeply/,
    )
  })
})

describe('serializeRedirectsJson and serializeNetlifyRedirects', () => {
  const redirects = [
    { from: '/2018/11/02/moved/', to: '/posts/moved/' },
    { from: '/?p=42', to: '/posts/moved/' },
    { from: '/old', to: '/posts/moved/' },
    { from: '/feed/?x=%C3%A5&y=a+b', to: '/feed.xml' },
  ]

  it('should write redirects.json in order, two spaces indented, that parseRedirectsJson reads back', () => {
    const text = serializeRedirectsJson(redirects)
    expect(text).toBe(
      '{\n  "/2018/11/02/moved/": "/posts/moved/",\n  "/?p=42": "/posts/moved/",\n  "/old": "/posts/moved/",\n  "/feed/?x=%C3%A5&y=a+b": "/feed.xml"\n}\n',
    )
    expect(parseRedirectsJson(text).map(({ from, to }) => ({ from, to }))).toEqual(redirects)
    expect(serializeRedirectsJson([])).toBe('{}\n')
  })

  it('should write _redirects: paths first, then the addresses with a query as Netlify matches them', () => {
    expect(serializeNetlifyRedirects(redirects)).toBe(
      [
        '# Old addresses of the blog and where they are now (written by the build).',
        '/2018/11/02/moved/ /posts/moved/ 301',
        '/old /posts/moved/ 301',
        '# Netlify: addresses with a query (Cloudflare Pages ignores these lines).',
        '/ p=42 /posts/moved/ 301!',
        '/feed/ x=%C3%A5 y=a%20b /feed.xml 301!',
        '',
      ].join('\n'),
    )
    expect(serializeNetlifyRedirects([{ from: '/a/', to: '/b/' }])).toBe(
      '# Old addresses of the blog and where they are now (written by the build).\n/a/ /b/ 301\n',
    )
  })
})
