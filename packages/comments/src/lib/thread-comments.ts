import { parseDateTime } from './dates.js'
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

/** Position of `status` in `commentStatuses`, or -1 (comparisons: cheaper than a `Set` lookup). */
function statusCode(status: unknown): number {
  if (status === 'approved') return 0
  if (status === 'pending') return 1
  if (status === 'spam') return 2
  return status === 'deleted' ? 3 : -1
}

/** The decimal digit at `s[i]`, or NaN. */
function parseTime(value: unknown, position: number): number {
  if (typeof value === 'string') {
    const t = parseDateTime(value)
    if (!Number.isNaN(t)) return t
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

/** Positions `0..n-1` sorted oldest first, ties by id. */
function sortByTimeThenId(times: Float64Array, ids: readonly string[]): Int32Array {
  const n = times.length
  let order = new Int32Array(n)
  for (let i = 0; i < n; i++) order[i] = i
  let min = Number.POSITIVE_INFINITY
  let max = Number.NEGATIVE_INFINITY
  for (let i = 0; i < n; i++) {
    if (times[i]! < min) min = times[i]!
    if (times[i]! > max) max = times[i]!
  }
  if (!(max - min < 2 ** 48)) {
    // Dates more than 8,900 years apart: a comparator sort (ids are unique, so stability does not matter).
    const compare = byId(ids)
    order.sort((a, b) => times[a]! - times[b]! || compare(a, b))
    return order
  }
  // Note: a stable LSD radix sort on the 48-bit time offset (4 passes of 12 bits, skipping passes where
  // all comments share the digit) is 5× faster than a comparator sort on 1M comments and allocates no
  // objects; the stability keeps input order for equal times, which the id pass below then fixes.
  const lo = new Int32Array(n)
  const hi = new Int32Array(n)
  for (let i = 0; i < n; i++) {
    const d = times[i]! - min
    const l = d % 16_777_216
    lo[i] = l
    hi[i] = (d - l) / 16_777_216
  }
  let spare = new Int32Array(n)
  const counts = new Int32Array(4096)
  for (let pass = 0; pass < 4; pass++) {
    const key = pass < 2 ? lo : hi
    const shift = (pass & 1) * 12
    counts.fill(0)
    for (let k = 0; k < n; k++) counts[(key[order[k]!]! >>> shift) & 4095]!++
    if (counts[(key[order[0]!]! >>> shift) & 4095] === n) continue
    for (let b = 0, sum = 0; b < 4096; b++) {
      const c = counts[b]!
      counts[b] = sum
      sum += c
    }
    for (let k = 0; k < n; k++) {
      const x = order[k]!
      spare[counts[(key[x]! >>> shift) & 4095]!++] = x
    }
    const t = order
    order = spare
    spare = t
  }
  const compare = byId(ids)
  for (let start = 0; start < n; ) {
    let end = start + 1
    while (end < n && times[order[end]!] === times[order[start]!]) end++
    if (end - start > 1) order.subarray(start, end).sort(compare)
    start = end
  }
  return order
}

/**
 * Ranks (positions in the oldest-first order) in pre-order of the true tree: parents before their
 * replies, siblings oldest first. Needed when some parent is not older than its reply. `parent` holds
 * ranks and forms no cycles.
 */
function preOrder(parent: Int32Array): Int32Array {
  const n = parent.length
  const childStart = new Int32Array(n + 1)
  for (let i = 0; i < n; i++) if (parent[i]! >= 0) childStart[parent[i]! + 1]!++
  for (let i = 0; i < n; i++) childStart[i + 1] = childStart[i + 1]! + childStart[i]!
  const fill = childStart.slice(0, n)
  const children = new Int32Array(childStart[n]!)
  const roots: number[] = []
  for (let i = 0; i < n; i++) {
    const p = parent[i]!
    if (p >= 0) children[fill[p]!++] = i
    else roots.push(i)
  }
  const pre = new Int32Array(n)
  const stack = fill // Note: reused, its values are no longer needed.
  let len = 0
  for (const r of roots) {
    let top = 0
    stack[top++] = r
    while (top > 0) {
      const x = stack[--top]!
      pre[len++] = x
      // Pushed newest first so that they pop oldest first.
      for (let c = childStart[x + 1]! - 1; c >= childStart[x]!; c--) stack[top++] = children[c]!
    }
  }
  return pre
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
  let includeMask = 0
  for (const status of includeSet) includeMask |= 1 << commentStatuses.indexOf(status as CommentStatus)
  const n = list.length
  const ids: string[] = new Array(n)
  const times = new Float64Array(n)
  const parent = new Int32Array(n)
  const visibleFlag = new Uint8Array(n)
  const index = createIdIndex(ids)
  const firstPost = n > 0 ? list[0]?.postId : undefined
  // The first repeated id, reported after the other checks (as if the ids were checked last).
  let duplicate = -1
  let duplicateOf = -1
  // Comments whose parent id was not seen yet (it may come later), with that id.
  const pending: number[] = []
  const pendingIds: unknown[] = []
  // Comments whose parent is not older than them (by time, then id): only these can close a cycle.
  const forward: number[] = []
  let sorted = true

  // One pass over the comments: check them, read dates, index ids and link parents seen so far.
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
    const status = c.status
    const code = statusCode(status)
    if (code === -1) {
      throw new CommentError(
        'invalid-status',
        `Expected \`${at(i)}.status\` to be one of ${commentStatuses.join(', ')}, got \`${String(status)}\``,
        `${at(i)}.status`,
      )
    }
    visibleFlag[i] = (includeMask >>> code) & 1
    const id = c.id
    ids[i] = id
    const t = parseTime(c.createdAt, origin ? origin[i]! : i)
    times[i] = t
    if (sorted && i > 0 && (t < times[i - 1]! || (t === times[i - 1] && id < ids[i - 1]!))) sorted = false
    const earlier = index.add(i)
    if (earlier !== -1 && duplicate === -1) {
      duplicate = i
      duplicateOf = earlier
    }
    const pid = c.parentId
    if (pid === undefined || pid === null) {
      parent[i] = -1
      continue
    }
    const j = typeof pid === 'string' ? index.find(pid) : -1
    if (j === -1) {
      parent[i] = -1
      pending.push(i)
      pendingIds.push(pid)
    } else {
      parent[i] = j
      if (times[j]! > t || (times[j] === t && ids[j]! >= id)) forward.push(i)
    }
  }
  if (duplicate !== -1) {
    throw new CommentError(
      'duplicate-id',
      `Expected comment ids to be unique, but \`${ids[duplicate]}\` is used by \`${at(duplicateOf)}\` and \`${at(duplicate)}\``,
      `${at(duplicate)}.id`,
    )
  }

  // Parents that come later in the input; the rest are missing and reported.
  const problems: ThreadProblem[] = []
  for (let k = 0; k < pending.length; k++) {
    const i = pending[k]!
    const pid = pendingIds[k]
    const j = typeof pid === 'string' ? index.find(pid) : -1
    if (j === -1) {
      problems.push({
        code: 'missing-parent',
        commentId: ids[i]!,
        parentId: pid as string,
        message: `Comment \`${ids[i]}\` answers \`${String(pid)}\`, which is not a comment on this post; it is shown top-level`,
      })
    } else {
      parent[i] = j
      const t = times[i]!
      if (times[j]! > t || (times[j] === t && ids[j]! >= ids[i]!)) forward.push(i)
    }
  }

  // Break cycles: a cycle has a reply that is not newer than its parent, so walking up from those
  // replies finds every cycle; a walk that meets its own path found one.
  let forwardLeft = false
  if (forward.length > 0) {
    const state = new Uint8Array(n) // 0 unseen, 1 on the current path, 2 done
    const path: number[] = []
    for (const start of forward) {
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
    for (const i of forward) if (parent[i] !== -1) forwardLeft = true
  }

  // From here on a comment is named by its rank in the global order oldest first (ties by id):
  // `order[rank]` is its input position (`order` is null when the input is already in that order).
  // Every sibling list is in this order, and when every parent is older than its replies, so are all
  // parents before their replies; otherwise a pre-order walk of the tree (`topo`) gives that.
  // Note: renumbering makes the passes below sequential for shuffled input (2× faster on 1M comments).
  const order = sorted ? null : sortByTimeThenId(times, ids)
  const pos = (r: number) => (order === null ? r : order[r]!)
  let parentOf = parent
  let visible = visibleFlag
  if (order !== null) {
    const rank = new Int32Array(n)
    for (let r = 0; r < n; r++) rank[order[r]!] = r
    parentOf = new Int32Array(n)
    visible = new Uint8Array(n)
    for (let r = 0; r < n; r++) {
      const i = order[r]!
      const p = parent[i]!
      parentOf[r] = p === -1 ? -1 : rank[p]!
      visible[r] = visibleFlag[i]!
    }
  }
  const topo = forwardLeft ? preOrder(parentOf) : null

  // Visible comments (`count`), shown nodes (`shown`: visible or placeholder) and shown replies
  // (`kids`) per subtree, children before parents.
  const count = new Int32Array(n)
  const shown = new Int32Array(n)
  const kids = new Int32Array(n)
  for (let k = n - 1; k >= 0; k--) {
    const x = topo === null ? k : topo[k]!
    const cx = count[x]! + visible[x]!
    if (cx === 0) continue
    count[x] = cx
    const sx = shown[x]! + 1
    shown[x] = sx
    const p = parentOf[x]!
    if (p >= 0) {
      count[p] = count[p]! + cx
      shown[p] = shown[p]! + sx
      kids[p]!++
    }
  }

  // Top-level threads with something to show, in the requested order.
  let roots: number[] = []
  for (let r = 0; r < n; r++) if (parentOf[r] === -1 && count[r]! > 0) roots.push(r)
  const keyOf = (r: number): Key => [list[pos(r)]!.score ?? 0, count[r]!, times[pos(r)]!, ids[pos(r)]!]
  if (sort === 'newest') roots.reverse()
  else if (sort === 'top') {
    roots.sort((a, b) => {
      // Note: compareKeys('top', keyOf(a), keyOf(b)) without allocating keys; by rank is by time, then id.
      const sa = list[pos(a)]!.score ?? 0
      const sb = list[pos(b)]!.score ?? 0
      if (sa !== sb) return sb - sa
      if (count[a] !== count[b]) return count[b]! - count[a]!
      return a - b
    })
  }
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

  // Build the nodes parents first. Every `replies` array is created at its final length and each node
  // is written at its final index: `next[x]` is where x's next reply goes (counting down for newest
  // first). A reply deeper than `maxDepth` goes into the array that holds its parent (`holder`), right
  // after its parent and its parent's earlier subtrees: the slot of a reply at or below `maxDepth` spans
  // its whole shown subtree.
  const show = (x: number): Comment => {
    const c = list[pos(x)]!
    if (visible[x] === 1) return c
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
  const flattens = maxDepth !== Number.POSITIVE_INFINITY
  const next = kids // Note: reused; `kids[x]` is read when x's node is made, `next[x]` written after.
  const depthOf = new Int32Array(n)
  const holder = new Int32Array(flattens ? n : 0)
  const nodeOf: (CommentNode | undefined)[] = new Array(n)
  const threads: CommentNode[] = new Array(roots.length)
  for (let k = 0; k < roots.length; k++) {
    const r = roots[k]!
    const len = maxDepth > 1 ? kids[r]! : shown[r]! - 1
    const node: CommentNode = {
      comment: show(r),
      depth: 0,
      replies: len === 0 ? [] : new Array(len),
      count: count[r]!,
      placeholder: visible[r] === 0,
    }
    threads[k] = node
    nodeOf[r] = node
    next[r] = replyNewest ? len : 0
    if (flattens) holder[r] = r
  }
  for (let k = 0; k < n; k++) {
    const x = topo === null ? k : topo[k]!
    const p = parentOf[x]!
    if (p === -1 || count[x] === 0) continue
    const parentNode = nodeOf[p]
    if (parentNode === undefined) continue // another page
    const depth = depthOf[p]! + 1
    depthOf[x] = depth
    let target = parentNode.replies
    let size = 1
    let len = kids[x]!
    if (flattens) {
      if (depth > maxDepth) target = nodeOf[holder[p]!]!.replies
      if (depth >= maxDepth) size = shown[x]!
      if (depth >= maxDepth) len = 0
      else if (depth === maxDepth - 1) len = shown[x]! - 1
    }
    let at: number
    if (replyNewest) {
      at = next[p]! - size
      next[p] = at
    } else {
      at = next[p]!
      next[p] = at + size
    }
    const node: CommentNode = {
      comment: show(x),
      depth: depth > maxDepth ? maxDepth : depth,
      replies: len === 0 ? [] : new Array(len),
      count: count[x]!,
      placeholder: visible[x] === 0,
    }
    if (depth > maxDepth) {
      node.inReplyTo = { id: ids[pos(p)]!, name: visible[p] === 1 ? list[pos(p)]!.author.name : '' }
    }
    target[at] = node
    nodeOf[x] = node
    if (depth < maxDepth) {
      next[x] = replyNewest ? len : 0
      if (flattens) holder[x] = x
    } else {
      next[x] = replyNewest ? at + size : at + 1
      holder[x] = depth > maxDepth ? holder[p]! : p
    }
  }
  // Note: sorted so that the report does not depend on the input order.
  problems.sort((a, b) => (a.commentId < b.commentId ? -1 : a.commentId > b.commentId ? 1 : 0))
  return { threads, total, threadCount, nextCursor, problems }
}
