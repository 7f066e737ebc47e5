import { describe, expect, it } from 'vitest'
import { createHtmlConverter, plainTextToMarkdown } from '../src/lib/html-to-markdown.js'
import { expandShortcodes, parseAttributes } from '../src/lib/shortcodes.js'
import { wpautop } from '../src/lib/wpautop.js'

describe('wpautop', () => {
  it('should make paragraphs of double newlines and breaks of single ones', () => {
    expect(wpautop('Ett\nTvå\n\nTre')).toBe('<p>Ett<br />\nTvå</p>\n<p>Tre</p>\n')
  })

  it('should leave block elements, pre and newlines inside tags alone', () => {
    expect(wpautop('<h2>Rubrik</h2>\nText\n<pre>a\n\nb</pre>')).toBe(
      '<h2>Rubrik</h2>\n<p>Text</p>\n<pre>a\n\nb</pre>\n',
    )
    expect(wpautop('<ul>\n<li>a</li>\n<li>b</li>\n</ul>')).toBe('<ul>\n<li>a</li>\n<li>b</li>\n</ul>\n')
    expect(wpautop('<a\nhref="x">länk</a> text')).toBe('<p><a\nhref="x">länk</a> text</p>\n')
    expect(wpautop('<blockquote>Citat</blockquote>')).toBe('<blockquote><p>Citat</p></blockquote>\n')
    expect(wpautop('   ')).toBe('')
  })
})

describe('expandShortcodes', () => {
  it('should read attributes as WordPress does', () => {
    expect(parseAttributes(" id=\"a\" width=300 'x' align='left'")).toEqual({
      id: 'a',
      width: '300',
      '0': 'x',
      align: 'left',
    })
    expect(parseAttributes('=https://youtu.be/x')).toEqual({ '0': 'https://youtu.be/x' })
  })

  it('should expand the common shortcodes and keep the rest', () => {
    const problems: string[] = []
    const report = (p: { code: string }) => problems.push(p.code)
    expect(expandShortcodes('[caption caption="Text"]<img src="a.jpg">[/caption]', { report })).toBe(
      '<figure><img src="a.jpg"><figcaption>Text</figcaption></figure>',
    )
    expect(expandShortcodes('[embed]https://v.example/1[/embed]')).toBe(
      '<p><a href="https://v.example/1">https://v.example/1</a></p>',
    )
    expect(expandShortcodes('[youtube=https://youtu.be/x]')).toBe(
      '<p><a href="https://youtu.be/x">https://youtu.be/x</a></p>',
    )
    expect(expandShortcodes('[video mp4="v.mp4" poster="p.jpg"]')).toBe(
      '<video controls src="v.mp4" poster="p.jpg" data-blogkit-keep></video>',
    )
    expect(expandShortcodes('[code lang="js"]a < b[/code]')).toBe(
      '<pre><code class="language-js">a &lt; b</code></pre>',
    )
    expect(expandShortcodes('[php]echo 1;[/php]')).toBe(
      '<pre><code class="language-php">echo 1;</code></pre>',
    )
    expect(expandShortcodes('[[gallery]] [sic]')).toBe('[gallery] [sic]')
    expect(expandShortcodes('[gallery ids="1,2"]', { report, attachments: new Map([['1', 'a.jpg']]) })).toBe(
      '[gallery ids="1,2"]',
    )
    expect(expandShortcodes('[contact-form to="a@b.example"]', { report })).toBe(
      '[contact-form to="a@b.example"]',
    )
    expect(problems).toEqual(['unresolved-gallery', 'unknown-shortcode'])
  })
})

describe('createHtmlConverter', () => {
  it('should report HTML it keeps, but not media it made itself', () => {
    const convert = createHtmlConverter()
    const problems: string[] = []
    const markdown = convert(
      'Text\n\n<script>alert(1)</script>\n\n[audio src="a.mp3"]',
      { autop: true, shortcodes: true },
      (p) => problems.push(p.code),
    )
    expect(markdown).toBe('Text\n\n<script>alert(1)</script>\n\n<audio controls src="a.mp3"></audio>')
    expect(problems).toEqual(['kept-html'])
  })

  it('should not run wpautop on Disqus HTML', () => {
    const convert = createHtmlConverter()
    expect(convert('<p>Ett</p>\n<p>Två <b>fet</b></p>', { autop: false, shortcodes: false }, () => {})).toBe(
      'Ett\n\nTvå **fet**',
    )
  })
})

describe('plain text shortcut', () => {
  it('should give the same Markdown as the unified pipeline', () => {
    const convert = createHtmlConverter()
    const pieces = [
      'Hej',
      'då',
      '@Henrik:',
      'Bra fråga!',
      '14.',
      '2)',
      ' ',
      '  ',
      '\n',
      '\n\n',
      '\n \n',
      '\t',
      'e-post',
      '- lista',
      '1. ett',
      '"citat"',
      "it's",
      '(parentes)',
      'åäö ÅÄÖ',
      'x.y',
      ':)',
      '…',
      '—',
      '%',
      '?',
    ]
    let seed = 7
    const next = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    let fast = 0
    for (let n = 0; n < 300; n++) {
      let text = ''
      const length = 1 + Math.floor(next() * 12)
      for (let i = 0; i < length; i++) text += pieces[Math.floor(next() * pieces.length)]!
      const slow = convert(text, { autop: true, shortcodes: false, fast: false }, () => {})
      const quick = convert(text, { autop: true, shortcodes: false }, () => {})
      expect(quick, JSON.stringify(text)).toBe(slow)
      if (plainTextToMarkdown(text, true) !== undefined) fast++
    }
    expect(fast).toBeGreaterThan(80)
  }, 60_000)
})
