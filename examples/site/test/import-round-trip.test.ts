// A blog moved with `blogkit-import` (WordPress, then Disqus) is read by the site model of static-blog and
// server-blog as it is. The import's own round trip (posts, comments, mentions, the SQLite store) is
// tested in packages/import/test/round-trip.test.ts, on the same fixtures; this half lives here because
// a package never imports an example (npm run check:design).
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { createSqliteCommentStore } from '@blogkit/comments/sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadSite } from '../src/index.js'

const kris = 'när-krisen-kommer-första-timmen'
const now = new Date('2025-01-01T00:00:00Z')
/** The import's test blog: five posts, a page and their comments, from WordPress and Disqus. */
const fixture = (name: string) =>
  fileURLToPath(new URL(`../../../packages/import/test/fixtures/${name}`, import.meta.url))
/** The `blogkit-import` command as npm installs it. */
const bin = path.join(
  path.dirname(createRequire(import.meta.url).resolve('@blogkit/import/package.json')),
  'bin/blogkit-import.js',
)

let out: string

async function blogkitImport(args: string[]): Promise<void> {
  await promisify(execFile)(process.execPath, [bin, ...args, '--out', out, '--quiet'])
}

beforeAll(async () => {
  out = await mkdtemp(path.join(tmpdir(), 'blogkit-site-import-'))
  await blogkitImport(['wordpress', fixture('klartext.wxr.xml'), '--time-zone', 'Europe/Stockholm'])
  await blogkitImport(['disqus', fixture('klartext.disqus.xml')])
})

afterAll(async () => {
  await rm(out, { recursive: true, force: true })
})

describe('an imported blog', () => {
  it('should be read by the site model of static-blog and server-blog', async () => {
    const site = await loadSite({ contentDir: out, now })
    expect(site.config).toMatchObject({
      title: 'Klartext',
      language: 'sv-SE',
      baseUrl: 'https://klartext.example/',
    })
    expect(site.posts.map((p) => p.post.slug)).toEqual(['pressmeddelandet', kris])
    const post = site.bySlug.get(kris)!
    expect(post.comments).toHaveLength(10)
    expect(post.threads.total).toBe(5)
    const previews = await loadSite({ contentDir: out, drafts: true, now })
    expect(previews.posts).toHaveLength(5)
    // examples/server-blog seeds its SQLite store from the same site model this way (`seedComments`).
    const store = createSqliteCommentStore({ filename: ':memory:' })
    try {
      const comments = site.posts.flatMap((item) => item.comments)
      const seeded = await store.import(
        { format: 'blogkit-comments', version: 1, exportedAt: new Date(0).toISOString(), comments },
        { onConflict: 'skip' },
      )
      expect(seeded).toEqual({ imported: 13, skipped: 0 })
    } finally {
      await store.close()
    }
  })
})

describe('an imported blog’s old archives', () => {
  it('should redirect to archives the site has (C and C++ under /categories/c/ and /categories/c-2/)', async () => {
    const blog = await mkdtemp(path.join(tmpdir(), 'blogkit-site-import-terms-'))
    try {
      const importBin = [bin, 'wordpress', fixture('terms.wxr.xml'), '--out', blog, '--quiet']
      await promisify(execFile)(process.execPath, importBin)
      const site = await loadSite({ contentDir: blog, now })
      const archives = new Set([...site.tags, ...site.categories].map((term) => term.path))
      const redirects = JSON.parse(await readFile(path.join(blog, 'redirects.json'), 'utf8')) as Record<
        string,
        string
      >
      const targets = Object.entries(redirects).filter(([from]) => /^\/(category|tag)\//.test(from))
      expect(targets).toHaveLength(6)
      // Note: the site's archive paths are written as its slugs are (decoded); the redirects percent-encoded.
      for (const [from, to] of targets) expect(archives, from).toContain(decodeURI(to))
      expect(redirects['/category/c-plus-plus/']).toBe('/categories/c-2/')
      expect(site.categories.find((term) => term.name === 'C++')?.path).toBe('/categories/c-2/')
    } finally {
      await rm(blog, { recursive: true, force: true })
    }
  })
})
