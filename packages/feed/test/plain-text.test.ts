import { parseFeed } from '@rowanmanning/feed-parser'
import { decode } from 'html-entities'
import { describe, expect, it } from 'vitest'
import { createFeed } from '../src/index.js'
import { readFeed } from '../src/read.js'
import { python, pythonRead } from './helpers.js'

// Titles that HTML-minded readers get wrong: markup-like text, ampersands, quotes and text that looks like an
// entity or a character reference, which must stay as it is written.
const titles = [
  'a < b && b > c',
  'AT&T',
  'The <title> element',
  'I <3 N.Y.',
  '"double" and \'single\' quotes',
  'The &amp; entity, literally',
  '&lt;b&gt; &#x26; &#60; &copy; &nbsp;',
  'Räksmörgås & 😀 ]]> end',
  'HTML entities &nbsp; and &mdash;',
  'Tips & tricks, &copy 2024 and AT&T',
]

const feed = createFeed({
  title: 'Bloggen <om> "HTML" & &amp;',
  description: 'Plain <text> & &lt;entities&gt;',
  siteUrl: 'https://blog.example/',
  feedUrls: { atom: 'https://blog.example/atom.xml' },
  items: titles.map((title, i) => ({
    authors: [{ name: 'Carl <Admin> & &amp; Co' }],
    url: `https://blog.example/posts/${i}/`,
    title,
    date: new Date(Date.UTC(2024, 0, 1 + i)),
    tags: [title],
  })),
})
const outputs = { rss: feed.rss(), atom: feed.atom() }

describe('plain-text titles', () => {
  it('should write RSS titles escaped for HTML where HTML reads markup, then for XML; Atom text for XML', () => {
    expect(outputs.rss).toContain('<title>a &amp;lt; b &amp;&amp; b > c</title>')
    expect(outputs.rss).toContain('<title>The &amp;amp;amp; entity, literally</title>')
    expect(outputs.rss).toContain('<title>HTML entities &amp;amp;nbsp; and &amp;amp;mdash;</title>')
    expect(outputs.rss).toContain('<title>Tips &amp; tricks, &amp;amp;copy 2024 and AT&amp;amp;T</title>')
    // Categories and names are plain text to readers: written for XML only.
    expect(outputs.rss).toContain('<category>a &#x3C; b &#x26;&#x26; b &#x3E; c</category>')
    expect(outputs.atom).toContain('<title type="text">a &#x3C; b &#x26;&#x26; b &#x3E; c</title>')
    expect(outputs.atom).toContain('<title type="text">HTML entities &#x26;nbsp; and &#x26;mdash;</title>')
  })

  for (const format of ['rss', 'atom'] as const) {
    it(`should read back exactly through @rowanmanning/feed-parser (${format})`, () => {
      const parsed = parseFeed(outputs[format])
      expect(parsed.title).toBe('Bloggen <om> "HTML" & &amp;')
      expect(parsed.items.map((item) => item.title)).toEqual(titles)
      expect(parsed.items.map((item) => item.categories[0]?.label ?? item.categories[0]?.term)).toEqual(
        titles,
      )
      expect(parsed.items[0]?.authors.map((a) => a.name)).toEqual(['Carl <Admin> & &amp; Co'])
    })

    it(`should read back exactly through readFeed (${format})`, () => {
      const read = readFeed(outputs[format])
      expect(read.title).toBe('Bloggen <om> "HTML" & &amp;')
      expect(read.description).toBe('Plain <text> & &lt;entities&gt;')
      expect(read.items.map((item) => item.title)).toEqual(titles)
    })

    // Note: feedparser hands on RSS titles that look like HTML as `text/html`, as readers treat them; shown as
    // HTML they must read as written (`&nbsp;`, not a no-break space).
    it.skipIf(!python)(`should read back exactly through Python feedparser (${format})`, () => {
      const shown = (detail: { value: string; type: string } | null | undefined) =>
        detail?.type === 'text/html' ? decode(detail.value, { level: 'html5' }) : detail?.value
      const parsed = pythonRead(outputs[format])
      expect(parsed.bozo, parsed.bozo_exception).toBe(false)
      expect(shown(parsed.feed.title)).toBe('Bloggen <om> "HTML" & &amp;')
      expect(parsed.entries.map((entry) => shown(entry.title))).toEqual(titles)
      expect(parsed.entries.map((entry) => entry.tags[0])).toEqual(titles)
      expect(parsed.entries[0]?.authors).toEqual(['Carl <Admin> & &amp; Co'])
    })
  }
})
