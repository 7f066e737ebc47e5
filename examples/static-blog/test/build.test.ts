import { existsSync } from 'node:fs'
import { cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { buildSite, manifestPath } from '../src/build.js'
import { defaultContentDir } from '../src/paths.js'

describe('buildSite', () => {
  let dir: string
  let content: string
  let out: string
  // With a cache: the second build restores parsed posts and the related index instead of redoing them.
  const build = () =>
    buildSite({
      contentDir: content,
      outDir: out,
      baseUrl: 'https://blog.example/',
      cacheDir: path.join(dir, 'cache'),
    })

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-build-'))
    content = path.join(dir, 'content')
    out = path.join(dir, 'out')
    await cp(defaultContentDir, content, { recursive: true })
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })
  /** Files copied from `images/` and `static/` (never rendered). */
  const copiedFiles = async () => {
    let count = 0
    for (const folder of ['images', 'static']) {
      const entries = await readdir(path.join(content, folder), {
        recursive: true,
        withFileTypes: true,
      }).catch(() => [])
      count += entries.filter((entry) => entry.isFile()).length
    }
    return count
  }

  it('should write every file on the first build, and nothing when nothing changed', async () => {
    const first = await build()
    expect(first.written).toBe(first.files)
    expect(existsSync(path.join(out, 'posts/newsletters-and-rss/index.html'))).toBe(true)
    expect(existsSync(path.join(out, 'images/rss.svg'))).toBe(true)
    expect(existsSync(path.join(dir, 'cache/related-lists.json'))).toBe(true)
    const second = await build()
    expect(second.files).toBe(first.files)
    expect(second.written).toBe(0)
    // Files whose renders read the same from their inputs as last time are not even rendered.
    expect(second.rendered).toBe(0)
    // The record of the build is kept in the cache folder, not in the folder that gets deployed.
    expect(existsSync(manifestPath(path.join(dir, 'cache'), out))).toBe(true)
  })

  it('should render a changed post again and write only what changed', async () => {
    const file = path.join(content, 'posts/newsletters-and-rss.md')
    await writeFile(file, `${await readFile(file, 'utf8')}\n\nA paragraph added by the rebuild test.\n`)
    const result = await build()
    expect(result.written).toBeGreaterThan(0)
    expect(result.written).toBeLessThan(result.files / 2)
    // Only the pages that read the post (its page and feeds, lists, neighbours, related) are rendered.
    expect(result.rendered).toBeGreaterThanOrEqual(result.written)
    expect(result.rendered).toBeLessThan(result.files / 2)
    expect(await readFile(path.join(out, 'posts/newsletters-and-rss/index.html'), 'utf8')).toContain(
      'A paragraph added by the rebuild test.',
    )
  })

  it('should render every page again when the settings change (URL helpers read them unseen)', async () => {
    const result = await buildSite({
      contentDir: content,
      outDir: out,
      baseUrl: 'https://other.example/',
      cacheDir: path.join(dir, 'cache'),
    })
    expect(result.rendered).toBe(result.files - (await copiedFiles()))
    const page = await readFile(path.join(out, 'posts/newsletters-and-rss/index.html'), 'utf8')
    expect(page).toContain('<link rel="canonical" href="https://other.example/posts/newsletters-and-rss/">')
    const back = await build()
    expect(back.rendered).toBe(back.files - (await copiedFiles()))
  })

  it('should write again a file deleted from the output folder, and only that one', async () => {
    await build()
    const feed = path.join(out, 'posts/newsletters-and-rss/comments.json')
    await rm(feed)
    const result = await build()
    expect(result.written).toBe(1)
    expect(existsSync(feed)).toBe(true)
    expect((await build()).written).toBe(0)
  })

  it('should take a damaged build record for none (render and write everything)', async () => {
    const record = manifestPath(path.join(dir, 'cache'), out)
    // Note: a first line of JSON, then a line per file.
    const [head, ...lines] = (await readFile(record, 'utf8')).split('\n')
    await writeFile(
      record,
      [JSON.stringify({ ...JSON.parse(head!), shapes: undefined }), ...lines].join('\n'),
    )
    const result = await build()
    expect(result.written).toBe(result.files)
    expect((await build()).rendered).toBe(0)
  })

  it('should delete the pages of a post that is gone', async () => {
    await rm(path.join(content, 'posts/newsletters-and-rss.md'))
    const result = await build()
    expect(result.site.posts).toHaveLength(13)
    expect(existsSync(path.join(out, 'posts/newsletters-and-rss/index.html'))).toBe(false)
    expect(existsSync(path.join(out, 'posts/newsletters-and-rss/comments.xml'))).toBe(false)
    expect(await readFile(path.join(out, 'sitemap.xml'), 'utf8')).not.toContain('newsletters-and-rss')
  })
})

describe('buildSite missing images', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-build-images-'))
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('should report missing images on every build, from the record for unchanged posts', async () => {
    const content = path.join(dir, 'content')
    await mkdir(path.join(content, 'images'), { recursive: true })
    const post = path.join(content, 'a.md')
    await writeFile(post, '---\ntitle: A\ndate: 2024-01-02\n---\n\n![A picture](/images/a.png)\n')
    const build = () =>
      buildSite({
        contentDir: content,
        outDir: path.join(dir, 'out'),
        baseUrl: 'https://blog.example/',
        cacheDir: path.join(dir, 'cache'),
      })
    const srcs = async () => (await build()).missingImages.map((image) => image.src)
    expect(await srcs()).toEqual(['/images/a.png'])
    // The post is unchanged: its images come from the record, and are still checked.
    expect(await srcs()).toEqual(['/images/a.png'])
    await writeFile(path.join(content, 'images/a.png'), 'png')
    expect(await srcs()).toEqual([])
    await writeFile(post, '---\ntitle: A\ndate: 2024-01-02\n---\n\n![Another](/images/b.png)\n')
    expect(await srcs()).toEqual(['/images/b.png'])
  })
})
