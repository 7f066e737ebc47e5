import { describe, expect, it } from 'vitest'
import { createFeed, FeedError, type FeedItem, type FeedMeta } from '../src/index.js'
import { createFeed as createNodeFeed } from '../src/node.js'
import { readFeed } from '../src/read.js'

const meta: FeedMeta = { title: 'Blog', siteUrl: 'https://blog.example/', authors: [{ name: 'Åsa' }] }
const ok: FeedItem = { url: 'https://blog.example/a/', title: 'A', date: '2024-05-01T10:00:00+02:00' }

function errorOf(fn: () => unknown): FeedError {
  try {
    fn()
  } catch (error) {
    expect(error).toBeInstanceOf(FeedError)
    return error as FeedError
  }
  throw new Error('Expected a FeedError, got none')
}

describe('createFeed', () => {
  it('should name the item and field for a date without a zone', () => {
    const error = errorOf(() =>
      createFeed({
        ...meta,
        items: [ok, { ...ok, url: 'https://blog.example/b/', date: '2024-05-01T10:00:00' }],
      }),
    )
    expect(error.message).toBe(
      'items[1] (`https://blog.example/b/`): `date` `2024-05-01T10:00:00` has no time zone offset: add one (`2024-05-01T10:00:00+02:00` or `Z` for UTC) or pass a `Date`',
    )
    expect(error.itemIndex).toBe(1)
    expect(error.field).toBe('date')
  })

  it('should reject a date-only string and an impossible date', () => {
    expect(
      errorOf(() => createFeed({ ...meta, items: [{ ...ok, updated: '2024-05-01' }] })).message,
    ).toContain('`updated` `2024-05-01` has no time zone offset')
    expect(
      errorOf(() => createFeed({ ...meta, items: [{ ...ok, date: '2024-02-30T10:00:00Z' }] })).message,
    ).toContain('is not a valid date')
    expect(
      errorOf(() => createFeed({ ...meta, items: [{ ...ok, date: new Date('nope') }] })).message,
    ).toContain('is an invalid `Date`')
    expect(
      errorOf(() => createFeed({ ...meta, items: [{ ...ok, date: 'last tuesday' }] })).message,
    ).toContain('is not an RFC 3339 date')
  })

  it('should reject a relative url with a hint', () => {
    const error = errorOf(() => createFeed({ ...meta, items: [{ ...ok, url: '/posts/hej/', title: 'Hej' }] }))
    expect(error.message).toContain('items[0] (`/posts/hej/`): `url` `/posts/hej/` is not an absolute URL')
    expect(error.message).toContain('new URL(path, siteUrl)')
    expect(error.field).toBe('url')
  })

  it('should reject an item without id and url, naming it by title', () => {
    const error = errorOf(() => createFeed(meta).add(ok).add({ title: 'Utan adress' }))
    expect(error.message).toBe(
      'items[1] (`Utan adress`): `id` and `url` are both missing; give the item a `url` (absolute) or a stable `id`',
    )
  })

  it('should reject relative URLs in the feed, authors, enclosures and comment links', () => {
    expect(errorOf(() => createFeed({ ...meta, siteUrl: 'blog.example' })).message).toContain(
      'Feed: `siteUrl`',
    )
    expect(errorOf(() => createFeed({ ...meta, feedUrls: { atom: '/atom.xml' } })).field).toBe(
      'feedUrls.atom',
    )
    expect(
      errorOf(() => createFeed({ ...meta, items: [{ ...ok, authors: [{ name: 'B', url: '/b' }] }] })).field,
    ).toBe('authors[0].url')
    expect(
      errorOf(() =>
        createFeed({
          ...meta,
          items: [{ ...ok, enclosures: [{ url: 'a.mp3', type: 'audio/mpeg', length: 1 }] }],
        }),
      ).field,
    ).toBe('enclosures[0].url')
    expect(
      errorOf(() => createFeed({ ...meta, items: [{ ...ok, commentsFeedUrl: 'comments.xml' }] })).field,
    ).toBe('commentsFeedUrl')
  })

  it('should reject other unusable fields', () => {
    expect(errorOf(() => createFeed({ ...meta, title: '' })).message).toContain('Feed: `title` is missing')
    expect(errorOf(() => createFeed({ ...meta, language: 'Svenska!' })).field).toBe('language')
    expect(errorOf(() => createFeed({ ...meta, items: [{ ...ok, commentCount: -1 }] })).field).toBe(
      'commentCount',
    )
    expect(
      errorOf(() =>
        createFeed({
          ...meta,
          items: [{ ...ok, enclosures: [{ url: 'https://x.example/a', type: 'mp3', length: 1 }] }],
        }),
      ).field,
    ).toBe('enclosures[0].type')
    expect(errorOf(() => createFeed({ ...meta, items: [{ ...ok, authors: [{ name: '' }] }] })).field).toBe(
      'authors[0].name',
    )
    expect(
      errorOf(() => createFeed({ ...meta, items: [{ ...ok, title: 42 as unknown as string }] })).message,
    ).toContain('`title` must be a string, got `number`')
  })

  it('should refuse Atom without an author for an entry, without dates, or without link and content', () => {
    const anonymous = createFeed({ title: 'Blog', siteUrl: 'https://blog.example/', items: [ok] })
    expect(() => anonymous.rss()).not.toThrow()
    expect(errorOf(() => anonymous.atom()).message).toContain(
      'items[0] (`https://blog.example/a/`): `authors` is missing and the feed has no `authors`',
    )
    expect(
      errorOf(() => createFeed({ ...meta, items: [ok, { url: 'https://blog.example/b/' }] }).atom()).message,
    ).toContain('items[1] (`https://blog.example/b/`): `date` is missing; Atom requires')
    expect(errorOf(() => createFeed({ ...meta, items: [{ id: 'urn:x', date: ok.date }] }).atom()).field).toBe(
      'url',
    )
    expect(errorOf(() => createFeed(meta).atom()).message).toContain('Feed: `updated` is missing')
    expect(
      errorOf(() => createFeed({ ...meta, items: [{ ...ok, id: 'post-42' }] }).atom()).message,
    ).toContain('items[0] (`post-42`): `id` `post-42` is not an absolute URI; Atom requires one')
    expect(() => createFeed({ ...meta, items: [{ ...ok, id: 'post-42' }] }).rss()).not.toThrow()
  })

  it('should refuse the removed stylesheet option, saying what replaces it', () => {
    const error = errorOf(() => createFeed({ ...meta, stylesheet: '/feed.xsl' } as FeedMeta))
    expect(error.field).toBe('stylesheet')
    expect(error.message).toContain('Feed: `stylesheet` is no longer supported: browsers are removing XSLT')
    expect(error.message).toContain('link readers to an HTML page that lists your feeds instead')
  })

  it('should name the field of a bad comment feed URL', () => {
    expect(
      errorOf(() => createFeed({ ...meta, items: [{ ...ok, commentsFeedUrl: { rss: 'comments.rss' } }] }))
        .message,
    ).toContain(
      'items[0] (`https://blog.example/a/`): `commentsFeedUrl.rss` `comments.rss` is not an absolute URL',
    )
    expect(
      errorOf(() => createFeed({ ...meta, items: [{ ...ok, commentsFeedUrl: 3 as unknown as string }] }))
        .message,
    ).toContain('`commentsFeedUrl` must be a URL or `{ rss?, atom?, json? }`, got `number`')
  })

  it('should reject bad output options as programmer errors', () => {
    const feed = createFeed({ ...meta, items: [ok] })
    expect(() => feed.rss({ content: 'some' as 'full' })).toThrow(TypeError)
    expect(() => feed.json({ limit: -1 })).toThrow('Expected `limit` to be a number ≥ 0, got `-1`')
    expect(() => createNodeFeed({ ...meta, items: [ok] }).stream('xml' as 'rss')).toThrow(
      "Expected `format` to be `'rss'`",
    )
  })

  it('should keep a date string offset and drop characters outside XML 1.0 from every field', () => {
    const feed = createFeed({
      ...meta,
      title: 'Blog\u0000',
      items: [
        { ...ok, title: 'A\u0007', tags: ['t\u001b'], authors: [{ name: 'B\ufffe' }], summary: 'S\ud800' },
      ],
    })
    const atom = feed.atom()
    expect(atom).toContain('<title type="text">Blog</title>')
    expect(atom).toContain('<title type="text">A</title>')
    expect(atom).toContain('<category term="t"/>')
    expect(atom).toContain('<name>B</name>')
    expect(atom).toContain('<summary type="text">S</summary>')
    expect(atom).toContain('<updated>2024-05-01T10:00:00+02:00</updated>')
    expect(feed.rss()).toContain('<pubDate>Wed, 01 May 2024 10:00:00 +0200</pubDate>')
  })
})

describe('FeedError', () => {
  it('should give a stable code and the reason without the place, keeping field and itemIndex', () => {
    const cases: [() => unknown, string, string, string, number | undefined][] = [
      [
        () => createFeed({ ...meta, items: [ok, { ...ok, date: '2024-05-01T10:00:00' }] }),
        'invalid-date',
        'items[1] (`https://blog.example/a/`)',
        'date',
        1,
      ],
      [() => createFeed({ ...meta, siteUrl: '/' }), 'not-absolute-url', 'Feed', 'siteUrl', undefined],
      [
        () => createFeed({ ...meta, title: 3 as unknown as string }),
        'not-a-string',
        'Feed',
        'title',
        undefined,
      ],
      [
        () => createFeed({ ...meta, items: [null as unknown as FeedItem] }),
        'invalid-item',
        'items[0]',
        'item',
        0,
      ],
      [() => createFeed(meta).add({ title: 'T' }), 'missing-id', 'items[0] (`T`)', 'id', 0],
      [
        () => createFeed({ ...meta, authors: [], items: [ok] }).atom(),
        'atom-missing-author',
        'items[0] (`https://blog.example/a/`)',
        'authors',
        0,
      ],
      [
        () =>
          createFeed({ ...meta, id: 'blog' })
            .add(ok)
            .atom(),
        'atom-invalid-id',
        'Feed',
        'id',
        undefined,
      ],
    ]
    for (const [fn, code, place, field, itemIndex] of cases) {
      const error = errorOf(fn)
      expect(error.code).toBe(code)
      expect(error.message).toBe(`${place}: ${error.reason}`)
      expect(error.reason.startsWith(place)).toBe(false)
      expect(error.field).toBe(field)
      expect(error.itemIndex).toBe(itemIndex)
    }
  })

  it('should give `unreadable-feed` with the whole message as reason when text is not a feed', () => {
    for (const text of ['', '<rss', '{"items": [}', '{"title": "x"}']) {
      const error = errorOf(() => readFeed(text))
      expect(error.code).toBe('unreadable-feed')
      expect(error.reason).toBe(error.message)
      expect(error.itemIndex).toBeUndefined()
    }
  })
})
