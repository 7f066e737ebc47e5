import { cp, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSite, relatedStamp, type Site, siteSettled } from '../src/index.js'
import { contentDir } from './helpers.js'

// The cache folder of `loadSite` is the packages' (@blogkit/post's parsed posts, the related lists and
// index of @blogkit/related/incremental, tested there); this is how the site composes them.

/** Every post's related list as the site shows it: ids, rounded scores and reasons. */
const relatedOf = (site: Site) =>
  Object.fromEntries(
    site.posts.map((item) => [
      item.post.slug,
      item.related.map((link) => [
        link.post.post.slug,
        link.score.toFixed(4),
        link.reasons.tags,
        link.reasons.terms,
      ]),
    ]),
  )

/** Is the field still the cached post's getter (never read, so never decoded)? */
const unread = (site: Site, field: string) =>
  site.posts.every((item) => Object.getOwnPropertyDescriptor(item.post, field)?.get !== undefined)

describe('loadSite with a cache folder', () => {
  let dir: string
  let content: string
  const post = (slug: string) => path.join(content, 'posts', `${slug}.md`)
  const load = async (cacheDir?: string) => {
    const site = await loadSite({
      contentDir: content,
      baseUrl: 'https://blog.example/',
      ...(cacheDir === undefined ? {} : { cacheDir: path.join(dir, cacheDir) }),
    })
    await siteSettled(site)
    return site
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-site-cache-'))
    content = path.join(dir, 'content')
    await cp(contentDir, content, { recursive: true })
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('should not read unchanged posts, and notice a changed one (also one whose mtime was put back)', async () => {
    // Note: a file changed less than 2 s before the load that recorded it is not trusted by its stat.
    await sleep(2100)
    const first = await load('cache')
    expect(relatedOf(first)).toEqual(relatedOf(await load()))
    const second = await load('cache')
    expect(unread(second, 'html')).toBe(true)
    expect(unread(second, 'text')).toBe(true)
    expect(unread(second, 'images')).toBe(true)
    expect(relatedOf(second)).toEqual(relatedOf(first))

    // Same size, the old mtime put back: the ctime (and the racy window) still tell.
    const file = post('newsletters-and-rss')
    const before = await stat(file)
    const text = await readFile(file, 'utf8')
    const changed = text.replace('RSS', 'XYZ')
    expect(changed).not.toBe(text)
    expect(Buffer.byteLength(changed)).toBe(before.size)
    await writeFile(file, changed)
    await utimes(file, before.atime, before.mtime)
    const third = await load('cache')
    const item = third.bySlug.get('newsletters-and-rss')!
    expect(`${item.post.title} ${item.post.text}`).toContain('XYZ')
    await writeFile(file, text)
  })

  it("should make each post's related links when first read, with a stamp that says when they are the same (a post's tags changed)", async () => {
    const stamps = (site: Site) => new Map(site.posts.map((item) => [item.id, relatedStamp(item)]))
    const made = (site: Site) =>
      site.posts.filter((item) => 'value' in Object.getOwnPropertyDescriptor(item, 'related')!)
    const first = await load('lazy')
    const before = stamps(first)
    expect([...before.values()].every((stamp) => typeof stamp === 'string')).toBe(true)
    const again = await load('lazy')
    // Not made by loading (a getter), and the same stamps: nothing changed.
    expect(made(again)).toEqual([])
    expect(stamps(again)).toEqual(before)
    expect(relatedOf(again)).toEqual(relatedOf(first))
    // A post whose tags and words change enters or leaves other lists: those stamps change, not others.
    const file = post('newsletters-and-rss')
    const text = await readFile(file, 'utf8')
    await writeFile(file, text.replace(/^tags: .*$/m, 'tags: [tillgänglighet, klarspråk]'))
    try {
      const changed = await load('lazy')
      const after = stamps(changed)
      const differ = [...after].filter(([id, stamp]) => before.get(id) !== stamp).map(([id]) => id)
      expect(differ.length).toBeGreaterThan(0)
      expect(differ.length).toBeLessThan(after.size)
      for (const item of changed.posts)
        if (!differ.includes(item.id))
          expect(relatedOf({ ...changed, posts: [item] })).toEqual(
            relatedOf({ ...first, posts: [first.bySlug.get(item.id)!] }),
          )
      // Links set by hand have no stamp (it would not stand for them).
      const item = changed.posts[0]!
      item.related = []
      expect(relatedStamp(item)).toBeUndefined()
    } finally {
      await writeFile(file, text)
    }
  })
})
