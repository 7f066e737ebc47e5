// Plain TF-IDF cosine over title + body, all pairs: the baseline the issue names.
// Tokens: lower-cased runs of letters and digits; raw term frequency, idf = ln(N / df), unit vectors;
// no stop words, no stemming, no pruning. Each query is scored against every other post.

const tokenPattern = /[\p{L}\p{N}]+/gu

/**
 * @param {{id: string, title: string, text: string}[]} docs
 */
export function createTfidfBaseline(docs) {
  const termIds = new Map()
  const df = []
  const counted = docs.map((doc) => {
    const tf = new Map()
    for (const match of `${doc.title}\n${doc.text}`.toLowerCase().matchAll(tokenPattern)) {
      let id = termIds.get(match[0])
      if (id === undefined) {
        id = termIds.size
        termIds.set(match[0], id)
        df.push(0)
      }
      tf.set(id, (tf.get(id) ?? 0) + 1)
    }
    for (const id of tf.keys()) df[id]++
    return tf
  })
  const n = docs.length
  const vectors = counted.map((tf) => {
    const ids = Int32Array.from(tf.keys())
    const weights = Float64Array.from(ids, (id) => tf.get(id) * Math.log(n / df[id]))
    const norm = Math.sqrt(weights.reduce((sum, w) => sum + w * w, 0)) || 1
    for (let i = 0; i < weights.length; i++) weights[i] /= norm
    return { ids, weights }
  })
  const dense = new Float64Array(termIds.size)

  /** Top `limit` ids for post `a`, by cosine against every other post. */
  function relatedTo(a, limit) {
    const query = vectors[a]
    for (let i = 0; i < query.ids.length; i++) dense[query.ids[i]] = query.weights[i]
    const best = []
    for (let b = 0; b < n; b++) {
      if (b === a) continue
      const { ids, weights } = vectors[b]
      let score = 0
      for (let i = 0; i < ids.length; i++) score += dense[ids[i]] * weights[i]
      if (score <= 0) continue
      if (best.length === limit && score <= best[limit - 1].score) continue
      best.push({ b, score })
      best.sort((x, y) => y.score - x.score || (docs[x.b].id < docs[y.b].id ? -1 : 1))
      if (best.length > limit) best.pop()
    }
    for (let i = 0; i < query.ids.length; i++) dense[query.ids[i]] = 0
    return best.map(({ b }) => docs[b].id)
  }

  return {
    relatedTo: (index, limit) => relatedTo(index, limit),
    /** @returns {Map<string, string[]>} */
    relatedAll(limit) {
      const out = new Map()
      for (let a = 0; a < n; a++) out.set(docs[a].id, relatedTo(a, limit))
      return out
    },
  }
}
