import { describe, expect, it } from 'vitest'
import { createFeed, type FeedItem } from '../src/index.js'
import { readFeed } from '../src/read.js'

function items(n: number): FeedItem[] {
  return Array.from({ length: n }, (_, i) => ({
    url: `https://blog.example/posts/${i}/`,
    title: `Post ${i}`,
    summary: `Summary ${i}`,
    contentHtml: `<p>Body ${i} <a href="../${i + 1}/">next</a></p>`,
    date: new Date(Date.UTC(2024, 0, 1) - i * 86_400_000),
  }))
}

const meta = { title: 'Blog', siteUrl: 'https://blog.example/', authors: [{ name: 'Åsa' }] }

describe('createFeed', () => {
  it('should write only the excerpt when asked', () => {
    const feed = createFeed({ ...meta, items: items(2) })
    const rss = feed.rss({ content: 'excerpt' })
    expect(rss).not.toContain('content:encoded>')
    expect(rss).toContain('<description>Summary 0</description>')
    expect(feed.atom({ content: 'excerpt' })).not.toContain('<content')
    const json = JSON.parse(feed.json({ content: 'excerpt' }))
    expect(json.items[0].content_html).toBeUndefined()
    expect(json.items[0].content_text).toBe('Summary 0')
  })

  it('should stop at the item limit', () => {
    const feed = createFeed({ ...meta, items: items(5) })
    expect(feed.rss({ limit: 2 }).match(/<item>/g)).toHaveLength(2)
    expect(feed.atom({ limit: 3 }).match(/<entry>/g)).toHaveLength(3)
    expect(JSON.parse(feed.json({ limit: 1 })).items).toHaveLength(1)
  })

  it('should resolve relative URLs and leave HTML without them untouched', () => {
    const html = '<p>Already <a href="https://x.example/?a=1&amp;b=2">absolute</a> <b>bold</b></p>\n'
    const feed = createFeed({
      ...meta,
      items: [...items(1), { url: 'https://blog.example/z/', contentHtml: html }],
    })
    const json = JSON.parse(feed.json())
    expect(json.items[0].content_html).toBe('<p>Body 0 <a href="https://blog.example/posts/1/">next</a></p>')
    expect(json.items[1].content_html).toBe(html)
  })

  it('should not resolve when resolveRelativeUrls is false', () => {
    const feed = createFeed({ ...meta, resolveRelativeUrls: false, items: items(1) })
    expect(JSON.parse(feed.json()).items[0].content_html).toContain('href="../1/"')
  })

  it('should take items from add() and give the newest date as updated', () => {
    const feed = createFeed(meta)
    for (const item of items(3)) feed.add(item)
    expect(feed.size).toBe(3)
    expect(feed.updated?.toISOString()).toBe('2024-01-01T00:00:00.000Z')
    expect(feed.atom()).toContain('<updated>2024-01-01T00:00:00Z</updated>')
  })

  it('should write RFC 5005 paging and archive links', () => {
    const feed = createFeed({
      ...meta,
      feedUrls: { atom: 'https://blog.example/archive/2.xml' },
      id: 'https://blog.example/atom.xml',
      paging: {
        current: 'https://blog.example/atom.xml',
        prevArchive: 'https://blog.example/archive/1.xml',
        nextArchive: 'https://blog.example/archive/3.xml',
        archive: true,
      },
      items: items(1),
    })
    const atom = feed.atom()
    expect(atom).toContain('<id>https://blog.example/atom.xml</id>')
    expect(atom).toContain(
      '<link rel="current" type="application/atom+xml" href="https://blog.example/atom.xml"/>',
    )
    expect(atom).toContain(
      '<link rel="prev-archive" type="application/atom+xml" href="https://blog.example/archive/1.xml"/>',
    )
    expect(atom).toContain(
      '<link rel="next-archive" type="application/atom+xml" href="https://blog.example/archive/3.xml"/>',
    )
    expect(atom).toContain('xmlns:fh="http://purl.org/syndication/history/1.0"')
    expect(atom).toContain('<fh:archive/>')
    expect(feed.rss()).toContain('<atom:link href="https://blog.example/archive/1.xml" rel="prev-archive"')
    const paged = createFeed({
      ...meta,
      paging: { next: 'https://blog.example/feed.json?page=2' },
      items: items(1),
    })
    expect(JSON.parse(paged.json()).next_url).toBe('https://blog.example/feed.json?page=2')
    expect(paged.atom()).toContain('<link rel="next"')
  })

  it('should write comment feeds: wfw:commentRss, slash:comments and Atom replies with thr:count', () => {
    const feed = createFeed({
      ...meta,
      items: [
        { ...items(1)[0], commentsFeedUrl: 'https://blog.example/posts/0/comments.xml', commentCount: 0 },
      ],
    })
    expect(feed.rss()).toContain('<wfw:commentRss>https://blog.example/posts/0/comments.xml</wfw:commentRss>')
    expect(feed.rss()).toContain('<slash:comments>0</slash:comments>')
    expect(feed.atom()).toContain(
      '<link rel="replies" type="application/atom+xml" href="https://blog.example/posts/0/comments.xml" thr:count="0"/>',
    )
  })

  it('should link a comment feed per format: RSS wfw:commentRss, Atom a replies link for each', () => {
    const urls = {
      rss: 'https://blog.example/posts/0/comments.rss',
      atom: 'https://blog.example/posts/0/comments.xml',
      json: 'https://blog.example/posts/0/comments.json',
    }
    const feed = createFeed({
      ...meta,
      items: [{ ...items(1)[0], commentsFeedUrl: urls, commentCount: 2 }],
    })
    expect(feed.rss()).toContain(`<wfw:commentRss>${urls.rss}</wfw:commentRss>`)
    const replies = feed.atom().match(/<link rel="replies"[^>]*>/g)
    expect(replies).toEqual([
      `<link rel="replies" type="application/atom+xml" href="${urls.atom}" thr:count="2"/>`,
      `<link rel="replies" type="application/rss+xml" href="${urls.rss}" thr:count="2"/>`,
      `<link rel="replies" type="application/feed+json" href="${urls.json}" thr:count="2"/>`,
    ])
    // Without an RSS document, RSS readers get the Atom one.
    const atomOnly = createFeed({
      ...meta,
      items: [{ ...items(1)[0], commentsFeedUrl: { atom: urls.atom } }],
    })
    expect(atomOnly.rss()).toContain(`<wfw:commentRss>${urls.atom}</wfw:commentRss>`)
    expect(readFeed(feed.atom()).items[0]?.commentsFeedUrl).toBe(urls.atom)
    expect(readFeed(feed.rss()).items[0]?.commentsFeedUrl).toBe(urls.rss)
  })

  it('should write the WebSub hub and no stylesheet processing instruction', () => {
    const feed = createFeed({ ...meta, hub: ['https://hub.example/'], items: items(1) })
    for (const text of [feed.rss(), feed.atom()]) expect(text).not.toContain('<?xml-stylesheet')
    expect(feed.atom()).toContain('<link rel="hub" href="https://hub.example/"/>')
    expect(feed.rss()).toContain('<atom:link href="https://hub.example/" rel="hub"/>')
  })
})
