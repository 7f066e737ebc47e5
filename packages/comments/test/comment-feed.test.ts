import { FeedError } from '@blogkit/feed'
import { describe, expect, it } from 'vitest'
import { type Comment, type CommentStatus, commentFeed } from '../src/index.js'

const pageUrl = 'https://blog.example/2021/10/hej/'

const comment = (
  id: string,
  createdAt: string,
  extra: { parentId?: string; status?: CommentStatus; body?: string; name?: string; url?: string } = {},
): Comment => ({
  id,
  postId: 'hej',
  author: { name: extra.name ?? `Namn ${id}`, ...(extra.url ? { url: extra.url } : {}) },
  createdAt,
  body: extra.body ?? `Text ${id}`,
  status: extra.status ?? 'approved',
  ...(extra.parentId === undefined ? {} : { parentId: extra.parentId }),
})

/** The JSON Feed of `commentFeed(options)`, parsed. */
function jsonOf(options: Parameters<typeof commentFeed>[0]) {
  return JSON.parse(commentFeed(options).json()) as {
    title: string
    home_page_url: string
    language?: string
    items: Array<{
      id: string
      url: string
      title: string
      content_html: string
      date_published: string
      authors: Array<{ name: string; url?: string }>
      language?: string
    }>
  }
}

describe('commentFeed', () => {
  const henrik = comment('wp-7', '2021-10-30T20:15:00Z', {
    name: 'Henrik Sandmark',
    url: 'https://henrik.example/',
  })
  const reply = comment('c2', '2021-10-30T21:00:00Z', {
    parentId: 'wp-7',
    body: '@Henrik: tack!',
    name: 'Bo',
  })

  it('should hold the approved comments, newest first, each as the page shows it with absolute links', () => {
    const feed = jsonOf({
      comments: [henrik, reply],
      pageUrl,
      title: 'Kommentarer till ”Hej”',
      itemTitle: (c) => `${c.author.name} om ”Hej”`,
      language: 'sv',
      feedUrls: { json: 'https://blog.example/2021/10/hej/comments.json' },
      authors: [{ name: 'Elin' }],
    })
    expect(feed.title).toBe('Kommentarer till ”Hej”')
    expect(feed.home_page_url).toBe(pageUrl)
    expect(feed.language).toBe('sv')
    expect(feed.items).toEqual([
      {
        id: `${pageUrl}#comment-c2`,
        url: `${pageUrl}#comment-c2`,
        title: 'Bo om ”Hej”',
        content_html: `<p><a href="${pageUrl}#comment-wp-7" class="mention">@Henrik</a>: tack!</p>`,
        date_published: '2021-10-30T21:00:00Z',
        authors: [{ name: 'Bo' }],
        language: 'sv',
      },
      {
        id: `${pageUrl}#comment-wp-7`,
        url: `${pageUrl}#comment-wp-7`,
        title: 'Henrik Sandmark om ”Hej”',
        content_html: '<p>Text wp-7</p>',
        date_published: '2021-10-30T20:15:00Z',
        authors: [{ name: 'Henrik Sandmark', url: 'https://henrik.example/' }],
        language: 'sv',
      },
    ])
  })

  it('should leave pending, spam and deleted comments out, and a reply to one without its reply link', () => {
    const comments = [
      comment('a', '2021-10-30T10:00:00Z', { status: 'pending' }),
      comment('b', '2021-10-30T11:00:00Z', { status: 'spam' }),
      comment('gone', '2021-10-30T12:00:00Z', { status: 'deleted', name: 'Eva' }),
      comment('r1', '2021-10-30T13:00:00Z', { parentId: 'gone', body: '@Eva: nej' }),
      comment('r2', '2021-10-30T14:00:00Z', { parentId: 'removed-for-good', body: 'ja' }),
    ]
    const feed = jsonOf({ comments, pageUrl, title: 'C' })
    expect(feed.items.map((item) => item.id)).toEqual([`${pageUrl}#comment-r2`, `${pageUrl}#comment-r1`])
    expect(feed.items[1]!.content_html).toBe('<p>@Eva: nej</p>')
    expect(feed.items[0]!.content_html).toBe('<p>ja</p>')
    expect(feed.items[0]!.title).toBe('By: Namn r2')
  })

  it('should date the feed by its newest comment, else by `updated`', () => {
    expect(
      commentFeed({ comments: [henrik, reply], pageUrl, title: 'C', updated: '2020-01-01T00:00:00Z' })
        .updated,
    ).toEqual(new Date('2021-10-30T21:00:00Z'))
    const empty = commentFeed({
      comments: [comment('a', '2021-10-30T10:00:00Z', { status: 'pending' })],
      pageUrl,
      title: 'C',
      updated: new Date('2020-01-01T00:00:00Z'),
    })
    expect(empty.size).toBe(0)
    expect(empty.updated).toEqual(new Date('2020-01-01T00:00:00Z'))
    expect(empty.atom()).toContain('<updated>2020-01-01T00:00:00Z</updated>')
  })

  it('should escape the page URL where it goes into a reply link', () => {
    const url = 'https://blog.example/?p=1&lang=sv'
    const feed = jsonOf({ comments: [henrik, reply], pageUrl: url, title: 'C' })
    expect(feed.items[0]!.content_html).toContain('href="https://blog.example/?p=1&amp;lang=sv#comment-wp-7"')
  })

  it('should refuse a page URL that is not absolute, and options that are not an object', () => {
    expect(() => commentFeed({ comments: [henrik], pageUrl: '/2021/10/hej/', title: 'C' })).toThrow(FeedError)
    expect(() => commentFeed(undefined as never)).toThrow(
      'Expected `commentFeed` to get an object with `comments`, `pageUrl` and `title`',
    )
  })
})
