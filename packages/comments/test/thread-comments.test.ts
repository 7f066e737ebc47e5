import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { type Comment, CommentError, type CommentNode, threadComments } from '../src/index.js'

function at(minute: number): string {
  return new Date(Date.UTC(2021, 9, 30, 20, minute)).toISOString()
}

function make(id: string, minute: number, parentId?: string, extra: Partial<Comment> = {}): Comment {
  const c: Comment = {
    id,
    postId: 'p1',
    author: { name: `Name ${id}` },
    createdAt: at(minute),
    body: `body ${id}`,
    status: 'approved',
    ...extra,
  }
  if (parentId !== undefined) c.parentId = parentId
  return c
}

/** Shape as `id(children…)` strings, so tests read like the tree. */
function shape(nodes: CommentNode[]): string {
  return nodes
    .map((n) => (n.replies.length > 0 ? `${n.comment.id}(${shape(n.replies)})` : n.comment.id))
    .join(' ')
}

function walk(nodes: CommentNode[], visit: (node: CommentNode, parent: CommentNode | undefined) => void) {
  const stack: Array<[CommentNode, CommentNode | undefined]> = nodes.map((n) => [n, undefined])
  while (stack.length > 0) {
    const [node, parent] = stack.pop()!
    visit(node, parent)
    for (const r of node.replies) stack.push([r, node])
  }
}

describe('threadComments', () => {
  it('should nest replies under their parents, oldest first', () => {
    const result = threadComments([
      make('a', 1),
      make('b', 2, 'a'),
      make('c', 3),
      make('d', 4, 'a'),
      make('e', 5, 'b'),
    ])
    expect(shape(result.threads)).toBe('a(b(e) d) c')
    expect(result.total).toBe(5)
    expect(result.threadCount).toBe(2)
    expect(result.threads.map((t) => t.count)).toEqual([4, 1])
    expect(result.threads[0]!.replies[0]!.replies[0]!.depth).toBe(2)
    expect(result.problems).toEqual([])
  })

  it('should order comments centuries apart and with equal dates the same for any input order', () => {
    const comments = [
      make('z', 0, undefined, { createdAt: '2150-01-01T00:00:00.000Z' }),
      make('b', 0, undefined, { createdAt: '1850-01-01T00:00:00.000Z' }),
      make('a', 0, undefined, { createdAt: '1850-01-01T00:00:00.000Z' }),
      make('m', 0),
    ]
    expect(shape(threadComments(comments).threads)).toBe('a b m z')
    expect(shape(threadComments(comments.slice(0, 3).concat(comments[3]!).reverse()).threads)).toBe('a b m z')
  })

  it('should sort threads newest first and replies newest first when asked', () => {
    const comments = [make('a', 1), make('b', 2, 'a'), make('c', 3), make('d', 4, 'a')]
    expect(shape(threadComments(comments, { sort: 'newest' }).threads)).toBe('c a(b d)')
    expect(shape(threadComments(comments, { sort: 'newest', replySort: 'newest' }).threads)).toBe('c a(d b)')
  })

  it('should sort top threads by score, then thread size, then age', () => {
    const comments = [
      make('a', 1),
      make('b', 2, 'a'),
      make('c', 3),
      make('d', 4, undefined, { score: 5 }),
      make('e', 5),
    ]
    expect(shape(threadComments(comments, { sort: 'top' }).threads)).toBe('d a(b) c e')
  })

  it('should place replies deeper than maxDepth after their parent with inReplyTo', () => {
    // a ← b ← c ← d, and b ← e; maxDepth 1 shows b, c, d, e all at depth 1 under a.
    const comments = [
      make('a', 1),
      make('b', 2, 'a'),
      make('c', 3, 'b'),
      make('d', 4, 'c'),
      make('e', 5, 'b'),
      make('f', 6, 'a'),
    ]
    const { threads } = threadComments(comments, { maxDepth: 1 })
    expect(shape(threads)).toBe('a(b c d e f)')
    const replies = threads[0]!.replies
    expect(replies.map((r) => r.depth)).toEqual([1, 1, 1, 1, 1])
    expect(replies.map((r) => r.inReplyTo?.id)).toEqual([undefined, 'b', 'c', 'b', undefined])
    expect(replies[1]!.inReplyTo).toEqual({ id: 'b', name: 'Name b' })
    // The true parent is untouched.
    expect(replies[2]!.comment.parentId).toBe('c')
    expect(shape(threadComments(comments, { maxDepth: 2 }).threads)).toBe('a(b(c d e) f)')
  })

  it('should keep a deleted comment with replies as a placeholder without its text', () => {
    const comments = [
      make('a', 1, undefined, {
        status: 'deleted',
        body: 'secret',
        author: { name: 'X', email: 'x@example.com' },
      }),
      make('b', 2, 'a'),
      make('c', 3, undefined, { status: 'deleted' }),
      make('d', 4, undefined, { status: 'spam' }),
      make('e', 5, 'd', { status: 'pending' }),
    ]
    const result = threadComments(comments)
    expect(shape(result.threads)).toBe('a(b)')
    const placeholder = result.threads[0]!
    expect(placeholder.placeholder).toBe(true)
    expect(placeholder.comment.body).toBe('')
    expect(placeholder.comment.author).toEqual({ name: '' })
    expect(placeholder.count).toBe(1)
    expect(result.total).toBe(1)
    expect(result.threadCount).toBe(1)
    const moderator = threadComments(comments, { include: ['approved', 'pending', 'spam'] })
    expect(shape(moderator.threads)).toBe('a(b) d(e)')
    expect(moderator.total).toBe(3)
  })

  it('should show a comment whose parent is missing at the top level and report it', () => {
    const result = threadComments([make('a', 1), make('b', 2, 'gone')])
    expect(shape(result.threads)).toBe('a b')
    expect(result.problems).toEqual([
      expect.objectContaining({ code: 'missing-parent', commentId: 'b', parentId: 'gone' }),
    ])
    expect(result.problems[0]!.message).toContain('`gone`')
  })

  it('should break a parent cycle at its oldest comment and report it', () => {
    const result = threadComments([
      make('b', 2, 'c'),
      make('c', 3, 'a'),
      make('a', 1, 'b'),
      make('s', 4, 's'),
    ])
    expect(shape(result.threads)).toBe('a(c(b)) s')
    expect(result.problems.map((p) => [p.code, p.commentId, p.parentId])).toEqual([
      ['cycle', 'a', 'b'],
      ['cycle', 's', 's'],
    ])
  })

  it('should throw a clear error for duplicate ids', () => {
    const run = () => threadComments([make('a', 1), make('b', 2), make('a', 3)])
    expect(run).toThrow(CommentError)
    expect(run).toThrow('`a` is used by `comments[0]` and `comments[2]`')
  })

  it('should throw a clear error for a bad date, a missing id or mixed posts', () => {
    expect(() => threadComments([make('a', 1, undefined, { createdAt: 'yesterday' })])).toThrow(
      /`comments\[0\]\.createdAt` to be an ISO 8601 date-time/,
    )
    expect(() =>
      threadComments([make('a', 1, undefined, { createdAt: '2021-13-40T25:00:00.000Z' })]),
    ).toThrow(/createdAt/)
    // Days that do not exist (Date.parse would roll 31 February over to 3 March), in both forms.
    for (const createdAt of ['2021-02-29T10:00:00.000Z', '2021-04-31T10:00:00+02:00', '2021-02-31']) {
      expect(() => threadComments([make('a', 1, undefined, { createdAt })])).toThrow(/createdAt/)
    }
    expect(threadComments([make('a', 1, undefined, { createdAt: '2024-02-29T10:00:00.000Z' })]).total).toBe(1)
    // Other ISO 8601 forms (offsets) are read too, and ordered by instant.
    const offsets = threadComments([
      make('a', 1, undefined, { createdAt: '2021-10-30T22:30:00+02:00' }),
      make('b', 0, undefined, { createdAt: '2021-10-30T20:10:00.000Z' }),
    ])
    expect(shape(offsets.threads)).toBe('b a')
    expect(() => threadComments([make('a', 1), { ...make('b', 2), id: '' }])).toThrow(/comments\[1\]/)
    expect(() => threadComments([make('a', 1), { ...make('b', 2), postId: 'p2' }])).toThrow(/pass `postId`/)
    // @ts-expect-error: a status from untyped data
    expect(() => threadComments([make('a', 1, undefined, { status: 'visible' })])).toThrow(
      /`comments\[0\]\.status` to be one of/,
    )
    // With `postId`, positions still refer to the caller's array.
    expect(() =>
      threadComments([{ ...make('x', 1), postId: 'p2' }, make('a', 1), make('a', 2)], { postId: 'p1' }),
    ).toThrow('`a` is used by `comments[1]` and `comments[2]`')
    const only = threadComments([make('a', 1), { ...make('b', 2), postId: 'p2' }], { postId: 'p2' })
    expect(shape(only.threads)).toBe('b')
  })

  it('should read canonical dates exactly like Date.parse', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('0100-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.date({
          min: new Date('0100-01-01T00:00:00Z'),
          max: new Date('9999-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        (a, b) => {
          const comments = [
            make('a', 0, undefined, { createdAt: a.toISOString() }),
            make('b', 0, undefined, { createdAt: b.toISOString() }),
          ]
          const expected = a.getTime() < b.getTime() || a.getTime() === b.getTime() ? 'a b' : 'b a'
          expect(shape(threadComments(comments).threads)).toBe(expected)
          const { nextCursor } = threadComments(comments, { limit: 1 })
          const key = JSON.parse(Buffer.from(nextCursor!, 'base64url').toString('utf8')).k
          expect(key[2]).toBe(Math.min(a.getTime(), b.getTime()))
        },
      ),
    )
  })

  it('should reject bad options with a TypeError naming the option', () => {
    expect(() => threadComments([], { maxDepth: 0 })).toThrow(/`maxDepth`/)
    expect(() => threadComments([], { limit: 1.5 })).toThrow(/`limit`/)
    // @ts-expect-error: testing a bad value from untyped callers
    expect(() => threadComments([], { sort: 'best' })).toThrow(/`sort`/)
    // @ts-expect-error: testing a bad value from untyped callers
    expect(() => threadComments([], { include: ['visible'] })).toThrow(/`include`/)
  })

  it('should page by top-level threads with a cursor that new comments do not shift', () => {
    const comments = [
      make('a', 1),
      make('a1', 2, 'a'),
      make('b', 3),
      make('c', 4),
      make('d', 5),
      make('e', 6),
    ]
    const page1 = threadComments(comments, { limit: 2 })
    expect(shape(page1.threads)).toBe('a(a1) b')
    expect(page1.threadCount).toBe(5)
    expect(page1.total).toBe(6)
    // A new comment arrives (and an old one is deleted) between the two requests.
    const later = [...comments, make('f', 7), make('z', 0)].map((c) =>
      c.id === 'b' ? { ...c, status: 'deleted' as const } : c,
    )
    const page2 = threadComments(later, { limit: 2, cursor: page1.nextCursor })
    expect(shape(page2.threads)).toBe('c d')
    const page3 = threadComments(later, { limit: 2, cursor: page2.nextCursor })
    expect(shape(page3.threads)).toBe('e f')
    expect(page3.nextCursor).toBeUndefined()
  })

  it('should give no threads for no comments, or none of the post, with or without a cursor', () => {
    const empty = { threads: [], total: 0, threadCount: 0, nextCursor: undefined, problems: [] }
    expect(threadComments([])).toEqual(empty)
    expect(threadComments([], { sort: 'newest', limit: 5, maxDepth: 2 })).toEqual(empty)
    const comments = [make('a', 1), make('b', 2, 'a')]
    expect(threadComments(comments, { postId: 'other' })).toEqual(empty)
    const { nextCursor } = threadComments([...comments, make('d', 3)], { limit: 1 })
    expect(threadComments([], { cursor: nextCursor })).toEqual(empty)
  })

  it('should reject a cursor that is garbage or from another sort', () => {
    const { nextCursor } = threadComments([make('a', 1), make('b', 2)], { limit: 1 })
    expect(() => threadComments([], { cursor: 'nonsense' })).toThrow(/drop it to start from the first page/)
    expect(() => threadComments([], { cursor: nextCursor, sort: 'newest' })).toThrow(/sorted by `newest`/)
  })

  it('should thread a reply chain 100,000 deep without overflowing the stack', { timeout: 60_000 }, () => {
    const n = 100_000
    const comments: Comment[] = []
    for (let i = 0; i < n; i++) {
      comments.push(
        make(`c${i}`, 0, i > 0 ? `c${i - 1}` : undefined, {
          createdAt: new Date(Date.UTC(2021, 0, 1) + i).toISOString(),
        }),
      )
    }
    const result = threadComments(comments)
    expect(result.total).toBe(n)
    let deepest = 0
    walk(result.threads, (node) => {
      deepest = Math.max(deepest, node.depth)
    })
    expect(deepest).toBe(n - 1)
    const flat = threadComments(comments, { maxDepth: 5 })
    expect(flat.threads[0]!.count).toBe(n)
  })
})

// Random forests of comments: parents point to any comment (so cycles and missing parents happen too).
const arbComments = fc
  .array(
    fc.record({
      parent: fc.option(fc.nat(40), { nil: undefined }),
      minute: fc.nat(30),
      status: fc.constantFrom('approved', 'approved', 'approved', 'pending', 'spam', 'deleted' as const),
      score: fc.nat(3),
    }),
    { maxLength: 40 },
  )
  .map((rows) =>
    rows.map((row, i) =>
      make(`c${i}`, row.minute, row.parent === undefined ? undefined : `c${row.parent}`, {
        status: row.status as Comment['status'],
        score: row.score,
      }),
    ),
  )

const arbOptions = fc.record(
  {
    sort: fc.constantFrom('oldest', 'newest', 'top' as const),
    replySort: fc.constantFrom('oldest', 'newest' as const),
    maxDepth: fc.constantFrom(1, 2, 3, Number.POSITIVE_INFINITY),
  },
  { requiredKeys: [] },
)

describe('threadComments (properties)', () => {
  it('should show every visible comment exactly once and count them right', () => {
    fc.assert(
      fc.property(arbComments, arbOptions, (comments, options) => {
        const result = threadComments(comments, options)
        const seen = new Map<string, number>()
        let visibleNodes = 0
        walk(result.threads, (node) => {
          seen.set(node.comment.id, (seen.get(node.comment.id) ?? 0) + 1)
          if (!node.placeholder) visibleNodes++
          expect(node.placeholder).toBe(node.comment.status !== 'approved')
        })
        const visible = comments.filter((c) => c.status === 'approved')
        for (const c of visible) expect(seen.get(c.id)).toBe(1)
        for (const n of seen.values()) expect(n).toBe(1)
        expect(visibleNodes).toBe(visible.length)
        expect(result.total).toBe(visible.length)
        expect(result.threads.reduce((sum, t) => sum + t.count, 0)).toBe(result.total)
        expect(result.threadCount).toBe(result.threads.length)
      }),
    )
  })

  it('should put every reply under its parent, or under its deepest allowed ancestor', () => {
    fc.assert(
      fc.property(arbComments, arbOptions, (comments, options) => {
        const result = threadComments(comments, options)
        const broken = new Set(result.problems.map((p) => p.commentId))
        const byId = new Map(comments.map((c) => [c.id, c]))
        const trueParent = (id: string) => (broken.has(id) ? undefined : byId.get(id)?.parentId)
        const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY
        walk(result.threads, (node, shownParent) => {
          expect(node.depth).toBeLessThanOrEqual(maxDepth)
          const id = node.comment.id
          if (shownParent === undefined) {
            expect(node.depth).toBe(0)
            expect(trueParent(id)).toBeUndefined()
            return
          }
          expect(node.depth).toBe(shownParent.depth + 1)
          // Walk up the true tree to the ancestor at the shown parent's depth.
          const chain: string[] = []
          for (let p = trueParent(id); p !== undefined; p = trueParent(p)) chain.push(p)
          const trueDepth = chain.length
          expect(chain[trueDepth - 1 - shownParent.depth]).toBe(shownParent.comment.id)
          if (trueDepth <= maxDepth) expect(node.inReplyTo).toBeUndefined()
          else expect(node.inReplyTo?.id).toBe(trueParent(id))
        })
      }),
    )
  })

  it('should give the same tree for any input order', () => {
    fc.assert(
      fc.property(
        arbComments.chain((c) => fc.tuple(fc.constant(c), fc.shuffledSubarray(c, { minLength: c.length }))),
        arbOptions,
        ([comments, shuffled], options) => {
          expect(threadComments(shuffled, options)).toEqual(threadComments(comments, options))
        },
      ),
    )
  })

  it('should return every thread exactly once across pages', () => {
    fc.assert(
      fc.property(arbComments, arbOptions, fc.integer({ min: 1, max: 5 }), (comments, options, limit) => {
        const all = threadComments(comments, options).threads.map((t) => t.comment.id)
        const paged: string[] = []
        let cursor: string | undefined
        do {
          const page = threadComments(comments, { ...options, limit, cursor })
          paged.push(...page.threads.map((t) => t.comment.id))
          cursor = page.nextCursor
        } while (cursor !== undefined)
        expect(paged).toEqual(all)
      }),
    )
  })
})

/** The threads as a plain tree of ids and the fields computed by `threadComments`. */
interface Outline {
  id: string
  depth: number
  count: number
  placeholder: boolean
  inReplyTo: string | undefined
  replies: Outline[]
}

function outline(nodes: CommentNode[]): Outline[] {
  return nodes.map((n) => ({
    id: n.comment.id,
    depth: n.depth,
    count: n.count,
    placeholder: n.placeholder,
    inReplyTo: n.inReplyTo?.id,
    replies: outline(n.replies),
  }))
}

/**
 * A direct, recursive reading of the documented rules (slow, for small inputs): the oracle that the
 * fast paths of `threadComments` (sorted input, shuffled input, replies older than their parents) are
 * checked against.
 */
function referenceThreads(
  comments: Comment[],
  options: {
    sort?: string
    replySort?: string
    maxDepth?: number
    include?: readonly string[]
    limit?: number
  },
) {
  const maxDepth = options.maxDepth ?? Number.POSITIVE_INFINITY
  const include = new Set(options.include ?? ['approved'])
  const byId = new Map(comments.map((c) => [c.id, c]))
  const time = (c: Comment) => Date.parse(c.createdAt)
  const older = (a: Comment, b: Comment) => time(a) - time(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  const parentOf = new Map<string, string | undefined>()
  for (const c of comments)
    parentOf.set(c.id, c.parentId !== undefined && byId.has(c.parentId) ? c.parentId : undefined)
  // Break each loop at its oldest comment.
  for (const c of comments) {
    const seen: string[] = []
    let x: string | undefined = c.id
    while (x !== undefined && !seen.includes(x)) {
      seen.push(x)
      x = parentOf.get(x)
    }
    if (x !== undefined) {
      const loop = seen.slice(seen.indexOf(x)).map((id) => byId.get(id)!)
      parentOf.set(loop.sort(older)[0]!.id, undefined)
    }
  }
  const children = (id: string | undefined) => {
    const list = comments.filter((c) => parentOf.get(c.id) === id).sort(older)
    return id !== undefined && options.replySort === 'newest' ? list.reverse() : list
  }
  const count = (c: Comment): number =>
    (include.has(c.status) ? 1 : 0) + children(c.id).reduce((sum, r) => sum + count(r), 0)
  let roots = children(undefined).filter((c) => count(c) > 0)
  if (options.sort === 'newest') roots.reverse()
  if (options.sort === 'top') {
    roots = [...roots].sort((a, b) => (b.score ?? 0) - (a.score ?? 0) || count(b) - count(a) || older(a, b))
  }
  const build = (c: Comment, trueDepth: number, into: Outline[]) => {
    const node: Outline = {
      id: c.id,
      depth: Math.min(trueDepth, maxDepth),
      count: count(c),
      placeholder: !include.has(c.status),
      inReplyTo: trueDepth > maxDepth ? parentOf.get(c.id) : undefined,
      replies: [],
    }
    into.push(node)
    for (const r of children(c.id)) {
      if (count(r) > 0) build(r, trueDepth + 1, trueDepth + 1 <= maxDepth ? node.replies : into)
    }
  }
  const threads: Outline[] = []
  for (const r of roots.slice(0, options.limit ?? roots.length)) build(r, 0, threads)
  return { threads, total: roots.reduce((sum, r) => sum + count(r), 0), threadCount: roots.length }
}

const oldestFirst = (comments: Comment[]) =>
  [...comments].sort(
    (a, b) => Date.parse(a.createdAt) - Date.parse(b.createdAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  )

describe('threadComments (against a reference implementation)', () => {
  // Parents may be newer than their replies (clock skew, imports), which takes the general path.
  const arbAnyParents = fc
    .array(
      fc.record({
        parent: fc.option(fc.nat(30), { nil: undefined }),
        // Few distinct times, so that ties (ordered by id) are common.
        minute: fc.nat(8),
        status: fc.constantFrom('approved', 'approved', 'pending', 'deleted' as const),
        score: fc.nat(2),
      }),
      { maxLength: 30 },
    )
    .map((rows) =>
      rows.map((row, i) =>
        make(`c${i}`, row.minute, row.parent === undefined ? undefined : `c${row.parent}`, {
          status: row.status as Comment['status'],
          score: row.score,
        }),
      ),
    )
  // Parents always older than their replies (the usual case, the fast path).
  const arbOlderParents = fc
    .array(fc.record({ parent: fc.option(fc.nat(), { nil: undefined }), gap: fc.nat(2) }), { maxLength: 30 })
    .map((rows) => {
      let minute = 0
      return rows.map((row, i) => {
        minute += row.gap
        return make(`c${i}`, minute, row.parent === undefined || i === 0 ? undefined : `c${row.parent % i}`)
      })
    })
  const arbAllOptions = fc.record(
    {
      sort: fc.constantFrom('oldest', 'newest', 'top' as const),
      replySort: fc.constantFrom('oldest', 'newest' as const),
      maxDepth: fc.constantFrom(1, 2, 3, Number.POSITIVE_INFINITY),
      include: fc.constantFrom(['approved' as const], ['approved' as const, 'pending' as const]),
      limit: fc.constantFrom(1, 3, Number.POSITIVE_INFINITY),
    },
    { requiredKeys: [] },
  )

  for (const [name, arb] of [
    ['parents newer than replies', arbAnyParents],
    ['parents always older', arbOlderParents],
  ] as const) {
    it(`should match the reference for sorted, shuffled and reversed input (${name})`, () => {
      fc.assert(
        fc.property(
          arb.chain((c) => fc.tuple(fc.constant(c), fc.shuffledSubarray(c, { minLength: c.length }))),
          arbAllOptions,
          ([comments, shuffled], options) => {
            const expected = referenceThreads(comments, options)
            for (const input of [
              comments,
              shuffled,
              oldestFirst(comments),
              oldestFirst(comments).reverse(),
            ]) {
              const result = threadComments(input, options)
              expect(outline(result.threads)).toEqual(expected.threads)
              expect(result.total).toBe(expected.total)
              expect(result.threadCount).toBe(expected.threadCount)
            }
          },
        ),
        { seed: 20261126, numRuns: 300 },
      )
    })
  }

  it('should give the same result for 5,000 comments sorted and shuffled (fixed seed)', () => {
    let seed = 42
    const random = () => {
      seed = (seed * 16807) % 2147483647
      return seed / 2147483647
    }
    const comments: Comment[] = []
    for (let i = 0; i < 5000; i++) {
      // Times a few seconds apart with ties, a few replies older than their parent.
      const c = make(`c${i}`, 0, undefined, {
        createdAt: new Date(Date.UTC(2021, 0, 1) + Math.floor(i / 3) * 1000).toISOString(),
        status: random() < 0.05 ? 'deleted' : 'approved',
      })
      if (i > 0 && random() < 0.7) {
        const back =
          random() < 0.01 ? -Math.floor(random() * 20) - 1 : Math.floor(random() * Math.min(i, 50)) + 1
        const p = i - back
        if (p >= 0 && p < 5000 && p !== i) c.parentId = `c${p}`
      }
      comments.push(c)
    }
    const shuffled = [...comments]
    for (let i = shuffled.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1))
      ;[shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!]
    }
    for (const options of [
      {},
      { maxDepth: 3 },
      { maxDepth: 1, replySort: 'newest' as const },
      { sort: 'top' as const, limit: 20 },
    ]) {
      expect(threadComments(shuffled, options)).toEqual(threadComments(comments, options))
    }
  })

  it('should order times spread over more than 8,900 years and ties to the millisecond', () => {
    const comments = [
      make('late', 0, undefined, { createdAt: '9999-12-31T23:59:59.999Z' }),
      make('b', 0, undefined, { createdAt: '2021-10-30T20:15:00.001Z' }),
      make('early', 0, undefined, { createdAt: '0100-01-01T00:00:00.000Z' }),
      make('a', 0, undefined, { createdAt: '2021-10-30T20:15:00.001Z' }),
      make('x', 0, undefined, { createdAt: '2021-10-30T20:15:00.000Z' }),
    ]
    expect(shape(threadComments(comments).threads)).toBe('early x a b late')
    // Within 8,900 years (the radix sort) as well.
    expect(shape(threadComments(comments.filter((c) => c.id !== 'early')).threads)).toBe('x a b late')
  })

  it('should report a duplicate id only after the other errors of the input', () => {
    const comments = [make('a', 1), make('a', 2), make('b', 3, undefined, { createdAt: 'soon' })]
    expect(() => threadComments(comments)).toThrow(/`comments\[2\]\.createdAt`/)
    expect(() => threadComments(comments.slice(0, 2))).toThrow(
      '`a` is used by `comments[0]` and `comments[1]`',
    )
  })

  it('should link a reply that comes before its parent in the input, or is older than it', () => {
    const result = threadComments([
      make('b', 2, 'a'),
      make('a', 1),
      // Older than its parent (clock skew): still under it.
      make('c', 0, 'b'),
    ])
    expect(shape(result.threads)).toBe('a(b(c))')
    expect(result.problems).toEqual([])
  })
})
