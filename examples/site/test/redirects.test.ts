import { readdir, rm } from 'node:fs/promises'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { SiteError } from '../src/lib/errors.js'
import { loadSite } from '../src/lib/load-site.js'
import { renderSite } from '../src/lib/render-site.js'
import { writeContent } from './helpers.js'

const dirs: string[] = []
afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true })
})

const post = (title: string, date: string, aliases: string[] = [], more = '') =>
  `---\ntitle: ${title}\ndate: ${date}\n${aliases.length > 0 ? `aliases:\n${aliases.map((a) => `  - ${a}\n`).join('')}` : ''}${more}---\n\nText of ${title}.\n`

async function site(files: Record<string, string>) {
  const dir = await writeContent({ 'site.json': '{"baseUrl": "https://example.com/"}', ...files })
  dirs.push(dir)
  return loadSite({ contentDir: dir, now: new Date('2030-01-01') })
}

async function problems(files: Record<string, string>): Promise<string> {
  const error = await site(files).then(
    () => undefined,
    (caught: unknown) => caught as Error,
  )
  if (!error) throw new Error('expected the site to be refused')
  expect(error.name).toBe('SiteError')
  return error.message
}

describe('redirects', () => {
  it('should redirect each alias and redirects.json entry, and write a page, _redirects and redirects.json', async () => {
    const loaded = await site({
      'posts/moved.md': post('Moved', '2018-11-02', [
        '/2018/11/02/moved/',
        '/?p=42',
        '/old',
        '/posts/moved/',
      ]),
      'redirects.json': JSON.stringify({
        '/feed/': '/feed.xml',
        '/2018/11/02/moved/feed/': '/posts/moved/comments.rss',
      }),
    })
    expect(loaded.redirects.map(({ from, to, source }) => [from, to, path.basename(source)])).toEqual([
      ['/2018/11/02/moved/', '/posts/moved/', 'moved.md'],
      ['/?p=42', '/posts/moved/', 'moved.md'],
      ['/old', '/posts/moved/', 'moved.md'],
      ['/feed/', '/feed.xml', 'redirects.json'],
      ['/2018/11/02/moved/feed/', '/posts/moved/comments.rss', 'redirects.json'],
    ])
    const files = new Map([...renderSite(loaded)].map((file) => [file.path, file.body]))
    const page = files.get('/2018/11/02/moved/')
    expect(page).toContain('<meta http-equiv="refresh" content="0; url=https://example.com/posts/moved/">')
    expect(page).toContain('<link rel="canonical" href="https://example.com/posts/moved/">')
    expect(page).toContain('<meta name="robots" content="noindex">')
    expect(page).toContain('<a href="https://example.com/posts/moved/">Moved</a>')
    expect(page).not.toContain('<script')
    // `/old` (no extension) is written as a folder; an address with a query cannot have a file.
    expect(files.has('/old/')).toBe(true)
    expect([...files.keys()].some((key) => key.includes('?'))).toBe(false)
    expect(files.get('/_redirects')).toBe(
      [
        '# Old addresses of the blog and where they are now (written by the build).',
        '/2018/11/02/moved/ /posts/moved/ 301',
        '/old /posts/moved/ 301',
        '/feed/ /feed.xml 301',
        '/2018/11/02/moved/feed/ /posts/moved/comments.rss 301',
        '# Netlify: addresses with a query (Cloudflare Pages ignores these lines).',
        '/ p=42 /posts/moved/ 301!',
        '',
      ].join('\n'),
    )
    expect(JSON.parse(files.get('/redirects.json') ?? '')).toEqual({
      '/2018/11/02/moved/': '/posts/moved/',
      '/?p=42': '/posts/moved/',
      '/old': '/posts/moved/',
      '/feed/': '/feed.xml',
      '/2018/11/02/moved/feed/': '/posts/moved/comments.rss',
    })
  })

  it('should write no redirect files for a site without old addresses', async () => {
    const loaded = await site({ 'posts/a.md': post('A', '2020-01-01') })
    expect(loaded.redirects).toEqual([])
    const paths = [...renderSite(loaded)].map((file) => file.path)
    expect(paths).not.toContain('/_redirects')
    expect(paths).not.toContain('/redirects.json')
  })

  it("should refuse an alias that is another post's address, naming both files", async () => {
    const message = await problems({
      'posts/a.md': post('A', '2020-01-01', ['/posts/b/']),
      'posts/b.md': post('B', '2020-01-02'),
    })
    expect(message).toMatch(
      /posts\/a\.md:5:5: old address \/posts\/b\/ is the address of \S*posts\/b\.md: a redirect there would hide it/,
    )
  })

  it('should refuse an alias of a page of the site, also written differently (no slash, other case of %xx)', async () => {
    expect(await problems({ 'posts/a.md': post('A', '2020-01-01', ['/tags']) })).toContain(
      "old address /tags is the address of the site's /tags/",
    )
    expect(
      await problems({
        'posts/a.md': post('A', '2020-01-01'),
        'posts/b.md': post('Smörgås', '2020-01-02', ['/posts/a']),
      }),
    ).toMatch(/posts\/b\.md:5:5: old address \/posts\/a is the address of \S*posts\/a\.md/)
  })

  it('should refuse two posts with one alias, and an alias of redirects.json too, naming both', async () => {
    const message = await problems({
      'posts/a.md': post('A', '2020-01-01', ['/old/', '/?p=1']),
      'posts/b.md': post('B', '2020-01-02', ['/old/', '/?p=1']),
      'redirects.json': JSON.stringify({ '/old/': '/feed.xml' }),
    })
    // Posts are taken newest first: b.md's aliases are there when a.md's come.
    expect(message).toMatch(/posts\/a\.md:5:5: old address \/old\/ is also one of \S*posts\/b\.md:5:5:/)
    expect(message).toMatch(/posts\/a\.md:6:5: old address \/\?p=1 is also one of \S*posts\/b\.md:6:5:/)
    expect(message).toMatch(/redirects\.json:1:2: old address \/old\/ is also one of \S*posts\/b\.md:5:5:/)
  })

  it('should refuse redirects.json entries that point at nothing or are not paths', async () => {
    const message = await problems({
      'posts/a.md': post('A', '2020-01-01'),
      'redirects.json': JSON.stringify({ 'feed/': '/feed.xml', '/x/': 5 }),
    })
    expect(
      await problems({
        'posts/a.md': post('A', '2020-01-01'),
        'redirects.json': JSON.stringify({ '/feed/': '/gone.xml' }),
      }),
    ).toContain('redirects.json:1:2: /feed/ points at /gone.xml, which the site does not have')
    expect(message).toContain('redirects.json:1:2: "feed/": should be a path from the site’s root')
    expect(message).toContain('redirects.json:1:22: "/x/": 5 should be a path')
    expect(await problems({ 'redirects.json': '[1]' })).toContain('should hold a JSON object')
  })

  it("should refuse an alias outside the site's root", async () => {
    const dir = await writeContent({
      'site.json': '{"baseUrl": "https://example.com/blog/"}',
      'posts/a.md': post('A', '2020-01-01', ['/elsewhere/a/']),
    })
    dirs.push(dir)
    const error = await loadSite({ contentDir: dir }).catch((caught: Error) => caught)
    expect(String(error)).toContain("old address /elsewhere/a/ is not under the site's root /blog/")
  })

  it('should name the line and column of a repeated alias and of a bad redirects.json entry, also with posts from the cache', async () => {
    const dir = await writeContent({
      'site.json': '{"baseUrl": "https://example.com/"}',
      'posts/a.md': post('A', '2020-01-01', ['/kept/', '"/old/"']),
      'posts/b.md': '---\ntitle: B\ndate: 2020-01-02\naliases: [/b-old/, /old]\n---\n\nText of B.\n',
      'posts/c.md': post('C', '2020-01-03'),
      'pages/om.md': post('Om', '2020-01-01', ['/b-old/index.html']),
      'redirects.json': '{\n  "/feed/": "/feed.xml",\n  "/rss/": "/gone.xml"\n}\n',
    })
    dirs.push(dir)
    const shown = (file: string) => path.relative(process.cwd(), path.join(dir, file))
    const expected = [
      `${shown('posts/a.md')}:6:5: old address /old/ is also one of ${shown('posts/b.md')}:4:20: an address can lead to one place; remove it from one of them`,
      `${shown('pages/om.md')}:5:5: old address /b-old/index.html is also one of ${shown('posts/b.md')}:4:11: an address can lead to one place; remove it from one of them`,
      `${shown('redirects.json')}:3:3: /rss/ points at /gone.xml, which the site does not have: point it at a page or feed of the site`,
    ]
    const cacheDir = path.join(dir, '.cache')
    for (const run of ['parsed', 'from the cache']) {
      const error = await loadSite({ contentDir: dir, cacheDir, now: new Date('2030-01-01') }).then(
        () => undefined,
        (caught: unknown) => caught as SiteError,
      )
      expect(error?.name, run).toBe('SiteError')
      expect(error?.problems, run).toEqual(expected)
      expect(error?.places[0], run).toMatchObject({ file: shown('posts/a.md'), line: 6, column: 5 })
      expect(error?.places[2], run).toMatchObject({ file: shown('redirects.json'), line: 3, column: 3 })
      // Note: the posts are in the cache for the second run.
      expect((await readdir(path.join(cacheDir, 'posts'))).length).toBeGreaterThan(0)
    }
  })
})
