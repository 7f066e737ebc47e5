import { cp, mkdtemp, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import v8 from 'node:v8'
import { fromJSON } from '@blogkit/related'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { loadSite, postFingerprint, type Site } from '../src/index.js'
import { computePostDigests, postDigests } from '../src/lib/fingerprint.js'
import { relatedCacheLimits } from '../src/lib/related-cache.js'
import { contentDir } from './helpers.js'

// The cache folder of `loadSite`: post digests kept per post file (so that unchanged posts are not
// read), and the related lists and index with their journal.

const defaults = { ...relatedCacheLimits }
afterEach(() => {
  Object.assign(relatedCacheLimits, defaults)
})

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
  const load = (cacheDir: string) =>
    loadSite({ contentDir: content, baseUrl: 'https://blog.example/', cacheDir: path.join(dir, cacheDir) })

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
    const first = await load('digests')
    const second = await load('digests')
    expect(unread(second, 'html')).toBe(true)
    expect(unread(second, 'text')).toBe(true)
    expect(unread(second, 'images')).toBe(true)
    for (const item of second.posts) {
      expect(postDigests(item.post)).toEqual(computePostDigests(item.post))
      expect(postFingerprint(second, item)).toBe(postFingerprint(first, first.bySlug.get(item.post.slug)!))
    }

    // Same size, the old mtime put back: the ctime (and the racy window) still tell.
    const file = post('newsletters-and-rss')
    const before = await stat(file)
    const text = await readFile(file, 'utf8')
    const changed = text.replace('RSS', 'XYZ')
    expect(changed).not.toBe(text)
    expect(Buffer.byteLength(changed)).toBe(before.size)
    await writeFile(file, changed)
    await utimes(file, before.atime, before.mtime)
    const third = await load('digests')
    const item = third.bySlug.get('newsletters-and-rss')!
    expect(`${item.post.title} ${item.post.text}`).toContain('XYZ')
    expect(postDigests(item.post)).toEqual(computePostDigests(item.post))
    expect(postFingerprint(third, item)).not.toBe(
      postFingerprint(second, second.bySlug.get('newsletters-and-rss')!),
    )
    await writeFile(file, text)
  })

  it('should give the same related lists with the journal as when the index is saved whole each time', async () => {
    await rm(path.join(dir, 'journal'), { recursive: true, force: true })
    await rm(path.join(dir, 'whole'), { recursive: true, force: true })
    const both = async () => {
      relatedCacheLimits.changesShare = 1
      relatedCacheLimits.listsShare = 1
      const journal = await load('journal')
      relatedCacheLimits.changesShare = 0
      const whole = await load('whole')
      expect(relatedOf(journal)).toEqual(relatedOf(whole))
      return journal
    }
    const start = await both()
    const listed = (site: Site) =>
      site.bySlug.get('social-media-guidelines-people-read')!.related.map((link) => link.post.post.slug)
    expect(listed(start)).not.toContain('newsletters-and-rss')
    const journalFile = path.join(dir, 'journal', 'related-journal.bin')
    const changes: Array<() => Promise<void>> = [
      // A body and tags changed so that the post enters other posts' lists.
      async () => {
        const file = post('newsletters-and-rss')
        const text = await readFile(file, 'utf8')
        await writeFile(
          file,
          `${text
            .replace(/^tags: .*$/m, 'tags: [social media, guidelines, employees]')
            .replace(
              /^categories: .*$/m,
              'categories: [Sociala medier]',
            )}\n\nSocial media guidelines that employees read: short guidelines, examples, social media.\n`,
        )
      },
      async () => {
        await writeFile(
          post('a-new-post'),
          '---\ntitle: "Holding statements for newsletters"\ndate: 2024-06-01T10:00:00Z\nlang: en\ntags: [newsletters, crisis communication]\ncategories: [Webb]\n---\n\nA post added by the test about newsletters, RSS and holding statements in a crisis.\n',
        )
      },
      async () => {
        await rm(post('sluta-mata-rackvidd'))
      },
    ]
    for (const change of changes) {
      await change()
      await both()
      expect((await stat(journalFile)).size).toBeGreaterThan(0)
    }
    expect((await load('journal')).bySlug.has('sluta-mata-rackvidd')).toBe(false)
    expect(listed(await load('journal'))).toContain('newsletters-and-rss')

    // Past the limits, the journal is folded into the saved lists and index, and deleted.
    relatedCacheLimits.changesShare = 0
    await writeFile(post('a-new-post'), (await readFile(post('a-new-post'), 'utf8')).replace('RSS', 'feeds'))
    const folded = await load('journal')
    await expect(stat(journalFile)).rejects.toThrow()
    const whole = await load('whole')
    expect(relatedOf(folded)).toEqual(relatedOf(whole))
  })

  it('should rank afresh, not fail, when the saved index is damaged or has a format this version cannot read', async () => {
    const cache = path.join(dir, 'format')
    const file = post('newsletters-and-rss')
    await load('format')
    const lists = JSON.parse(await readFile(path.join(cache, 'related-lists.json'), 'utf8'))
    // Saved by another version of @blogkit/related (format 1 is what versions before the saved state
    // wrote; 999 a future one), with the right generation; and a damaged file.
    const indexOfVersion = (version: number) =>
      v8.serialize({
        generation: lists.generation,
        index: { format: 'blogkit-related', version, options: {}, terms: [], surfaces: [], docs: [] },
      })
    const unreadable = [indexOfVersion(1), indexOfVersion(999), Buffer.from('not an index')]
    for (const [n, bytes] of unreadable.entries()) {
      await writeFile(path.join(cache, 'related-index.bin'), bytes)
      await writeFile(file, `${await readFile(file, 'utf8')}\n\nOne more paragraph (${n}).\n`)
      const site = await load('format')
      const fresh = await loadSite({ contentDir: content, baseUrl: 'https://blog.example/' })
      expect(relatedOf(site)).toEqual(relatedOf(fresh))
      // The index was saved again, in the format of this version.
      const saved = v8.deserialize(await readFile(path.join(cache, 'related-index.bin')))
      expect(saved.generation).not.toBe(lists.generation)
      expect(() => fromJSON(saved.index)).not.toThrow()
    }
  })

  it('should rank afresh when the saved lists were ranked with other @blogkit/related options (another version)', async () => {
    const cache = path.join(dir, 'options')
    await load('options')
    const listsFile = path.join(cache, 'related-lists.json')
    const lists = JSON.parse(await readFile(listsFile, 'utf8'))
    expect(JSON.parse(lists.options).maxTerms).toBeGreaterThan(0)
    // Lists of an older version (other default options) that would rank differently: marked here by
    // emptying every list, so that reusing them shows.
    const emptied = Object.fromEntries(Object.keys(lists.results).map((id) => [id, []]))
    const older = { ...JSON.parse(lists.options), maxTerms: 7 }
    await writeFile(listsFile, JSON.stringify({ ...lists, results: emptied }))
    // Same options: nothing changed, so the saved lists are what the site shows.
    expect(Object.values(relatedOf(await load('options'))).every((list) => list.length === 0)).toBe(true)
    await writeFile(listsFile, JSON.stringify({ ...lists, results: emptied, options: JSON.stringify(older) }))
    const site = await load('options')
    const fresh = await loadSite({ contentDir: content, baseUrl: 'https://blog.example/' })
    expect(relatedOf(site)).toEqual(relatedOf(fresh))
    expect(JSON.parse(await readFile(listsFile, 'utf8')).options).toBe(lists.options)
  })
})
