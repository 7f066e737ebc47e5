import { describe, expectTypeOf, it } from 'vitest'
import type {
  Comment,
  CommentNode,
  CommentStatus,
  CommentStore,
  LatestPost,
  SpamVerdict,
} from '../src/index.js'
import { threadComments } from '../src/index.js'
import type { LatestPostFetcher } from '../src/latest-post.js'
import { createSqliteCommentStore } from '../src/sqlite.js'

describe('types', () => {
  it('should keep the public shapes', () => {
    expectTypeOf<CommentStatus>().toEqualTypeOf<'approved' | 'pending' | 'spam' | 'deleted'>()
    expectTypeOf<Comment['author']>().toHaveProperty('name').toEqualTypeOf<string>()
    expectTypeOf(threadComments).returns.toHaveProperty('threads').toEqualTypeOf<CommentNode[]>()
    expectTypeOf(createSqliteCommentStore).returns.toEqualTypeOf<CommentStore>()
    // Every store method is async, so other databases can implement the interface.
    expectTypeOf<ReturnType<CommentStore['list']>>().toEqualTypeOf<Promise<Comment[]>>()
    expectTypeOf<ReturnType<CommentStore['count']>>().toEqualTypeOf<Promise<Record<string, number>>>()
    expectTypeOf<SpamVerdict['action']>().toEqualTypeOf<'accept' | 'pending' | 'spam'>()
    expectTypeOf<ReturnType<LatestPostFetcher>>().toEqualTypeOf<Promise<LatestPost | undefined>>()
  })
})
