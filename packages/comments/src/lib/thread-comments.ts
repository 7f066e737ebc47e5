import { CommentError } from './errors.js'
import { createIdIndex } from './id-index.js'
import type { Comment, CommentStatus } from './types.js'
import { commentStatuses } from './types.js'

/** Order of top-level threads: by date, or by `score` (then size of the thread). */
export type ThreadSort = 'oldest' | 'newest' | 'top'

/** Order of replies under their parent. */
export type ReplySort = 'oldest' | 'newest'

/** Options of `threadComments`. */
export interface ThreadCommentsOptions {
  /** Order of top-level threads. `top` sorts by `score` (highest first), then by number of visible comments in the thread, then oldest first. @default 'oldest' */
  sort?: ThreadSort
  /** Order of replies under their parent. @default 'oldest' */
  replySort?: ReplySort
  /**
   * Deepest `depth` a reply is shown at (top-level comments have depth 0), an integer ≥ 1 or `Infinity`.
   * Deeper replies are shown at this depth right after their parent's subtree, with `inReplyTo` set
   * (as WordPress does); the stored `parentId` is never changed. @default Infinity
   */
  maxDepth?: number
  /** Statuses shown as comments; others become placeholders when they have visible replies. Use `['approved', 'pending', 'spam']` for moderators. @default ['approved'] */
  include?: readonly CommentStatus[]
  /** Top-level threads per page (an integer ≥ 1, or `Infinity` for all). @default Infinity */
  limit?: number
  /** `nextCursor` of the previous page; absent for the first page. */
  cursor?: string | null | undefined
  /** Only thread the comments of this post. Without it, all comments must belong to one post. */
  postId?: string
}

/** A comment with its replies, as shown. */
export interface CommentNode {
  /** The comment. For a placeholder, a copy with an empty `body` and `author.name` (nothing private leaks). */
  comment: Comment
  /** Depth as shown: 0 for top-level comments, at most `maxDepth`. */
  depth: number
  /** Replies shown under this comment. */
  replies: CommentNode[]
  /** Visible comments in this comment's true subtree, itself included (replies flattened by `maxDepth` count here too). */
  count: number
  /** `true` when the comment itself is not visible (e.g. deleted) but has visible replies: show "comment deleted". */
  placeholder: boolean
  /** Set when the comment is shown away from its true parent because of `maxDepth`: whom it answers, for a label. */
  inReplyTo?: { id: string; name: string }
}

/** A problem found in the data and worked around by `threadComments`. */
export interface ThreadProblem {
  /** `missing-parent`: the parent does not exist on this post, the comment is shown top-level. `cycle`: parents form a loop, broken at its oldest comment, which is shown top-level. */
  code: 'missing-parent' | 'cycle'
  /** The comment whose parent was dropped. */
  commentId: string
  /** The dropped parent id. */
  parentId: string
  /** Human-readable explanation. */
  message: string
}

/** Result of `threadComments`. */
export interface CommentThreads {
  /** Top-level threads of this page. */
  threads: CommentNode[]
  /** Visible comments on the post (all pages). */
  total: number
  /** Top-level threads with at least one visible comment (all pages). */
  threadCount: number
  /** Cursor of the next page, or `undefined` on the last page. */
  nextCursor: string | undefined
  /** Data problems that were worked around. */
  problems: ThreadProblem[]
}

/** Milliseconds of the canonical `toISOString()` form (`2021-10-30T20:15:00.000Z`), or NaN for any other form. */
function parseIsoZ(s: string): number {
  if (
    s.length !== 24 ||
    s.charCodeAt(4) !== 45 ||
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 ||
    s.charCodeAt(13) !== 58 ||
    s.charCodeAt(16) !== 58 ||
    s.charCodeAt(19) !== 46 ||
    s.charCodeAt(23) !== 90
  ) {
    return Number.NaN
  }
  let bad = false
  const d = (i: number) => {
    const v = s.charCodeAt(i) - 48
    if (v < 0 || v > 9) bad = true
    return v
  }
  const year = d(0) * 1000 + d(1) * 100 + d(2) * 10 + d(3)
  const month = d(5) * 10 + d(6)
  const day = d(8) * 10 + d(9)
  const hour = d(11) * 10 + d(12)
  const minute = d(14) * 10 + d(15)
  const second = d(17) * 10 + d(18)
  const ms = d(20) * 100 + d(21) * 10 + d(22)
  if (bad || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 59)
    return Number.NaN
  // Note: days from the civil date by arithmetic (H. Hinnant's algorithm), 2× faster than `Date.UTC`.
  const y = month <= 2 ? year - 1 : year
  const era = Math.floor(y / 400)
  const yoe = y - era * 400
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1
  const days = era * 146097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719468
  return ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + ms
}

function parseTime(value: unknown, position: number): number {
  if (typeof value === 'string') {
    // Note: fast path for the canonical form, 3× faster than `Date.parse` on 1M comments.
    const fast = parseIsoZ(value)
    if (!Number.isNaN(fast)) return fast
    const t = Date.parse(value)
    if (!Number.isNaN(t) && /^\d{4}-\d\d-\d\d/.test(value)) return t
  }
  // Note: the field name is built only on error; building it for every comment cost 1M strings.
  const field = `comments[${position}].createdAt`
  throw new CommentError(
    'invalid-date',
    `Expected \`${field}\` to be an ISO 8601 date-time such as \`2021-10-30T20:15:00.000Z\`, got \`${String(value)}\``,
    field,
  )
}

const byId = (ids: readonly string[]) => (a: number, b: number) =>
  ids[a]! < ids[b]! ? -1 : ids[a]! > ids[b]! ? 1 : 0

/** Sort positions oldest first, ties by id. */
function sortByTimeThenId(order: Int32Array, times: Float64Array, ids: readonly string[]) {
  const n = order.length
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (let i = 0; i < n; i++) {
    if (times[i]! < min) min = times[i]!
    if (times[i]! > max) max = times[i]!
  }
  if (n >= 2 ** 21 || max - min >= 2 ** 42 || !Number.isInteger(max - min)) {
    order.sort((a, b) => times[a]! - times[b]! || byId(ids)(a, b))
    return
  }
  // Note: pack (time, position) into one 64-bit integer and use the native numeric sort, 2.5× faster
  // than a comparator on 1M comments; then put equal times in id order.
  const packed = new BigInt64Array(n)
  for (let i = 0; i < n; i++) packed[i] = (BigInt(times[i]! - min) << 21n) | BigInt(i)
  packed.sort()
  for (let i = 0; i < n; i++) order[i] = Number(packed[i]! & 0x1fffffn)
  const compare = byId(ids)
  for (let start = 0; start < n; ) {
    let end = start + 1
    while (end < n && times[order[end]!] === times[order[start]!]) end++
    if (end - start > 1) order.subarray(start, end).sort(compare)
    start = end
  }
}

type Key = [score: number, count: number, time: number, id: string]

function compareKeys(sort: ThreadSort, a: Key, b: Key): number {
  if (sort === 'top') {
    if (a[0] !== b[0]) return b[0] - a[0]
    if (a[1] !== b[1]) return b[1] - a[1]
  }
  const dir = sort === 'newest' ? -1 : 1
  if (a[2] !== b[2]) return (a[2] - b[2]) * dir
  return a[3] < b[3] ? -dir : a[3] > b[3] ? dir : 0
}

function encodeCursor(sort: ThreadSort, key: Key): string {
  return Buffer.from(JSON.stringify({ v: 1, s: sort, k: key }), 'utf8').toString('base64url')
}

function decodeCursor(cursor: string, sort: ThreadSort): Key {
  let data: unknown
  try {
    data = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'))
  } catch {
    data = undefined
  }
  const k = (data as { k?: unknown } | undefined)?.k
  const ok =
    typeof data === 'object' &&
    data !== null &&
    (data as { v?: unknown }).v === 1 &&
    Array.isArray(k) &&
    k.length === 4 &&
    typeof k[0] === 'number' &&
    typeof k[1] === 'number' &&
    typeof k[2] === 'number' &&
    typeof k[3] === 'string'
  if (!ok) {
    throw new CommentError(
      'invalid-cursor',
      `Expected \`cursor\` to be a \`nextCursor\` returned by \`threadComments\`, got \`${cursor.slice(0, 40)}\`; drop it to start from the first page`,
      'cursor',
    )
  }
  const s = (data as { s?: unknown }).s
  if (s !== sort) {
    throw new CommentError(
      'invalid-cursor',
      `Expected \`cursor\` to come from a page sorted by \`${sort}\`, but it comes from \`${String(s)}\`; drop it when the sort changes`,
      'cursor',
    )
  }
  return k as Key
}

function checkOptions(options: Readonly<ThreadCommentsOptions>) {
  const { sort, replySort, maxDepth, limit, include } = options
  if (sort !== undefined && sort !== 'oldest' && sort !== 'newest' && sort !== 'top') {
    throw new TypeError(`Expected \`sort\` to be \`oldest\`, \`newest\` or \`top\`, got \`${String(sort)}\``)
  }
  if (replySort !== undefined && replySort !== 'oldest' && replySort !== 'newest') {
    throw new TypeError(`Expected \`replySort\` to be \`oldest\` or \`newest\`, got \`${String(replySort)}\``)
  }
  for (const [name, value] of [
    ['maxDepth', maxDepth],
    ['limit', limit],
  ] as const) {
    if (
      value !== undefined &&
      value !== Number.POSITIVE_INFINITY &&
      !(Number.isInteger(value) && value >= 1)
    ) {
      throw new TypeError(
        `Expected \`${name}\` to be an integer ≥ 1 or \`Infinity\`, got \`${String(value)}\``,
      )
    }
  }
  if (include !== undefined) {
    for (const s of include) {
      if (!commentStatuses.includes(s)) {
        throw new TypeError(
          `Expected \`include\` to hold statuses (${commentStatuses.join(', ')}), got \`${String(s)}\``,
        )
      }
    }
  }
}

/**
 * Turn the comments of one post into threads, in linear time and without recursion (a reply chain
 * 100,000 deep is fine).
 *
 * Comments whose parent is missing become top-level, parent cycles are broken at their oldest comment
 * (both are reported in `problems`); hidden comments (deleted, pending, spam) with visible replies stay as
 * placeholders so the thread keeps its shape. Paging counts top-level threads only, and the cursor is a
 * position in the sort order, so comments added meanwhile do not shift later pages.
 *
 * @param comments Comments of one post, in any order (already sorted by `createdAt` is fastest).
 * @param options Sorting, depth limit, visible statuses and paging.
 * @returns The threads of the requested page, counts, the next cursor and the data problems found.
 * @throws {CommentError} `duplicate-id`, `invalid-date`, `invalid-comment`, `mixed-posts` or `invalid-cursor`.
 */
export function threadComments(
  comments: readonly Comment[],
  options?: Readonly<ThreadCommentsOptions> | null,
): CommentThreads {
  const opts = options ?? {}
  checkOptions(opts)
  const sort = opts.sort ?? 'oldest'
  const replyNewest = opts.replySort === 'newest'
  const maxDepth = opts.maxDepth ?? Number.POSITIVE_INFINITY
  const limit = opts.limit ?? Number.POSITIVE_INFINITY
  const includeSet = new Set<string>(opts.include ?? ['approved'])

  // Select the post's comments.
  let list: readonly Comment[] = comments
  // Positions in the caller's array, for error messages when `postId` picks a subset.
  let origin: number[] | undefined
  if (opts.postId !== undefined) {
    const postId = opts.postId
    origin = []
    for (let i = 0; i < comments.length; i++) if (comments[i]?.postId === postId) origin.push(i)
    list = origin.map((i) => comments[i]!)
  }
  const at = (i: number) => `comments[${origin ? origin[i] : i}]`
  const statuses = new Set<string>(commentStatuses)
  const n = list.length
  const ids: string[] = new Array(n)
  const times = new Float64Array(n)
  const firstPost = n > 0 ? list[0]?.postId : undefined
  for (let i = 0; i < n; i++) {
    const c = list[i]
    if (typeof c !== 'object' || c === null || typeof c.id !== 'string' || c.id === '') {
      throw new CommentError(
        'invalid-comment',
        `Expected \`${at(i)}\` to be a comment with a non-empty string \`id\`, got \`${JSON.stringify(c)?.slice(0, 80)}\``,
        `${at(i)}.id`,
      )
    }
    if (c.postId !== firstPost) {
      throw new CommentError(
        'mixed-posts',
        `Expected all comments to belong to one post, but \`comments[${i}].postId\` is \`${String(c.postId)}\` and \`comments[0].postId\` is \`${String(firstPost)}\`; pass \`postId\` to pick one`,
        `comments[${i}].postId`,
      )
    }
    if (!statuses.has(c.status)) {
      throw new CommentError(
        'invalid-status',
        `Expected \`${at(i)}.status\` to be one of ${commentStatuses.join(', ')}, got \`${String(c.status)}\``,
        `${at(i)}.status`,
      )
    }
    ids[i] = c.id
    times[i] = parseTime(c.createdAt, origin ? origin[i]! : i)
  }

  const index = createIdIndex(ids, (first, second) => {
    throw new CommentError(
      'duplicate-id',
      `Expected comment ids to be unique, but \`${ids[first]}\` is used by \`${at(first)}\` and \`${at(second)}\``,
      `${at(second)}.id`,
    )
  })

  // Parents (true tree), with missing parents reported.
  const problems: ThreadProblem[] = []
  const parent = new Int32Array(n).fill(-1)
  for (let i = 0; i < n; i++) {
    const pid = list[i]!.parentId
    if (pid === undefined || pid === null) continue
    const j = typeof pid === 'string' ? index.find(pid) : -1
    if (j === -1) {
      problems.push({
        code: 'missing-parent',
        commentId: ids[i]!,
        parentId: pid,
        message: `Comment \`${ids[i]}\` answers \`${pid}\`, which is not a comment on this post; it is shown top-level`,
      })
    } else parent[i] = j
  }

  // Break cycles: walk up from every comment once; a walk that meets its own path found a loop.
  const state = new Uint8Array(n) // 0 unseen, 1 on the current path, 2 done
  const path: number[] = []
  for (let start = 0; start < n; start++) {
    if (state[start] !== 0) continue
    path.length = 0
    let x = start
    while (x !== -1 && state[x] === 0) {
      state[x] = 1
      path.push(x)
      x = parent[x]!
    }
    if (x !== -1 && state[x] === 1) {
      const members = path.slice(path.lastIndexOf(x))
      let oldest = members[0]!
      for (const m of members) {
        if (times[m]! < times[oldest]! || (times[m] === times[oldest] && ids[m]! < ids[oldest]!)) oldest = m
      }
      // Note: listed from the oldest, following parents, so the message does not depend on input order.
      const loop = [ids[oldest]!]
      for (let m = parent[oldest]!; m !== oldest; m = parent[m]!) loop.push(ids[m]!)
      problems.push({
        code: 'cycle',
        commentId: ids[oldest]!,
        parentId: ids[parent[oldest]!]!,
        message: `Comments ${loop.map((id) => `\`${id}\``).join(', ')} answer each other in a loop; \`${ids[oldest]}\` (the oldest) is shown top-level`,
      })
      parent[oldest] = -1
    }
    for (const p of path) state[p] = 2
  }

  // Global order oldest first (ties by id): filling child lists in this order sorts every sibling list.
  const order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  let sorted = true
  for (let i = 1; i < n && sorted; i++) {
    if (times[i]! < times[i - 1]! || (times[i] === times[i - 1] && ids[i]! < ids[i - 1]!)) sorted = false
  }
  if (!sorted) sortByTimeThenId(order, times, ids)
  const childStart = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) childStart[parent[i]! + 1]!++
  for (let i = 0; i < n; i++) childStart[i + 1] = childStart[i + 1]! + childStart[i]!
  const fill = childStart.slice(0, n)
  const children = new Int32Array(childStart[n]!)
  const rootsOldest: number[] = []
  for (let k = 0; k < n; k++) {
    const i = order[k]!
    const p = parent[i]!
    if (p >= 0) children[fill[p]!++] = i
    else rootsOldest.push(i)
  }

  // Visible counts per subtree: children before parents (reverse pre-order), no recursion.
  const pre = new Int32Array(n)
  const stack = new Int32Array(n)
  let preLen = 0
  for (const r of rootsOldest) {
    let top = 0
    stack[top++] = r
    while (top > 0) {
      const x = stack[--top]!
      pre[preLen++] = x
      for (let c = childStart[x]!; c < childStart[x + 1]!; c++) stack[top++] = children[c]!
    }
  }
  const count = new Int32Array(n)
  const visibleFlag = new Uint8Array(n)
  for (let i = 0; i < n; i++) if (includeSet.has(list[i]!.status)) visibleFlag[i] = 1
  for (let k = preLen - 1; k >= 0; k--) {
    const x = pre[k]!
    if (visibleFlag[x] === 1) count[x]!++
    const p = parent[x]!
    if (p >= 0) count[p] = count[p]! + count[x]!
  }

  // Top-level threads with something to show, in the requested order.
  const keyOf = (i: number): Key => [list[i]!.score ?? 0, count[i]!, times[i]!, ids[i]!]
  let roots = rootsOldest.filter((r) => count[r]! > 0)
  if (sort === 'newest') roots.reverse()
  else if (sort === 'top') roots.sort((a, b) => compareKeys('top', keyOf(a), keyOf(b)))
  let total = 0
  for (const r of roots) total += count[r]!
  const threadCount = roots.length

  // Paging by top-level threads, positioned after the cursor's key.
  let from = 0
  if (opts.cursor !== undefined && opts.cursor !== null && opts.cursor !== '') {
    const after = decodeCursor(opts.cursor, sort)
    while (from < roots.length && compareKeys(sort, keyOf(roots[from]!), after) <= 0) from++
  }
  const to = Math.min(roots.length, from + limit)
  const nextCursor = to < roots.length && to > from ? encodeCursor(sort, keyOf(roots[to - 1]!)) : undefined
  roots = roots.slice(from, to)

  // Build the nodes: an explicit stack gives pre-order, so flattened replies follow their parent's subtree.
  const threads: CommentNode[] = []
  const sIdx: number[] = []
  const sDepth: number[] = []
  const sTarget: CommentNode[][] = []
  const sFlat: boolean[] = []
  const push = (y: number, depth: number, target: CommentNode[], flat: boolean) => {
    sIdx.push(y)
    sDepth.push(depth)
    sTarget.push(target)
    sFlat.push(flat)
  }
  const pushChildren = (x: number, depth: number, target: CommentNode[], flat: boolean) => {
    const a = childStart[x]!
    const b = childStart[x + 1]!
    // Note: pushed in reverse display order so that they pop in display order.
    if (replyNewest) {
      for (let c = a; c < b; c++) {
        const y = children[c]!
        if (count[y]! > 0) push(y, depth, target, flat)
      }
    } else {
      for (let c = b - 1; c >= a; c--) {
        const y = children[c]!
        if (count[y]! > 0) push(y, depth, target, flat)
      }
    }
  }
  const show = (x: number): Comment => {
    const c = list[x]!
    if (visibleFlag[x] === 1) return c
    const copy: Comment = {
      id: c.id,
      postId: c.postId,
      author: { name: '' },
      createdAt: c.createdAt,
      body: '',
      status: c.status,
    }
    if (c.parentId !== undefined) copy.parentId = c.parentId
    return copy
  }
  for (const r of roots) {
    push(r, 0, threads, false)
    while (sIdx.length > 0) {
      const x = sIdx.pop()!
      const depth = sDepth.pop()!
      const target = sTarget.pop()!
      const flat = sFlat.pop()!
      const visible = visibleFlag[x] === 1
      const node: CommentNode = {
        comment: show(x),
        depth,
        replies: [],
        count: count[x]!,
        placeholder: !visible,
      }
      if (flat) {
        const p = parent[x]!
        node.inReplyTo = { id: ids[p]!, name: visibleFlag[p] === 1 ? list[p]!.author.name : '' }
      }
      target.push(node)
      if (depth < maxDepth) pushChildren(x, depth + 1, node.replies, false)
      else pushChildren(x, depth, target, true)
    }
  }
  // Note: sorted so that the report does not depend on the input order.
  problems.sort((a, b) => (a.commentId < b.commentId ? -1 : a.commentId > b.commentId ? 1 : 0))
  return { threads, total, threadCount, nextCursor, problems }
}
