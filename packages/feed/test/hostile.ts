import type { FeedItem, FeedMeta } from '../src/index.js'
import { controlCharacters, fixture } from './helpers.js'

/** The title that readers showed as "HTML entities  and —" when it was written for XML only. */
export const entityTitle = 'HTML entities &nbsp; and &mdash;'

/** An enclosure URL with a space, as a podcast host might give it. */
export const spacedEnclosure = 'https://media.example.com/episode two.mp3'

const titles = [
  `Räksmörgås & <kod> 😀${controlCharacters}`,
  entityTitle,
  'a < b && b > c ]]> end',
  'AT&T, Q&A, R&D och &copy 2024',
  'The <title> element & the </p> tag',
  'Tips & tricks',
  '&lt;b&gt; literally, &#x26; and &#60;',
  "Åsa’s “quotes” — and 'single'",
]

const zones = ['+02:00', '+01:00', 'Z', '-05:00', '+05:30']

/**
 * A hostile 20-post fixture: control characters, `]]>`, relative and `srcset` URLs, Swedish text, `&` and `<`
 * in titles, HTML entities as literal text in a title, enclosures (one with a space), URLs with non-ASCII
 * characters, several time zones, and one Swedish post in an English feed.
 */
export function hostileItems(): FeedItem[] {
  return Array.from({ length: 20 }, (_, i): FeedItem => {
    const slug = i === 3 ? 'inlägg/räksmörgås' : `posts/${i}`
    const url = `https://blog.example/${slug}/`
    const day = String(20 - i).padStart(2, '0')
    const item: FeedItem = {
      url,
      title: titles[i % titles.length],
      summary: `Sammanfattning ${i}: <b>inte</b> HTML & ]]> ${controlCharacters}`,
      contentHtml:
        i % 2 === 0
          ? `${fixture('post-sv.html')}<p><img srcset="a.png 1x, /b.png 2x" src="c d.png" alt="x"></p>${controlCharacters}`
          : `<p>Absolut <a href="https://example.org/?a=1&amp;b=2">länk</a> ]]&gt; &amp;nbsp;</p>`,
      date: `2024-03-${day}T10:00:00${zones[i % zones.length]}`,
      authors: [{ name: `Åsa <${i}> & Bo`, url: 'https://blog.example/om/åsa öberg/' }],
      tags: ['kommunikation', 'a & <b>'],
    }
    if (i === 1) item.language = 'sv'
    if (i === 2) {
      item.enclosures = [
        { url: spacedEnclosure, type: 'audio/mpeg', length: 1234 },
        { url: 'https://media.example.com/avsnitt/två.mp3', type: 'audio/mpeg', length: 0 },
      ]
    }
    if (i === 4) item.date = new Date(Date.UTC(2024, 2, 16, 8, 0))
    if (i === 5) item.image = 'https://blog.example/bilder/omslag 1.jpg'
    if (i % 3 === 0) {
      item.commentsUrl = `${url}#comments`
      item.commentsFeedUrl = {
        rss: `${url}comments.rss`,
        atom: `${url}comments.xml`,
        json: `${url}comments.json`,
      }
      item.commentCount = i
    }
    return item
  })
}

/** An English feed of the hostile items. */
export function hostileMeta(items: FeedItem[] = hostileItems()): FeedMeta {
  return {
    title: 'Blogg & <logg> &nbsp;',
    description: 'Om &mdash; kommunikation <på riktigt>',
    siteUrl: 'https://blog.example/',
    feedUrls: {
      rss: 'https://blog.example/feed.xml',
      atom: 'https://blog.example/atom.xml',
      json: 'https://blog.example/feed.json',
    },
    language: 'en',
    authors: [{ name: 'Åsa Öberg', email: 'asa@blog.example' }],
    icon: 'https://blog.example/ikon 512.png',
    copyright: '© 2024 Åsa & Bo &nbsp;',
    items,
  }
}
