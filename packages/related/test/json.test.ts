import { describe, expect, it } from 'vitest'
import { createRelatedIndex, fromJSON } from '../src/index.js'
import { fixturePosts } from './helpers.js'

describe('fromJSON', () => {
  it('should restore an index that gives the same results, from the object or its JSON text', () => {
    const index = createRelatedIndex(fixturePosts(), { tagWeight: 0.7 })
    const text = JSON.stringify(index)
    const restored = fromJSON(text)
    expect(restored.relatedAll()).toEqual(index.relatedAll())
    expect(fromJSON(index.toJSON()).relatedAll()).toEqual(index.relatedAll())
    expect(restored.toJSON().options.tagWeight).toBe(0.7)
  })

  it('should keep working after changes to the restored index', () => {
    const posts = fixturePosts()
    const restored = fromJSON(
      JSON.stringify(createRelatedIndex(posts.slice(1), { maxTerms: Number.POSITIVE_INFINITY })),
    )
    restored.add(posts[0]!)
    expect(restored.related('dplyr-joins')[0]?.id).toBe('dplyr-release')
    expect(restored.remove('dplyr-release')).toBe(true)
  })

  it('should reject data that is not a saved index', () => {
    expect(() => fromJSON('{')).toThrow('Expected a saved related index as JSON text')
    expect(() => fromJSON({} as never)).toThrow('Expected the output of `toJSON()`')
    expect(() => fromJSON({ format: 'blogkit-related', version: 9 } as never)).toThrow(
      'Unsupported related index version `9`',
    )
    const saved = createRelatedIndex(fixturePosts()).toJSON()
    expect(() => fromJSON({ ...saved, docs: [...saved.docs, saved.docs[0]!] })).toThrow(
      'Expected `docs[10]` of the saved related index to be a saved post with a unique id; rebuild the index',
    )
  })
})
