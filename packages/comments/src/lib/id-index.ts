/**
 * Open-addressing hash table from id strings to their position, sized once for `ids.length`.
 * Note: about twice as fast as a `Map` on 1M fresh strings (no rehashing while growing, no per-entry objects).
 */
export interface IdIndex {
  /** Position of `id`, or -1. */
  find(id: string): number
}

function hash(s: string): number {
  // FNV-1a over UTF-16 code units.
  let h = 0x811c9dc5
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 16777619)
  return h >>> 0
}

/**
 * Index `ids` (all strings). Calls `onDuplicate(first, second)` for a repeated id; it must throw.
 */
export function createIdIndex(
  ids: readonly string[],
  onDuplicate: (first: number, second: number) => never,
): IdIndex {
  let size = 16
  while (size < ids.length * 2) size *= 2
  const mask = size - 1
  const slots = new Int32Array(size).fill(-1)
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i]!
    let h = hash(id) & mask
    for (let at = slots[h]!; at !== -1; at = slots[h]!) {
      if (ids[at] === id) onDuplicate(at, i)
      h = (h + 1) & mask
    }
    slots[h] = i
  }
  return {
    find(id) {
      let h = hash(id) & mask
      for (let at = slots[h]!; at !== -1; at = slots[h]!) {
        if (ids[at] === id) return at
        h = (h + 1) & mask
      }
      return -1
    },
  }
}
