import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { parsePost } from '../src/index.js'
import { normalizeHtml } from './commonmark-normalize.js'

interface Example {
  markdown: string
  html: string
  number: number
  section: string
}

const { tests } = createRequire(import.meta.url)('commonmark-spec') as { tests: Example[] }

// GFM's autolink literal extension (the issue asks for GFM autolinks) links bare URLs and
// emails that CommonMark leaves as text; these examples differ from the CommonMark spec by design.
const gfmAutolinkLiterals = new Set([602, 606, 608, 611, 612])

async function render(markdown: string): Promise<string> {
  const post = await parsePost(markdown, {
    frontmatter: false,
    defaults: { title: 'Spec', date: '2020-01-01' },
  })
  return post.html
}

describe('parsePost', () => {
  it.for(
    tests.filter((example) => !gfmAutolinkLiterals.has(example.number)),
  )('should render CommonMark example $number ($section) like the spec', async (example) => {
    // Note: the spec writes tabs as `→`.
    const html = await render(example.markdown.replace(/→/g, '\t'))
    expect(normalizeHtml(html)).toBe(normalizeHtml(example.html.replace(/→/g, '\t')))
  })

  it.for(
    tests.filter((example) => gfmAutolinkLiterals.has(example.number)),
  )('should link the bare URL of CommonMark example $number, as GFM does', async (example) => {
    const html = await render(example.markdown)
    expect(normalizeHtml(html)).not.toBe(normalizeHtml(example.html))
    expect(html).toMatch(/<a href="(https:|mailto:)/)
  })

  it('should compare HTML ignoring only white space between blocks, attribute order and heading ids', () => {
    expect(normalizeHtml('<h1 id="a">A</h1>\n<p x="1" y="2">b  c</p>\n')).toBe(
      normalizeHtml('<h1>A</h1><p y="2" x="1">b c</p>'),
    )
    expect(normalizeHtml('<p><em>a</em></p>')).not.toBe(normalizeHtml('<p><strong>a</strong></p>'))
    expect(normalizeHtml('<pre><code>a  b\n</code></pre>')).not.toBe(
      normalizeHtml('<pre><code>a b\n</code></pre>'),
    )
    expect(normalizeHtml('<p>a</p>')).not.toBe(normalizeHtml('<p>a</p><p></p>'))
  })
})
