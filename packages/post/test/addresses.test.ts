import { describe, expect, it } from 'vitest'
import { createAddressBook, PostError, placePosts, termSlugs } from '../src/index.js'

const post = (slug: string, date: string, extra: { path?: string; categories?: string[] } = {}) => ({
  slug,
  date: new Date(date),
  ...extra,
})

/** The error `run` throws (it must throw a `PostError`). */
function errorOf(run: () => unknown): PostError {
  try {
    run()
  } catch (error) {
    if (error instanceof PostError) return error
    throw error
  }
  throw new Error('expected a PostError')
}

describe('placePosts', () => {
  it('should give each post its path by the permalink, in the time zone, under the root', () => {
    const a = post('sluta-mäta', '2021-12-31T23:30:00Z')
    const b = post('other', '2021-06-01T12:00:00Z')
    const paths = placePosts({
      posts: [a, b],
      permalink: '/:year/:month/:day/:slug/',
      root: '/blog/',
      timeZone: 'Europe/Stockholm',
    })
    expect([...paths]).toEqual([
      [a, '/blog/2022/01/01/sluta-m%C3%A4ta/'],
      [b, '/blog/2021/06/01/other/'],
    ])
    expect(placePosts({ posts: [a] }).get(a)).toBe('/posts/sluta-m%C3%A4ta/')
  })

  it('should let two posts share a slug when a dated pattern gives them two addresses', () => {
    const old = post('la-verite', '2001-05-01T12:00:00Z')
    const fresh = post('la-verite', '2003-07-01T12:00:00Z')
    const paths = placePosts({ posts: [old, fresh], permalink: '/:year/:slug/' })
    expect([paths.get(old), paths.get(fresh)]).toEqual(['/2001/la-verite/', '/2003/la-verite/'])
  })

  it('should refuse two posts with one address, naming both files and a dated pattern to use', () => {
    const posts = [
      post('la-verite', '2001-05-01', { path: '2001-05-01-la-verite.md' }),
      post('la-verite', '2003-07-01', { path: '2003-07-01-la-verite.md' }),
    ]
    const error = errorOf(() => placePosts({ posts }))
    expect(error.code).toBe('duplicate-address')
    expect(error.file).toBe('2001-05-01-la-verite.md')
    expect(error.reason).toBe(
      '2001-05-01-la-verite.md and 2003-07-01-la-verite.md both have the address /posts/la-verite/; give one a `slug:` or use a dated permalink pattern (`/:year/:month/:day/:slug/`)',
    )
    expect(String(error.messages[0])).toBe(error.reason)
    // Where the pattern is set, when told; the files as the caller names them.
    const named = errorOf(() =>
      placePosts({ posts, permalinkFile: 'content/site.json', file: (p) => `content/posts/${p.path}` }),
    )
    expect(named.reason).toBe(
      'content/posts/2001-05-01-la-verite.md and content/posts/2003-07-01-la-verite.md both have the address /posts/la-verite/; give one a `slug:` or use a dated permalink pattern in content/site.json (`"permalink": "/:year/:month/:day/:slug/"`)',
    )
  })

  it('should not tell to use a dated pattern when the pattern has the day already', () => {
    const posts = [post('a', '2001-05-01T10:00:00Z'), post('a', '2001-05-01T18:00:00Z')]
    expect(errorOf(() => placePosts({ posts, permalink: '/:year/:month/:day/:slug/' })).reason).toBe(
      'a.md and a.md both have the address /2001/05/01/a/; give one a `slug:`',
    )
    // A pattern without `:day` gets the hint (two posts of one month may share a slug).
    expect(errorOf(() => placePosts({ posts, permalink: '/:year/:month/:slug/' })).reason).toBe(
      'a.md and a.md both have the address /2001/05/a/; give one a `slug:` or use a dated permalink pattern (`/:year/:month/:day/:slug/`)',
    )
  })

  it('should put posts of two categories with one termSlug apart with categorySlugs (C and C++: c, c-2)', () => {
    const posts = [
      post('pointers', '2024-02-01', { categories: ['C++'] }),
      post('pointers', '2023-05-01', { path: 'c-pointers.md', categories: ['C'] }),
    ]
    const permalink = '/:category/:slug/'
    const paths = placePosts({ posts, permalink, categorySlugs: termSlugs(['C', 'C++']) })
    expect([...paths.values()]).toEqual(['/c-2/pointers/', '/c/pointers/'])
    // Note: without it both are under /c/, one address.
    expect(errorOf(() => placePosts({ posts, permalink })).messages.map(String)).toEqual([
      'pointers.md and c-pointers.md both have the address /c/pointers/; give one a `slug:` or use a dated permalink pattern (`/:year/:month/:day/:slug/`)',
    ])
  })

  it('should list every collision at once, a line each', () => {
    const posts = [
      post('a', '2001-01-01', { path: 'one/a.md' }),
      post('a', '2002-01-01', { path: 'two/a.md' }),
      post('b', '2001-01-01', { categories: ['Essais'] }),
      post('b', '2002-01-01', { path: 'b-again.md' }),
    ]
    const error = errorOf(() => placePosts({ posts, permalink: '/:category/:slug/' }))
    expect(error.messages.map((message) => [message.ruleId, message.file])).toEqual([
      ['duplicate-address', 'one/a.md'],
    ])
    const both = errorOf(() => placePosts({ posts, permalink: '/:slug/' }))
    expect(both.messages.map(String)).toEqual([
      'one/a.md and two/a.md both have the address /a/; give one a `slug:` or use a dated permalink pattern (`/:year/:month/:day/:slug/`)',
      'b.md and b-again.md both have the address /b/; give one a `slug:` or use a dated permalink pattern (`/:year/:month/:day/:slug/`)',
    ])
    expect(both.message).toBe(`2 problems in posts:\n${both.messages.map((m) => `  ${m}`).join('\n')}`)
  })

  it('should check the posts against the pages claimed in the caller’s book', () => {
    const book = createAddressBook({ permalink: '/:slug/' })
    book.claim('/tags/', { kind: 'site', what: 'list of tags' })
    book.claim('/other/', { kind: 'page', file: 'pages/other.md' })
    const posts = [post('tags', '2002-01-01', { path: 'tags.md' }), post('other', '2003-07-02')]
    expect(errorOf(() => placePosts({ posts, permalink: '/:slug/', book })).messages.map(String)).toEqual([
      "tags.md has the address /tags/, which is the site's list of tags: give it another `slug:`",
      'pages/other.md and other.md both have the address /other/; give one a `slug:` or a `permalink:`',
    ])
  })

  it('should report a bad pattern as invalid-permalink', () => {
    expect(errorOf(() => placePosts({ posts: [post('a', '2001-01-01')], permalink: '/:title/' })).code).toBe(
      'invalid-permalink',
    )
  })
})

describe('createAddressBook', () => {
  it('should keep each path’s first owner and report later claims only at check', () => {
    const book = createAddressBook()
    book.claim('/posts/a/', { kind: 'post', file: 'a.md' })
    book.claim('/posts/a/', { kind: 'page', file: 'pages/a.md' })
    expect(book.owner('/posts/a/')).toEqual({ kind: 'post', file: 'a.md' })
    expect(book.owner('/posts/b/')).toBeUndefined()
    const error = errorOf(() => book.check())
    expect(error.reason).toBe(
      'a.md and pages/a.md both have the address /posts/a/; give one a `slug:` or a `permalink:`',
    )
    // Reported once: a second check passes until there is a new collision.
    expect(() => book.check()).not.toThrow()
  })

  it('should name the file first when a page of the site has the address already or later', () => {
    const book = createAddressBook()
    book.claim('/archive/', { kind: 'post', file: 'archive.md' })
    book.claim('/archive/', { kind: 'site', what: 'archive' })
    book.claim('/tags/x/', { kind: 'site', what: 'tag archive "x"' })
    book.claim('/tags/x/', { kind: 'page', file: 'pages/x.md' })
    book.claim('/tags/x/', { kind: 'site', what: 'year archive "x"' })
    expect(errorOf(() => book.check()).messages.map((m) => [m.file, String(m)])).toEqual([
      [
        'archive.md',
        "archive.md has the address /archive/, which is the site's archive: give it another `slug:`",
      ],
      [
        'pages/x.md',
        'pages/x.md has the address /tags/x/, which is the site\'s tag archive "x": give it another `slug:`',
      ],
      [
        '',
        'the site\'s year archive "x" and the site\'s tag archive "x" both have the address /tags/x/; give it another `slug:`',
      ],
    ])
  })
})
