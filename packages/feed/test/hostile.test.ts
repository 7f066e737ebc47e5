import { parseFeed } from '@rowanmanning/feed-parser'
import { decode } from 'html-entities'
import { describe, expect, it } from 'vitest'
import { createFeed } from '../src/index.js'
import { readFeed } from '../src/read.js'
import { controlCharacters, python, pythonRead } from './helpers.js'
import { entityTitle, hostileItems, hostileMeta, spacedEnclosure } from './hostile.js'
import { jsonFeedProblems, xmlUrlCount, xmlUrlProblems } from './validators.js'

const items = hostileItems()
const feed = createFeed(hostileMeta(items))
const outputs = { rss: feed.rss(), atom: feed.atom(), json: feed.json() }
const strip = (value: string) => value.replace(new RegExp(`[${controlCharacters}]`, 'gu'), '')
const titles = items.map((item) => strip(item.title ?? ''))
const serializedEnclosure = 'https://media.example.com/episode%20two.mp3'

describe('the checks themselves', () => {
  it('should catch a URL with a space or raw non-ASCII, and one not in its serialized form', () => {
    expect(xmlUrlProblems(`<enclosure url="${spacedEnclosure}" length="1" type="audio/mpeg"/>`)).toHaveLength(
      1,
    )
    expect(xmlUrlProblems('<link>https://blog.example/inlägg/</link>')).toHaveLength(1)
    expect(xmlUrlProblems('<link>HTTPS://Blog.Example</link>')).toEqual([
      '<link>: `HTTPS://Blog.Example` is not in its serialized form',
    ])
    const json = JSON.parse(outputs.json)
    json.items[2].attachments[0].url = spacedEnclosure
    json.items[0].date_published = '2024-03-20 10:00'
    expect(jsonFeedProblems(JSON.stringify(json))).toEqual([
      'items[0].date_published: `2024-03-20 10:00` is not RFC 3339',
      `items[2].attachments[0].url: \`${spacedEnclosure}\` has characters a URI may not hold`,
    ])
  })
})

describe('a hostile 20-post feed', () => {
  for (const format of ['rss', 'atom'] as const) {
    it(`should write every URL in ${format} as the W3C validator wants it: valid and serialized`, () => {
      expect(xmlUrlCount(outputs[format])).toBeGreaterThan(60)
      expect(xmlUrlProblems(outputs[format])).toEqual([])
      expect(outputs[format]).toContain(serializedEnclosure)
      expect(outputs[format]).toContain('https://blog.example/inl%C3%A4gg/r%C3%A4ksm%C3%B6rg%C3%A5s/')
      expect(outputs[format]).not.toContain('episode two')
    })
  }

  it('should pass the JSON Feed 1.1 checks, with every URL serialized', () => {
    expect(jsonFeedProblems(outputs.json)).toEqual([])
    const json = JSON.parse(outputs.json)
    expect(json.items[2].attachments[0].url).toBe(serializedEnclosure)
    expect(json.items[3].id).toBe('https://blog.example/inl%C3%A4gg/r%C3%A4ksm%C3%B6rg%C3%A5s/')
    expect(json.icon).toBe('https://blog.example/ikon%20512.png')
  })

  it('should escape RSS titles for HTML where HTML reads markup, then for XML', () => {
    expect(outputs.rss).toContain('<title>HTML entities &amp;amp;nbsp; and &amp;amp;mdash;</title>')
    expect(outputs.rss).toContain('<title>Tips &amp; tricks</title>')
    expect(outputs.rss).toContain('<title>Blogg &amp; &amp;lt;logg> &amp;amp;nbsp;</title>')
    expect(outputs.rss).toContain(
      '<description>Om &amp;amp;mdash; kommunikation &amp;lt;på riktigt></description>',
    )
    // Atom says `type="text"`: written for XML only.
    expect(outputs.atom).toContain('<title type="text">HTML entities &#x26;nbsp; and &#x26;mdash;</title>')
  })

  it('should mark an item in another language than the feed with xml:lang in RSS and Atom', () => {
    expect(outputs.rss).toContain('<item xml:lang="sv">')
    expect(outputs.rss).toContain('<dc:language>sv</dc:language>')
    expect(outputs.atom).toContain('<entry xml:lang="sv">')
    expect(JSON.parse(outputs.json).items[1].language).toBe('sv')
  })

  for (const format of ['rss', 'atom', 'json'] as const) {
    it(`should read back through readFeed and @rowanmanning/feed-parser (${format})`, () => {
      const read = readFeed(outputs[format])
      expect(read.title).toBe('Blogg & <logg> &nbsp;')
      expect(read.items.map((item) => item.title)).toEqual(titles)
      expect(read.items[1]?.language).toBe('sv')
      expect(read.items[0]?.language).toBeUndefined()
      expect(read.items[2]?.enclosures?.[0]?.url).toBe(serializedEnclosure)
      if (format !== 'json') {
        expect(parseFeed(outputs[format]).items.map((item) => item.title)).toEqual(titles)
      }
    })
  }
})

describe.skipIf(!python)('a hostile 20-post feed read by Python feedparser', () => {
  // Note: feedparser hands on RSS titles as `text/html` when they look like HTML (as readers treat them); shown
  // as HTML, such a value must read as the title that was written.
  const shown = (detail: { value: string; type: string } | null | undefined) =>
    detail?.type === 'text/html' ? decode(detail.value, { level: 'html5' }) : detail?.value

  for (const format of ['rss', 'atom'] as const) {
    it(`should show every title as written, with the enclosure URL serialized (${format})`, () => {
      const parsed = pythonRead(outputs[format])
      expect(parsed.bozo, parsed.bozo_exception).toBe(false)
      expect(parsed.entries).toHaveLength(20)
      expect(shown(parsed.feed.title)).toBe('Blogg & <logg> &nbsp;')
      expect(parsed.entries.map((entry) => shown(entry.title))).toEqual(titles)
      expect(shown(parsed.entries[1]?.title)).toBe(entityTitle)
      expect(parsed.entries[2]?.enclosures[0]?.href).toBe(serializedEnclosure)
    })

    it(`should report the Swedish item's language (${format})`, () => {
      // Note: feedparser takes a language from `xml:lang` only (in RSS, the channel's `<language>` is not
      // passed on to the items).
      const languages = pythonRead(outputs[format]).entries.map((entry) => entry.title?.language)
      expect(languages[1]).toBe('sv')
      expect(languages.filter((language) => language === 'sv')).toHaveLength(1)
      if (format === 'atom') expect(languages.filter((language) => language === 'en')).toHaveLength(19)
    })
  }
})
