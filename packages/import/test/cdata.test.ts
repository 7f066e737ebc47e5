import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SaxesParser } from 'saxes'
import { describe, expect, it } from 'vitest'
import { fromDisqus, fromWordPress } from '../src/index.js'
import { createCdataRepair } from '../src/lib/cdata.js'
import { failure, readFixture, run } from './helpers.js'

// The cases of WordPress importer's crazy-cdata.xml (WXR_Parser_Regex test_unescaped_cdata_closing_sequence).
const crazy = `<?xml version="1.0"?>
<rss><channel>
<!-- a comment with <![CDATA[ and ]]> inside -->
<title><![CDATA[Content with nested <![CDATA[ tags ]]> :)]]></title>
<a><![CDATA[]]>]]></a>
<b x="1>2"><![CDATA[This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>]]></b>
<c><![CDATA[ok]]]]><![CDATA[>fine]]></c>
<d><![CDATA[plain]]></d><e/><f>text &amp; more</f>
</channel></rss>`

/** Repair `chunks`, parse the result, and give each element's text and the lines repaired. */
function read(chunks: string[]) {
  const lines: number[] = []
  const repair = createCdataRepair((line) => lines.push(line))
  let xml = ''
  for (const chunk of chunks) xml += repair.write(chunk)
  xml += repair.end()
  const texts: string[] = []
  let text = ''
  const parser = new SaxesParser()
  parser.on('text', (t) => {
    text += t
  })
  parser.on('cdata', (t) => {
    text += t
  })
  parser.on('opentag', () => {
    text = ''
  })
  parser.on('closetag', (tag) => {
    if (text.trim() !== '') texts.push(`${tag.name}: ${text}`)
    text = ''
  })
  parser.write(xml).close()
  return { texts, lines }
}

const wxr = (items: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n${items}</channel>\n</rss>\n`
const item = (title: string, body: string) =>
  `<item><title>${title}</title><wp:post_id>1</wp:post_id><wp:post_name>p</wp:post_name><wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>\n<content:encoded>${body}</content:encoded></item>\n`

describe('CDATA with an unescaped `]]>`', () => {
  it('should read it as WordPress does: up to the last `]]>` before the closing tag', () => {
    expect(read([crazy])).toEqual({
      texts: [
        'title: Content with nested <![CDATA[ tags ]]> :)',
        'a: ]]>',
        'b: This has <![CDATA[ opening and ]]> closing <![CDATA[ tags like this: ]]>',
        'c: ok]]>fine',
        'd: plain',
        'f: text & more',
      ],
      lines: [4, 5, 6],
    })
  })

  it('should give the same result whatever the chunks', () => {
    const whole = read([crazy])
    for (let at = 1; at < crazy.length; at++)
      expect(read([crazy.slice(0, at), crazy.slice(at)]), `split at ${at}`).toEqual(whole)
    expect(read([...crazy])).toEqual(whole)
  })

  it('should pass well-formed exports on unchanged, however chunked', async () => {
    for (const name of ['klartext.wxr.xml', 'klartext.disqus.xml']) {
      const xml = (await readFixture(name)).toString('utf8')
      for (const size of [1, 7, 4096]) {
        const repair = createCdataRepair(() => {
          throw new Error('nothing to repair')
        })
        let out = ''
        for (let at = 0; at < xml.length; at += size) out += repair.write(xml.slice(at, at + size))
        expect(out + repair.end(), `${name} in chunks of ${size}`).toBe(xml)
      }
    }
  })

  it('should import such a WordPress export with a warning naming the line', async () => {
    const xml = wxr(
      item(
        '<![CDATA[Title with ]]> inside]]>',
        '<![CDATA[Content with nested <![CDATA[ tags ]]> :)<p>Och <em>mer</em>.</p>]]>',
      ),
    )
    const { posts, warnings } = await fromWordPress(xml, { file: 'crazy.xml' })
    expect(posts[0]!.title).toBe('Title with ]]> inside')
    // Note: in HTML, `<![CDATA[ … ]]>` is a bogus comment (browsers show nothing of it): kept as a comment.
    expect(posts[0]!.body).toBe('Content with nested <!--[CDATA[ tags ]]-->:)\n\nOch _mer_.')
    expect(warnings.map((w) => [w.code, w.message])).toEqual([
      [
        'unescaped-cdata',
        "crazy.xml:5: a CDATA section holds an unescaped `]]>` (older WordPress versions and plugins wrote them): read from its first `<![CDATA[` to the last `]]>` before its closing tag, as WordPress's importer does",
      ],
      [
        'unescaped-cdata',
        "crazy.xml:6: a CDATA section holds an unescaped `]]>` (older WordPress versions and plugins wrote them): read from its first `<![CDATA[` to the last `]]>` before its closing tag, as WordPress's importer does",
      ],
    ])
    const { comments } = await fromDisqus(
      `<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="1"><id/><link>https://b.example/a/</link></thread>
<post dsq:id="2"><message><![CDATA[<p>Skriv <code>a[b[0]]>c</code></p>]]></message><createdAt>2021-03-01T12:00:00Z</createdAt><author><name>Bo</name></author><thread dsq:id="1"/></post>
</disqus>`,
    )
    expect(comments[0]!.body).toBe('Skriv `a[b[0]]>c`')
  })

  it('should still refuse what is truly broken, with its line and column', async () => {
    const broken = [
      item('a ]]> b', 'x'),
      item('t', '<![CDATA[never closed'),
      item('t', '<![CDATA[a]]> b ]]> c'),
      item('t', '<![CDATA[a]]]]><![CDATA[>b]]> c ]]>'),
      item('t', ' <![CDATA[space first]]> c ]]>'),
    ]
    for (const body of broken) {
      const error = await failure(fromWordPress(wxr(body), { file: 'b.xml' }))
      expect(error.code, body).toBe('malformed-xml')
      expect(error.message, body).toMatch(/^b\.xml:\d+:\d+: XML is not well-formed: /)
    }
  })

  it('should print the warning on the command line and import the post', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-import-cdata-'))
    try {
      const file = path.join(dir, 'crazy.xml')
      await writeFile(file, wxr(item('T', '<![CDATA[a <![CDATA[ b ]]> c]]>')))
      const result = await run(['wordpress', file, '--out', path.join(dir, 'out')])
      expect(result.code).toBe(0)
      expect(result.stderr).toContain(`${file}: warning: ${file}:6: a CDATA section holds an unescaped`)
      expect(result.stderr).toContain('[unescaped-cdata]')
      expect(await readFile(path.join(dir, 'out', 'posts', 'p.md'), 'utf8')).toContain(
        'a <!--[CDATA[ b ]]-->c',
      )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
