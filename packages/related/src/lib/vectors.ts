// The computed state of every slot (post) of the index, in flat typed arrays.

import { growFloat32, growInt32 } from './arrays.js'

/** `array`, or a copy of it `length` long when it is shorter (not doubled, unlike `growInt32`). */
function atLeast<T extends Int32Array | Float32Array | Float64Array | Uint8Array>(
  array: T,
  length: number,
): T {
  if (length <= array.length) return array
  const grown = new (array.constructor as new (length: number) => T)(length)
  grown.set(array as never)
  return grown
}

export const aliveFlag = 1
export const draftFlag = 2

/**
 * The computed state of every slot in flat arrays: each post's pruned, normalised vector (ascending
 * term ids, with the order of its strongest terms) and its title's idf weights, plus date and flags.
 * Note: one block of memory per column instead of typed arrays per post keeps the query loop on
 * contiguous memory, and saves and loads as a handful of columns.
 */
export class Vectors {
  slots = 0
  /** Per slot: where its vector and title start in the flat arrays, and their lengths. */
  qStart: Int32Array
  qLength: Int32Array
  tStart: Int32Array
  tLength: Int32Array
  /** Per slot: date (NaN: none) and flags (alive, draft; 0 once removed). */
  dates: Float64Array
  flags: Uint8Array
  /** Per slot: how many tags and categories the post has. */
  tagCounts: Int32Array
  categoryCounts: Int32Array
  /** Flat: term ids (ascending per post), unit-length weights, and indices strongest first. */
  qTerms: Int32Array
  qWeights: Float32Array
  qOrder: Int32Array
  /** Flat, per vector term: 1 when the post uses it in prose (it may be a reason). */
  qProse: Uint8Array
  qUsed = 0
  /** Flat: title stems (ascending per post) and their unit-length idf weights. */
  tTerms: Int32Array
  tWeights: Float32Array
  tUsed = 0

  constructor(slots: number, terms: number, titleTerms: number) {
    const n = Math.max(16, slots)
    this.qStart = new Int32Array(n)
    this.qLength = new Int32Array(n)
    this.tStart = new Int32Array(n)
    this.tLength = new Int32Array(n)
    this.dates = new Float64Array(n)
    this.flags = new Uint8Array(n)
    this.tagCounts = new Int32Array(n)
    this.categoryCounts = new Int32Array(n)
    this.qTerms = new Int32Array(Math.max(64, terms))
    this.qWeights = new Float32Array(Math.max(64, terms))
    this.qOrder = new Int32Array(Math.max(64, terms))
    this.qProse = new Uint8Array(Math.max(64, terms))
    this.tTerms = new Int32Array(Math.max(16, titleTerms))
    this.tWeights = new Float32Array(Math.max(16, titleTerms))
  }

  /** Append a slot with room for `terms` vector terms and `titleTerms` title terms; returns the slot. */
  push(
    date: number,
    draft: boolean,
    labels: number,
    categories: number,
    terms: number,
    titleTerms: number,
  ): number {
    const slot = this.slots++
    if (slot >= this.flags.length) this.#growSlots(this.flags.length * 2)
    this.dates[slot] = date
    this.flags[slot] = aliveFlag | (draft ? draftFlag : 0)
    this.tagCounts[slot] = labels
    this.categoryCounts[slot] = categories
    this.qStart[slot] = this.qUsed
    this.qLength[slot] = terms
    this.qUsed += terms
    this.qTerms = growInt32(this.qTerms, this.qUsed)
    this.qWeights = growFloat32(this.qWeights, this.qUsed)
    this.qOrder = growInt32(this.qOrder, this.qUsed)
    if (this.qUsed > this.qProse.length) {
      const grown = new Uint8Array(Math.max(this.qUsed, this.qProse.length * 2))
      grown.set(this.qProse)
      this.qProse = grown
    }
    this.tStart[slot] = this.tUsed
    this.tLength[slot] = titleTerms
    this.tUsed += titleTerms
    this.tTerms = growInt32(this.tTerms, this.tUsed)
    this.tWeights = growFloat32(this.tWeights, this.tUsed)
    return slot
  }

  /**
   * Make room for `slots` slots, `terms` vector terms and `titleTerms` title terms in all, so that `push`
   * copies no column until then (a restored index's columns are exact-length views into its file: its
   * first `push` would copy each into a new one of twice the size). Values and lengths in use stay.
   */
  reserve(slots: number, terms: number, titleTerms: number): void {
    this.qStart = atLeast(this.qStart, slots)
    this.qLength = atLeast(this.qLength, slots)
    this.tStart = atLeast(this.tStart, slots)
    this.tLength = atLeast(this.tLength, slots)
    this.dates = atLeast(this.dates, slots)
    this.flags = atLeast(this.flags, slots)
    this.tagCounts = atLeast(this.tagCounts, slots)
    this.categoryCounts = atLeast(this.categoryCounts, slots)
    this.qTerms = atLeast(this.qTerms, terms)
    this.qWeights = atLeast(this.qWeights, terms)
    this.qOrder = atLeast(this.qOrder, terms)
    this.qProse = atLeast(this.qProse, terms)
    this.tTerms = atLeast(this.tTerms, titleTerms)
    this.tWeights = atLeast(this.tWeights, titleTerms)
  }

  /** The per-slot columns copied into new ones of `n` slots. */
  #growSlots(n: number): void {
    this.qStart = growInt32(this.qStart, n)
    this.qLength = growInt32(this.qLength, n)
    this.tStart = growInt32(this.tStart, n)
    this.tLength = growInt32(this.tLength, n)
    const dates = new Float64Array(n)
    dates.set(this.dates)
    this.dates = dates
    this.tagCounts = growInt32(this.tagCounts, n)
    this.categoryCounts = growInt32(this.categoryCounts, n)
    const flags = new Uint8Array(n)
    flags.set(this.flags)
    this.flags = flags
  }
}
