/**
 * Open-addressing hash table from id strings to their position in `ids`, sized once for `ids.length`
 * and filled as the positions are read, so that lookups can be interleaved with the inserts.
 * Note: about twice as fast as a `Map` on 1M fresh strings (no rehashing while growing, no per-entry
 * objects). Each slot holds the position and the top bits of the id's hash, so that a collision is
 * almost always told apart without reading the other id string (a cache miss on large inputs).
 */
export interface IdIndex {
  /** Index position `i` under `ids[i]` (set by the caller first); returns the earlier position of the same id, or -1. A repeated id is not added again. */
  add(i: number): number
  /** Position of `id` among the positions added so far, or -1. */
  find(id: string): number
}

function hash(s: string): number {
  // FNV-1a over UTF-16 code units.
  let h = 0x811c9dc5
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 16777619)
  return h
}

/** An empty index over `ids` (at most 2^30 of them), which the caller fills as it adds positions. */
export function createIdIndex(ids: readonly string[]): IdIndex {
  let size = 16
  while (size < ids.length * 2) size *= 2
  const mask = size - 1
  // A slot is 0 when empty, else (fingerprint << bits) | (position + 1): the position takes `bits` bits,
  // the fingerprint (the hash's top bits, which do not choose the slot) the other 32 - bits.
  let bits = 1
  while (2 ** bits <= ids.length) bits++
  const low = (1 << bits) - 1
  const slots = new Int32Array(size)
  return {
    add(i) {
      const id = ids[i]!
      const h = hash(id)
      const tag = (h >>> bits) << bits
      let s = h & mask
      for (let at = slots[s]!; at !== 0; at = slots[s]!) {
        if ((at & ~low) === tag && ids[(at & low) - 1] === id) return (at & low) - 1
        s = (s + 1) & mask
      }
      slots[s] = tag | (i + 1)
      return -1
    },
    find(id) {
      const h = hash(id)
      const tag = (h >>> bits) << bits
      let s = h & mask
      for (let at = slots[s]!; at !== 0; at = slots[s]!) {
        if ((at & ~low) === tag && ids[(at & low) - 1] === id) return (at & low) - 1
        s = (s + 1) & mask
      }
      return -1
    },
  }
}
