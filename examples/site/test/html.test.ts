import { describe, expect, it } from 'vitest'
import { escapeHtml, focusableScrollers, html, jsonForScript, raw } from '../src/index.js'

describe('html', () => {
  it('should escape interpolated strings in text and attributes', () => {
    const title = `a <b> & "c" 'd'`
    expect(html`<a title="${title}">${title}</a>`.value).toBe(
      '<a title="a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;">a &lt;b&gt; &amp; &quot;c&quot; &#39;d&#39;</a>',
    )
  })

  it('should insert nested html and raw markup as is, join lists and drop empty values', () => {
    const items = ['<x>', 'y'].map((item) => html`<li>${item}</li>`)
    expect(html`<ul>${items}${null}${undefined}${false}${0}</ul>${raw('<hr>')}`.value).toBe(
      '<ul><li>&lt;x&gt;</li><li>y</li>0</ul><hr>',
    )
  })
})

describe('escapeHtml', () => {
  it('should escape the five special characters', () => {
    expect(escapeHtml(`<&>"'`)).toBe('&lt;&amp;&gt;&quot;&#39;')
  })
})

describe('jsonForScript', () => {
  it('should keep `</script>` and line separators from ending or breaking the script element', () => {
    const out = jsonForScript({ headline: '</script><script>alert(1)</script>\u2028' }).value
    expect(out).not.toContain('</script>')
    expect(out).not.toContain('\u2028')
    expect(JSON.parse(out)).toEqual({ headline: '</script><script>alert(1)</script>\u2028' })
  })
})

describe('focusableScrollers', () => {
  it('should make code blocks focusable once', () => {
    expect(
      focusableScrollers('<pre><code>x</code></pre><pre class="a">y</pre><pre tabindex="-1">z</pre>'),
    ).toBe(
      '<pre tabindex="0"><code>x</code></pre><pre tabindex="0" class="a">y</pre><pre tabindex="-1">z</pre>',
    )
  })
})
