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

/** The least room beyond the used length that a column is given to grow into: slots, vector and title terms. */
export const spareRoom = { slots: 64, terms: 4096, titleTerms: 256 } as const

/**
 * The length to give a column of `used` values so that it has room to grow: an eighth more, plus `minimum`
 * (what the saved index file holds, and `Vectors.makeRoom` reserves).
 */
export const roomy = (used: number, minimum: number): number => used + (used >> 3) + minimum

/** A typed array of `T`'s kind over an `ArrayBuffer` of its own. */
type Fresh<T> = T extends Int32Array
  ? Int32Array<ArrayBuffer>
  : T extends Float32Array
    ? Float32Array<ArrayBuffer>
    : T extends Float64Array
      ? Float64Array<ArrayBuffer>
      : Uint8Array<ArrayBuffer>

/** `array`'s first `used` values in a new array `length` long (zeros after them). */
export function padded<T extends Int32Array | Float32Array | Float64Array | Uint8Array>(
  array: T,
  used: number,
  length: number,
): Fresh<T> {
  const out = new (array.constructor as new (length: number) => Fresh<T>)(length)
  out.set(array.subarray(0, used) as never)
  return out
}

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

  /**
   * Make room for the next changes where a column has less than `spareRoom` left, as `reserve(roomy(…))`
   * does; columns with that much room (a restored index file's, see snapshot.ts) are kept as they are.
   */
  makeRoom(): void {
    const room = (used: number, columns: ArrayLike<number>[], minimum: number) => {
      const length = Math.min(...columns.map((column) => column.length))
      return length - used >= minimum ? length : roomy(used, minimum)
    }
    this.reserve(
      room(this.slots, this.#slotColumns(), spareRoom.slots),
      room(this.qUsed, [this.qTerms, this.qWeights, this.qOrder, this.qProse], spareRoom.terms),
      room(this.tUsed, [this.tTerms, this.tWeights], spareRoom.titleTerms),
    )
  }

  #slotColumns(): ArrayLike<number>[] {
    return [
      this.qStart,
      this.qLength,
      this.tStart,
      this.tLength,
      this.dates,
      this.flags,
      this.tagCounts,
      this.categoryCounts,
    ]
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
