import { createHash } from 'node:crypto'
import { copyFile, cp, mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type BuildResult, buildSite } from '../src/build.js'
import { type BuildSession, createBuildSession } from '../src/build-session.js'
import { defaultContentDir } from '../src/paths.js'

/** Every file and folder under `dir` (relative paths, sorted), folders ending in `/`. */
async function tree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true })
  return entries
    .map((entry) => {
      const relative = path.relative(dir, path.join(entry.parentPath, entry.name)).split(path.sep).join('/')
      return entry.isDirectory() ? `${relative}/` : relative
    })
    .sort()
}

/** Each file's content hash and each folder (`dir`) under `dir`, by absolute path. */
async function snapshot(dir: string): Promise<Map<string, string>> {
  const found = new Map<string, string>()
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const file = path.join(entry.parentPath, entry.name)
    found.set(
      file,
      entry.isDirectory()
        ? 'dir'
        : createHash('sha1')
            .update(await readFile(file))
            .digest('hex'),
    )
  }
  return found
}

/**
 * Copy the related-posts cache of the cache folder `from` (its `related-*` files, @blogkit/related's
 * lists, index and journal) into `to`; none when `from` has none yet. Only those: the rest of a session's
 * cache folder is written in the background (the posts' cache 5 s after a load, through a temporary file
 * renamed), so a copy of the whole folder can meet a file gone since the folder was listed and stop
 * there, before the related files (see the note of the tests below).
 */
async function copyRelatedCache(from: string, to: string): Promise<void> {
  const names = await readdir(from).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return []
    throw error
  })
  await mkdir(to, { recursive: true })
  for (const name of names)
    if (name.startsWith('related-') && !name.endsWith('.tmp'))
      await copyFile(path.join(from, name), path.join(to, name))
}

/** Where two files first differ, with the text around it in each (for the failure message). */
function firstDifference(file: string, a: Buffer, b: Buffer): string {
  let at = 0
  while (at < a.length && at < b.length && a[at] === b[at]) at++
  const around = (bytes: Buffer) => JSON.stringify(bytes.subarray(Math.max(0, at - 60), at + 120).toString())
  return `${file} (byte ${at}): incremental ${around(a)}, clean ${around(b)}`
}

/** What a watcher that misses nothing reports between two snapshots: paths added, changed or removed. */
function changesBetween(before: Map<string, string>, after: Map<string, string>): Set<string> {
  const changed = new Set<string>()
  for (const [file, value] of after) if (before.get(file) !== value) changed.add(file)
  for (const file of before.keys()) if (!after.has(file)) changed.add(file)
  return changed
}

/**
 * The incremental build is correct when its output folder equals, byte for byte, that of a clean build
 * (`clean`: an empty folder, every file rendered) of the same content. Each step changes the content
 * the way an author does, rebuilds incrementally into the same folder, builds clean into a new one, and
 * compares.
 *
 * Note: the clean build starts from a copy of the related-posts cache the incremental build starts from.
 * Parsed posts are the same either way, but the related lists are not: after a change the cached related
 * index is updated and only the lists the change can touch are ranked again (see examples/site), so a
 * list far from the change may differ slightly from one ranked from nothing. What this test proves is
 * that every file whose content changed is rendered and written again, and that no file is left over.
 * The copy is of the related files only, and fails when one cannot be copied: a session writes the
 * posts' cache in the background, and a copy of the whole folder that failed on it (swallowed) left the
 * clean build without related cache, ranking afresh, so that posts' pages differed now and then.
 *
 * Three times: builds of separate processes (the record read from the cache folder), builds in one
 * session (parsed posts, the posts folder's listing and the build record kept in memory), and builds in
 * one session told what changed since the last (the dev server: only those files are stat'ed and read).
 */
describe.each([
  ['', false, false],
  [' in one session', true, false],
  [' in one session told what changed (the dev server)', true, true],
] as const)('incremental builds equal clean builds%s', (_, withSession, withChanges) => {
  let session: BuildSession | undefined
  let dir: string
  let content: string
  let step = 0
  /** The content as the last incremental build saw it (for `changed`). */
  let seen: Map<string, string> | undefined
  const out = () => path.join(dir, 'incremental')
  const post = (slug: string) => path.join(content, 'posts', `${slug}.md`)
  const edit = async (file: string, change: (text: string) => string) => {
    const text = await readFile(file, 'utf8')
    const changed = change(text)
    expect(changed).not.toBe(text)
    await writeFile(file, changed)
  }

  /** Build incrementally and from nothing; expect the same files with the same bytes. */
  async function compare(): Promise<BuildResult> {
    const options = { contentDir: content, baseUrl: 'https://blog.example/' }
    const clean = path.join(dir, `clean-${++step}`)
    const cache = path.join(dir, 'cache')
    await copyRelatedCache(cache, path.join(clean, 'cache'))
    const now = withChanges ? await snapshot(content) : undefined
    // Note: with the dev server's `onChangedPosts` too (a changed post's pages first, then the rest).
    const changed = now && seen ? { changed: changesBetween(seen, now), onChangedPosts: () => undefined } : {}
    seen = now
    const incremental = await buildSite({ ...options, outDir: out(), cacheDir: cache, session, ...changed })
    await buildSite({
      ...options,
      outDir: path.join(clean, 'out'),
      cacheDir: path.join(clean, 'cache'),
      clean: true,
    })
    const files = await tree(out())
    expect(files).toEqual(await tree(path.join(clean, 'out')))
    const different: string[] = []
    for (const file of files) {
      if (file.endsWith('/')) continue
      const [a, b] = await Promise.all([
        readFile(path.join(out(), file)),
        readFile(path.join(clean, 'out', file)),
      ])
      if (!a.equals(b)) different.push(firstDifference(file, a, b))
    }
    expect(different).toEqual([])
    await rm(clean, { recursive: true, force: true })
    return incremental
  }

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-incremental-'))
    content = path.join(dir, 'content')
    await cp(defaultContentDir, content, { recursive: true })
    if (withSession) session = createBuildSession({ recordDelay: 600_000 })
  })
  afterAll(async () => {
    await session?.close()
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('should start equal, and render and write nothing when nothing changed', async () => {
    const first = await compare()
    expect(first.written).toBe(first.files)
    const second = await compare()
    expect(second).toMatchObject({ files: first.files, written: 0, deleted: 0 })
    // Every page kept by its regions (build-record.ts), none replayed on its own; a session (the dev server)
    // replays each page.
    expect(second).toMatchObject({ rendered: 0 })
    if (!withSession) expect(second.replayed).toBe(0)
  })

  it('should stay equal after a post body is edited, writing only what shows it', async () => {
    await edit(post('newsletters-and-rss'), (text) => `${text}\n\nA paragraph added by the test.\n`)
    const result = await compare()
    expect(result.written).toBeGreaterThan(0)
    expect(result.written).toBeLessThan(result.files / 2)
    // Only the pages that show its body or excerpt replayed (the others kept by their regions).
    if (!withSession) expect(result.replayed).toBeLessThan(result.files / 10)
  })

  it('should stay equal after a title is edited (lists, neighbours, related posts, feeds)', async () => {
    await edit(post('sluta-mata-rackvidd'), (text) =>
      text.replace(/^title: .*$/m, 'title: "Sluta mäta räckvidd, börja mäta förtroende"'),
    )
    await compare()
  })

  it('should stay equal after a post changes so that it enters the related lists of other posts', async () => {
    const listed = (result: BuildResult) =>
      result.site.bySlug
        .get('social-media-guidelines-people-read')!
        .related.map((link) => link.post.post.slug)
    const before = await compare()
    expect(listed(before)).not.toContain('newsletters-and-rss')
    await edit(post('newsletters-and-rss'), (text) =>
      text
        .replace(/^tags: .*$/m, 'tags: [social media, guidelines, employees]')
        .replace(/^categories: .*$/m, 'categories: [Sociala medier]')
        .concat(
          '\n\nSocial media guidelines that employees read: short guidelines, examples, social media.\n',
        ),
    )
    const after = await compare()
    expect(listed(after)).toContain('newsletters-and-rss')
    // The page of the other post was written again (it lists the changed post now).
    expect(after.written).toBeGreaterThan(2)
  })

  it('should stay equal after a tag is added (a new tag page, the tag index)', async () => {
    await edit(post('tillganglig-webbtext'), (text) => text.replace(/^tags: \[/m, 'tags: [klarspråk, '))
    await compare()
  })

  it('should stay equal after a comment is added', async () => {
    const file = path.join(content, 'posts/newsletters-and-rss.comments.json')
    const comments = JSON.parse(await readFile(file, 'utf8')) as unknown[]
    comments.push({
      id: 'c-test-1',
      postId: 'newsletters-and-rss',
      author: { name: 'Test Reader', url: 'https://reader.example/' },
      createdAt: '2024-12-01T10:00:00Z',
      body: 'A comment added by the test.',
      status: 'approved',
    })
    await writeFile(file, JSON.stringify(comments, null, 2))
    await compare()
  })

  it('should stay equal after a post is added in a new year (footer years on every page)', async () => {
    await writeFile(
      post('a-new-year'),
      '---\ntitle: "A new year"\ndate: 2025-01-05T10:00:00Z\nlang: en\ntags: [rss, newsletters]\ncategories: [Webb]\n---\n\nA post added by the test, about RSS and newsletters.\n\n<!-- more -->\n\nMore text.\n',
    )
    const result = await compare()
    expect(result.site.years[0]?.name).toBe('2025')
  })

  it('should stay equal after a post is moved to another date', async () => {
    await edit(post('ursakten-som-kom-for-sent'), (text) =>
      text.replace(/^date: .*$/m, 'date: 2019-01-02T08:00:00+01:00'),
    )
    await compare()
  })

  it('should stay equal after a post is deleted, removing its files and folder', async () => {
    await rm(post('newsletters-and-rss'))
    await rm(path.join(content, 'posts/newsletters-and-rss.comments.json'))
    const result = await compare()
    expect(result.deleted).toBeGreaterThanOrEqual(2)
  })

  it('should stay equal after images and static files change', async () => {
    await writeFile(path.join(content, 'images/extra.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>\n')
    await cp(path.join(content, 'images'), path.join(content, 'static/media'), { recursive: true })
    await compare()
    await rm(path.join(content, 'static'), { recursive: true })
    await rm(path.join(content, 'images/extra.svg'))
    await compare()
  })

  it('should stay equal after site.json changes', async () => {
    await edit(path.join(content, 'site.json'), (text) =>
      text.replace('"postsPerPage": 5', '"postsPerPage": 4'),
    )
    const result = await compare()
    // The home pages change (another number of posts per page).
    expect(result.written).toBeGreaterThan(0)
  })

  it('should stay equal after site.json names the live blog and a share image, and after they change', async () => {
    await edit(path.join(content, 'site.json'), (text) =>
      text.replace(
        '"postsPerPage": 4',
        '"postsPerPage": 4,\n  "liveSite": "https://live.example/",\n  "image": { "src": "/images/rss.svg", "alt": "RSS" }',
      ),
    )
    await compare()
    await edit(path.join(content, 'site.json'), (text) =>
      text
        .replace('https://live.example/', 'https://other.example/')
        .replace('"alt": "RSS"', '"alt": "Flöde"'),
    )
    const result = await compare()
    expect(result.written).toBeGreaterThan(0)
  })

  it('should write what is missing when files were deleted from the output folder', async () => {
    await rm(path.join(out(), 'posts'), { recursive: true })
    await rm(path.join(out(), 'index.html'))
    const result = await compare()
    expect(result.written).toBeGreaterThan(0)
  })
})
