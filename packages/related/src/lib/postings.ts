// Postings: for each term, the posts whose pruned vector holds it, with its weight, strongest first.

import type { Vectors } from './vectors.js'

/** The most posts a query reads from each posting (strongest weights first; off with `maxTerms: Infinity`). */
export const postingsPerTerm = 150

/** Bit pattern of a float32, to sort by weight with a numeric sort of packed keys. */
const keyFloat = new Float32Array(1)
const keyBits = new Uint32Array(keyFloat.buffer)
/** Second keys (slots, indices) below this fit beside the 32 bits of a weight in a float64 integer. */
export const keySpan = 2 ** 21

/**
 * Sort key ordering by weight descending, then `second` ascending: `(2^32 - 1 - bits(weight)) × 2^21 +
 * second`, exact below 2^53. Note: for non-negative floats the bit pattern grows with the value, so a
 * plain numeric sort of these keys (no comparator) gives the order; weights here are never negative.
 */
export function impactKey(weight: number, second: number): number {
  keyFloat[0] = weight
  return (0xffffffff - keyBits[0]!) * keySpan + second
}

/** Posts containing one term in their pruned vector, with its weight; growable typed arrays. */
export class Posting {
  slots: Int32Array
  weights: Float32Array
  length: number

  /**
   * Whether the posting is in weight order. Note: a posting no longer than a query reads is read
   * whole, and the order it is read in does not change the results, so it is sorted only when a
   * post is first inserted into it.
   */
  sorted: boolean

  /** Note: built postings are views into shared arrays; `insert` copies them out when they grow. */
  constructor(slots = new Int32Array(4), weights = new Float32Array(4), length = 0, sorted = true) {
    this.slots = slots
    this.weights = weights
    this.length = length
    this.sorted = sorted
  }

  /**
   * Insert in weight order (strongest first, ties: lower slot), as `sortByImpact` orders a built
   * posting: a post added between refreshes is read where its weight puts it, not after every other.
   */
  insert(slot: number, weight: number): void {
    if (!this.sorted) {
      sortByImpact(this.slots, this.weights, 0, this.length, new Float64Array(this.length))
      this.sorted = true
    }
    if (this.length === this.slots.length) {
      const size = Math.max(4, this.length * 2)
      const slots = new Int32Array(size)
      slots.set(this.slots)
      this.slots = slots
      const weights = new Float32Array(size)
      weights.set(this.weights)
      this.weights = weights
    }
    const { slots, weights } = this
    const stored = Math.fround(weight)
    let low = 0
    let high = this.length
    while (low < high) {
      const middle = (low + high) >>> 1
      const w = weights[middle]!
      if (w > stored || (w === stored && slots[middle]! < slot)) low = middle + 1
      else high = middle
    }
    slots.copyWithin(low + 1, low, this.length)
    weights.copyWithin(low + 1, low, this.length)
    slots[low] = slot
    weights[low] = stored
    this.length++
  }
}

/**
 * Order `slots[start, end)` and `weights` alike by weight, strongest first (ties: slot), so a capped
 * walk of a posting reads the posts most about its term. `keys` is scratch of at least `end - start`.
 */
function sortByImpact(
  slots: Int32Array,
  weights: Float32Array,
  start: number,
  end: number,
  keys: Float64Array,
): void {
  const n = end - start
  if (n < 2) return
  let packed = true
  for (let i = start; i < end; i++) if (slots[i]! >= keySpan) packed = false
  if (packed) {
    for (let i = 0; i < n; i++) keys[i] = impactKey(weights[start + i]!, slots[start + i]!)
    keys.subarray(0, n).sort()
    for (let i = 0; i < n; i++) {
      const key = keys[i]!
      const slot = key % keySpan
      keyBits[0] = 0xffffffff - (key - slot) / keySpan
      slots[start + i] = slot
      weights[start + i] = keyFloat[0]!
    }
    return
  }
  const order = Array.from({ length: n }, (_, i) => start + i)
  order.sort((x, y) => weights[y]! - weights[x]! || slots[x]! - slots[y]!)
  const sortedSlots = Int32Array.from(order, (i) => slots[i]!)
  const sortedWeights = Float32Array.from(order, (i) => weights[i]!)
  slots.set(sortedSlots, start)
  weights.set(sortedWeights, start)
}

/**
 * Postings of slots `[0, upTo)` from scratch, each in weight order: counted first, then filled into two
 * shared arrays that every posting views (one allocation instead of one per term). Postings no longer
 * than `readLimit` are left unsorted (see `Posting.sorted`).
 */
export function buildPostings(
  v: Vectors,
  termCount: number,
  upTo: number,
  readLimit: number,
): (Posting | undefined)[] {
  const { qTerms, qWeights, qStart, qLength } = v
  const end = upTo === 0 ? 0 : qStart[upTo - 1]! + qLength[upTo - 1]!
  const starts = new Int32Array(termCount + 1)
  for (let i = 0; i < end; i++) starts[qTerms[i]! + 1]!++
  let longest = 0
  for (let t = 0; t < termCount; t++) {
    longest = Math.max(longest, starts[t + 1]!)
    starts[t + 1] = starts[t + 1]! + starts[t]!
  }
  const cursor = starts.slice(0, termCount)
  const slots = new Int32Array(end)
  const weights = new Float32Array(end)
  for (let slot = 0; slot < upTo; slot++) {
    const from = qStart[slot]!
    const to = from + qLength[slot]!
    for (let i = from; i < to; i++) {
      const at = cursor[qTerms[i]!]!++
      slots[at] = slot
      weights[at] = qWeights[i]!
    }
  }
  const keys = new Float64Array(longest)
  const postings: (Posting | undefined)[] = new Array(termCount)
  for (let t = 0; t < termCount; t++) {
    const from = starts[t]!
    const to = starts[t + 1]!
    if (from === to) continue
    const sorted = to - from > readLimit
    if (sorted) sortByImpact(slots, weights, from, to, keys)
    postings[t] = new Posting(slots.subarray(from, to), weights.subarray(from, to), to - from, sorted)
  }
  return postings
}
