import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseRedirectsJson, postPath, redirectKey, siteTermSlugs } from '@blogkit/post'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { oldPathOf, samePath } from '../src/lib/addresses.js'
import { replaceAliases } from '../src/lib/import-wordpress.js'
import { createOldAddresses } from '../src/lib/old-addresses.js'
import type { ImportedPost } from '../src/lib/types.js'
import { fixture, run } from './helpers.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-import-addresses-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

/** A WordPress export of posts whose old addresses are `/:year/:month/:day/:slug/`, local time UTC+1. */
function dayPermalinkExport(): string {
  const item = (id: number, slug: string, date: string, category: string) => `<item>
<title>${slug}</title><link>https://old.example/blog/${date.slice(0, 10).replaceAll('-', '/')}/${slug}/</link>
<content:encoded><![CDATA[Text of ${slug}.]]></content:encoded>
<wp:post_id>${id}</wp:post_id><wp:post_date>${date}</wp:post_date>
<wp:post_date_gmt>${date.slice(0, 11)}${String(Number(date.slice(11, 13)) - 1).padStart(2, '0')}${date.slice(13)}</wp:post_date_gmt>
<wp:post_name>${slug}</wp:post_name><wp:status>publish</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="${category.toLowerCase()}"><![CDATA[${category}]]></category>
</item>`
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old</title><link>https://old.example/blog</link><language>en</language><wp:wxr_version>1.2</wp:wxr_version>
${item(1, 'first', '2018-11-02 00:30:00', 'News')}
${item(2, 'second', '2019-01-15 12:00:00', 'Notes')}
</channel></rss>`
}

/**
 * A WordPress export of a `/:category/:slug/` blog with categories `C` and `C++` (both `c`): `C` has the
 * oldest published post, so the site gives `C++` `c-2`. The newer post comes first; a draft (older than
 * all) is in `C++` only and a post scheduled for 2031 in `C#` (a third name of that slug).
 */
function categoryPermalinkExport(): string {
  const item = (
    id: number,
    slug: string,
    date: string,
    status: string,
    category: string,
    old: string,
  ) => `<item>
<title>${slug}</title><link>https://old.example/${old}/${slug}/</link>
<content:encoded><![CDATA[Text of ${slug}.]]></content:encoded>
<wp:post_id>${id}</wp:post_id><wp:post_date>${date}</wp:post_date><wp:post_date_gmt>${date}</wp:post_date_gmt>
<wp:post_name>${slug}</wp:post_name><wp:status>${status}</wp:status><wp:post_type>post</wp:post_type>
<category domain="category" nicename="${old}"><![CDATA[${category}]]></category>
</item>`
  return `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Old</title><link>https://old.example/</link><language>en</language><wp:wxr_version>1.2</wp:wxr_version>
${item(1, 'pointers', '2024-02-01 12:00:00', 'publish', 'C++', 'c-2')}
${item(2, 'make', '2023-05-01 12:00:00', 'publish', 'C', 'c')}
${item(3, 'sketch', '2000-01-01 12:00:00', 'draft', 'C++', 'c-2')}
${item(4, 'sharp', '2031-01-01 12:00:00', 'future', 'C#', 'c-3')}
</channel></rss>`
}

const frontMatter = async (file: string) => (await readFile(file, 'utf8')).split('\n---\n')[0] ?? ''

describe('old addresses (blogkit-import wordpress)', () => {
  it('should write each published post’s old path and ?p= link as aliases, and the old feeds in redirects.json', async () => {
    const { code, stderr } = await run(['wordpress', fixture('klartext.wxr.xml'), '--out', dir, '-q'])
    expect(code).toBe(0)
    const post = await frontMatter(path.join(dir, 'posts', 'pressmeddelandet.md'))
    expect(post).toContain('aliases:\n  - /2020/02/pressmeddelandet/\n  - /?p=20\nwordpress:')
    // Drafts (a private post here) had no public address.
    expect(await frontMatter(path.join(dir, 'posts', 'lonesamtalet.md'))).not.toContain('aliases')
    // A page keeps its address (`/om/` is where the site puts it) and gets its short links.
    expect(await frontMatter(path.join(dir, 'pages', 'om.md'))).toContain(
      'aliases:\n  - /?page_id=2\n  - /?p=2\n',
    )
    // The archives of published posts too; nothing of the post scheduled for 2031 (`podden`), which the
    // new site does not show yet.
    expect(JSON.parse(await readFile(path.join(dir, 'redirects.json'), 'utf8'))).toEqual({
      '/2019/': '/archive/2019/',
      '/2019/03/forsta-timmen/feed/': '/posts/n%C3%A4r-krisen-kommer-f%C3%B6rsta-timmen/comments.rss',
      '/2020/': '/archive/2020/',
      '/2020/02/pressmeddelandet/feed/': '/posts/pressmeddelandet/comments.rss',
      '/category/kris/': '/categories/kris/',
      '/category/pr/': '/categories/pr/',
      '/comments/feed/': '/feed.xml',
      '/feed/': '/feed.xml',
      '/feed/atom/': '/atom.xml',
      '/feed/rss2/': '/feed.xml',
      '/tag/beredskap/': '/tags/beredskap/',
      '/tag/krisledning/': '/tags/krisledning/',
      '/tag/pressmeddelanden/': '/tags/pressmeddelanden/',
    })
    // The slugs differ from the old addresses' (`forsta-timmen`): no pattern keeps them all.
    expect(stderr).toContain(
      '3 of 3 posts have a new address (permalink /posts/:slug/): their old ones are kept as `aliases` and redirect to them\n',
    )
    expect(stderr).not.toContain('--permalink')
    // A second run changes nothing.
    expect((await run(['wordpress', fixture('klartext.wxr.xml'), '--out', dir, '-q'])).stderr).toContain(
      '0 files created, 0 updated, 12 unchanged',
    )
  })

  it('should suggest the pattern that keeps every old address, with the time zone', async () => {
    const file = path.join(dir, 'export.xml')
    await writeFile(file, dayPermalinkExport())
    const out = path.join(dir, 'out')
    const { code, stderr } = await run(['wordpress', file, '--out', out])
    expect(code).toBe(0)
    expect(stderr).toContain(
      "2 of 2 posts have a new address (permalink /posts/:slug/): their old ones are kept as `aliases` and redirect to them. To keep every old address as it was, import with --permalink /:year/:month/:day/:slug/ --time-zone <the blog's zone>",
    )
    expect(await frontMatter(path.join(out, 'posts', 'first.md'))).toContain(
      'aliases:\n  - /blog/2018/11/02/first/\n  - /blog/?p=1\n',
    )
    const redirects = JSON.parse(await readFile(path.join(out, 'redirects.json'), 'utf8'))
    expect(redirects['/blog/2018/11/02/first/feed/']).toBe('/blog/posts/first/comments.rss')
    expect(redirects['/blog/feed/']).toBe('/blog/feed.xml')
  })

  it('should write no old path when --permalink keeps it (read in --time-zone), and put the pattern in site.json', async () => {
    const file = path.join(dir, 'export.xml')
    await writeFile(file, dayPermalinkExport())
    const out = path.join(dir, 'out')
    const args = ['wordpress', file, '--out', out, '--permalink', '/:year/:month/:day/:slug/']
    const { code, stderr } = await run([...args, '--time-zone', 'Europe/Stockholm'])
    expect(code).toBe(0)
    expect(stderr).not.toContain('new address')
    // 2018-11-02 00:30 in Stockholm is still 2018-11-01 in UTC: the zone decides the day.
    expect(await frontMatter(path.join(out, 'posts', 'first.md'))).toContain('aliases:\n  - /blog/?p=1\n')
    expect(JSON.parse(await readFile(path.join(out, 'site.json'), 'utf8'))).toMatchObject({
      permalink: '/:year/:month/:day/:slug/',
      timeZone: 'Europe/Stockholm',
    })
    expect(JSON.parse(await readFile(path.join(out, 'redirects.json'), 'utf8'))).toMatchObject({
      '/blog/2018/11/02/first/feed/': '/blog/2018/11/02/first/comments.rss',
    })
  })

  it('should give the posts of the second of two categories of one slug /c-2/, as the site does (:category)', async () => {
    const file = path.join(dir, 'export.xml')
    await writeFile(file, categoryPermalinkExport())
    const out = path.join(dir, 'out')
    const args = ['wordpress', file, '--out', out, '--permalink', '/:category/:slug/']
    const { code, stderr } = await run(args)
    expect(code).toBe(0)
    // Every address is kept (`C++`'s draft is older than `C`'s post, but a draft has no archive).
    expect(stderr).not.toContain('new address')
    expect(await frontMatter(path.join(out, 'posts', 'pointers.md'))).toContain(
      'aliases:\n  - /?p=1\nwordpress:',
    )
    expect(await frontMatter(path.join(out, 'posts', 'make.md'))).toContain('aliases:\n  - /?p=2\nwordpress:')
    expect(await frontMatter(path.join(out, 'posts', 'sharp.md'))).toContain(
      'aliases:\n  - /?p=4\nwordpress:',
    )
    const redirects = JSON.parse(await readFile(path.join(out, 'redirects.json'), 'utf8'))
    expect(redirects['/c-2/pointers/feed/']).toBe('/c-2/pointers/comments.rss')
    expect(redirects['/c/make/feed/']).toBe('/c/make/comments.rss')
    // The post scheduled for later is not on the site yet: nothing points at it.
    expect(redirects['/c-3/sharp/feed/']).toBeUndefined()
    // The same files as the site reads them: a second run changes nothing.
    expect((await run(args)).stderr).toContain('0 files created, 0 updated, 6 unchanged')
  })

  it('should count a post of the second category as moved when its old address had the bare slug', async () => {
    const file = path.join(dir, 'export.xml')
    await writeFile(
      file,
      categoryPermalinkExport().replace(
        'https://old.example/c-2/pointers/',
        'https://old.example/c/pointers/',
      ),
    )
    const out = path.join(dir, 'out')
    const { code, stderr } = await run(['wordpress', file, '--out', out, '--permalink', '/:category/:slug/'])
    expect(code).toBe(0)
    expect(stderr).toContain('1 of 3 posts have a new address (permalink /:category/:slug/)')
    expect(await frontMatter(path.join(out, 'posts', 'pointers.md'))).toContain(
      'aliases:\n  - /c/pointers/\n  - /?p=1\nwordpress:',
    )
    const redirects = JSON.parse(await readFile(path.join(out, 'redirects.json'), 'utf8'))
    expect(redirects['/c/pointers/feed/']).toBe('/c-2/pointers/comments.rss')
  })

  it('should redirect each old archive, by the export’s slugs (nicename), to the site’s archive (siteTermSlugs)', async () => {
    const out = path.join(dir, 'out')
    const { code, stderr } = await run(['wordpress', fixture('terms.wxr.xml'), '--out', out, '-q'])
    expect(code, stderr).toBe(0)
    const posts = [
      { date: new Date('2024-02-01T11:00:00Z'), categories: ['C++'], tags: ['C++', 'Fika'] },
      { date: new Date('2023-05-01T10:00:00Z'), categories: ['C'], tags: ['C', 'smörgås'] },
    ]
    // The site's rule gives these; the redirects follow it.
    expect(siteTermSlugs(posts, { by: 'category' })).toEqual(
      new Map([
        ['C', 'c'],
        ['C++', 'c-2'],
      ]),
    )
    expect(siteTermSlugs(posts, { by: 'tag' })).toEqual(
      new Map([
        ['C', 'c'],
        ['smörgås', 'smorgas'],
        ['C++', 'c-2'],
        ['Fika', 'fika'],
      ]),
    )
    const redirects = JSON.parse(await readFile(path.join(out, 'redirects.json'), 'utf8'))
    const archives = Object.entries(redirects).filter(([from]) => /^\/(category|tag)\//.test(from))
    expect(Object.fromEntries(archives)).toEqual({
      '/category/c/': '/categories/c/',
      '/category/c-plus-plus/': '/categories/c-2/',
      '/tag/c/': '/tags/c/',
      '/tag/cpp/': '/tags/c-2/',
      // The item names `Fika` without a slug: the channel's `<wp:tag>` has it.
      '/tag/fika-2/': '/tags/fika/',
      // As WordPress linked it and a browser requests it (percent-encoded UTF-8, as parseRedirectsJson keeps it).
      '/tag/sm%c3%b6rg%c3%a5s/': '/tags/smorgas/',
    })
    // The file reads back as it was written, and each old archive is the address a browser asks for.
    const entries = parseRedirectsJson(await readFile(path.join(out, 'redirects.json'), 'utf8'))
    expect(Object.fromEntries(entries.map((entry) => [entry.from, entry.to]))).toEqual(redirects)
    expect(redirectKey('/tag/sm%C3%B6rg%C3%A5s/')).toBe(redirectKey('/tag/sm%c3%b6rg%c3%a5s/'))
  })

  it('should guess the old archive of a term without a usable slug, and leave out an address two guesses share', async () => {
    const file = path.join(dir, 'export.xml')
    const xml = (await readFile(fixture('terms.wxr.xml'), 'utf8'))
      .replace(/<wp:(category|tag)>.*<\/wp:\1>\n/g, '')
      .replace('nicename="c-plus-plus"', 'nicename="../../feed"')
      .replace(
        'nicename="c"><![CDATA[C]]></category>\n\t\t<category domain="post_tag"',
        '><![CDATA[C]]></category>\n\t\t<category domain="post_tag"',
      )
    await writeFile(file, xml)
    const out = path.join(dir, 'out')
    const { code, stderr } = await run(['wordpress', file, '--out', out])
    expect(code, stderr).toBe(0)
    expect(stderr).toContain(
      'post 2: the category "C++" has the slug (nicename) "../../feed", which cannot be a segment of an address: its old archive is guessed from its name',
    )
    const redirects = JSON.parse(await readFile(path.join(out, 'redirects.json'), 'utf8'))
    // `C` and `C++` are both guessed `/category/c/`: which one had it is not known.
    expect(redirects['/category/c/']).toBeUndefined()
    expect(redirects['/tag/fika/']).toBe('/tags/fika/')
    expect(redirects['/tag/cpp/']).toBe('/tags/c-2/')
    expect(redirects['/feed/']).toBe('/feed.xml')
  })

  it('should write a post again with other aliases byte for byte as writing it with them', async () => {
    const { code } = await run(['wordpress', fixture('klartext.wxr.xml'), '--out', dir, '-q'])
    expect(code).toBe(0)
    for (const name of await readdir(path.join(dir, 'posts'))) {
      if (!name.endsWith('.md')) continue
      const text = await readFile(path.join(dir, 'posts', name), 'utf8')
      const data = parse(text.split('\n---\n')[0]!.slice(4)) as { aliases?: string[] }
      expect(replaceAliases(text, data.aliases ?? []), name).toBe(text)
      if (data.aliases) expect(replaceAliases(text, ['/x/']), name).toContain('aliases:\n  - /x/\nwordpress:')
    }
  })

  it('should read the pattern and zone of a site.json already there, and say when --permalink differs', async () => {
    const file = path.join(dir, 'export.xml')
    await writeFile(file, dayPermalinkExport())
    await writeFile(
      path.join(dir, 'site.json'),
      JSON.stringify({ permalink: '/:year/:month/:day/:slug/', timeZone: 'Europe/Stockholm' }),
    )
    expect((await run(['wordpress', file, '--out', dir])).stderr).not.toContain('new address')
    expect(await frontMatter(path.join(dir, 'posts', 'first.md'))).toContain('aliases:\n  - /blog/?p=1\n')
    const other = await run(['wordpress', file, '--out', dir, '--permalink', '/:slug/'])
    expect(other.code).toBe(0)
    expect(other.stderr).toContain(
      `${path.join(dir, 'site.json')}: its \`permalink\` is "/:year/:month/:day/:slug/"; the aliases were written for --permalink /:slug/: set "permalink": "/:slug/" in site.json`,
    )
  })

  it('should refuse a --permalink the site would refuse (exit 2, writing nothing)', async () => {
    for (const [pattern, problem] of [
      ['/:year/:title/', 'has an unknown placeholder `:title`'],
      ['/:year/', 'should have `:slug`'],
      [':slug/', 'should start and end with `/`'],
      ['/a b/:slug/', 'has `/a b/`: only letters, digits'],
    ] as const) {
      const result = await run([
        'wordpress',
        fixture('klartext.wxr.xml'),
        '--out',
        dir,
        '--permalink',
        pattern,
      ])
      expect(result.code, pattern).toBe(2)
      expect(result.stderr, pattern).toContain(`--permalink: ${problem}`)
    }
    expect(await readFile(path.join(dir, 'site.json'), 'utf8').catch(() => 'none')).toBe('none')
  })
})

describe('addresses', () => {
  it('should see a post as unmoved exactly when its old path is the one the site gives it (postPath)', () => {
    const base = { title: 'T', draft: false, tags: [], lang: 'sv', body: '', data: {}, attachments: [] }
    const posts = [
      { slug: 'smörgås', date: new Date('2021-12-31T23:30:00Z'), categories: ['Sociala medier'] },
      { slug: 'utan', date: new Date('2021-04-02T00:10:00Z'), categories: [] },
      { slug: 'tecken', date: new Date('2019-07-01T12:00:00Z'), categories: ['日本語', '!!!'] },
    ]
    const patterns = ['/posts/:slug/', '/:year/:month/:day/:slug/', '/:category/:slug/', '/n-:year/:slug/']
    for (const timeZone of ['UTC', 'Europe/Stockholm', 'America/Los_Angeles'])
      for (const permalink of patterns)
        for (const [index, fields] of posts.entries()) {
          const site = postPath(fields, { permalink, root: '/blog/', timeZone })
          const post: ImportedPost = {
            ...base,
            ...fields,
            id: fields.slug,
            source: { type: 'wordpress', id: String(index), postType: 'post', status: 'publish' },
          }
          const addresses = createOldAddresses({ permalink, timeZone, now: new Date('2030-01-01') })
          addresses.setSite('https://old.example/blog/')
          const at = `${permalink} ${timeZone} ${fields.slug}`
          post.source.link = `https://old.example${site}`
          expect(addresses.postAliases(post), at).toEqual([`/blog/?p=${index}`])
          // Note: a URL's path is percent-encoded (`日本語`): the redirect is from the old path as a server sees it.
          expect(addresses.redirects()[`${oldPathOf(post.source.link)}feed/`], at).toBe(`${site}comments.rss`)
          post.source.link = 'https://old.example/blog/elsewhere/'
          expect(addresses.postAliases(post), at).toEqual(['/blog/elsewhere/', `/blog/?p=${index}`])
        }
  })

  it('should compare paths as a server finds files', () => {
    expect(samePath('/sm%c3%b6rg%c3%a5s/', '/sm%C3%B6rg%C3%A5s/')).toBe(true)
    expect(samePath('/a/', '/b/')).toBe(false)
    expect(oldPathOf('https://example.com/?p=1')).toBe('/?p=1')
    expect(oldPathOf('not a url')).toBeUndefined()
  })
})
