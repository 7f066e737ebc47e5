import { describe, expect, it } from 'vitest'
import { FeedError } from '../src/index.js'
import { readFeed } from '../src/read.js'
import { fixture } from './helpers.js'

describe('readFeed', () => {
  it('should live in `@blogkit/feed/read`, so that the main entry does not load a feed parser', async () => {
    const main = await import('../src/index.js')
    expect(Object.keys(main)).not.toContain('readFeed')
    expect(Object.keys(await import('../src/read.js'))).toEqual(['readFeed'])
  })

  it('should read a WordPress-style RSS feed with CDATA and relative links', () => {
    const feed = readFeed(fixture('wordpress.rss'))
    expect(feed.format).toBe('rss')
    expect(feed.title).toBe('Kalles blogg')
    const [item] = feed.items
    expect(item?.title).toBe('Höstens bästa äppelkaka & lite till')
    expect(item?.url).toBe('https://kalle.example/2021/10/appelkaka/')
    expect(item?.contentHtml).toBe('<p>Recept <a href="/recept/">här</a> &amp; <b>nu</b></p>')
    expect(item?.summary).toBe('Recept här & nu')
    expect(item?.date?.toISOString()).toBe('2021-10-29T16:00:00.000Z')
    expect(item?.authors).toEqual([{ name: 'Kalle' }])
    expect(item?.commentCount).toBe(2)
    expect(item?.commentsFeedUrl).toBe('https://kalle.example/2021/10/appelkaka/feed/')
  })

  it('should read an RSS item language from xml:lang, and from dc:language without it', () => {
    const rss = (item: string) =>
      `<?xml version="1.0"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>T</title><link>https://a.example/</link><description>D</description><language>en</language>${item}</channel></rss>`
    expect(readFeed(rss('<item xml:lang="sv"><title>Hej</title></item>')).items[0]?.language).toBe('sv')
    expect(
      readFeed(rss('<item><title>Hej</title><dc:language>sv-FI</dc:language></item>')).items[0]?.language,
    ).toBe('sv-FI')
  })

  it('should read a JSON Feed 1.0 item with content_text and a relative url', () => {
    const feed = readFeed(fixture('feed-1.0.json'))
    expect(feed.format).toBe('json')
    expect(feed.authors).toEqual([{ name: 'Ann' }])
    expect(feed.items[0]).toEqual({
      id: '1',
      url: 'https://ann.example/posts/1/',
      title: 'Första',
      contentHtml: 'a &lt; b',
      date: new Date('2020-01-02T03:04:05Z'),
    })
  })

  it('should read an Atom feed with html titles, xhtml content and xml:base', () => {
    const feed = readFeed(fixture('other.atom'))
    expect(feed.format).toBe('atom')
    expect(feed.title).toBe('Ann & Bo')
    expect(feed.authors).toEqual([{ name: 'Ann', email: 'ann@other.example' }])
    const [item] = feed.items
    expect(item?.title).toBe('Hello & welcome')
    expect(item?.url).toBe('https://other.example/blog/posts/hello')
    expect(item?.summary).toBe('A short one')
    expect(item?.contentHtml).toContain('link</a>')
    expect(item?.language).toBe('en')
    expect(item?.date?.toISOString()).toBe('2024-02-03T09:05:06.000Z')
  })

  it('should throw a FeedError for text that is not a feed', () => {
    expect(() => readFeed('')).toThrow(FeedError)
    expect(() => readFeed('{"a": 1}')).toThrow('`version` is not')
    expect(() => readFeed('{"a": ')).toThrow('Could not read the feed as JSON Feed')
    expect(() => readFeed('{\n  "version": "https://jsonfeed.org/version/1.1"\n  "items": []\n}')).toThrow(
      "Could not read the feed as JSON Feed (line 3, column 3): Expected ',' or '}' after property value",
    )
    expect(() => readFeed('<html><body>hello</body></html>')).toThrow(
      'Could not read the feed as RSS, Atom or JSON Feed',
    )
    expect(() => readFeed(42 as unknown as string)).toThrow(TypeError)
  })
})
