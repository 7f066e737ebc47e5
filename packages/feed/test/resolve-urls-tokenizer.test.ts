import { describe, expect, it } from 'vitest'
import { mayHaveRelativeUrl, resolveHtml } from '../src/lib/resolve-urls.js'
import { resolveHtmlWithParser } from './html-oracle.js'

// Note: the scanner must give what htmlparser2's Parser gives.
// Deterministic random HTML from pieces that stress the tokenizer: every quoting style, character references in
// values, duplicate and valueless attributes, comments, raw-text and RCDATA elements, end tags with attributes,
// stray `<` and `&`, and documents cut off anywhere.
const pieces = [
  '<a href=x>',
  "<A HREF='../y?a=1&amp;b=2'>",
  '<a href="&#x2F;z">',
  '<a href="q&quot;r">',
  '<a href=s&amp;t>',
  '<a href="u&ampv">',
  '<a href="w&amp=1">',
  '<a href="&copy;&copy=x">',
  '<a href="&#0;&#x80;&#xD800;">',
  '<img src=i.png srcset="a.png 1x, /b.png 2x" src=dup.png>',
  '<img srcset=c.png\t2x>',
  '<video poster=" p.jpg " src=//cdn.example/v.mp4>',
  '<a href>',
  '<a href  title=t>',
  '<img src >',
  '<a href="">',
  '<a href= "#f" title=\'x"y\'>',
  '<a data-href=n href=https://x.example/>',
  '<a/href=slash>',
  '<a href=self/>',
  '<a href="mailto:a@b.example">',
  '</a href=end>',
  '<!-- <a href=c> -->',
  '<!--> <a href=d>',
  '<!x <a href=e>>',
  '<?pi <a href=f>?>',
  '<!DOCTYPE html>',
  '<script>let s = "<a href=g>"</script>',
  '<SCRIPT><!-- <a href=h> --></SCRIPT>',
  '<style>a[href=i]{}</style>',
  '<textarea><img src=j>&amp;</textarea>',
  '<title><a href=k></title>',
  '<xmp><a href=l></xmp>',
  '<iframe><a href=m></iframe>',
  '<noscript><a href=o></noscript>',
  '<template><a href=t></template>',
  '<p>text & more &amp; < not a tag href=p</p>',
  '<svg><style><a href=sv></style></svg>',
  '<math><![CDATA[<a href=ma>]]></math>',
  '<![CDATA[<a href=cd>]]>',
  '<form action=fo>',
  '<a href=/a/../b>',
  '<a href="/%2e%2e/c">',
  ' ',
  '\n',
  '<',
  '&',
  '"',
  "'",
  '>',
  '</',
  '<a',
  ' href',
  '=',
  'x',
]

function random(seed: number): () => number {
  let state = seed
  return () => {
    state = (state * 1103515245 + 12345) & 0x7fffffff
    return state / 0x7fffffff
  }
}

describe('resolveHtml (tokenizer path)', () => {
  // Note: the pieces beyond text and tags (comments, `<!`, `<?`, raw-text and RCDATA elements, SVG, MathML,
  // `<form>`); without them every document is made of text and tags only.
  const simplePieces = pieces.filter(
    (piece) => !/^<(?:[!?]|script|style|textarea|title|xmp|iframe|noscript|svg|math|form)/i.test(piece),
  )

  for (const [label, list] of [
    ['any', pieces],
    ['plain', simplePieces],
  ] as const) {
    it(`should give the same HTML as the Parser path on generated HTML (${label} pieces)`, () => {
      const next = random(label === 'any' ? 42 : 43)
      const base = 'https://blog.example/p/q/'
      let resolvedSome = 0
      for (let n = 0; n < 4000; n++) {
        let html = ''
        const count = 1 + Math.floor(next() * 12)
        for (let k = 0; k < count; k++) html += list[Math.floor(next() * list.length)]
        if (next() < 0.2) html = html.slice(0, Math.floor(next() * html.length))
        const expected = resolveHtmlWithParser(html, base)
        if (expected !== html) resolvedSome++
        expect(resolveHtml(html, base), html).toBe(expected)
      }
      expect(resolvedSome).toBeGreaterThan(1500)
    })
  }

  it('should keep the open elements as the Parser does (SVG, MathML, integration points, forms, implied ends)', () => {
    // Note: pieces for the rules that depend on the open elements: raw text only outside SVG and MathML, `/>`
    // closing only inside them, a second `<form>` ignored (its attributes count with the previous tag's),
    // start tags that close others, SVG name case, `<image>`, and end tags that imply a start tag.
    const treePieces = [
      '<svg>',
      '</svg>',
      '<SVG/>',
      '<math>',
      '</math>',
      '<foreignObject>',
      '</foreignobject>',
      '<clipPath>',
      '</clippath>',
      '<mi>',
      '<desc>',
      '<annotation-xml>',
      '<p>',
      '</p>',
      '<div>',
      '</div>',
      '<li>',
      '<table><tr><td>',
      '<form>',
      '</form>',
      '<form href=f1 src=s1>',
      '<FORM action=a href=f2>',
      '<image src=im>',
      '</image>',
      '<title>',
      '</title>',
      '<style>',
      '</style>',
      '<script>',
      '</script>',
      '<textarea>',
      '<plaintext>',
      '<a href=x>',
      '<a/>',
      '<a href=y/>',
      '<img src=z>',
      '<br>',
      '</br>',
      '<a href=q>',
      '<![CDATA[<a href=c>]]>',
      '<!-- <a href=k> -->',
      'text',
    ]
    const next = random(44)
    const base = 'https://blog.example/p/q/'
    let resolvedSome = 0
    for (let n = 0; n < 6000; n++) {
      let html = ''
      const count = 1 + Math.floor(next() * 16)
      for (let k = 0; k < count; k++) html += treePieces[Math.floor(next() * treePieces.length)]
      const expected = resolveHtmlWithParser(html, base)
      if (expected !== html) resolvedSome++
      expect(resolveHtml(html, base), html).toBe(expected)
    }
    expect(resolvedSome).toBeGreaterThan(2000)
  })

  it('should read SVG, MathML, nested forms and CDATA as the Parser does', () => {
    const base = 'https://blog.example/p/q/'
    for (const html of [
      '<svg><style><a href=x></a></style></svg><a href=y>',
      '<math><![CDATA[<a href=x>]]></math><a href=y>',
      '<form action=a><a href=x><form href=y>',
      '<image><svg></image><style><a href=x></style><a href=y>',
      '<clippath><svg></clippath><style><a href=x></style>',
      '<svg><foreignObject><style><a href=x></style></foreignobject><style><a href=y></style>',
      '<p><svg></p><style><a href=x></style>',
      '<svg><a/><style><a href=x></style></svg><style><a href=y></style>',
      '<form><a href=x></p><form href=y>',
      '<form><a href=x></br><form href=y>',
    ]) {
      expect(resolveHtml(html, base)).toBe(resolveHtmlWithParser(html, base))
    }
    expect(resolveHtml('<svg><style><a href=x></a></style></svg>', base)).toBe(
      '<svg><style><a href="https://blog.example/p/q/x"></a></style></svg>',
    )
  })

  it('should resolve `/path` references by the fast path exactly as `new URL` does', () => {
    const base = 'https://blog.example:443/p/q/'
    for (const reference of [
      '/a/b',
      '/a/./b',
      '/a/../b',
      '/..',
      '/.',
      '/a/.',
      '/a/..',
      '/.a/..b/',
      '/a:b@c',
      "/a!$&'()*+,;=",
      '/~x_y-z.html',
      '/a//b',
      '//cdn.example/x',
      '/%2e%2e/x',
      '/%2E/x',
      '/ä',
      '/a b',
      '/a?x=1',
      '/a#f',
      '/a\\b',
      ' /padded/ ',
    ]) {
      const html = `<a href="${reference.replaceAll('&', '&amp;')}">`
      expect(resolveHtml(html, base), reference).toBe(
        `<a href="${new URL(reference.trim(), base).href.replaceAll('&', '&amp;')}">`,
      )
    }
    // Credentials in the base are kept by `new URL`, so such a base never takes the fast path.
    expect(resolveHtml('<a href=/x>', 'https://u:p@blog.example/')).toBe(
      '<a href="https://u:p@blog.example/x">',
    )
  })

  it('should pre-scan exactly as the regex it replaced', () => {
    // The pre-scan before it looked at each `=`: the regex, kept here as the reference.
    const candidate = /\b(?:href|src|srcset|poster)\s*=\s*(?:"\s*([^"]*)"|'\s*([^']*)'|([^\s"'>]+))/gi
    const absolute = /^[a-z][a-z\d+.-]*:/i
    const relativeOrSrcset =
      /\b(?:href|src|poster)\s*=\s*(?:"(?!\s*[a-z][a-z\d+.-]*:)|'(?!\s*[a-z][a-z\d+.-]*:)|(?![\s"'])(?![a-z][a-z\d+.-]*:))|\bsrcset\s*=/gi
    function reference(html: string): boolean {
      relativeOrSrcset.lastIndex = 0
      let match = relativeOrSrcset.exec(html)
      while (match) {
        if (!/^srcset/i.test(match[0])) return true
        candidate.lastIndex = match.index
        const value = candidate.exec(html)
        const text = value ? (value[1] ?? value[2] ?? value[3] ?? '') : ''
        for (const part of text.split(',')) {
          const url = part.trim().split(/\s+/)[0] ?? ''
          if (url && !absolute.test(url)) return true
        }
        relativeOrSrcset.lastIndex = match.index + match[0].length
        match = relativeOrSrcset.exec(html)
      }
      return false
    }
    const names = [
      'href',
      'HrEf',
      'src',
      'SRCSET',
      'srcset',
      'poster',
      'data-src',
      'xhref',
      '_src',
      'alt',
      '',
    ]
    const spaces = ['', '', ' ', '\u00a0', '\u2003', '\n ']
    const quotes = ['', '"', "'", '']
    const values = [
      'https://x.example/',
      'mailto:a',
      'a+b.c-d:x',
      '1:x',
      '/p',
      '#f',
      'a.png 1x, /b.png 2x',
      'https://x.example/a.png 1x, https://x.example/b.png 2x',
      '',
      '>',
      'é:',
    ]
    const noise = ['<a ', '>', ' ', 'x', '=', '"', ',']
    const pick = (list: string[]) => list[Math.floor(next() * list.length)] ?? ''
    const next = random(7)
    let relative = 0
    for (let n = 0; n < 20000; n++) {
      let html = ''
      const count = 1 + Math.floor(next() * 4)
      for (let k = 0; k < count; k++) {
        const quote = pick(quotes)
        html += `${pick(noise)}${pick(names)}${pick(spaces)}=${pick(spaces)}${quote}${pick(spaces)}${pick(values)}${next() < 0.8 ? quote : ''}`
      }
      const expected = reference(html)
      if (expected) relative++
      expect(mayHaveRelativeUrl(html), JSON.stringify(html)).toBe(expected)
    }
    expect(relative).toBeGreaterThan(5000)
    expect(relative).toBeLessThan(18000)
  })
})
