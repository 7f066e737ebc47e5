import { describe, expect, it } from 'vitest'
import { createRelatedIndex, type RelatedDoc } from '../src/index.js'
import { fixturePosts } from './helpers.js'

describe('createRelatedIndex (bad input)', () => {
  it('should name both positions of a duplicate id', () => {
    const docs = [...fixturePosts(), { id: 'dplyr-joins', title: 'Again', text: '' }]
    expect(() => createRelatedIndex(docs)).toThrow(
      'Duplicate post id `dplyr-joins` at index 0 and 10: ids must be unique (use the slug); remove or rename one',
    )
  })

  it('should name the post and field of a malformed post', () => {
    expect(() => createRelatedIndex([{ id: '', title: 'x', text: 'y' }])).toThrow(
      'Expected `id` of post at index 0 to be a non-empty string (the slug), got `""`',
    )
    expect(() => createRelatedIndex([{ id: 'a', title: 'x' } as never])).toThrow(
      "Expected `text` of post `a` (post at index 0) to be a string (use `''` for none), got `undefined`",
    )
    expect(() => createRelatedIndex([{ id: 'a', title: 'x', text: '', tags: 'r' } as never])).toThrow(
      'Expected `tags` of post `a` to be an array of strings, got `"r"`',
    )
    expect(() => createRelatedIndex([{ id: 'a', title: 'x', text: '', tags: ['r', 3] } as never])).toThrow(
      'Expected `tags[1]` of post `a` to be a string, got `3`',
    )
    expect(() => createRelatedIndex([{ id: 'a', title: 'x', text: '', date: 'soon' }])).toThrow(
      'Expected `date` of post `a` to be a Date, an ISO 8601 string or epoch milliseconds, got `"soon"`',
    )
    expect(() => createRelatedIndex(null as never)).toThrow(
      'Expected `docs` to be an array of posts, got `null`',
    )
  })

  it('should reject bad options with the option name', () => {
    expect(() => createRelatedIndex([], { maxTerms: 0 })).toThrow(
      'Expected `maxTerms` to be a number from 1 to Infinity, got `0`',
    )
    expect(() => createRelatedIndex([], { b: 2 })).toThrow('Expected `b` to be a number from 0 to 1, got `2`')
    expect(() => createRelatedIndex([], { maxTerm: 5 } as never)).toThrow('Unknown option `maxTerm`')
    expect(() => createRelatedIndex([], { lang: '' })).toThrow('Expected `lang` to be a BCP 47 language tag')
    const index = createRelatedIndex(fixturePosts())
    expect(() => index.related('dplyr-joins', { limit: 0 })).toThrow(
      'Expected `limit` to be a positive integer, got `0`',
    )
  })

  it('should throw a clear error for an unknown id', () => {
    const index = createRelatedIndex(fixturePosts())
    expect(() => index.related('no-such-post')).toThrow(
      'Unknown post id `no-such-post`: it is not in the index (check the slug, or `add` it first)',
    )
  })

  it('should index a post with empty text by its title and labels', () => {
    const docs: RelatedDoc[] = [
      ...fixturePosts(),
      { id: 'empty', title: '', text: '', tags: ['ggplot2'] },
      { id: 'title-only', title: 'ggplot2 themes', text: '' },
    ]
    const index = createRelatedIndex(docs)
    expect(index.related('empty').map((r) => r.id)).toEqual(['ggplot2-scales', 'ggplot2-themes'])
    expect(index.related('title-only')[0]?.id).toMatch(/^ggplot2-/)
  })

  it('should index only the first `maxTextLength` characters of a 5 MB post', () => {
    const huge = `${'ggplot2 themes plots '.repeat(1000)}${'unrelated filler words '.repeat(230_000)}`
    expect(huge.length).toBeGreaterThan(5_000_000)
    const index = createRelatedIndex([...fixturePosts(), { id: 'huge', title: 'Big', text: huge }])
    expect(index.related('huge')[0]?.id).toMatch(/^ggplot2-/)
    expect(index.related('huge').map((r) => r.id)).not.toContain('huge')
  })

  it('should index a post in an unknown language unstemmed', () => {
    const docs: RelatedDoc[] = [
      ...fixturePosts(),
      { id: 'tlh-1', title: 'tlhIngan Hol', text: 'Qapla qapla batlh', lang: 'tlh' },
      { id: 'tlh-2', title: 'Hol', text: 'Qapla batlh', lang: 'tlh' },
      { id: 'no-lang', title: 'Qapla', text: 'qaplas', lang: 'not a language' },
    ]
    const index = createRelatedIndex(docs)
    expect(index.related('tlh-1')[0]?.id).toBe('tlh-2')
    expect(index.related('tlh-1')[0]?.reasons.terms).toContain('qapla')
    // Unstemmed: `qaplas` does not match `qapla`; only the title `Qapla` relates it.
    const unstemmed = index.related('no-lang', { minScore: 0 })
    expect(unstemmed.map((r) => r.id).sort()).toEqual(['tlh-1', 'tlh-2'])
    for (const hit of unstemmed) expect(hit.reasons.terms).toEqual(['qapla'])
  })

  it('should return no related posts in a corpus of one post', () => {
    const index = createRelatedIndex([{ id: 'only', title: 'Alone', text: 'Just me.' }])
    expect(index.related('only')).toEqual([])
    expect(index.relatedAll()).toEqual(new Map([['only', []]]))
    expect(createRelatedIndex([]).relatedAll().size).toBe(0)
  })
})
