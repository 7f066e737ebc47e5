import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Post } from '@blogkit/post'
import { loadPosts } from '@blogkit/post/node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type MemoPage, postKey, renderTracked } from '../src/page-memo.js'
import { readRegions } from '../src/region-table.js'
import { RegionBook, RegionNames } from '../src/regions.js'
import { postVersions } from './post-versions.js'

// A small site of posts whose related links are made when first read (as the theme's `related`), named
// as a field with a stamp (as the static build names them), rendered in one build and checked in the next.

interface Link {
  post: Item
  reason: string
  score: number
}

interface Item {
  id: string
  title: string
  related: Link[]
}

interface Spec {
  id: string
  title: string
  /** Related posts by id, with a reason each. */
  related: Array<[id: string, reason: string, score?: number]>
  /** The related links' stamp (a list's digest); by default made from `related`. */
  stamp?: string
  /** A stamp of the post itself (as a post file's digest), when it has one. */
  file?: string
}

/** One build's site: its posts by id, how many related lists were made, and the names of its regions. */
function site(specs: Spec[]) {
  const made: string[] = []
  const byId = new Map<string, Item>()
  for (const spec of specs) byId.set(spec.id, { id: spec.id, title: spec.title } as Item)
  const names = new RegionNames()
  for (const spec of specs) {
    const item = byId.get(spec.id)!
    let links: Link[] | undefined
    Object.defineProperty(item, 'related', {
      get: () => {
        if (!links) made.push(spec.id)
        links ??= spec.related.map(([id, reason, score]) => ({
          post: byId.get(id)!,
          reason,
          score: score ?? 1,
        }))
        return links
      },
      enumerable: true,
    })
    names.add(item, `post:${spec.id}`, spec.file)
    names.addField(item, 'related', `related:${spec.id}`, spec.stamp ?? JSON.stringify(spec.related))
  }
  return { byId, made, names }
}

/** A post's page: its title, and each related post's title and reason. */
const postPage = (item: Item): MemoPage => ({
  inputs: [item],
  render: (post: Item) =>
    `${post.title}: ${post.related.map((link) => `${link.post.title} (${link.reason})`).join(', ')}`,
})

/** A page that shows only the titles of posts (a list). */
const titlesPage = (items: Item[]): MemoPage => ({
  inputs: items,
  render: (...posts: Item[]) => posts.map((post) => post.title).join(', '),
})

/** Render `pages` of the first site, save its regions; then whether each page is unchanged in the second. */
function unchangedAfter(
  before: Spec[],
  after: Spec[],
  pages: (byId: Map<string, Item>) => MemoPage[],
): { unchanged: boolean[]; made: string[] } {
  const { next, written, second } = secondBuild(before, after, pages)
  const unchanged = pages(second.byId).map((page, index) => next.unchanged(page.inputs, written[index]!))
  return { unchanged, made: second.made }
}

/** The second build's regions beside the first's, and the regions each page of the first was saved with. */
function secondBuild(before: Spec[], after: Spec[], pages: (byId: Map<string, Item>) => MemoPage[]) {
  const first = site(before)
  const shapes: string[] = []
  const shapeOf = (shape: string) => {
    const index = shapes.indexOf(shape)
    return index === -1 ? shapes.push(shape) - 1 : index
  }
  const book = new RegionBook({ names: first.names })
  const written = pages(first.byId).map((page) => {
    const { reads } = renderTracked(page, book)
    if (!reads?.regions) throw new Error('expected the page to be read in regions')
    return book.written(reads.regions)
  })
  const saved = readRegions(book.save(shapeOf).saved, shapes.length)
  const second = site(after)
  const next = new RegionBook({ names: second.names, saved, savedShapes: shapes })
  return { next, written, second }
}

const blog: Spec[] = [
  { id: 'a', title: 'A', related: [['b', 'tag x']] },
  { id: 'b', title: 'B', related: [['a', 'tag x']] },
  { id: 'c', title: 'C', related: [['a', 'term y']] },
]

const postPages = (byId: Map<string, Item>) => [...byId.values()].map(postPage)

describe('regions with named fields', () => {
  it('should keep every page of an unchanged site without making a related list', () => {
    const { unchanged, made } = unchangedAfter(blog, blog, postPages)
    expect(unchanged).toEqual([true, true, true])
    expect(made).toEqual([])
  })

  it('should find a page whose related list changed, by the list alone', () => {
    const after = blog.map((spec) =>
      spec.id === 'c' ? { ...spec, related: [['b', 'term y']] as Spec['related'] } : spec,
    )
    expect(unchangedAfter(blog, after, postPages).unchanged).toEqual([true, true, false])
  })

  it('should replay a list whose stamp changed, and keep the pages when what they show is the same', () => {
    // The score is not shown: the stamp changed, what the pages read of the list did not.
    const after = blog.map((spec) =>
      spec.id === 'c' ? { ...spec, related: [['a', 'term y', 2]] as Spec['related'] } : spec,
    )
    const { unchanged, made } = unchangedAfter(blog, after, postPages)
    expect(unchanged).toEqual([true, true, true])
    expect(made).toEqual(['c'])
  })

  it("should find the pages that show a related post's title when it changed", () => {
    const after = blog.map((spec) => (spec.id === 'a' ? { ...spec, title: 'A, renamed' } : spec))
    // b and c show a's title in their related links; a's page shows it as its own.
    expect(unchangedAfter(blog, after, postPages).unchanged).toEqual([false, false, false])
    const onlyB = blog.map((spec) => (spec.id === 'b' ? { ...spec, title: 'B, renamed' } : spec))
    expect(unchangedAfter(blog, onlyB, postPages).unchanged).toEqual([false, false, true])
  })

  it('should compare in steps as at once, pausing after each region replayed (a dev server answers meanwhile)', async () => {
    const after = blog.map((spec) =>
      spec.id === 'c' ? { ...spec, related: [['a', 'term y', 2]] as Spec['related'] } : spec,
    )
    const { next, written, second } = secondBuild(blog, after, postPages)
    let pauses = 0
    await next.compare(() => {
      pauses++
      return undefined
    })
    // The posts' regions have no stamp (replayed); the related lists' stamps are the same but c's.
    expect(pauses).toBe(4)
    const unchanged = postPages(second.byId).map((page, index) =>
      next.unchanged(page.inputs, written[index]!),
    )
    expect(unchanged).toEqual(unchangedAfter(blog, after, postPages).unchanged)
  })

  it('should not trust a stamp that is the same when the list is another (a stamp stands for its list)', () => {
    // A stamp kept while the list changed is a wrong stamp: this shows the stamp is what decides.
    const after = blog.map((spec) =>
      spec.id === 'c'
        ? { ...spec, related: [['b', 'term y']] as Spec['related'], stamp: JSON.stringify(spec.related) }
        : spec,
    )
    expect(unchangedAfter(blog, after, postPages).unchanged).toEqual([true, true, true])
  })
})

describe('regions with stamps', () => {
  const files: Spec[] = blog.map((spec) => ({ ...spec, file: `${spec.id}@1` }))

  it('should keep a page that reads the same of an object whose stamp changed (a body edited, its title not)', () => {
    const after = files.map((spec) => (spec.id === 'a' ? { ...spec, file: 'a@2' } : spec))
    const pages = (byId: Map<string, Item>) => [titlesPage([...byId.values()]), ...postPages(byId)]
    expect(unchangedAfter(files, after, pages).unchanged).toEqual([true, true, true, true])
  })

  it('should find the pages that read what changed under a new stamp', () => {
    const after = files.map((spec) => (spec.id === 'a' ? { ...spec, title: 'A2', file: 'a@2' } : spec))
    const pages = (byId: Map<string, Item>) => [titlesPage([...byId.values()]), ...postPages(byId)]
    expect(unchangedAfter(files, after, pages).unchanged).toEqual([false, false, false, false])
  })
})

describe('regions of posts from loadPosts', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-regions-'))
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  /** Pages of a post rendered from `before`, then whether each is unchanged with `after`. */
  function check(before: Post, after: Post, renders: Array<(post: Post) => string>): boolean[] {
    const named = (post: Post) => {
      const names = new RegionNames()
      names.add(post, `file:${post.path}`, postKey(post))
      return names
    }
    const shapes: string[] = []
    const book = new RegionBook({ names: named(before) })
    const written = renders.map((render) => {
      const { reads } = renderTracked({ inputs: [before], render }, book)
      return book.written(reads!.regions!)
    })
    const { saved } = book.save((shape) => shapes.push(shape) - 1)
    const next = new RegionBook({
      names: named(after),
      saved: readRegions(saved, shapes.length),
      savedShapes: shapes,
    })
    return written.map((line) => next.unchanged([after], line))
  }

  it("should keep a page that shows a post's title after its body changed, not one that shows its body", async () => {
    const { first, again, edited } = await postVersions(dir)
    const title = (post: Post) => post.title
    const html = (post: Post) => `${post.title}: ${post.html}`
    expect(check(first, again, [title, html])).toEqual([true, true])
    expect(check(first, edited, [title, html])).toEqual([true, false])
    const file = path.join(dir, 'hello.md')
    await writeFile(file, (await readFile(file, 'utf8')).replace('title: Hello', 'title: Hello again'))
    const [retitled] = await loadPosts(dir, { cache: path.join(dir, 'cache') })
    expect(check(first, retitled!, [title, html])).toEqual([false, false])
  })
})
