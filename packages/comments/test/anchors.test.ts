import { describe, expect, it } from 'vitest'
import { commentAnchor, oldCommentAnchor } from '../src/index.js'

describe('commentAnchor', () => {
  it('should be comment-<id>, whitespace in the id replaced by a dash', () => {
    expect(commentAnchor({ id: 'c1' })).toBe('comment-c1')
    expect(commentAnchor({ id: 'a b\tc' })).toBe('comment-a-b-c')
    expect(commentAnchor({ id: 'a  b' })).toBe('comment-a-b')
  })

  it('should refuse a comment without a string id', () => {
    expect(() => commentAnchor({ id: undefined as unknown as string })).toThrow(
      'Expected a comment with an `id` (a string), got `undefined`',
    )
    expect(() => oldCommentAnchor({ id: 7 as unknown as string })).toThrow(TypeError)
  })
})

describe('oldCommentAnchor', () => {
  it('should give imported comments the anchor they had on the old blog', () => {
    expect(oldCommentAnchor({ id: 'wp-7' })).toBe('comment-7')
    expect(oldCommentAnchor({ id: 'dsq-4182734' })).toBe('comment-4182734')
  })

  it('should give other ids none', () => {
    expect(oldCommentAnchor({ id: 'dsq-sha-abc' })).toBeUndefined()
    expect(oldCommentAnchor({ id: '0f9c' })).toBeUndefined()
    expect(oldCommentAnchor({ id: 'wp-7x' })).toBeUndefined()
    expect(oldCommentAnchor({ id: 'xwp-7' })).toBeUndefined()
    expect(oldCommentAnchor({ id: '' })).toBeUndefined()
  })
})
