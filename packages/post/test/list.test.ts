import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { adjacentPosts, filterPosts, groupPosts, sortPosts } from '../src/index.js'
import { loadPosts } from '../src/node.js'
import { fixtures } from './helpers.js'

const posts = await loadPosts(path.join(fixtures, 'blog'), { ignore: ['drafts/**'] })
const now = new Date('2025-01-01T00:00:00Z')

describe('loadPosts', () => {
  it('should read every post recursively, in path order, skipping ignored files', async () => {
    expect(posts.map((post) => post.path)).toEqual([
      '2021-10-30-strategisk-kommunikation.md',
      '2023/future.md',
      '2023/hello/index.md',
      'hello-world.md',
      'json-post.md',
      'toml-post.md',
    ])
    const all = await loadPosts(path.join(fixtures, 'blog'))
    expect(all.map((post) => post.slug)).toContain('wip')
  })

  it('should read only the files matching `include`', async () => {
    const some = await loadPosts(path.join(fixtures, 'blog'), { include: ['*-post.md'] })
    expect(some.map((post) => post.slug)).toEqual(['json-post', 'toml-post'])
  })
})

describe('sortPosts', () => {
  it('should sort newest first by default, oldest first with `order: asc`', () => {
    expect(sortPosts(posts).map((post) => post.slug)).toEqual([
      'future',
      'hello-world',
      'json-post',
      'toml-post',
      'hello',
      'strategisk-kommunikation',
    ])
    expect(sortPosts(posts, { order: 'asc' })[0]?.slug).toBe('strategisk-kommunikation')
  })
})

describe('filterPosts', () => {
  it('should drop drafts and future-dated posts unless asked to keep them', () => {
    expect(filterPosts(posts, { now }).map((post) => post.slug)).toEqual([
      'strategisk-kommunikation',
      'hello-world',
      'json-post',
      'toml-post',
    ])
    expect(filterPosts(posts, { now, drafts: true, future: true })).toHaveLength(6)
    expect(filterPosts(posts, { now, future: true }).map((post) => post.slug)).toContain('future')
  })
})

describe('adjacentPosts', () => {
  it('should give the older post as `previous` and the newer as `next`', () => {
    const published = filterPosts(posts, { now })
    const { previous, next } = adjacentPosts(published, 'json-post')
    expect(previous?.slug).toBe('toml-post')
    expect(next?.slug).toBe('hello-world')
    expect(adjacentPosts(published, 'strategisk-kommunikation').previous).toBeUndefined()
    expect(adjacentPosts(published, 'missing')).toEqual({ previous: undefined, next: undefined })
  })
})

describe('groupPosts', () => {
  it('should group by tag, category and year', () => {
    const sorted = sortPosts(posts)
    expect([...groupPosts(sorted, { by: 'tag' }).get('meta')!].map((post) => post.slug)).toEqual([
      'future',
      'hello-world',
    ])
    expect([...groupPosts(sorted, { by: 'category' }).keys()]).toEqual(['formats', 'Jobb'])
    const years = groupPosts(sorted, { by: 'year' })
    expect([...years.keys()]).toEqual(['2999', '2024', '2023', '2021'])
    expect(years.get('2023')).toHaveLength(3)
  })

  it('should throw a `TypeError` for an unknown grouping', () => {
    // @ts-expect-error: testing a wrong value on purpose
    expect(() => groupPosts(posts, { by: 'month' })).toThrow(TypeError)
  })
})
