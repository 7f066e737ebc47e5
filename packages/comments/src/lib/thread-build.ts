// threadComments, phase 4: the nodes of a page, parents first, with `maxDepth` flattening.
import type { RankedComments, SubtreeCounts } from './thread-order.js'
import type { CommentNode } from './thread-types.js'
import type { Comment } from './types.js'

/** What building the nodes reads. */
export interface BuildInput {
  list: readonly Comment[]
  ids: readonly string[]
  ranked: RankedComments
  counts: SubtreeCounts
  /** Top-level threads of the page (ranks), in page order. */
  roots: readonly number[]
  maxDepth: number
  replyNewest: boolean
}

/**
 * Build the nodes parents first. Every `replies` array is created at its final length and each node is
 * written at its final index: `next[x]` is where x's next reply goes (counting down for newest first). A
 * reply deeper than `maxDepth` goes into the array that holds its parent (`holder`), right after its
 * parent and its parent's earlier subtrees: the slot of a reply at or below `maxDepth` spans its whole
 * shown subtree.
 */
/**
 * What stands in for a comment that is not shown but keeps its place in a thread: status, ids, parent and
 * date, with an empty author and body and no e-mail, site or latest post.
 */
export function commentPlaceholder(comment: Comment): Comment {
  const placeholder: Comment = {
    id: comment.id,
    postId: comment.postId,
    author: { name: '' },
    createdAt: comment.createdAt,
    body: '',
    status: comment.status,
  }
  if (comment.parentId !== undefined) placeholder.parentId = comment.parentId
  return placeholder
}

export function buildThreads(input: BuildInput): CommentNode[] {
  const { list, ids, roots, maxDepth, replyNewest } = input
  const { order, parentOf, visible, topo } = input.ranked
  const { count, shown, kids } = input.counts
  const n = parentOf.length
  const pos = (r: number) => (order === null ? r : order[r]!)
  const show = (x: number): Comment => {
    const c = list[pos(x)]!
    return visible[x] === 1 ? c : commentPlaceholder(c)
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
  return threads
}
