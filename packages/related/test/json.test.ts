import { describe, expect, it } from 'vitest'
import { createRelatedIndex, fromJSON, type RelatedDoc, type RelatedIndex } from '../src/index.js'
import { fixturePosts } from './helpers.js'

/**
 * Fixture posts plus generated ones: 160 posts per topic, more than the 150 postings a query reads per
 * term, so that the order of the postings matters as it does in a large blog.
 */
function manyPosts(): RelatedDoc[] {
  const topics = [
    ['joins', 'tables', 'keys', 'dplyr', 'merge', 'columns', 'rows', 'filter'],
    ['plots', 'themes', 'fonts', 'ggplot2', 'colours', 'axes', 'scales', 'legends'],
    ['models', 'tuning', 'recipes', 'tidymodels', 'resampling', 'metrics', 'folds', 'grids'],
  ]
  const posts: RelatedDoc[] = [...fixturePosts()]
  for (let i = 0; i < 480; i++) {
    const words = topics[i % topics.length]!
    const text = Array.from(
      { length: 20 + (i % 7) * 5 },
      (_, j) => words[(i * 3 + j * j + (i >> 2)) % words.length],
    )
    posts.push({
      id: `generated-${i}`,
      title: `${words[i % words.length]} and ${words[(i + 2) % words.length]} ${i}`,
      text: `${text.join(' ')} note${i % 50} shared${i % 9}`,
      tags: i % 3 === 0 ? [words[(i >> 1) % words.length]!] : [],
      categories: i % 2 === 0 ? ['package'] : [],
      date: new Date(Date.UTC(2020, 0, 1 + i)).toISOString(),
      draft: i % 17 === 0,
    })
  }
  return posts
}

const queries = [
  { limit: 5 },
  { limit: 3, excludeNewer: true },
  { limit: 10, minScore: 0.05, includeDrafts: true },
  { limit: 4, exclude: ['generated-1', 'dplyr-joins'] },
]

function expectSame(restored: RelatedIndex, original: RelatedIndex): void {
  expect(restored.size).toBe(original.size)
  for (const query of queries) expect(restored.relatedAll(query)).toEqual(original.relatedAll(query))
}

/** The same changes on an index: an add, an update, and removals. */
function change(index: RelatedIndex, round: number, removals: number): void {
  const posts = manyPosts()
  index.add({ ...posts[10 + 3 * round]!, id: `new-${round}`, tags: [] })
  const old = posts[20 + round]!
  index.update({ ...old, text: `${old.text} plots themes fonts`, tags: ['ggplot2'] })
  for (let i = 0; i < removals; i++) index.remove(posts[40 + round * 30 + i]!.id)
}

// Note: a larger corpus than the other tests (postings longer than a query reads); allow for a busy machine.
describe('toJSON / fromJSON', { timeout: 30_000 }, () => {
  it('should restore an index that gives the same results, from the object or its JSON text', () => {
    const index = createRelatedIndex(manyPosts(), { tagWeight: 0.7, maxTerms: 8 })
    const text = JSON.stringify(index)
    const restored = fromJSON(JSON.parse(text))
    expectSame(restored, index)
    expectSame(fromJSON(text), index)
    expectSame(fromJSON(index.toJSON()), index)
    expect(restored.toJSON().options.tagWeight).toBe(0.7)
    // Saving the restored index gives the same data again.
    expect(JSON.stringify(restored)).toBe(text)
  })

  it('should accept add, update and remove exactly like the index it was saved from', () => {
    const options = { maxTerms: 12 }
    const index = createRelatedIndex(manyPosts(), options)
    const restored = fromJSON(JSON.stringify(index))
    // Few changes (13 of 490 posts, under `refreshThreshold`): no refresh yet, so the removed posts are
    // still in the postings and the others keep their weights, in both indexes.
    change(index, 0, 10)
    change(restored, 0, 10)
    expectSame(restored, index)
    expect(JSON.stringify(restored)).toBe(JSON.stringify(index))
    // Saved with these pending changes and restored: the same results, and a refresh at the same change.
    const again = fromJSON(JSON.stringify(index))
    expect(again.toJSON().docs).toContain(null)
    expectSame(again, index)
    for (let i = 0; i < 12; i++) {
      const id = `generated-${200 + i}`
      expect(again.remove(id)).toBe(index.remove(id))
      expect(again.related('generated-0')).toEqual(index.related('generated-0'))
      expect(JSON.stringify(again)).toBe(JSON.stringify(index))
    }
    expect(index.toJSON().docs).not.toContain(null)
    change(index, 1, 6)
    change(again, 1, 6)
    expectSame(again, index)
  })

  it('should round-trip the exact mode and fractional term frequencies', () => {
    for (const options of [{ maxTerms: Number.POSITIVE_INFINITY }, { titleWeight: 1.5 }]) {
      const index = createRelatedIndex(manyPosts(), options)
      const saved = index.toJSON()
      const restored = fromJSON(JSON.stringify(saved))
      expectSame(restored, index)
      change(index, 2, 3)
      change(restored, 2, 3)
      expectSame(restored, index)
    }
    expect(createRelatedIndex(manyPosts(), { titleWeight: 1.5 }).toJSON().columns.keptTfsEncoding).toBe(
      'float32',
    )
    expect(createRelatedIndex(manyPosts()).toJSON().columns.keptTfsEncoding).toBe('varint')
  })

  it('should round-trip an empty index and a single post', () => {
    const empty = fromJSON(JSON.stringify(createRelatedIndex([])))
    expect(empty.size).toBe(0)
    empty.add({ id: 'a', title: 'A post', text: 'words' })
    expect(empty.related('a')).toEqual([])
    const one = fromJSON(JSON.stringify(createRelatedIndex([{ id: 'a', title: 'A', text: 'b c' }])))
    expect(one.related('a')).toEqual([])
  })

  it('should reject data that is not a saved index', () => {
    expect(() => fromJSON('{')).toThrow('Expected a saved related index as JSON text')
    expect(() => fromJSON({} as never)).toThrow('Expected the output of `toJSON()`')
    expect(() => fromJSON(null as never)).toThrow('Expected the output of `toJSON()`')
  })

  it('should ask for a rebuild of an index saved in another format version', () => {
    expect(() => fromJSON({ format: 'blogkit-related', version: 2, docs: [] } as never)).toThrow(
      'The saved related index was saved by an older version of @blogkit/related (format version 2); rebuild the index with `createRelatedIndex` and save it again',
    )
    expect(() => fromJSON({ format: 'blogkit-related', version: 9 } as never)).toThrow(
      'The saved related index has format version `9`, which this version of @blogkit/related cannot read (it reads version 3); rebuild the index with `createRelatedIndex` and save it again',
    )
  })

  it('should name what is damaged and ask for a rebuild', () => {
    const saved = createRelatedIndex(fixturePosts()).toJSON()
    const damaged = (change: object) => () => fromJSON({ ...saved, ...change } as never)
    expect(damaged({ docs: saved.docs.map((doc, i) => (i === 3 ? saved.docs[0] : doc)) })).toThrow(
      'The saved related index is damaged (`docs[3]` should be a saved post with a unique id, or null); rebuild it with `createRelatedIndex`',
    )
    expect(damaged({ state: undefined })).toThrow('is damaged (`state` should hold')
    expect(
      damaged({ columns: { ...saved.columns, vectorLengths: saved.columns.vectorLengths.slice(0, 4) } }),
    ).toThrow('is damaged (`columns.vectorLengths` ends early)')
    expect(damaged({ columns: { ...saved.columns, vectorWeights: 'AAAA' } })).toThrow(
      'is damaged (`columns.vectorWeights` does not hold',
    )
    expect(damaged({ columns: { ...saved.columns, all: 42 } })).toThrow(
      'is damaged (`columns.all` is not a base64 string)',
    )
    expect(damaged({ terms: saved.terms.slice(0, 3) })).toThrow('holds an id out of range')
    const repeated = fromJSON({ ...saved, terms: [...saved.terms, saved.terms[0]!] })
    expect(() => repeated.add({ id: 'new', title: 'Joining tables', text: 'joins' })).toThrow(
      'The saved related index is damaged (`terms` repeats a value); rebuild it with `createRelatedIndex`',
    )
    expect(damaged({ options: { ...saved.options, k1: -1 } })).toThrow('Expected `k1` to be a number')
  })
})
