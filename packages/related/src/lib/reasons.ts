// Reasons: why a related post was picked, as the shared labels and words a reader can check.

import { search } from './arrays.js'
import type { Entry, IndexState } from './state.js'
import type { RelatedPost } from './types.js'

/** Only the strongest this many shared words are named. */
const reasonTermCount = 5

/** One scored related post of a query, with the parts of its score. */
export interface Hit {
  readonly slot: number
  readonly score: number
  readonly content: number
  readonly title: number
  readonly tags: number
  readonly categories: number
  readonly date: number
  readonly vector: number
}

/** Scores as results show them: 6 decimals. */
export function round(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

/**
 * The related post of `hit` for the query post `self`, with its reasons. `dense` and `prose`: the query
 * post's weights and prose flags spread over the term ids.
 */
export function explain(
  state: IndexState,
  self: Entry,
  hit: Hit,
  dense: Float32Array,
  prose: Uint8Array,
): RelatedPost {
  const other = state.entries[hit.slot]!
  const labels = (ids: Int32Array, names: readonly string[], otherIds: Int32Array): string[] => {
    const picked: number[] = []
    state.labelScore(ids, otherIds, picked)
    picked.sort((x, y) => state.labelRarity(ids[y]!) - state.labelRarity(ids[x]!) || x - y)
    return picked.map((index) => names[index]!)
  }
  return {
    id: other.id,
    score: hit.score,
    reasons: {
      tags: labels(self.tagIds, self.tags, other.tagIds),
      categories: labels(self.categoryIds, self.categories, other.categoryIds),
      terms: sharedWords(state, self, other, hit.slot, dense, prose),
      scores: {
        content: round(hit.content),
        title: round(hit.title),
        tags: round(hit.tags),
        categories: round(hit.categories),
        date: round(hit.date),
        vector: round(hit.vector),
      },
    },
  }
}

/**
 * Shared pruned terms, strongest contribution first, in the query post's most frequent written form;
 * only words both posts use in prose (not code, identifiers or handles).
 */
function sharedWords(
  state: IndexState,
  self: Entry,
  other: Entry,
  slot: number,
  dense: Float32Array,
  prose: Uint8Array,
): string[] {
  const v = state.vectors
  // Note: a small insertion-sorted list; only the strongest `reasonTermCount` terms are named.
  const sharedTerms: number[] = []
  const sharedWeights: number[] = []
  const start = v.qStart[slot]!
  const end = start + v.qLength[slot]!
  for (let j = start; j < end; j++) {
    const term = v.qTerms[j]!
    const own = dense[term]!
    if (own <= 0) continue
    const weight = own * v.qWeights[j]!
    let at = sharedTerms.length
    if (at === reasonTermCount) {
      const last = sharedWeights[at - 1]!
      if (weight < last || (weight === last && term > sharedTerms[at - 1]!)) continue
    }
    if (prose[term] === 0 || v.qProse[j] === 0) continue
    if (at === reasonTermCount) at--
    else {
      sharedTerms.push(0)
      sharedWeights.push(0)
    }
    while (at > 0) {
      const prev = sharedWeights[at - 1]!
      if (prev > weight || (prev === weight && sharedTerms[at - 1]! < term)) break
      sharedTerms[at] = sharedTerms[at - 1]!
      sharedWeights[at] = prev
      at--
    }
    sharedTerms[at] = term
    sharedWeights[at] = weight
  }
  return sharedTerms.map((term) => {
    const at = search(self.terms, term)
    const surfaces = at >= 0 ? self.surfaces : other.surfaces
    const index = at >= 0 ? at : search(other.terms, term)
    return state.surfaces[surfaces[index]!] ?? state.terms[term]!
  })
}
