import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { pythonWithFeedparser, requireTool } from '../../../scripts/testing/tools.mjs'
import type { FeedItem, FeedMeta } from '../src/index.js'

export const here = path.dirname(fileURLToPath(import.meta.url))

export function fixture(name: string): string {
  return readFileSync(path.join(here, 'fixtures', name), 'utf8')
}

/** Python with feedparser, when its tests can run (else skipped with a line saying how to install it). */
export const python: string[] | undefined = requireTool('feedparser', 'the feedparser read-back tests')
  ? [pythonWithFeedparser() ?? 'python3']
  : undefined

/** jing, when the RELAX NG schema tests can run (else skipped with a line saying how to install it). */
export const jing: string[] | undefined = requireTool('jing', 'the RFC 4287 schema tests')
  ? ['jing']
  : undefined

/** Parse a feed with Python's feedparser through test/feedparser-read.py. */
export function pythonRead(text: string): PythonFeed {
  const [command = 'python3'] = python ?? []
  const out = execFileSync(command, [path.join(here, 'feedparser-read.py')], {
    input: text,
    encoding: 'utf8',
  })
  return JSON.parse(out) as PythonFeed
}

interface Detail {
  value: string
  type: string
  language: string | null
}

export interface PythonFeed {
  bozo: boolean
  bozo_exception: string
  version: string
  feed: { title: Detail | null; link: string | null; language: string | null }
  entries: {
    id: string | null
    link: string | null
    title: Detail | null
    summary: Detail | null
    content: Detail[]
    published: string | null
    updated: string | null
    authors: string[]
    tags: string[]
    enclosures: { href: string; type: string; length: string }[]
    comments: string | null
    wfw_commentrss: string | null
    slash_comments: string | null
    links: { rel: string; href: string; type: string | null; thr_count: string | null }[]
  }[]
}

export const controlCharacters = '\u0001\u0008\u000b\u000c\u001f\u007f\u0085\u009f\uffff\ud800'

/** The tricky content every test uses. */
export function sampleItems(): FeedItem[] {
  return [
    {
      url: 'https://blog.example/posts/strategisk-kommunikation/',
      title: `Strategisk kommunikation 2.0 – räksmörgås & 😀${controlCharacters}`,
      summary: 'Hur vi pratar med varandra, <på riktigt> & utan omvägar.',
      contentHtml: `${fixture('post-sv.html')}${controlCharacters}`,
      date: '2021-10-30T10:00:00+02:00',
      updated: '2021-11-02T08:30:00+01:00',
      authors: [
        { name: 'Åsa Öberg', email: 'asa@blog.example', url: 'https://blog.example/om/asa/' },
        { name: 'Bo Ek', url: 'https://bo.example/' },
      ],
      tags: ['kommunikation', 'strategi & taktik'],
      language: 'sv',
      image: 'https://blog.example/bilder/omslag.jpg',
      enclosures: [{ url: 'https://blog.example/ljud/avsnitt-1.mp3', type: 'audio/mpeg', length: 123456 }],
      commentsUrl: 'https://blog.example/posts/strategisk-kommunikation/#kommentarer',
      commentsFeedUrl: 'https://blog.example/posts/strategisk-kommunikation/kommentarer.xml',
      commentCount: 7,
    },
    {
      id: 'tag:blog.example,2021:post-2',
      url: 'https://blog.example/en/posts/cdata/',
      title: 'a < b && b > c ]]> and ]]> again',
      contentHtml:
        '<p>Two <b>]]&gt;</b> in one field: ]]&gt; and an <a href="#top">anchor</a> &amp; more.</p>',
      date: new Date('2021-09-01T12:00:00Z'),
      authors: [{ name: 'Carl <Admin> & Co' }],
      language: 'en',
    },
  ]
}

export function sampleMeta(items: FeedItem[] = sampleItems()): FeedMeta {
  return {
    title: 'Bloggen om <kommunikation> & sånt',
    description: 'Svenska och engelska inlägg',
    siteUrl: 'https://blog.example/',
    feedUrls: {
      rss: 'https://blog.example/rss.xml',
      atom: 'https://blog.example/atom.xml',
      json: 'https://blog.example/feed.json',
    },
    language: 'sv',
    authors: [{ name: 'Åsa Öberg', email: 'asa@blog.example' }],
    icon: 'https://blog.example/icon-512.png',
    favicon: 'https://blog.example/favicon.ico',
    copyright: '© 2021 Åsa Öberg',
    hub: 'https://pubsubhubbub.appspot.com/',
    items,
  }
}
