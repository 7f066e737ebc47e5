// threadComments, phase 1: check the comments, index their ids, link each reply to its parent, report
// missing parents and break parent cycles.
import { parseDateTime } from './dates.js'
import { CommentError } from './errors.js'
import { createIdIndex, type IdIndex } from './id-index.js'
import type { ThreadProblem } from './thread-types.js'
import type { Comment } from './types.js'
import { commentStatuses } from './types.js'

/** The comments of one post, checked and linked; a comment is named by its input position. */
export interface LinkedComments {
  /** Ids by position. */
  ids: string[]
  /** `createdAt` in milliseconds by position. */
  times: Float64Array
  /** Position of the parent by position, `-1` for top-level comments (cycles broken). */
  parent: Int32Array
  /** `1` where the status is shown (in `include`). */
  visible: Uint8Array
  /** `true` when the input is already oldest first (ties by id). */
  sorted: boolean
  /** `true` when some reply is not newer than its parent (then parents need not come first by date). */
  forwardLeft: boolean
  /** Missing parents and broken cycles. */
  problems: ThreadProblem[]
}

/** Position of `status` in `commentStatuses`, or -1 (comparisons: cheaper than a `Set` lookup). */
function statusCode(status: unknown): number {
  if (status === 'approved') return 0
  if (status === 'pending') return 1
  if (status === 'spam') return 2
  return status === 'deleted' ? 3 : -1
}

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

/** What the first pass leaves for the next ones. */
interface FirstPass extends Omit<LinkedComments, 'forwardLeft' | 'problems'> {
  index: IdIndex
  /** Comments whose parent id was not seen yet (it may come later), with that id. */
  pending: number[]
  pendingIds: unknown[]
  /** Comments whose parent is not older than them (by time, then id): only these can close a cycle. */
  forward: number[]
}

/**
 * One pass over the comments: check them, read dates, index ids and link parents seen so far.
 * @param origin Positions in the caller's array, for error messages when `postId` picks a subset.
 */
function readComments(
  list: readonly Comment[],
  origin: readonly number[] | undefined,
  includeMask: number,
): FirstPass {
  const at = (i: number) => `comments[${origin ? origin[i] : i}]`
  const n = list.length
  const ids: string[] = new Array(n)
  const times = new Float64Array(n)
  const parent = new Int32Array(n)
  const visible = new Uint8Array(n)
  const index = createIdIndex(ids)
  const firstPost = n > 0 ? list[0]?.postId : undefined
  // The first repeated id, reported after the other checks (as if the ids were checked last).
  let duplicate = -1
  let duplicateOf = -1
  const pending: number[] = []
  const pendingIds: unknown[] = []
  const forward: number[] = []
  let sorted = true
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
    visible[i] = (includeMask >>> code) & 1
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
  return { ids, times, parent, visible, sorted, index, pending, pendingIds, forward }
}

/** Link the parents that come later in the input; report the rest as missing. */
function linkPending(pass: FirstPass, problems: ThreadProblem[]): void {
  const { ids, times, parent, index, pending, pendingIds, forward } = pass
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
}

/**
 * Break cycles: a cycle has a reply that is not newer than its parent, so walking up from those replies
 * finds every cycle; a walk that meets its own path found one. Each is broken at its oldest comment.
 * @returns Whether a reply not newer than its parent is left (see `LinkedComments.forwardLeft`).
 */
function breakCycles(pass: FirstPass, problems: ThreadProblem[]): boolean {
  const { ids, times, parent, forward } = pass
  if (forward.length === 0) return false
  const state = new Uint8Array(ids.length) // 0 unseen, 1 on the current path, 2 done
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
  for (const i of forward) if (parent[i] !== -1) return true
  return false
}

/**
 * Check the comments of one post and link replies to parents.
 * @param origin Positions in the caller's array (when `postId` picked a subset), for error messages.
 * @param includeMask Bit `k` set when `commentStatuses[k]` is shown.
 * @throws {CommentError} `invalid-comment`, `mixed-posts`, `invalid-status`, `invalid-date`, `duplicate-id`.
 */
export function linkComments(
  list: readonly Comment[],
  origin: readonly number[] | undefined,
  includeMask: number,
): LinkedComments {
  const pass = readComments(list, origin, includeMask)
  const problems: ThreadProblem[] = []
  linkPending(pass, problems)
  const forwardLeft = breakCycles(pass, problems)
  const { ids, times, parent, visible, sorted } = pass
  return { ids, times, parent, visible, sorted, forwardLeft, problems }
}
