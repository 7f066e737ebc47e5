import { relatedTo, scratchFor } from '../lib/rank.js'
import { createRelatedIndex } from '../lib/related-index.js'
import { resolveQuery } from '../lib/settings.js'
import type { IndexState } from '../lib/state.js'
import type { RelatedDoc, RelatedIndexOptions } from '../lib/types.js'

// The warm-up `RelatedCache.prepare()` asks of the thread that restores the saved index (see
// related-cache.ts): the first rank after a change otherwise pays for loading the language's analyzer and
// for compiling the analysis and ranking code (the thread's first analysis and first `related`). Done on a
// throwaway index of made-up posts, never on the restored one, so that the restored index, the lists and
// every saved file are exactly what they would be without it; and `warmRanks` on the restored index,
// read-only.

/** Made-up words the sample posts are written with (latin letters: every language's analyzer reads them). */
const words =
  'index cache worker thread post draft page feed tag theme build change reload server static render markdown title image comment author archive search month year link'.split(
    ' ',
  )

/** `count` made-up posts sharing words and tags in varying measure (the same every time). */
function samplePosts(count: number): RelatedDoc[] {
  let seed = 7
  const next = () => {
    seed = (seed * 48271) % 2147483647
    return seed
  }
  const pick = () => words[next() % words.length]!
  return Array.from({ length: count }, (_, i) => ({
    id: `warm-up-${i}`,
    title: `${pick()} ${pick()} ${pick()}`,
    text: Array.from({ length: 60 }, (_, w) => (w % 12 === 11 ? `${pick()}.` : pick())).join(' '),
    tags: [pick(), pick()],
    categories: [pick()],
    date: Date.UTC(2020, 0, 1 + i),
  }))
}

/**
 * Warm the calling thread for ranks with an index of these options: a throwaway index of made-up posts
 * built, changed as a build changes one (posts added, changed, removed, as the restored index gets them)
 * and ranked. Returns how many lists it ranked; never throws (a warm-up that fails warmed less).
 */
export function warmUp(options: Readonly<RelatedIndexOptions> = {}): number {
  try {
    const posts = samplePosts(40)
    const index = createRelatedIndex(posts.slice(0, 32), options)
    // Note: as index-holder.ts applies a build's changes: added or changed posts, then removed ones.
    for (const post of [...posts.slice(32), { ...posts[0]!, text: `${posts[0]!.text} ${posts[1]!.text}` }]) {
      if (index.has(post.id)) index.update(post)
      else index.add(post)
    }
    index.remove(posts[2]!.id)
    let ranked = 0
    for (const post of posts) {
      if (!index.has(post.id)) continue
      index.related(post.id, { limit: 50 })
      index.related(post.id)
      ranked++
    }
    return ranked
  } catch {
    return 0
  }
}

/** Posts of the restored index `warmRanks` ranks: about what one changed post makes a rank list again. */
export const warmRankCount = 64

/**
 * Rank `count` posts spread over the restored index and let the lists go, so that the first change's ranks
 * run warm: at 10,000 posts a rank of the restored index took about 2 ms the first few dozen times and
 * 0.2-0.6 ms after (the throwaway index of `warmUp` did not make the difference: its arrays are small).
 * Read-only: `relatedTo` without `ensureFresh` (no refresh, so none comes sooner or later than without
 * it); what it leaves, the accumulators and the labels' rarities, every rank makes the same way. Returns
 * how many it ranked; never throws.
 */
export function warmRanks(state: IndexState, count = warmRankCount): number {
  try {
    const slots = state.entries.length
    if (slots === 0 || count <= 0) return 0
    const query = resolveQuery(null)
    const scratch = scratchFor(state)
    const step = Math.max(1, Math.floor(slots / count))
    let ranked = 0
    for (let slot = 0; slot < slots && ranked < count; slot += step) {
      if (state.entries[slot] === undefined) continue
      relatedTo(state, slot, query, scratch)
      ranked++
    }
    return ranked
  } catch {
    return 0
  }
}
