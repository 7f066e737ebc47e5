import type { Element, Root } from 'hast'
import { describe, expect, it } from 'vitest'
import { parsePost } from '../src/index.js'

const post = (body: string) => `---\ntitle: Links\ndate: 2024-01-01\n---\n\n${body}\n`
const safe = async (body: string) => parsePost(post(body), { allowDangerousHtml: false })

describe('parsePost with `allowDangerousHtml: false`', () => {
  it('should remove script URLs from links, images, references and autolinks, however written', async () => {
    const unsafe = [
      '[a](javascript:alert(1))',
      '[a](JaVaScRiPt:alert(1))',
      '[a](&#106;avascript:alert(1))',
      '[a](&#x6A;&#x61;vascript&#58;alert(1))',
      '[a](java&#9;script:alert(1))',
      '[a](<java\tscript:alert(1)>)',
      '[a](<%20javascript:alert(1)>)',
      '[a](vbscript:msgbox(1))',
      '[a](VBScript:msgbox(1))',
      '[a](data:text/html,<script>alert(1)</script>)',
      '[a](data:image/png;base64,AAAA)',
      '[a](file:///etc/passwd)',
      '![a](javascript:alert(1))',
      '![a](data:image/svg+xml,%3Csvg%20onload=alert(1)%3E)',
      '![a](data:text/html;base64,PHNjcmlwdD4=)',
      '<javascript:alert(1)>',
      '<JAVASCRIPT:alert(1)>',
      '<vbscript:msgbox(1)>',
      '[a][r]\n\n[r]: javascript:alert(1)',
      '![a][r]\n\n[r]: javascript:alert(1)',
      '[a]\n\n[a]: <JavaScript:alert(1)> "title"',
    ]
    for (const body of unsafe) {
      const result = await safe(body)
      expect(result.html, body).not.toMatch(/href=|src=/)
      expect(result.html, body).toMatch(/<a[ >]|<img/)
      expect(result.links, body).toEqual([])
      expect(result.images, body).toEqual([])
    }
  })

  it('should keep http(s), mailto, relative and fragment URLs, and raster images as data URLs', async () => {
    const result = await safe(
      '[a](https://a.example/x:y) [b](http://b.example) [c](mailto:c@example.com) [d](/d:e) [e](#f) [g](//g.example) [h](?q=a:b) [i](Https://i.example) ![p](data:image/png;base64,iVBORw0KGgo=) ![q](data:IMAGE/jpeg;base64,/9j/) <https://auto.example> www.literal.example',
    )
    expect(result.links.map((link) => link.href)).toEqual([
      'https://a.example/x:y',
      'http://b.example',
      'mailto:c@example.com',
      '/d:e',
      '#f',
      '//g.example',
      '?q=a:b',
      'Https://i.example',
      'https://auto.example',
      'http://www.literal.example',
    ])
    expect(result.images.map((image) => image.src)).toEqual([
      'data:image/png;base64,iVBORw0KGgo=',
      'data:IMAGE/jpeg;base64,/9j/',
    ])
  })

  it('should remove unsafe URLs that rehype plugins add, and keep them out of the excerpt', async () => {
    const addLink = () => (tree: Root) => {
      const link: Element = {
        type: 'element',
        tagName: 'a',
        properties: { href: 'javascript:alert(1)', ping: ['https://ok.example', 'javascript:x'] },
        children: [{ type: 'text', value: 'added' }],
      }
      const video: Element = {
        type: 'element',
        tagName: 'video',
        properties: { src: 'https://ok.example/v.mp4', poster: 'javascript:alert(2)' },
        children: [],
      }
      tree.children.unshift({ type: 'element', tagName: 'p', properties: {}, children: [link, video] })
    }
    const result = await parsePost(post('Text [x](javascript:alert(3)).'), {
      allowDangerousHtml: false,
      rehypePlugins: [addLink],
    })
    expect(result.html).toBe(
      '<p><a>added</a><video src="https://ok.example/v.mp4"></video></p><p>Text <a>x</a>.</p>',
    )
    expect(result.excerpt.html).not.toContain('javascript')
  })

  it('should leave URLs as written with `allowDangerousHtml: true` (the default, for trusted authors)', async () => {
    const result = await parsePost(post('[a](javascript:void(0))'))
    expect(result.html).toBe('<p><a href="javascript:void(0)">a</a></p>')
  })
})
