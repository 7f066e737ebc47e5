import { fileURLToPath } from 'node:url'
import { loadPosts } from '@blogkit/post/node'
import { describe, expect, it } from 'vitest'
import { createRelatedIndex, type RelatedDoc } from '../src/index.js'
import { fixturePosts } from './helpers.js'

// Three posts written for this test (test/fixtures/small-blog): two package releases that share only
// the boilerplate of release notes, and a post on ggplot2 legends that shares the `ggplot2` tag and
// topic with one of them.
const smallBlog = fileURLToPath(new URL('fixtures/small-blog', import.meta.url))

describe('a small blog', () => {
  it('should relate the ggplot2 posts by their tag and topic and leave the other release post alone', async () => {
    const index = createRelatedIndex(await loadPosts(smallBlog))
    const ids = (id: string) => index.related(id).map((r) => r.id)
    expect(ids('ggplot2-3-5-0')).toEqual(['legend-placement'])
    expect(ids('legend-placement')).toEqual(['ggplot2-3-5-0'])
    expect(ids('dbplyr-2-5-0')).toEqual([])
    expect(index.related('ggplot2-3-5-0')[0]?.reasons.tags).toEqual(['ggplot2'])
  })

  it('should not score two release posts that share generic words as near duplicates', async () => {
    const index = createRelatedIndex(await loadPosts(smallBlog))
    const release = index.related('dbplyr-2-5-0', { minScore: 0 })
    expect(release.map((r) => r.id)).toContain('ggplot2-3-5-0')
    const pair = release.find((r) => r.id === 'ggplot2-3-5-0')!
    expect(pair.reasons.terms).toContain('release')
    expect(pair.score).toBeLessThan(0.23)
    expect(pair.score).toBeLessThan(index.related('ggplot2-3-5-0')[0]!.score)
  })

  it('should not give two short Swedish posts sharing two words a score of 1', () => {
    const docs: RelatedDoc[] = [
      {
        id: 'kommunikation',
        title: 'Kommunikation i föreningen',
        text: 'Vi pratar om kommunikation och hur styrelsen skriver till medlemmarna varje månad.',
        lang: 'sv',
      },
      {
        id: 'arsmote',
        title: 'Årsmöte',
        text: 'Årsmötet hölls i mars. Styrelsen valdes om och medlemmarna fick fika.',
        lang: 'sv',
      },
    ]
    const index = createRelatedIndex(docs)
    expect(index.related('kommunikation')).toEqual([])
    const [pair] = index.related('kommunikation', { minScore: 0 })
    expect([...pair!.reasons.terms].sort()).toEqual(['medlemmarna', 'styrelsen'])
    expect(pair!.score).toBeLessThan(0.1)
  })

  it('should still relate near duplicates in a two-post blog', () => {
    const text = 'Sourdough bread needs flour, water, salt and a lively starter fed the night before.'
    const index = createRelatedIndex([
      { id: 'a', title: 'Sourdough bread', text },
      { id: 'b', title: 'Sourdough bread again', text: `${text} Bake it hot.` },
    ])
    expect(index.related('a').map((r) => r.id)).toEqual(['b'])
  })
})

describe("minScore: 'auto'", () => {
  it('should ask less of a larger index and leave the results of the fixture posts as they were', () => {
    const index = createRelatedIndex(fixturePosts())
    expect(index.related('dplyr-joins').map((r) => r.id)).toEqual(
      index.related('dplyr-joins', { minScore: 0.3 * (10 / (10 + 10)) }).map((r) => r.id),
    )
    expect(index.related('dplyr-joins')[0]?.id).toBe('dplyr-release')
    expect(index.related('dplyr-joins', { minScore: 'auto' })).toEqual(index.related('dplyr-joins'))
  })

  it('should reject a minScore that is neither a number nor auto', () => {
    const index = createRelatedIndex(fixturePosts())
    expect(() => index.related('dplyr-joins', { minScore: 'high' as never })).toThrow(
      'Expected `minScore` to be a finite number or `\'auto\'`, got `"high"`',
    )
  })
})
