import { checkComments } from '@blogkit/comments'
import { describe, expect, it } from 'vitest'
import { fromDisqus, fromWordPress, ImportError } from '../src/index.js'
import { failure } from './helpers.js'

const wxr = (items: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/">\n<channel>\n<wp:wxr_version>1.2</wp:wxr_version>\n${items}</channel>\n</rss>\n`

describe('bad input', () => {
  it('should refuse entity declarations (billion laughs) before expanding anything', async () => {
    const laughs = `<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol9 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<rss><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>&lol9;</title></item></channel></rss>`
    const error = await failure(fromWordPress(laughs, { file: 'laughs.xml' }))
    expect(error).toBeInstanceOf(ImportError)
    expect(error.code).toBe('entity-declaration')
    expect(error.message).toMatch(
      /^laughs\.xml:7:2: The DOCTYPE declares entities; entity expansion \("billion laughs"\) is refused/,
    )
  })

  it('should refuse external entities and DTDs', async () => {
    const xxe = `<?xml version="1.0"?>\n<!DOCTYPE disqus SYSTEM "file:///etc/passwd">\n<disqus><thread dsq:id="1"><link>&xxe;</link></thread></disqus>`
    const error = await failure(fromDisqus(xxe, { file: 'xxe.xml' }))
    expect(error.code).toBe('external-entity')
    expect(error.message).toMatch(
      /^xxe\.xml:2:\d+: The DOCTYPE refers to an external DTD; external entities are refused/,
    )
    const inline = `<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><rss><channel><title>&xxe;</title></channel></rss>`
    expect((await failure(fromWordPress(inline))).code).toBe('entity-declaration')
  })

  it('should name the line and column of malformed XML', async () => {
    const broken = wxr('<item>\n  <title>Trasig</titel>\n</item>\n')
    const error = await failure(fromWordPress(broken, { file: 'export.xml' }))
    expect(error).toBeInstanceOf(ImportError)
    expect(error.code).toBe('malformed-xml')
    expect([error.line, error.column]).toEqual([6, 23])
    expect(String(error)).toMatch(/^export\.xml:6:23: XML is not well-formed: /)
    const html = await failure(
      fromWordPress(wxr('<item><title>A&nbsp;B</title></item>'), { file: 'nbsp.xml' }),
    )
    expect(html.message).toMatch(
      /^nbsp\.xml:5:20: XML is not well-formed: undefined entity \(only &amp; &lt;/,
    )
    // Note: saxes reads a bare `&` as the start of an entity name up to the next `;`, so the place is
    // where that ends (here the end of the file), not the `&` itself.
    const bare = await failure(fromWordPress(wxr('<item><title>A & B</title></item>'), { file: 'amp.xml' }))
    expect(bare.message).toMatch(/^amp\.xml:\d+:\d+: XML is not well-formed/)
    const cut = await failure(fromWordPress(wxr('<item><title>Avbruten').slice(0, -20), { file: 'cut.xml' }))
    expect(cut.code).toBe('malformed-xml')
    expect(cut.message).toMatch(/^cut\.xml:\d+:\d+: /)
  })

  it('should say what is missing when there is no channel', async () => {
    const error = await failure(fromWordPress('<rss version="2.0"></rss>', { file: 'x.xml' }))
    expect(error.code).toBe('missing-channel')
    expect(error.message).toBe(
      'x.xml:1:1: Expected `<channel>` inside `<rss>`: this is not a complete WordPress export',
    )
  })

  it('should tell a feed from a WordPress export', async () => {
    const feed =
      '<rss version="2.0"><channel><title>Blog</title><item><title>Post</title></item></channel></rss>'
    const error = await failure(fromWordPress(feed))
    expect(error.code).toBe('not-wordpress')
    expect(error.message).toContain('Tools → Export')
  })

  it('should refuse unknown formats and say which importer to use for the other one', async () => {
    expect((await failure(fromWordPress('<feed xmlns="http://www.w3.org/2005/Atom"/>'))).message).toContain(
      'Expected a WordPress export (WXR: `<rss>` with a `<channel>`), found root element `<feed>`',
    )
    const disqusAsWordPress = await failure(
      fromWordPress('<disqus xmlns="http://disqus.com"></disqus>', { file: 'd.xml' }),
    )
    expect(disqusAsWordPress.code).toBe('wrong-format')
    expect(disqusAsWordPress.message).toContain('blogkit-import disqus')
    const wordpressAsDisqus = await failure(fromDisqus(wxr('')))
    expect(wordpressAsDisqus.code).toBe('wrong-format')
    expect(wordpressAsDisqus.message).toContain('blogkit-import wordpress')
  })

  it('should say an empty file is empty', async () => {
    for (const empty of ['', '  \n\t\n', new Uint8Array(0)]) {
      const error = await failure(fromWordPress(empty, { file: 'empty.xml' }))
      expect(error.code).toBe('empty-file')
      expect(error.message).toBe(
        'empty.xml:1:1: The file is empty (or only white space): expected a WordPress (WXR) or Disqus XML export',
      )
    }
    expect((await failure(fromDisqus(''))).code).toBe('empty-file')
  })

  it('should refuse bytes that are not UTF-8 and other declared encodings', async () => {
    const latin1 = Buffer.concat([
      Buffer.from(wxr('<item><title>')),
      Buffer.from([0xe5, 0x3c]),
      Buffer.from('/title></item>'),
    ])
    expect((await failure(fromWordPress(latin1))).code).toBe('invalid-encoding')
    const declared = '<?xml version="1.0" encoding="ISO-8859-1"?><rss><channel></channel></rss>'
    const error = await failure(fromWordPress(declared))
    expect(error.code).toBe('unsupported-encoding')
    expect(error.message).toContain('iconv')
  })

  it('should throw a TypeError for a source of the wrong type and for a bad time zone', async () => {
    await expect(fromWordPress(42 as never)).rejects.toThrow(TypeError)
    await expect(fromWordPress(wxr(''), { timeZone: 'Mars/Olympus' })).rejects.toThrow(
      'Expected `timeZone` to be an IANA time zone such as `Europe/Stockholm`, got `Mars/Olympus`',
    )
  })

  it('should give author fields @blogkit/comments accepts, and say what it changed', async () => {
    const comment = `<wp:comment><wp:comment_id>1</wp:comment_id><wp:comment_author>${'x'.repeat(120)}</wp:comment_author><wp:comment_author_email>inte-en-adress</wp:comment_author_email><wp:comment_author_url>ftp://a.example/</wp:comment_author_url><wp:comment_date_gmt>2020-01-01 10:00:00</wp:comment_date_gmt><wp:comment_content></wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>`
    const xml = wxr(
      `<item><title>T</title><wp:post_id>1</wp:post_id><wp:post_name>t</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>${comment}</item>`,
    )
    const { comments, warnings } = await fromWordPress(xml)
    expect(comments[0]!.author).toEqual({ name: `${'x'.repeat(99)}…` })
    expect(comments[0]!.body).toBe('(empty)')
    expect(warnings.map((w) => w.code).sort()).toEqual([
      'empty-comment',
      'invalid-email',
      'invalid-url',
      'long-name',
      'missing-date',
      'missing-time-zone',
    ])
  })

  it('should import a name that shows nothing and a website a store refuses, saying what it did', async () => {
    const comment = (id: number, name: string, url: string) =>
      `<wp:comment><wp:comment_id>${id}</wp:comment_id><wp:comment_author>${name}</wp:comment_author><wp:comment_author_url>${url}</wp:comment_author_url><wp:comment_date_gmt>2020-01-01 10:00:00</wp:comment_date_gmt><wp:comment_date>2020-01-01 11:00:00</wp:comment_date><wp:comment_content>Hej</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>`
    const xml = wxr(
      `<item><title>T</title><wp:post_id>1</wp:post_id><wp:post_name>t</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>${comment(1, '\u200B\u200B', 'http://localhost/')}${comment(2, 'El\u200Bin', 'www.åsaöberg.example')}</item>`,
    )
    const { comments, warnings } = await fromWordPress(xml)
    expect(comments.map((c) => c.author)).toEqual([
      { name: 'Anonymous' },
      { name: 'Elin', url: 'https://www.xn--saberg-hua2l.example/' },
    ])
    expect(
      warnings
        .filter((w) => w.commentId !== undefined)
        .map((w) => `${w.code} ${w.commentId}`)
        .sort(),
    ).toEqual(['empty-name wp-1', 'invalid-url wp-1'])
    // What the import gives, a comments file takes (the same rules as a store's).
    expect(() => checkComments(comments)).not.toThrow()
  })
})
