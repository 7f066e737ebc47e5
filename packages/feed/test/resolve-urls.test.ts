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

  it('should change only the URL attributes and keep the rest of the HTML as written', () => {
    const html =
      '<P CLASS=x>One &copy; <A HREF=a?x=1&amp;y=2 title="t">a</A><!-- <a href=c> --><br/><img alt=\'"q"\' src=i.png>'
    expect(resolved(html)).toBe(
      '<P CLASS=x>One &copy; <A href="https://blog.example/p/q/a?x=1&amp;y=2" title="t">a</A><!-- <a href=c> --><br/><img alt=\'"q"\' src="https://blog.example/p/q/i.png">',
    )
  })

  it('should not touch text that only looks like a tag inside script, style, textarea or comments', () => {
    const html =
      '<script>let s = "<a href=x>"</script><style>a[href=y]{}</style><textarea><img src=z></textarea><a href=w>w</a>'
    expect(resolved(html)).toBe(
      '<script>let s = "<a href=x>"</script><style>a[href=y]{}</style><textarea><img src=z></textarea><a href="https://blog.example/p/q/w">w</a>',
    )
  })

  it('should resolve inside template content and keep the first of duplicate attributes, as browsers do', () => {
    expect(resolved('<template><a href=t>t</a></template><a href=one href=two>d</a>')).toBe(
      '<template><a href="https://blog.example/p/q/t">t</a></template><a href="https://blog.example/p/q/one" href=two>d</a>',
    )
  })

  it('should keep a URL that cannot be resolved and a tag left open at the end as they were', () => {
    expect(resolved('<a href="http://[bad">x</a><a href="/ok">y</a><a href=z')).toBe(
      '<a href="http://[bad">x</a><a href="https://blog.example/ok">y</a><a href=z',
    )
  })
})
