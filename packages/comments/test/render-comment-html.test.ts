import { describe, expect, it } from 'vitest'
import { CommentError, renderCommentHtml } from '../src/index.js'

describe('renderCommentHtml', () => {
  it('should render the Markdown subset', () => {
    const html = renderCommentHtml(
      'Tack för *inspel* och **mer**.\n\n> citat\n\n- ett\n- två\n\n3. tre\n\n`kod` och\n\n```js\nlet a = 1 < 2\n```',
    )
    expect(html).toBe(
      [
        '<p>Tack för <em>inspel</em> och <strong>mer</strong>.</p>',
        '<blockquote>\n<p>citat</p>\n</blockquote>',
        '<ul>\n<li>ett</li>\n<li>två</li>\n</ul>',
        '<ol start="3">\n<li>tre</li>\n</ol>',
        '<p><code>kod</code> och</p>',
        '<pre><code class="language-js">let a = 1 &#x3C; 2\n</code></pre>',
      ].join('\n'),
    )
  })

  it('should link http, https and mailto with rel="nofollow ugc noopener", and bare URLs', () => {
    expect(
      renderCommentHtml(
        '[a](https://example.com/x) och http://hundratusen.com/2009/10/com-hem/#utm_source=feed',
      ),
    ).toBe(
      '<p><a href="https://example.com/x" rel="nofollow ugc noopener">a</a> och <a href="http://hundratusen.com/2009/10/com-hem/#utm_source=feed" rel="nofollow ugc noopener">http://hundratusen.com/2009/10/com-hem/#utm_source=feed</a></p>',
    )
    expect(renderCommentHtml('www.doktorspinn.net och magnus@example.se')).toBe(
      '<p><a href="http://www.doktorspinn.net/" rel="nofollow ugc noopener">www.doktorspinn.net</a> och <a href="mailto:magnus@example.se" rel="nofollow ugc noopener">magnus@example.se</a></p>',
    )
  })

  it('should drop links with other schemes or relative targets but keep their text', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'data:text/html,x',
      'vbscript:x',
      '/relative',
      '//evil.example',
    ]) {
      expect(renderCommentHtml(`[klicka](${href})`)).toBe('<p>klicka</p>')
    }
    expect(renderCommentHtml('<javascript:alert(1)>')).toBe('<p>javascript:alert(1)</p>')
  })

  it('should show raw HTML as text instead of running or losing it', () => {
    expect(renderCommentHtml('<script>alert(1)</script>')).toBe('<p>&#x3C;script>alert(1)&#x3C;/script></p>')
    expect(renderCommentHtml('Hej <b onclick="x()">du</b>')).toBe(
      '<p>Hej &#x3C;b onclick="x()">du&#x3C;/b></p>',
    )
  })

  it('should turn headings into paragraphs and images into links', () => {
    expect(renderCommentHtml('# Rubrik\n\n![bild](https://example.com/a.png)')).toBe(
      '<p>Rubrik</p>\n<p><a href="https://example.com/a.png" rel="nofollow ugc noopener">bild</a></p>',
    )
  })

  it('should link @Name to the answered comment, in any case, not inside code or other names', () => {
    const replyTo = { name: 'Magnus', href: '#comment-1' }
    expect(renderCommentHtml('@magnus: Tack för inspel. `@Magnus` @Magnusson', { replyTo })).toBe(
      '<p><a href="#comment-1" class="mention">@magnus</a>: Tack för inspel. <code>@Magnus</code> @Magnusson</p>',
    )
    expect(
      renderCommentHtml('@Maria på MIKU: ja', { replyTo: { name: 'Maria på MIKU', href: '/p#c4' } }),
    ).toBe('<p><a href="/p#c4" class="mention">@Maria på MIKU</a>: ja</p>')
  })

  it('should escape a name with markup in the mention link', () => {
    const replyTo = { name: '<img src=x onerror=alert(1)>', href: '#c2' }
    expect(renderCommentHtml('@<img src=x onerror=alert(1)>: hej', { replyTo })).toBe(
      '<p><a href="#c2" class="mention">@&#x3C;img src=x onerror=alert(1)></a>: hej</p>',
    )
  })

  it('should reject a replyTo.href with a script scheme', () => {
    expect(() => renderCommentHtml('@A: x', { replyTo: { name: 'A', href: 'javascript:alert(1)' } })).toThrow(
      /`replyTo.href`/,
    )
  })

  it('should remove control and bidi-override characters', () => {
    expect(renderCommentHtml('a\u0000b\u0007c\u202Ed\u001Be\tf\r\ng')).toBe('<p>abcde\tf\ng</p>')
    expect(renderCommentHtml('\u0001\u0002\u0003')).toBe('')
  })

  it('should throw body-too-long for a huge body, naming the limit', () => {
    const run = () => renderCommentHtml('x'.repeat(101), { maxLength: 100 })
    expect(run).toThrow(CommentError)
    expect(run).toThrow('Expected `body` to be at most 100 characters, got 101')
  })

  it('should render deeply nested quotes without overflowing the stack', { timeout: 60_000 }, () => {
    const html = renderCommentHtml(`${'>'.repeat(5000)} djup\n\n${'- '.repeat(3000)}lista`)
    expect(html.match(/<blockquote>/g)?.length).toBe(32)
    expect(html).toContain('djup')
    expect(html).toContain('lista')
  })

  it('should bound nesting so that hostile bodies render quickly', { timeout: 60_000 }, () => {
    // Each of these took seconds to a minute in the Markdown parser before nesting was bounded.
    const lines = Array.from({ length: 300 }, (_, i) => `${' '.repeat(i * 2)}- x`).join('\n')
    expect(renderCommentHtml(lines).match(/<ul>/g)!.length).toBeLessThanOrEqual(64)
    expect(renderCommentHtml(`${'- '.repeat(20_000)}x`)).toContain('- - -')
    expect(renderCommentHtml(`${'1. '.repeat(20_000)}x`).match(/<ol>/g)!.length).toBeLessThanOrEqual(32)
  })
})
