import { describe, expect, it } from 'vitest'
import { archiveFeeds, type FeedItem } from '../src/index.js'
import { readFeed } from '../src/read.js'

function items(n: number): FeedItem[] {
  // Newest first: item 0 is the newest post.
  return Array.from({ length: n }, (_, i) => ({
    url: `https://blog.example/posts/${n - i}/`,
    title: `Post ${n - i}`,
    date: new Date(Date.UTC(2024, 0, 1) + (n - i) * 86_400_000),
  }))
}

const meta = {
  title: 'Blog',
  siteUrl: 'https://blog.example/',
  authors: [{ name: 'Åsa' }],
  feedUrls: { rss: 'https://blog.example/rss.xml', atom: 'https://blog.example/atom.xml' },
}
const archiveUrls = (page: number) => ({
  rss: `https://blog.example/archive/${page}.rss`,
  atom: `https://blog.example/archive/${page}.atom`,
})

describe('archiveFeeds', () => {
  it('should keep full pages of the oldest items stable and the newest in the subscription document', () => {
    const { current, archives } = archiveFeeds({ ...meta, items: items(25) }, { pageSize: 10, archiveUrls })
    expect(archives.map((a) => a.page)).toEqual([1, 2])
    const first = readFeed(archives[0]?.feed.atom() ?? '')
    expect(first.items.map((i) => i.title)).toEqual(Array.from({ length: 10 }, (_, i) => `Post ${10 - i}`))
    expect(readFeed(current.atom()).items.map((i) => i.title)).toEqual([
      'Post 25',
      'Post 24',
      'Post 23',
      'Post 22',
      'Post 21',
    ])
    const grown = archiveFeeds({ ...meta, items: items(26) }, { pageSize: 10, archiveUrls })
    expect(grown.archives[0]?.feed.atom()).toBe(archives[0]?.feed.atom())
  })

  it('should link the documents per format (RFC 5005 §4)', () => {
    const { current, archives } = archiveFeeds({ ...meta, items: items(25) }, { pageSize: 10, archiveUrls })
    const one = archives[0]?.feed.atom() ?? ''
    const two = archives[1]?.feed.rss() ?? ''
    expect(one).toContain('<id>https://blog.example/atom.xml</id>')
    expect(one).toContain(
      '<link rel="self" type="application/atom+xml" href="https://blog.example/archive/1.atom"/>',
    )
    expect(one).toContain(
      '<link rel="current" type="application/atom+xml" href="https://blog.example/atom.xml"/>',
    )
    expect(one).toContain(
      '<link rel="next-archive" type="application/atom+xml" href="https://blog.example/archive/2.atom"/>',
    )
    expect(one).not.toContain('prev-archive')
    expect(one).toContain('<fh:archive/>')
    expect(two).toContain(
      '<atom:link href="https://blog.example/rss.xml" rel="current" type="application/rss+xml"/>',
    )
    expect(two).toContain('<atom:link href="https://blog.example/archive/1.rss" rel="prev-archive"')
    expect(current.atom()).toContain(
      '<link rel="prev-archive" type="application/atom+xml" href="https://blog.example/archive/2.atom"/>',
    )
    expect(current.atom()).not.toContain('fh:archive')
  })

  it('should need no archive for a short history and reject bad options', () => {
    expect(archiveFeeds({ ...meta, items: items(10) }, { pageSize: 10, archiveUrls }).archives).toEqual([])
    expect(() => archiveFeeds({ ...meta, items: items(1) }, { pageSize: 0, archiveUrls })).toThrow(
      '`pageSize`',
    )
    expect(() =>
      archiveFeeds({ ...meta, feedUrls: {}, items: items(1) }, { pageSize: 5, archiveUrls }),
    ).toThrow('Expected `feedUrls`')
  })
})
