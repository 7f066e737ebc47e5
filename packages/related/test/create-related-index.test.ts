import { describe, expect, it } from 'vitest'
import { createRelatedIndex, type RelatedDoc } from '../src/index.js'
import { fixturePosts } from './helpers.js'

describe('createRelatedIndex', () => {
  it('should rank the post sharing distinctive terms and tags first, with readable reasons', () => {
    const index = createRelatedIndex(fixturePosts())
    const [first] = index.related('dplyr-joins')
    expect(first?.id).toBe('dplyr-release')
    expect(first?.reasons.tags).toEqual(['dplyr'])
    expect(first?.reasons.categories).toEqual(['package'])
    // Surface forms, not stems (`joins`, not `join`).
    expect(first?.reasons.terms).toContain('dplyr')
    expect(first?.reasons.terms.some((t) => t.startsWith('join'))).toBe(true)
    expect(first?.reasons.terms).not.toContain('join_bi')
    expect(first?.score).toBeGreaterThan(0)
  })

  it('should never return the post itself and respect `limit`', () => {
    const index = createRelatedIndex(fixturePosts())
    for (const [id, list] of index.relatedAll({ limit: 2 })) {
      expect(list.length).toBeLessThanOrEqual(2)
      expect(list.map((r) => r.id)).not.toContain(id)
    }
  })

  it('should stem Swedish, German and French so inflected forms match', () => {
    const index = createRelatedIndex(fixturePosts())
    expect(index.related('hundar-promenad')[0]?.id).toBe('hund-skogen')
    expect(index.related('haeuser-bauen')[0]?.id).toBe('haus-fenster')
    expect(index.related('chevaux-course')[0]?.id).toBe('cheval-ecurie')
    const swedish = index.related('hund-skogen')[0]?.reasons.terms ?? []
    expect(swedish).toContain('hund')
  })

  it('should give the same output for the same input, ties broken by newer date then id', () => {
    const twin = (id: string, date: string): RelatedDoc => ({
      id,
      title: 'Sourdough bread',
      text: 'Sourdough bread needs flour, water and a starter.',
      date,
    })
    const docs = [
      { id: 'q', title: 'Baking sourdough bread', text: 'Flour and a starter make sourdough bread.' },
      twin('b', '2020-01-01'),
      twin('a', '2020-01-01'),
      twin('c', '2021-01-01'),
      { id: 'other', title: 'Cycling', text: 'Bicycles and helmets.' },
    ]
    const first = createRelatedIndex(docs).related('q')
    expect(first.map((r) => r.id)).toEqual(['c', 'a', 'b'])
    expect(createRelatedIndex([...docs].reverse()).related('q')).toEqual(first)
  })

  it('should weigh rare shared tags above common ones', () => {
    const docs: RelatedDoc[] = [
      { id: 'p', title: 'Post', text: 'alpha', tags: ['common', 'rare'] },
      { id: 'rare', title: 'Other', text: 'beta', tags: ['rare'] },
      { id: 'common', title: 'Third', text: 'gamma', tags: ['common'] },
      ...Array.from({ length: 6 }, (_, i) => ({
        id: `x${i}`,
        title: 'Filler',
        text: `delta ${i}`,
        tags: ['common'],
      })),
    ]
    const list = createRelatedIndex(docs).related('p', { minScore: 0 })
    expect(list[0]?.id).toBe('rare')
    expect(list[0]?.reasons.tags).toEqual(['rare'])
    expect(list[0]!.score).toBeGreaterThan(list[1]!.score)
  })

  it('should leave out drafts, newer posts and given ids when asked', () => {
    const docs: RelatedDoc[] = [
      { id: 'old', title: 'Kubernetes pods', text: 'Pods and kubernetes clusters.', date: '2020-01-01' },
      { id: 'older', title: 'Kubernetes basics', text: 'Kubernetes pods and nodes.', date: '2019-01-01' },
      {
        id: 'newer',
        title: 'Kubernetes pods again',
        text: 'Kubernetes clusters and pods.',
        date: '2023-01-01',
      },
      { id: 'draft', title: 'Kubernetes pods draft', text: 'Pods in kubernetes.', draft: true },
      { id: 'x', title: 'Gardening', text: 'Tomatoes and soil.' },
    ]
    const index = createRelatedIndex(docs)
    // Note: five posts are too few for the default `minScore: 'auto'`; this test is about the filters.
    const ids = (options?: Parameters<typeof index.related>[1]) =>
      index.related('old', { minScore: 0, ...options }).map((r) => r.id)
    expect(ids()).not.toContain('draft')
    expect(ids({ includeDrafts: true })).toContain('draft')
    expect(ids({ excludeNewer: true })).toEqual(['older'])
    expect(ids({ exclude: ['newer'] })).toEqual(['older'])
  })

  it('should return fewer than `limit` posts above `minScore`', () => {
    const index = createRelatedIndex(fixturePosts())
    const all = index.related('dplyr-joins', { limit: 9 })
    const high = index.related('dplyr-joins', { limit: 9, minScore: all[0]!.score })
    expect(high.map((r) => r.id)).toEqual([all[0]!.id])
  })

  it('should add date proximity only when `dateWeight` is set', () => {
    const docs: RelatedDoc[] = [
      { id: 'q', title: 'Tea', text: 'green tea leaves', date: '2020-01-01' },
      { id: 'far', title: 'Tea', text: 'green tea leaves', date: '2010-01-01' },
      { id: 'near', title: 'Tea', text: 'green tea leaves', date: '2019-12-01' },
      { id: 'z', title: 'Coffee', text: 'beans', date: '2019-12-01' },
    ]
    const plain = createRelatedIndex(docs).related('q')
    expect(plain[0]?.reasons.scores.date).toBe(0)
    const dated = createRelatedIndex(docs, { dateWeight: 0.5, dateHalfLife: 30 }).related('q')
    expect(dated.map((r) => r.id)).toEqual(['near', 'far'])
    expect(dated[0]!.reasons.scores.date).toBeCloseTo(0.5 ** (31 / 30), 5)
    expect(dated.map((r) => r.id)).not.toContain('z')
  })

  it('should give short posts results', () => {
    const words = (seed: string) => Array.from({ length: 200 }, (_, i) => `${seed}${i % 40}`).join(' ')
    const docs: RelatedDoc[] = [
      { id: 'a', title: 'Short one', text: `${words('word')} compilers parsing` },
      { id: 'b', title: 'Short two', text: `${words('term')} compilers parsing` },
      { id: 'c', title: 'Short three', text: words('item') },
    ]
    expect(createRelatedIndex(docs).related('a', { minScore: 0 })[0]?.id).toBe('b')
  })
})

describe('relatedAll', () => {
  it('should equal `related` for every post, with and without pruning', () => {
    for (const maxTerms of [3, Number.POSITIVE_INFINITY]) {
      const index = createRelatedIndex(fixturePosts(), { maxTerms })
      const all = index.relatedAll({ limit: 3 })
      expect([...all.keys()]).toEqual(fixturePosts().map((p) => p.id))
      for (const [id, list] of all) expect(list).toEqual(index.related(id, { limit: 3 }))
    }
  })
})

describe('pruning (maxTerms)', () => {
  // Long posts (a few thousand words, some 350 distinct words each) in four topics: every post shares
  // its topic's words with the others of its topic, and common words with all posts.
  function longPosts(): RelatedDoc[] {
    let seed = 7
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31
      return seed / 2 ** 31
    }
    const word = (prefix: string, i: number) => `${prefix}${i.toString(36)}x`
    const docs: RelatedDoc[] = []
    for (let i = 0; i < 40; i++) {
      const topic = i % 4
      const words: string[] = []
      for (let k = 0; k < 3000; k++) {
        const r = random()
        if (r < 0.5) words.push(word(`topic${topic}q`, Math.floor(random() * 300)))
        else words.push(word('shared', Math.floor(random() * 400)))
      }
      docs.push({ id: `post-${i}`, title: `Post ${i}`, text: words.join(' ') })
    }
    return docs
  }

  it('should keep every distinctive term of a long post by default, ranking as the exact mode does', () => {
    const docs = longPosts()
    const fast = createRelatedIndex(docs).relatedAll({ limit: 5 })
    const exact = createRelatedIndex(docs, { maxTerms: Number.POSITIVE_INFINITY }).relatedAll({ limit: 5 })
    for (const [id, list] of fast) {
      expect(list.map((r) => [r.id, r.score])).toEqual(exact.get(id)!.map((r) => [r.id, r.score]))
    }
  })

  it('should still rank a long post by its strongest terms when `maxTerms` is small', () => {
    const index = createRelatedIndex(longPosts(), { maxTerms: 20 })
    const topic = (id: string) => Number(id.slice('post-'.length)) % 4
    for (const [id, list] of index.relatedAll({ limit: 5 })) {
      expect(list.map((r) => topic(r.id))).toEqual(Array(5).fill(topic(id)))
    }
  })
})
