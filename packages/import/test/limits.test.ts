import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fromDisqus, fromWordPress } from '../src/index.js'
import { safeSlug } from '../src/lib/file-names.js'
import { limitNesting } from '../src/lib/html-nesting.js'
import { type ConversionProblem, createHtmlConverter } from '../src/lib/html-to-markdown.js'
import { failure, run } from './helpers.js'

const wxr = (items: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/">\n<channel>\n<title>Blogg</title>\n<wp:wxr_version>1.2</wp:wxr_version>\n${items}</channel>\n</rss>\n`
const item = (id: number, name: string, body = 'Hej') =>
  `<item><title>Inlägg ${id}</title><wp:post_id>${id}</wp:post_id><wp:post_name>${name}</wp:post_name><wp:post_date>2020-01-01 11:00:00</wp:post_date><wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt><wp:status>publish</wp:status><wp:post_type>post</wp:post_type><content:encoded><![CDATA[${body}]]></content:encoded></item>\n`

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-import-limits-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('HTML nested too deep for the converter', () => {
  it('should unwrap elements below level 256 and say so, instead of overflowing the stack', () => {
    const convert = createHtmlConverter()
    const problems: ConversionProblem[] = []
    const html = `${'<div>'.repeat(200_000)}djupt <img src="/a.png" alt="bild">${'</div>'.repeat(200_000)}<p>Efter</p>`
    expect(convert(html, { autop: true, shortcodes: true }, (p) => problems.push(p))).toBe(
      'djupt ![bild](/a.png)\n\nEfter',
    )
    expect(problems).toEqual([
      {
        code: 'deep-html',
        message:
          'HTML nested 200000 levels deep: elements below level 256 were unwrapped (their text and images kept)',
      },
    ])
  })

  it('should count depth like the HTML parser: void elements, implied ends, raw text', () => {
    expect(limitNesting(`<ul>${'<li>punkt'.repeat(1000)}</ul>`, 256).depth).toBe(2)
    expect(limitNesting(`${'<p>stycke'.repeat(1000)}`, 256).depth).toBe(1)
    expect(limitNesting(`<table>${'<tr><td>a<td>b'.repeat(500)}</table>`, 256).depth).toBe(3)
    expect(
      limitNesting(`${'<br><img src=x><hr>'.repeat(1000)}<script>${'<div>'.repeat(1000)}</script>`, 256)
        .depth,
    ).toBe(1)
    expect(limitNesting(`${'<div><!-- <div> -->'.repeat(10)}`, 256).depth).toBe(10)
    const quotes = limitNesting(`${'<blockquote>'.repeat(300)}citat${'</blockquote>'.repeat(300)}`, 256)
    expect(quotes.depth).toBe(300)
    expect(quotes.html).toBe(`${'<blockquote>'.repeat(256)}citat${'</blockquote>'.repeat(256)}`)
  })
})

describe('slugs that cannot name a file', () => {
  it('should make safe file names, deterministically, and report each change', async () => {
    const names = [
      '.bashrc',
      '..',
      '.',
      'con',
      'Nul.txt',
      'b%00c',
      'a%01b',
      'a|b*c',
      'punkt.',
      `${'å'.repeat(150)}`,
    ]
    const { posts, warnings } = await fromWordPress(wxr(names.map((name, i) => item(i + 1, name)).join('')))
    expect(posts.map((p) => p.slug)).toEqual([
      'bashrc',
      'inlagg-2',
      'inlagg-3',
      'con-4',
      'Nul.txt-5',
      'bc',
      'ab',
      'a-b-c',
      'punkt',
      'å'.repeat(100),
    ])
    expect(warnings.filter((w) => w.code === 'unsafe-slug').map((w) => w.message)).toEqual([
      'post 1: slug ".bashrc" cannot name a file (leading and trailing dots removed): written as `bashrc`',
      'post 2: slug ".." cannot name a file (leading and trailing dots removed): written as `inlagg-2`',
      'post 3: slug "." cannot name a file (leading and trailing dots removed): written as `inlagg-3`',
      'post 4: slug "con" cannot name a file (a name Windows reserves): written as `con-4`',
      'post 5: slug "Nul.txt" cannot name a file (a name Windows reserves): written as `Nul.txt-5`',
      'post 6: slug "b\\u0000c" cannot name a file (control characters removed): written as `bc`',
      'post 7: slug "a\\u0001b" cannot name a file (control characters removed): written as `ab`',
      'post 8: slug "a|b*c" cannot name a file (`<>:"/\\|*` replaced): written as `a-b-c`',
      'post 9: slug "punkt." cannot name a file (leading and trailing dots removed): written as `punkt`',
      `post 10: slug "${'å'.repeat(150)}" cannot name a file (cut to 200 bytes): written as \`${'å'.repeat(100)}\``,
    ])
    expect(safeSlug('..', '2')).toEqual(safeSlug('..', '2'))
  })

  it('should tell slugs apart that differ only in case, as macOS and Windows file systems do not', async () => {
    const { posts, warnings } = await fromWordPress(wxr(item(1, 'Hej') + item(2, 'hej')))
    expect(posts.map((p) => p.slug)).toEqual(['Hej', 'hej-2'])
    expect(warnings.map((w) => w.code)).toEqual(['duplicate-slug'])
  })

  it('should keep a Disqus thread link from naming a file outside disqus-unmatched/', async () => {
    await mkdir(path.join(dir, 'out'))
    const file = path.join(dir, 'disqus.xml')
    await writeFile(
      file,
      `<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
<thread dsq:id="5"><id/><link>https://b.example/%2E%2E%2F%2E%2E%2F%2E%2E%2Fevil</link></thread>
<post dsq:id="6"><id/><message>Hej</message><createdAt>2021-03-01T12:00:00Z</createdAt><author><name>Bo</name></author><thread dsq:id="5"/></post>
</disqus>`,
    )
    const result = await run(['disqus', file, '--out', path.join(dir, 'out'), '-q'])
    expect(result.code).toBe(0)
    expect(await readdir(path.join(dir, 'out', 'disqus-unmatched'))).toEqual(['-..-..-evil.comments.json'])
    expect(await readdir(dir)).toEqual(['disqus.xml', 'out'])
  })
})

describe('an export that fails halfway', () => {
  it('should leave the output folder as it was: files are moved into place only after the whole export was read', async () => {
    const file = path.join(dir, 'broken.xml')
    // Note: the damage is in the second 64 KB chunk; the post of the first was written before it.
    const long = 'Ett långt stycke.\n\n'.repeat(4000)
    await writeFile(
      file,
      wxr(item(1, 'forsta') + item(2, 'andra', long)).replace('</channel>', '<trasig></channel>'),
    )
    const fresh = await run(['wordpress', file, '--out', path.join(dir, 'new', 'out')])
    expect(fresh.code).toBe(1)
    expect(fresh.stderr).toMatch(/broken\.xml:\d+:\d+: XML is not well-formed/)
    expect(await readdir(dir)).toEqual(['broken.xml'])

    const out = path.join(dir, 'out')
    await mkdir(path.join(out, 'posts'), { recursive: true })
    await writeFile(path.join(out, 'posts', 'forsta.md'), 'mine\n')
    expect((await run(['wordpress', file, '--out', out])).code).toBe(1)
    expect(await readdir(out)).toEqual(['posts'])
    expect(await readdir(path.join(out, 'posts'))).toEqual(['forsta.md'])
    expect(await readFile(path.join(out, 'posts', 'forsta.md'), 'utf8')).toBe('mine\n')
  })

  it('should write a deeply nested post and nothing else odd (no stack overflow after site.json)', async () => {
    const file = path.join(dir, 'deep.xml')
    await writeFile(
      file,
      wxr(item(1, 'a') + item(2, 'djup', `${'<div>'.repeat(20_000)}x${'</div>'.repeat(20_000)}`)),
    )
    const result = await run(['wordpress', file, '--out', path.join(dir, 'out')])
    expect(result.code).toBe(0)
    expect(result.stderr).toContain('post 2: HTML nested 20000 levels deep')
    expect((await readdir(path.join(dir, 'out', 'posts'))).sort()).toEqual(['a.md', 'djup.md'])
  })
})

describe('one huge record', () => {
  it('should refuse a text over `maxTextSize` at its element, before converting it', async () => {
    const xml = wxr(item(1, 'liten') + item(2, 'stor', 'x'.repeat(5000)))
    const error = await failure(fromWordPress(xml, { file: 'stor.xml', maxTextSize: 4000 }))
    expect(error.code).toBe('too-large')
    expect(String(error)).toMatch(
      /^stor\.xml:7:\d+: `<content:encoded>` holds a text over 0\.004 MB: the limit that keeps the import's memory bounded \(`maxTextSize`, `--max-text-size`, default 4 MB/,
    )
    // Text split by child elements adds up; a whole record may hold 16 times the limit.
    const split = wxr(
      item(1, 'delad', `${'y'.repeat(300)}<br/>`.repeat(20))
        .replace('<![CDATA[', '')
        .replace(']]>', ''),
    )
    expect((await failure(fromWordPress(split, { maxTextSize: 4000 }))).code).toBe('too-large')
    const comments = Array.from(
      { length: 20 },
      (_, i) =>
        `<wp:comment><wp:comment_id>${i + 1}</wp:comment_id><wp:comment_content>${'z'.repeat(3900)}</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment>`,
    ).join('')
    const record = await failure(
      fromWordPress(wxr(item(1, 'tråd').replace('</item>', `${comments}</item>`)), { maxTextSize: 4000 }),
    )
    expect(record.code).toBe('too-large')
    expect(record.message).toMatch(/^6:\d+: `<item>` is over 0\.064 MB/)
    expect((await fromWordPress(xml, { maxTextSize: 5000 })).posts).toHaveLength(2)
    await expect(fromDisqus('<disqus/>', { maxTextSize: 0 })).rejects.toThrow(TypeError)
  })

  it('should take the limit from `--max-text-size` on the command line', async () => {
    const file = path.join(dir, 'stor.xml')
    await writeFile(file, wxr(item(1, 'stor', 'x'.repeat(20_000))))
    const refused = await run(['wordpress', file, '--out', path.join(dir, 'out'), '--max-text-size', '0.01'])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toMatch(/stor\.xml:6:\d+: `<content:encoded>` holds a text over 0\.01 MB/)
    const bad = await run(['wordpress', file, '--out', path.join(dir, 'out'), '--max-text-size', 'lots'])
    expect(bad.code).toBe(2)
    expect(bad.stderr).toContain('--max-text-size: expected a number of megabytes such as 16')
    expect(
      (await run(['wordpress', file, '--out', path.join(dir, 'out'), '--max-text-size', '1'])).code,
    ).toBe(0)
  })
})
