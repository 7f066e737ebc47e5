import { describe, expect, it } from 'vitest'
import { fromWordPress, readWordPress } from '../src/index.js'
import { readFixture } from './helpers.js'

const load = async () => fromWordPress(await readFixture('klartext.wxr.xml'), { file: 'klartext.wxr.xml' })

describe('fromWordPress', () => {
  it('should read posts and pages with their metadata', async () => {
    const result = await load()
    expect(result.site).toMatchObject({
      title: 'Klartext',
      language: 'sv-SE',
      wxrVersion: '1.2',
      link: 'https://klartext.example',
    })
    expect(result.site.authors.karin).toEqual({ name: 'Karin Öberg', email: 'karin@klartext.example' })
    expect(result.posts.map((p) => [p.source.postType, p.slug])).toEqual([
      ['post', 'när-krisen-kommer-första-timmen'],
      ['post', 'pressmeddelandet'],
      ['post', 'utkast-matning-som-betyder-nagot'],
      ['post', 'podden'],
      ['page', 'om'],
      ['post', 'lonesamtalet'],
    ])
    const [kris, press, draft, future, page, privat] = result.posts
    expect(kris).toMatchObject({
      id: 'när-krisen-kommer-första-timmen',
      title: 'När krisen kommer: den första timmen',
      author: 'Karin Öberg',
      tags: ['beredskap', 'krisledning'],
      categories: ['Kris'],
      lang: 'sv-SE',
      draft: false,
      description: 'Den första timmen avgör resten av krisen. Min lista.',
    })
    // Local time with the offset WordPress's two dates give (CET in March, CEST in June).
    expect(kris!.data.date).toBe('2019-03-14T21:07:00+01:00')
    expect(kris!.date.toISOString()).toBe('2019-03-14T20:07:00.000Z')
    expect(kris!.data.updated).toBe('2019-06-02T10:15:00+02:00')
    expect(kris!.source).toMatchObject({
      id: '10',
      disqusThreadId: '7001',
      link: 'https://klartext.example/2019/03/forsta-timmen/',
    })
    expect(press!.author).toBe('Mats Lind')
    expect(press!.data.wordpress).toMatchObject({ sticky: true, terms: { post_format: ['Aside'] } })
    expect(draft).toMatchObject({ draft: true, slug: 'utkast-matning-som-betyder-nagot' })
    expect(future).toMatchObject({ draft: false, source: { status: 'future' } })
    expect(future!.date.getTime()).toBeGreaterThan(Date.now())
    expect(page!.source.postType).toBe('page')
    expect(privat).toMatchObject({ draft: true, source: { status: 'private' } })
  })

  it('should turn bodies into Markdown with the excerpt marker, captions and shortcodes', async () => {
    const [kris, press, , future] = (await load()).posts
    const body = kris!.body
    expect(body).toContain(
      'Här är min lista, skriven efter tre kriser på två år.\n\n<!-- more -->\n\n## Innan telefonen ringer',
    )
    // wpautop: a single newline is a line break, a blank line a paragraph.
    expect(body).toContain('Ha en **beredskapslista** med namn och nummer.\\\nSkriv den på papper också.')
    expect(body).toContain(
      '[![Ett konferensrum med en whiteboard](https://klartext.example/wp-content/uploads/2019/03/krisrummet.jpg)](https://klartext.example/wp-content/uploads/2019/03/krisrummet.jpg)\n\n_Krisrummet på förra jobbet, strax efter midnatt._',
    )
    expect(body).toContain('![](https://klartext.example/wp-content/uploads/2019/03/whiteboard.jpg)')
    expect(body).toContain('> Vi vet ännu inte vad som hänt. Vi återkommer klockan 14.')
    expect(body).toContain('<https://www.youtube.com/watch?v=dQw4w9WgXcQ>')
    expect(body).toContain('```bash\ngrep -c "kris" rapport.txt && echo "<klart>"\n```')
    expect(body).toContain('<iframe src="https://kartor.example/embed?q=krisrum"')
    expect(body).toContain('\\[poll id="3"]')
    // Block editor content: block comments gone, table and strikethrough as GFM.
    expect(press!.body).toContain(
      'Varje år skickas fler än någonsin.\n\n<!-- more -->\n\n## Vad som faktiskt fungerar',
    )
    expect(press!.body).toContain('| Pressmeddelande | 12 % |')
    expect(press!.body).toContain('Det ~~gamla~~ formatet lever')
    expect(press!.body).not.toContain('wp:')
    expect(future!.body).toContain(
      '<audio controls src="https://klartext.example/wp-content/uploads/2031/01/trailer.mp3"></audio>',
    )
  })

  it('should keep comment threads, statuses, and pingbacks apart', async () => {
    const { comments, mentions } = await load()
    const byId = new Map(comments.map((c) => [c.id, c]))
    expect(comments).toHaveLength(7)
    expect(byId.get('wp-102')).toMatchObject({
      parentId: 'wp-101',
      status: 'approved',
      createdAt: '2019-03-15T07:30:00.000Z',
    })
    expect(byId.get('wp-103')!.status).toBe('deleted')
    expect(byId.get('wp-104')).toMatchObject({ parentId: 'wp-103', author: { name: 'Åsa Nyström' } })
    expect(byId.get('wp-104')!.author.url).toBeUndefined()
    expect(byId.get('wp-107')!.status).toBe('spam')
    expect(byId.get('wp-108')).toMatchObject({ status: 'pending', parentId: 'wp-102' })
    expect(byId.get('wp-101')!.author).toEqual({
      name: 'Henrik Sandberg',
      url: 'http://sandberg.example/?a=1&b=2',
      email: 'henrik@sandberg.example',
    })
    expect(byId.get('wp-101')!.body).toBe(
      'Tack för listan. Hur gör ni när krisen kommer mitt i natten?\n\nVi har ingen jour alls på _vår_ förvaltning.',
    )
    expect(mentions).toEqual([
      {
        id: 'wp-105',
        postId: 'när-krisen-kommer-första-timmen',
        type: 'pingback',
        title: 'Beredskapsbloggen',
        excerpt: '[…] Karin Öberg skriver om den första timmen […]',
        createdAt: '2019-03-16T11:00:00.000Z',
        status: 'approved',
        url: 'https://beredskap.example/2019/03/lankar/',
      },
      expect.objectContaining({ id: 'wp-106', type: 'trackback', status: 'pending' }),
    ])
    expect(comments.some((c) => c.id === 'wp-105' || c.id === 'wp-106')).toBe(false)
  })

  it('should list attachments per post and report what it could not convert', async () => {
    const { posts, attachments, warnings } = await load()
    expect(attachments.map((a) => a.id)).toEqual(['11', '12'])
    expect(posts[0]!.attachments.map((a) => a.url)).toEqual([
      'https://klartext.example/wp-content/uploads/2019/03/krisrummet.jpg',
      'https://klartext.example/wp-content/uploads/2019/03/whiteboard.jpg',
    ])
    expect(posts[0]!.data.image).toBe('https://klartext.example/wp-content/uploads/2019/03/krisrummet.jpg')
    expect(warnings.map((w) => [w.code, w.postId])).toEqual([
      ['unknown-shortcode', '10'],
      ['kept-html', '10'],
      ['invalid-url', '10'],
      ['missing-time-zone', '30'],
      ['skipped-items', undefined],
    ])
    expect(warnings[0]!.message).toBe('post 10: shortcode `[poll]` is not known: kept as written')
  })

  it('should read drafts without a GMT date in `timeZone`', async () => {
    const { posts, warnings } = await fromWordPress(await readFixture('klartext.wxr.xml'), {
      timeZone: 'Europe/Stockholm',
    })
    expect(posts[2]!.data.date).toBe('2024-11-30T16:45:00+01:00')
    expect(posts[2]!.date.toISOString()).toBe('2024-11-30T15:45:00.000Z')
    expect(warnings.some((w) => w.code === 'missing-time-zone')).toBe(false)
  })
})

describe('readWordPress', () => {
  it('should yield records as items complete, from chunks split anywhere (even inside a UTF-8 character)', async () => {
    const bytes = await readFixture('klartext.wxr.xml')
    async function* oneByteAtATime() {
      for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7)
    }
    const types: string[] = []
    let titles = ''
    for await (const record of readWordPress(oneByteAtATime())) {
      types.push(record.type)
      if (record.type === 'post') titles += `${record.post.title}\n`
    }
    expect(types.filter((t) => t === 'post')).toHaveLength(6)
    expect(types[0]).toBe('site')
    expect(titles).toContain('När krisen kommer: den första timmen')
    const whole = await fromWordPress(bytes)
    expect(titles.trim().split('\n')).toEqual(whole.posts.map((p) => p.title))
  })

  it('should make duplicate slugs unique and say so', async () => {
    const item = (id: number) =>
      `<item><title>Samma</title><wp:post_id>${id}</wp:post_id><wp:post_name>samma</wp:post_name><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_date>2020-01-01 10:00:00</wp:post_date><wp:post_date_gmt>2020-01-01 09:00:00</wp:post_date_gmt><content:encoded><![CDATA[Text]]></content:encoded></item>`
    const xml = `<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><wp:wxr_version>1.2</wp:wxr_version>${item(1)}${item(2)}</channel></rss>`
    const { posts, warnings } = await fromWordPress(xml)
    expect(posts.map((p) => p.slug)).toEqual(['samma', 'samma-2'])
    expect(warnings).toContainEqual({
      code: 'duplicate-slug',
      message: 'post 2: slug `samma` is taken: written as `samma-2`',
      postId: '2',
    })
  })

  it('should decode every HTML character reference in titles and names, not only a listed few', async () => {
    const xml = `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.2</wp:wxr_version><item><title>Caf&amp;eacute; &amp;copy; Jos&amp;#146;s &amp;hellip; &amp;#8217; &amp;frac12; &amp;copy</title><wp:post_id>1</wp:post_id><wp:post_name>t</wp:post_name><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_date>2020-01-01 10:00:00</wp:post_date><wp:post_date_gmt>2020-01-01 09:00:00</wp:post_date_gmt>
<wp:comment><wp:comment_id>9</wp:comment_id><wp:comment_author>Ren&amp;eacute;e &amp;amp; Bj&amp;ouml;rn</wp:comment_author><wp:comment_date_gmt>2020-01-02 10:00:00</wp:comment_date_gmt><wp:comment_content>Hej</wp:comment_content><wp:comment_approved>1</wp:comment_approved></wp:comment></item></channel></rss>`
    const { posts, comments } = await fromWordPress(xml)
    // `&#146;` is Windows-1252 for `’`, as HTML reads it; `&copy` without `;` stays as written.
    expect(posts[0]!.title).toBe('Café © Jos’s … ’ ½ &copy')
    expect(comments[0]!.author.name).toBe('Renée & Björn')
  })

  it('should keep a custom more text and noteaser in the front matter', async () => {
    const item = (id: number, content: string) =>
      `<item><title>T${id}</title><wp:post_id>${id}</wp:post_id><wp:post_name>t${id}</wp:post_name><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_date>2020-01-01 10:00:00</wp:post_date><wp:post_date_gmt>2020-01-01 09:00:00</wp:post_date_gmt><content:encoded><![CDATA[${content}]]></content:encoded></item>`
    const xml = `<rss xmlns:wp="http://wordpress.org/export/1.2/" xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><wp:wxr_version>1.2</wp:wxr_version>${item(1, 'Början<!--more Läs resten &amp; mer-->Slutet')}${item(2, 'Början<!--more--><!--noteaser-->Slutet')}${item(3, 'Början<!--more-->Slutet')}${item(4, 'Början<!--more-->Mitten <!-- en kommentar --> slutet')}</channel></rss>`
    const { posts } = await fromWordPress(xml)
    expect(posts.map((p) => p.body).slice(0, 3)).toEqual(Array(3).fill('Början\n\n<!-- more -->\n\nSlutet'))
    // The text up to a later HTML comment stays (the comment is kept as HTML).
    expect(posts[3]!.body).toMatch(/^Början\n\n<!-- more -->\n\nMitten .*slutet$/)
    const wordpress = posts.map((p) => p.data.wordpress as Record<string, unknown>)
    expect(wordpress[0]!.more_text).toBe('Läs resten & mer')
    expect(wordpress[0]!.noteaser).toBeUndefined()
    expect(wordpress[1]!.noteaser).toBe(true)
    expect(wordpress[1]!.more_text).toBeUndefined()
    expect(wordpress[2]).not.toHaveProperty('more_text')
  })

  it('should report a missing parent and make the reply top-level', async () => {
    const xml = `<rss xmlns:wp="http://wordpress.org/export/1.2/"><channel><wp:wxr_version>1.1</wp:wxr_version><item><title>T</title><wp:post_id>5</wp:post_id><wp:post_name>t</wp:post_name><wp:post_type>post</wp:post_type><wp:status>publish</wp:status><wp:post_date>2020-01-01 10:00:00</wp:post_date><wp:post_date_gmt>2020-01-01 10:00:00</wp:post_date_gmt>
<wp:comment><wp:comment_id>9</wp:comment_id><wp:comment_author>A</wp:comment_author><wp:comment_date_gmt>2020-01-02 10:00:00</wp:comment_date_gmt><wp:comment_content>Hej</wp:comment_content><wp:comment_approved>1</wp:comment_approved><wp:comment_parent>8</wp:comment_parent></wp:comment></item></channel></rss>`
    const { comments, warnings } = await fromWordPress(xml)
    expect(comments[0]).toEqual({
      id: 'wp-9',
      postId: 't',
      author: { name: 'A' },
      createdAt: '2020-01-02T10:00:00.000Z',
      body: 'Hej',
      status: 'approved',
    })
    expect(warnings.map((w) => w.code)).toEqual(['missing-parent'])
  })
})
