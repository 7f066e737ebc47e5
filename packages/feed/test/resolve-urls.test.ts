import { describe, expect, it } from 'vitest'
import { createFeed } from '../src/index.js'

function resolved(contentHtml: string): string {
  const feed = createFeed({
    title: 'T',
    siteUrl: 'https://blog.example/',
    items: [{ url: 'https://blog.example/p/q/', contentHtml }],
  })
  return JSON.parse(feed.json()).items[0].content_html
}

describe('createFeed relative URL resolution', () => {
  it('should leave HTML whose URLs are all absolute byte for byte as it was', () => {
    for (const html of [
      '<a href="https://x.example/">x</a>',
      "<a href = 'mailto:a@b.example'>m</a><img src=https://x.example/a.png>",
      '<img srcset="https://x.example/a.png 1x, https://x.example/b.png 2x"><a  href="  https://x.example/">s</a>',
      '<p>href=not an attribute but text &amp; stays</p>',
    ]) {
      expect(resolved(html)).toBe(html)
    }
  })

  it('should resolve href, src, srcset and poster in every quoting style', () => {
    expect(resolved('<a href=x>1</a><a href=\'/y\'>2</a><a href=" ../z">3</a><a href="#f">4</a>')).toBe(
      '<a href="https://blog.example/p/q/x">1</a><a href="https://blog.example/y">2</a><a href="https://blog.example/p/z">3</a><a href="https://blog.example/p/q/#f">4</a>',
    )
    expect(
      resolved(
        '<img srcset="https://x.example/a.png 1x, b.png 2x"><video poster="p.jpg" src="//cdn.example/v.mp4"></video>',
      ),
    ).toBe(
      '<img srcset="https://x.example/a.png 1x, https://blog.example/p/q/b.png 2x"><video poster="https://blog.example/p/q/p.jpg" src="https://cdn.example/v.mp4"></video>',
    )
  })
})
