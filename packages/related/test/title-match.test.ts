import { describe, expect, it } from 'vitest'
import { createRelatedIndex, fromJSON, type RelatedDoc } from '../src/index.js'

// Long bodies on shared, generic subjects; only the titles tell which posts are about the same package.
const filler =
  'This release brings many improvements to the documentation, the error messages and the speed of the ' +
  'package. Install it from CRAN and read the changelog for every change. Thanks to all contributors. '

function posts(): RelatedDoc[] {
  return [
    {
      id: 'vroom-1',
      title: 'vroom 1.0.0 reads delimited files',
      text: `${filler.repeat(6)} Columns are typed.`,
    },
    {
      id: 'vroom-2',
      title: 'vroom 1.5.0 reads delimited files faster',
      text: `${filler.repeat(6)} Rows stream.`,
    },
    {
      id: 'haven-1',
      title: 'haven 2.0.0 for SPSS and Stata',
      text: `${filler.repeat(6)} Columns are typed.`,
    },
    { id: 'haven-2', title: 'haven 2.5.0 for SPSS files', text: `${filler.repeat(6)} Rows stream.` },
    { id: 'misc', title: 'A note on style', text: 'Write short sentences about style and tidy code.' },
  ]
}

describe('title match', () => {
  it('should relate posts whose titles share distinctive words even when long bodies are alike', () => {
    const index = createRelatedIndex(posts())
    const [first] = index.related('vroom-1')
    expect(first?.id).toBe('vroom-2')
    expect(first?.reasons.scores.title).toBeGreaterThan(0)
    expect(index.related('haven-2')[0]?.id).toBe('haven-1')
  })

  it('should leave the title match out with `titleMatchWeight: 0`', () => {
    const index = createRelatedIndex(posts(), { titleMatchWeight: 0 })
    for (const list of index.relatedAll().values()) {
      for (const hit of list) {
        const { content, tags, categories } = hit.reasons.scores
        expect(hit.score).toBeCloseTo(content + 0.5 * tags + 0.25 * categories, 5)
      }
    }
  })

  it('should reject a negative `titleMatchWeight`', () => {
    expect(() => createRelatedIndex(posts(), { titleMatchWeight: -1 })).toThrow(/titleMatchWeight/)
  })

  it('should keep the title match through `toJSON` / `fromJSON`', () => {
    const index = createRelatedIndex(posts())
    const restored = fromJSON(JSON.stringify(index))
    expect(restored.relatedAll()).toEqual(index.relatedAll())
    expect(restored.related('vroom-1')[0]?.reasons.scores.title).toBeGreaterThan(0)
  })

  it('should give a short post (200 words) related posts', () => {
    const words = 'tidy data frames hold one observation per row and one variable per column'.split(' ')
    const short = Array.from({ length: 200 }, (_, i) => words[i % words.length]).join(' ')
    const index = createRelatedIndex([
      ...posts(),
      { id: 'short', title: 'Tidy data', text: short },
      { id: 'tidy-long', title: 'Tidy data in practice', text: `${short} ${filler}` },
    ])
    expect(index.related('short').map((r) => r.id)).toContain('tidy-long')
  })
})
