// How much a score can be trusted depends on how many posts its word statistics come from. With a
// handful of posts, idf cannot tell a generic word ("release", "package") from a topical one, and most
// words are in one post only: a cosine over the shared words alone then gives two posts that share a
// few generic words a score near 1. Two measures, both fading as the index grows:
//
// - words in no other post count in a post's vector length with the share `uniqueShare(N)`: fully up to
//   10 posts, a quarter at 20, 1 % at 100. In a small index a post that shares 6 generic words of its
//   150 is then not "the same" as the other post; in a large one such words are mostly names, typos and
//   identifiers, and leaving them out ranks better (BENCHMARKS.md: a share of 10 / N lost 0.004 P@5
//   on the Swedish corpus);
// - `minScore: 'auto'` asks for a score of at least `autoMinScore(N)`.
//
// Tags, categories and embeddings are evidence given by the author or a model, not estimated from the
// posts, so a shared tag can still relate two posts of a three-post blog.

/** Posts at which word statistics are trusted half: the size from which `maxDocFrequency` applies. */
export const smallIndex = 10

/** The least score `minScore: 'auto'` asks for with no posts yet, i.e. in a very small blog. */
export const autoMinScoreBase = 0.3

/** Share of the weight of words in no other post that counts in a post's vector length: `min(1, (10 / N)²)`. */
export function uniqueShare(posts: number): number {
  return posts <= smallIndex ? 1 : (smallIndex / posts) ** 2
}

/** The minimum score of `minScore: 'auto'`: `0.3 × 10 / (10 + posts)`. */
export function autoMinScore(posts: number): number {
  return (autoMinScoreBase * smallIndex) / (smallIndex + posts)
}
