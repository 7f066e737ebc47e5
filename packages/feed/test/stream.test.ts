import { text } from 'node:stream/consumers'
import { describe, expect, it } from 'vitest'
import type { FeedItem } from '../src/index.js'
import { createFeed } from '../src/node.js'
import { readFeed } from '../src/read.js'
import { sampleItems, sampleMeta } from './helpers.js'

async function* generate(n: number): AsyncGenerator<FeedItem> {
  for (let i = 0; i < n; i++) {
    yield {
      url: `https://blog.example/p/${i}/`,
      title: `P${i}`,
      contentHtml: `<p><a href="/t/${i}/">t</a></p>`,
      date: new Date(Date.UTC(2024, 0, 1) - i * 1000),
    }
  }
}

const meta = { title: 'Blog', siteUrl: 'https://blog.example/', authors: [{ name: 'Åsa' }] }

describe('Feed#stream', () => {
  for (const format of ['rss', 'atom', 'json'] as const) {
    it(`should write the same document as ${format}() for in-memory items`, async () => {
      const feed = createFeed(sampleMeta(sampleItems()))
      expect(await text(feed.stream(format))).toBe(feed[format]())
      expect(await text(feed.stream(format, { limit: 1, content: 'excerpt' }))).toBe(
        feed[format]({ limit: 1, content: 'excerpt' }),
      )
    })

    it(`should write the same document as ${format}() when it spans many joined chunks`, async () => {
      const body = `<p>${'Räksmörgås & <kod> 😀 '.repeat(400)}</p>`
      const items = Array.from({ length: 60 }, (_, i) => ({
        url: `https://blog.example/p/${i}/`,
        title: `P${i} & <${i}>`,
        contentHtml: body,
        date: new Date(Date.UTC(2024, 0, 1) - i * 1000),
      }))
      const feed = createFeed({ ...meta, items })
      const whole = feed[format]()
      expect(whole.length).toBeGreaterThan(4 * 131072)
      expect(await text(feed.stream(format))).toBe(whole)
      expect(readFeed(whole).items).toHaveLength(60)
    })

    it(`should stream items from an async generator as ${format}`, async () => {
      const out = await text(createFeed({ ...meta, items: generate(50) }).stream(format, { limit: 40 }))
      const read = readFeed(out)
      expect(read.items).toHaveLength(40)
      expect(read.items[39]?.url).toBe('https://blog.example/p/39/')
      expect(read.items[0]?.contentHtml).toBe('<p><a href="https://blog.example/t/0/">t</a></p>')
      if (format === 'atom') expect(out).toContain('<updated>2024-01-01T00:00:00Z</updated>')
    })
  }

  it('should report a bad item as a stream error naming it', async () => {
    async function* bad(): AsyncGenerator<FeedItem> {
      yield { url: 'https://blog.example/ok/' }
      yield { url: 'relative/' }
    }
    await expect(text(createFeed({ ...meta, items: bad() }).stream('json'))).rejects.toThrow(
      'items[1] (`relative/`): `url` `relative/` is not an absolute URL',
    )
  })

  it('should refuse string output and a second stream for a one-shot async iterable', async () => {
    const feed = createFeed({ ...meta, items: generate(2) })
    expect(() => feed.rss()).toThrow("use `feed.stream('rss')`")
    await text(feed.stream('rss'))
    expect(() => feed.stream('rss')).toThrow('has been streamed already')
  })
})
