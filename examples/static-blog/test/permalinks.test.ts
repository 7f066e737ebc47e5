// Issue 23: site.json `permalink` patterns and the content folder's pages/ in the static build.
import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import type { Server } from 'node:http'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { SiteError } from '@blogkit/example-site'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { linksOf } from '../../../scripts/testing/moved-blog.js'
import { buildSite } from '../src/build.js'
import { startPreview } from '../src/preview.js'

const post = (title: string, extra = '') =>
  `---\ntitle: ${title}\n${extra}---\nText of ${title}, with [a link home](/).\n\n<!-- more -->\n\nMore.\n`

const posts: Record<string, string> = {
  'posts/2001-05-01-la-verite.md': post('La vérité 2001', 'tags: [vérité]\ncategories: [Essais]\n'),
  'posts/2003-07-01-la-verite.md': post('La vérité 2003', 'tags: [vérité]\ncategories: [Essais]\n'),
  'posts/2003-07-01-la-verite.comments.json': JSON.stringify([
    {
      id: 'c1',
      author: { name: 'Ada' },
      createdAt: '2003-07-02T10:00:00Z',
      body: 'Vrai.',
      status: 'approved',
    },
  ]),
  // 23:30 UTC on 31 December is 1 January in Stockholm: the site's time zone decides the date.
  'posts/new-year.md': post('New year', 'date: 2021-12-31T23:30:00Z\ntags: [vérité]\n'),
  'pages/about.md': post('About', 'menu: true\n'),
  'pages/team.md': post('Team', 'parent: about\n'),
}

async function writeContent(dir: string, files: Record<string, string>) {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
    await writeFile(path.join(dir, name), text)
  }
}

describe('a dated permalink pattern', () => {
  let dir: string
  let out: string
  let server: Server
  let base: string

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-permalink-'))
    out = path.join(dir, 'out')
    await mkdir(out)
    const site = { title: 'T', timeZone: 'Europe/Stockholm', permalink: '/:year/:month/:day/:slug/' }
    await writeContent(path.join(dir, 'content'), { ...posts, 'site.json': JSON.stringify(site) })
    ;({ server, url: base } = await startPreview({ dir: out, port: 0 }))
    await buildSite({ contentDir: path.join(dir, 'content'), outDir: out, baseUrl: base })
  })
  afterAll(async () => {
    await new Promise((resolve) => server?.close(resolve))
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('should write each post at its dated path, two posts with one slug too, and pages at theirs', () => {
    for (const file of [
      '2001/05/01/la-verite/index.html',
      '2003/07/01/la-verite/index.html',
      '2003/07/01/la-verite/comments.xml',
      '2022/01/01/new-year/index.html',
      'about/index.html',
      'about/team/index.html',
    ])
      expect(existsSync(path.join(out, file)), file).toBe(true)
    expect(existsSync(path.join(out, 'posts'))).toBe(false)
  })

  it('should point links, feeds, the sitemap, canonical and JSON-LD at the dated addresses', async () => {
    const home = await readFile(path.join(out, 'index.html'), 'utf8')
    expect(home).toContain('<a href="/2003/07/01/la-verite/">La vérité 2003</a>')
    expect(home).toContain('<li><a href="/about/">About</a></li>')
    const newer = await readFile(path.join(out, '2003/07/01/la-verite/index.html'), 'utf8')
    const url = new URL('/2003/07/01/la-verite/', base).href
    expect(newer).toContain(`<link rel="canonical" href="${url}">`)
    expect(newer).toContain(`"url":"${url}"`)
    expect(newer).toContain('rel="prev" href="/2001/05/01/la-verite/"')
    expect(newer).toContain('Vrai.')
    expect(newer).toMatch(/<a href="\/(2001\/05\/01\/la-verite|2022\/01\/01\/new-year)\/"/)
    expect(await readFile(path.join(out, '2001/05/01/la-verite/index.html'), 'utf8')).not.toContain('Vrai.')
    const feed = await readFile(path.join(out, 'feed.xml'), 'utf8')
    expect(feed).toContain(`<link>${url}</link>`)
    const sitemap = await readFile(path.join(out, 'sitemap.xml'), 'utf8')
    for (const at of ['/2001/05/01/la-verite/', '/2003/07/01/la-verite/', '/about/', '/about/team/'])
      expect(sitemap).toContain(`<loc>${new URL(at, base).href}</loc>`)
  })

  it('should link to nothing that is missing (a crawl from the home page)', async () => {
    const queue = ['/']
    const seen = new Set<string>()
    const broken: string[] = []
    while (queue.length > 0) {
      const address = queue.shift()!
      if (seen.has(address)) continue
      seen.add(address)
      const response = await fetch(new URL(address, base), { redirect: 'manual' })
      if (response.status !== 200) {
        broken.push(`${address}: ${response.status}`)
        continue
      }
      if (!(response.headers.get('content-type') ?? '').startsWith('text/html')) continue
      for (const link of linksOf(await response.text(), new URL(address, base).href)) {
        const target = new URL(link)
        if (target.origin === new URL(base).origin && !seen.has(target.pathname)) queue.push(target.pathname)
      }
    }
    expect(broken).toEqual([])
    expect(seen).toContain('/about/team/')
    expect(seen).toContain('/2001/05/01/la-verite/')
    expect(seen).toContain('/2003/07/01/la-verite/comments.xml')
  })
})

describe('pages/ in a rebuild with the cache', () => {
  it('should render a changed page again, and the menu of every page when its title changes', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-permalink-'))
    try {
      const content = path.join(dir, 'content')
      await writeContent(content, { 'site.json': '{ "permalink": "/:year/:slug/" }', ...posts })
      const build = () =>
        buildSite({ contentDir: content, outDir: path.join(dir, 'out'), cacheDir: path.join(dir, 'cache') })
      await build()
      expect((await build()).written).toBe(0)
      await writeFile(
        path.join(content, 'pages/team.md'),
        post('Team', 'parent: about\n').replace('Text', 'New text'),
      )
      const changed = await build()
      expect(changed.written).toBe(1)
      expect(await readFile(path.join(dir, 'out/about/team/index.html'), 'utf8')).toContain(
        'New text of Team',
      )
      await writeFile(path.join(content, 'pages/about.md'), post('About us', 'menu: true\n'))
      await build()
      for (const file of ['index.html', '2003/la-verite/index.html', 'about/team/index.html'])
        expect(await readFile(path.join(dir, 'out', file), 'utf8'), file).toContain(
          '<li><a href="/about/">About us</a></li>',
        )
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('/:category/:slug/ with categories of one slug (C, C++), in a rebuild with the cache', () => {
  /** Each file under `dir` with its text, by relative path. */
  const files = async (dir: string) => {
    const found: Record<string, string> = {}
    for (const entry of await readdir(dir, { recursive: true, withFileTypes: true }))
      if (entry.isFile()) {
        const file = path.join(entry.parentPath, entry.name)
        found[path.relative(dir, file).split(path.sep).join('/')] = await readFile(file, 'utf8')
      }
    return found
  }
  const categorized = (title: string, date: string, category: string) =>
    post(title, `date: ${date}\ncategories: [${category}]\n`)

  it('should put the posts in their archives’ folders, and move them as a clean build does when the slugs move', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-permalink-'))
    try {
      const content = path.join(dir, 'content')
      await writeContent(content, {
        'site.json': '{ "permalink": "/:category/:slug/" }',
        'posts/make.md': categorized('Make', '2023-05-01', 'C'),
        'posts/pointers.md': categorized('Pointers', '2024-02-01', 'C++'),
      })
      const options = { contentDir: content, baseUrl: 'https://blog.example/' }
      const build = () =>
        buildSite({ ...options, outDir: path.join(dir, 'out'), cacheDir: path.join(dir, 'cache') })
      await build()
      for (const file of ['c/make/index.html', 'c-2/pointers/index.html', 'categories/c-2/index.html'])
        expect(existsSync(path.join(dir, 'out', file)), file).toBe(true)
      // Note: a post dated before the others, in a third category of that slug: it takes `c`, and the
      // posts of C and C++ move (their files unchanged).
      await writeFile(path.join(content, 'posts/old.md'), categorized('Old', '2020-01-01', 'C#'))
      await build()
      await buildSite({ ...options, outDir: path.join(dir, 'clean'), clean: true })
      const incremental = await files(path.join(dir, 'out'))
      const moved = ['c/old/index.html', 'c-2/make/index.html', 'c-3/pointers/index.html']
      expect(Object.keys(incremental)).toEqual(expect.arrayContaining(moved))
      expect(existsSync(path.join(dir, 'out/c/make'))).toBe(false)
      expect(incremental).toEqual(await files(path.join(dir, 'clean')))
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})

describe('two posts with one slug under /posts/:slug/', () => {
  it('should be refused, naming both files and the address', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'blogkit-permalink-'))
    try {
      await writeContent(path.join(dir, 'content'), posts)
      const error = await buildSite({
        contentDir: path.join(dir, 'content'),
        outDir: path.join(dir, 'out'),
      }).catch((caught: unknown) => caught)
      expect(error).toBeInstanceOf(SiteError)
      const shown = (file: string) => path.relative(process.cwd(), path.join(dir, 'content', file))
      expect((error as Error).message).toBe(
        `${shown('posts/2001-05-01-la-verite.md')} and ${shown('posts/2003-07-01-la-verite.md')} both have the address /posts/la-verite/; give one a \`slug:\` or use a dated permalink pattern in ${shown('site.json')} (\`"permalink": "/:year/:month/:day/:slug/"\`)`,
      )
      expect(existsSync(path.join(dir, 'out', 'index.html'))).toBe(false)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })
})
