import type { Site } from '@blogkit/example-site'
import { describe, expect, it } from 'vitest'
import type { Manifest } from '../src/build-record.js'
import { type PageIndex, PageIndexer, SiteParts } from '../src/page-index.js'
import { type MemoPage, renderTracked } from '../src/page-memo.js'

interface FakePost {
  id: string
  path: string
  post: { title: string; body: string }
  comments: Array<{ id: string; body: string }>
  threads: Array<{ comment: { id: string; body: string } }>
  related: Array<{ post: FakePost; score: number }>
  previous: FakePost | undefined
  next: FakePost | undefined
}

/** A small site model of the shape `loadSite` gives (plain objects, posts linked to each other). */
function fakeSite(change: (site: { config: Record<string, unknown>; posts: FakePost[] }) => void = () => {}) {
  const posts: FakePost[] = ['a', 'b', 'c'].map((id) => {
    const comment = { id: `${id}-1`, body: `On ${id}` }
    return {
      id,
      path: `/posts/${id}/`,
      post: { title: `Post ${id}`, body: `Body of ${id}` },
      comments: [comment],
      threads: [{ comment }],
      related: [],
      previous: undefined,
      next: undefined,
    }
  })
  for (const [index, item] of posts.entries()) {
    item.previous = posts[index + 1]
    item.next = posts[index - 1]
  }
  posts[0]!.related.push({ post: posts[2]!, score: 2 })
  const site = {
    config: { title: 'Blog', language: 'en' },
    posts,
    tags: [],
    categories: [],
    years: [],
    pages: [],
  }
  change(site)
  return site as unknown as Site & { posts: FakePost[] }
}

const manifest = {} as Manifest

/** A post page: the site's title, the post's title and body, its neighbour's title, its comments. */
const postPage = (site: Site, item: FakePost): MemoPage => ({
  inputs: [site, item],
  render: ((s: typeof site, p: FakePost) =>
    [
      s.config.title,
      p.post.title,
      p.post.body,
      p.previous?.post.title ?? '',
      ...p.threads.map((t) => t.comment.body),
    ].join('|')) as MemoPage['render'],
})

/** Index the post pages of `site` as a build does (each page rendered). */
function indexOf(site: Site & { posts: FakePost[] }): PageIndex {
  const parts = SiteParts.of(site)!
  const indexer = new PageIndexer(parts, undefined)
  for (const item of site.posts) {
    const page = postPage(site, item)
    const { deps } = renderTracked(page, parts)
    indexer.note(item.path, parts.inputsOf(page)!, deps)
  }
  return indexer.index(manifest)
}

/** The post pages of `site` the index of `before` says read the same as then. */
function same(before: PageIndex, site: Site & { posts: FakePost[] }): string[] {
  const parts = SiteParts.of(site)!
  const indexer = new PageIndexer(parts, before)
  return (site.posts as FakePost[])
    .filter((item) => indexer.readsSame(item.path, parts.inputsOf(postPage(site, item))!))
    .map((item) => item.id)
}

describe('the page index', () => {
  it('should find every page reading the same when nothing changed (new objects, same values)', () => {
    expect(same(indexOf(fakeSite()), fakeSite())).toEqual(['a', 'b', 'c'])
  })

  it('should replay the pages that read a post that changed: its own and its neighbour’s', () => {
    const changed = fakeSite((site) => {
      site.posts[1]!.post.title = 'Post b, renamed'
    })
    // a shows b as its previous post; b itself; c does not read b.
    expect(same(indexOf(fakeSite()), changed)).toEqual(['c'])
    const related = fakeSite((site) => {
      site.posts[2]!.related.push({ post: site.posts[0]!, score: 1 })
    })
    // c's related list changed: c and b (which shows c as its previous post) are replayed.
    expect(same(indexOf(fakeSite()), related)).toEqual(['a'])
  })

  it('should not replay pages for a change in a part they did not read', () => {
    const changed = fakeSite((site) => {
      Object.assign(site, { timings: { posts: 12 } })
    })
    expect(same(indexOf(fakeSite()), changed)).toEqual(['a', 'b', 'c'])
  })

  it('should replay every page when the site config they all read changed', () => {
    const changed = fakeSite((site) => {
      site.config.title = 'Another blog'
    })
    expect(same(indexOf(fakeSite()), changed)).toEqual([])
  })

  it('should see a comment changed through the threads that share its object with `comments`', () => {
    const changed = fakeSite((site) => {
      site.posts[2]!.comments[0]!.body = 'Edited'
    })
    const parts = SiteParts.of(changed)!
    // comments and threads of one post share objects: one part (the post), not unknown.
    expect(parts.unknownParts).toBe(0)
    // c's page and b's (c is its previous post) are replayed.
    expect(same(indexOf(fakeSite()), changed)).toEqual(['a'])
  })

  it('should replay the pages that read an object two posts share, on every build', () => {
    const shared = (site: { posts: FakePost[] }) => {
      site.posts[0]!.threads = site.posts[2]!.threads
    }
    const parts = SiteParts.of(fakeSite(shared))!
    expect(parts.unknownParts).toBeGreaterThan(0)
    // a and c are unknown parts (never equal to the last build's): every page reads one of them (b shows c).
    expect(same(indexOf(fakeSite(shared)), fakeSite(shared))).toEqual([])
  })

  it('should see which objects are the same (a neighbour that is now another post)', () => {
    const changed = fakeSite((site) => {
      // b's previous post is a copy of c, not c: equal values, another object.
      site.posts[1]!.previous = { ...site.posts[2]! }
    })
    expect(same(indexOf(fakeSite()), changed)).not.toContain('b')
  })

  it('should give no parts for a model with two posts of one id', () => {
    const twice = fakeSite((site) => {
      site.posts[1]!.id = 'a'
    })
    expect(SiteParts.of(twice)).toBeUndefined()
  })

  it('should name a page input that belongs to a part by the part', () => {
    const site = fakeSite()
    const parts = SiteParts.of(site)!
    const inputs = parts.inputsOf({ inputs: [site, site.posts[0]!.comments[0], { page: 2 }] })!
    expect([...inputs.parts]).toEqual(['post:a'])
    // A getter cannot be named: no inputs key (the page is replayed).
    const getter = Object.defineProperty({}, 'x', { get: () => 1, enumerable: true })
    expect(parts.inputsOf({ inputs: [site, getter] })).toBeUndefined()
  })
})
