import { parseFeed } from '@rowanmanning/feed-parser'
import { decode } from 'html-entities'
import { describe, expect, it } from 'vitest'
import { createFeed } from '../src/index.js'
import { readFeed } from '../src/read.js'
import { controlCharacters, python, pythonRead, sampleItems, sampleMeta } from './helpers.js'

const items = sampleItems()
const feed = createFeed(sampleMeta(items))
const outputs = { rss: feed.rss(), atom: feed.atom(), json: feed.json() }
const [sv, en] = items as [(typeof items)[0], (typeof items)[0]]
const strip = (value: string) => value.replace(new RegExp(`[${controlCharacters}]`, 'gu'), '')

function expectResolved(html: string | undefined) {
  expect(html).toBeDefined()
  const text = html as string
  expect(text).toContain('href="https://blog.example/om/"')
  expect(text).toContain('href="https://blog.example/posts/andra-inlagg/#svar"')
  expect(text).toContain('src="https://blog.example/posts/strategisk-kommunikation/bilder/karta.png"')
  expect(text).toContain('https://blog.example/bilder/karta@2x.png 2x')
  expect(text).toContain('poster="https://blog.example/posts/strategisk-kommunikation/film.jpg"')
  expect(text).toContain('😀')
  expect(text).toContain('räksmörgåsar')
  expect(text).not.toMatch(new RegExp(`[${controlCharacters}]`, 'u'))
}

describe('createFeed', () => {
  it('should write XML without characters outside XML 1.0', () => {
    for (const text of [outputs.rss, outputs.atom]) {
      expect(text).not.toMatch(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u)
    }
  })

  it('should write HTML content as CDATA with each `]]>` split, so that readers get the HTML back as given', () => {
    const html = '<p>x ]]> y]]>]]> &amp; <!-- ]]> --> <b>&lt;</b></p>'
    const cdataFeed = createFeed({
      title: 'CDATA',
      siteUrl: 'https://blog.example/',
      authors: [{ name: 'Åsa' }],
      items: [
        { url: 'https://blog.example/a/', title: 'a', date: '2021-01-01T00:00:00Z', contentHtml: html },
      ],
    })
    for (const format of ['rss', 'atom'] as const) {
      const text = cdataFeed[format]()
      expect(text).toContain(
        '<![CDATA[<p>x ]]]]><![CDATA[> y]]]]><![CDATA[>]]]]><![CDATA[> &amp; <!-- ]]]]><![CDATA[> -->',
      )
      expect(readFeed(text).items[0]?.contentHtml).toBe(html)
    }
  })

  for (const format of ['rss', 'atom', 'json'] as const) {
    it(`should round-trip every field through readFeed (@rowanmanning/feed-parser) for ${format}`, () => {
      const read = readFeed(outputs[format])
      expect(read.format).toBe(format)
      expect(read.title).toBe('Bloggen om <kommunikation> & sånt')
      expect(read.language).toBe('sv')
      expect(read.items).toHaveLength(2)
      const [a, b] = read.items
      expect(a?.id).toBe(sv.url)
      expect(a?.url).toBe(sv.url)
      expect(a?.title).toBe(strip(sv.title as string))
      expect(a?.summary).toBe(sv.summary)
      expectResolved(a?.contentHtml)
      expect(a?.date?.toISOString()).toBe('2021-10-30T08:00:00.000Z')
      expect(a?.authors?.map((x) => x.name)).toEqual(['Åsa Öberg', 'Bo Ek'])
      expect(a?.tags).toEqual(['kommunikation', 'strategi & taktik'])
      expect(a?.enclosures).toEqual(sv.enclosures)
      expect(a?.image).toBe(sv.image)
      expect(a?.language).toBe('sv')
      expect(b?.id).toBe('tag:blog.example,2021:post-2')
      expect(b?.url).toBe(en.url)
      expect(b?.title).toBe('a < b && b > c ]]> and ]]> again')
      expect(b?.contentHtml).toContain('<b>]]&gt;</b> in one field: ]]&gt; and an')
      expect(b?.contentHtml).toContain('href="https://blog.example/en/posts/cdata/#top"')
      expect(b?.date?.toISOString()).toBe('2021-09-01T12:00:00.000Z')
      expect(b?.authors?.map((x) => x.name)).toEqual(['Carl <Admin> & Co'])
      expect(b?.language).toBe('en')
      if (format !== 'json') {
        expect(a?.commentsUrl).toBe(sv.commentsUrl)
        expect(a?.commentsFeedUrl).toBe(sv.commentsFeedUrl)
        expect(a?.commentCount).toBe(7)
      }
      if (format === 'atom') expect(a?.updated?.toISOString()).toBe('2021-11-02T07:30:00.000Z')
    })
  }

  it('should be read by @rowanmanning/feed-parser directly with the offsets kept', () => {
    const rss = parseFeed(outputs.rss)
    expect(rss.items[0]?.published?.toISOString()).toBe('2021-10-30T08:00:00.000Z')
    expect(outputs.rss).toContain('<pubDate>Sat, 30 Oct 2021 10:00:00 +0200</pubDate>')
    expect(outputs.rss).toContain('<pubDate>Wed, 01 Sep 2021 12:00:00 GMT</pubDate>')
    expect(outputs.atom).toContain('<published>2021-10-30T10:00:00+02:00</published>')
    expect(outputs.atom).toContain('<updated>2021-11-02T08:30:00+01:00</updated>')
    expect(JSON.parse(outputs.json).items[0].date_published).toBe('2021-10-30T10:00:00+02:00')
    const atom = parseFeed(outputs.atom)
    expect(atom.items[0]?.authors.map((a) => a.name)).toEqual(['Åsa Öberg', 'Bo Ek'])
  })

  it('should write JSON Feed 1.1 with plain-text summary, authors, language, attachments and hubs', () => {
    const json = JSON.parse(outputs.json)
    expect(json.version).toBe('https://jsonfeed.org/version/1.1')
    expect(json.hubs).toEqual([{ type: 'WebSub', url: 'https://pubsubhubbub.appspot.com/' }])
    expect(json.authors).toEqual([{ name: 'Åsa Öberg' }])
    expect(json.items[0].summary).toBe(sv.summary)
    expect(json.items[0].attachments).toEqual([
      { url: 'https://blog.example/ljud/avsnitt-1.mp3', mime_type: 'audio/mpeg', size_in_bytes: 123456 },
    ])
    expect(typeof json.items[1].id).toBe('string')
  })
})

describe.skipIf(!python)('createFeed read by Python feedparser', () => {
  for (const format of ['rss', 'atom'] as const) {
    it(`should give back every field for ${format}`, () => {
      const parsed = pythonRead(outputs[format])
      expect(parsed.bozo, parsed.bozo_exception).toBe(false)
      expect(parsed.version).toBe(format === 'rss' ? 'rss20' : 'atom10')
      // Note: an RSS item description is HTML; feedparser returns it as HTML, so decode that once. Titles are
      // plain text and must come back exactly.
      const text = (d: { value: string; type: string } | null | undefined) =>
        d?.type === 'text/html' ? decode(d.value) : d?.value
      expect(text(parsed.feed.title)).toBe('Bloggen om <kommunikation> & sånt')
      expect(parsed.feed.link).toBe('https://blog.example/')
      const [a, b] = parsed.entries
      expect(a?.id).toBe(sv.url)
      expect(a?.link).toBe(sv.url)
      expect(text(a?.title)).toBe(strip(sv.title as string))
      expect(text(a?.summary)).toBe(sv.summary)
      const content = a?.content[0]?.value ?? ''
      expect(content).toContain('href="https://blog.example/om/"')
      expect(content).toContain('src="https://blog.example/posts/strategisk-kommunikation/bilder/karta.png"')
      expect(content).toContain('räksmörgåsar')
      expect(content).toContain('😀')
      expect(Date.parse(a?.published ?? '')).toBe(Date.parse('2021-10-30T10:00:00+02:00'))
      expect(a?.authors).toEqual(['Åsa Öberg', 'Bo Ek'])
      expect(a?.tags).toEqual(['kommunikation', 'strategi & taktik'])
      expect(a?.enclosures).toEqual([
        { href: 'https://blog.example/ljud/avsnitt-1.mp3', type: 'audio/mpeg', length: '123456' },
      ])
      expect(b?.id).toBe('tag:blog.example,2021:post-2')
      expect(text(b?.title)).toBe('a < b && b > c ]]> and ]]> again')
      // The item's own language, from `xml:lang` (the feed is Swedish, this item English).
      expect(b?.title?.language).toBe('en')
      // Note: with no summary, RSS carries the HTML in `description`, which feedparser calls the summary.
      expect(b?.content[0]?.value ?? b?.summary?.value).toContain(']]&gt;</b> in one field: ]]&gt; and an')
      expect(b?.authors).toEqual(['Carl <Admin> & Co'])
      if (format === 'rss') {
        expect(a?.comments).toBe(sv.commentsUrl)
        expect(a?.wfw_commentrss).toBe(sv.commentsFeedUrl)
        expect(a?.slash_comments).toBe('7')
        expect(parsed.feed.language).toBe('sv')
      } else {
        expect(a?.title?.type).toBe('text/plain')
        expect(a?.title?.language).toBe('sv')
        expect(b?.title?.language).toBe('en')
        expect(Date.parse(a?.updated ?? '')).toBe(Date.parse('2021-11-02T08:30:00+01:00'))
        const replies = a?.links.filter((l) => l.rel === 'replies').map((l) => [l.type, l.href])
        expect(replies).toEqual([
          ['application/atom+xml', sv.commentsFeedUrl],
          ['text/html', sv.commentsUrl],
        ])
      }
    })
  }
})
