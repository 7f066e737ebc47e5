import type { Comment } from '@blogkit/comments'
import type { Post } from '@blogkit/post'
import { describe, expectTypeOf, it } from 'vitest'
import type { ImportedComment, ImportedPost, WordPressRecord } from '../src/index.js'
import { fromDisqus, fromWordPress, readWordPress } from '../src/index.js'

describe('types', () => {
  it('should give comments @blogkit/comments takes and posts in @blogkit/post shape', () => {
    expectTypeOf<ImportedComment>().toEqualTypeOf<Comment>()
    expectTypeOf<ImportedPost>().toExtend<
      Pick<Post, 'id' | 'slug' | 'title' | 'date' | 'draft' | 'tags' | 'categories' | 'lang' | 'data'>
    >()
    expectTypeOf<ImportedPost['author']>().toEqualTypeOf<Post['author']>()
    expectTypeOf(fromWordPress).returns.resolves.toHaveProperty('comments').toEqualTypeOf<ImportedComment[]>()
    expectTypeOf(fromDisqus).returns.resolves.toHaveProperty('comments').toEqualTypeOf<ImportedComment[]>()
    expectTypeOf(readWordPress).returns.toEqualTypeOf<AsyncGenerator<WordPressRecord>>()
  })
})
