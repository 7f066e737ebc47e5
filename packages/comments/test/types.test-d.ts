import type BetterSqlite3Database from 'better-sqlite3'
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
import type { BetterSqlite3 } from '../src/lib/sqlite-driver.js'
import { createSqliteCommentStore, type SqliteCommentStoreOptions } from '../src/sqlite.js'

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
    // What the fetcher finds is what setLatestPost stores (`null` clears it).
    expectTypeOf<Parameters<CommentStore['setLatestPost']>[0]>().toEqualTypeOf<{
      id: string
      latestPost: LatestPost | null
    }>()
    expectTypeOf<ReturnType<CommentStore['setLatestPost']>>().toEqualTypeOf<Promise<Comment>>()
    expectTypeOf<SqliteCommentStoreOptions['driver']>().toEqualTypeOf<
      'auto' | 'better-sqlite3' | 'node:sqlite' | undefined
    >()
  })

  it('should describe the part of better-sqlite3 the store uses as its own types do', () => {
    // The driver seam types better-sqlite3 itself (its types are not a dependency of the package).
    expectTypeOf<typeof BetterSqlite3Database>().toExtend<BetterSqlite3>()
  })
})
