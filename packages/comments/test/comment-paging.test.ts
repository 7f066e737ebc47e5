import { describe, expect, it } from 'vitest'
import {
  type Comment,
  commentThreadsPerPage,
  pageNumbers,
  pageThreads,
  threadComments,
} from '../src/index.js'

const comment = (n: number, parentId?: string): Comment => ({
  id: `c${n}`,
  postId: 'p',
  author: { name: `Name ${n}` },
  createdAt: new Date(Date.UTC(2024, 0, 1, 0, n)).toISOString(),
  body: `Body ${n}`,
  status: 'approved',
  ...(parentId === undefined ? {} : { parentId }),
})

// 120 top-level threads, the first with a reply
const all = threadComments([
  comment(0),
  comment(1, 'c0'),
  ...Array.from({ length: 119 }, (_, i) => comment(i + 2)),
])

describe('pageThreads', () => {
  it('should give commentThreadsPerPage (50) top-level threads a page, replies with their thread', () => {
    expect(commentThreadsPerPage).toBe(50)
    const first = pageThreads(all, { page: 1 })
    expect(first.pages).toBe(3)
    expect(first.page).toBe(1)
    expect(first.threads.threads).toHaveLength(50)
    expect(first.threads.threads[0]!.replies).toHaveLength(1)
    expect(first.threads.total).toBe(121)
    expect(first.threads.threadCount).toBe(120)
    const last = pageThreads(all, { page: 3 })
    expect(last.threads.threads.map((node) => node.comment.id)).toEqual(
      Array.from({ length: 20 }, (_, i) => `c${i + 101}`),
    )
  })

  it('should take another page size, and give an empty page after the last', () => {
    expect(pageThreads(all, { page: 2, perPage: 100 }).threads.threads).toHaveLength(20)
    expect(pageThreads(all, { page: 4 })).toMatchObject({ page: 4, pages: 3, threads: { threads: [] } })
  })

  it('should give a post without comments one empty page', () => {
    const none = pageThreads(threadComments([]), { page: 1 })
    expect(none.pages).toBe(1)
    expect(none.threads.threads).toEqual([])
  })

  it('should refuse a page or a size that is not a whole number from 1, naming it', () => {
    expect(() => pageThreads(all, { page: 0 })).toThrow(
      'Expected `page` to be a whole number from 1, got `0`',
    )
    expect(() => pageThreads(all, { page: 1.5 })).toThrow(TypeError)
    expect(() => pageThreads(all, { page: Number.NaN })).toThrow(TypeError)
    expect(() => pageThreads(all, { page: '2' as unknown as number })).toThrow(TypeError)
    expect(() => pageThreads(all, { page: 1, perPage: 0 })).toThrow(
      'Expected `perPage` to be a whole number from 1, got `0`',
    )
  })
})

describe('pageNumbers', () => {
  it('should link the first, the last and two pages on each side, 0 for a gap', () => {
    expect(pageNumbers(1, 1)).toEqual([1])
    expect(pageNumbers(1, 4)).toEqual([1, 2, 3, 4])
    expect(pageNumbers(10, 100)).toEqual([1, 0, 8, 9, 10, 11, 12, 0, 100])
    expect(pageNumbers(100, 100)).toEqual([1, 0, 98, 99, 100])
    expect(pageNumbers(4, 7)).toEqual([1, 2, 3, 4, 5, 6, 7])
  })

  it('should link the pages around a page after the last as well', () => {
    expect(pageNumbers(9, 3)).toEqual([1, 0, 3])
  })

  it('should refuse numbers that are not whole numbers from 1', () => {
    expect(() => pageNumbers(0, 3)).toThrow('Expected `page` to be a whole number from 1, got `0`')
    expect(() => pageNumbers(1, -1)).toThrow('Expected `pages` to be a whole number from 1, got `-1`')
    expect(() => pageNumbers(1, Number.POSITIVE_INFINITY)).toThrow(TypeError)
  })
})
