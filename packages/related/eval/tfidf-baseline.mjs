// Plain TF-IDF cosine over title + body, all pairs: the baseline the issue names.
// Tokens: lower-cased runs of letters and digits; no stop words, no stemming, no pruning.

const tokenPattern = /[\p{L}\p{N}]+/gu

/**
 * @param {{id: string, title: string, text: string}[]} docs
 * @returns {{relatedAll: (limit: number) => Map<string, string[]>}}
 */
export function createTfidfBaseline(docs) {
  const df = new Map()
  const counts = docs.map((doc) => {
    const tf = new Map()
    for (const match of `${doc.title}\n${doc.text}`.toLowerCase().matchAll(tokenPattern)) {
      tf.set(match[0], (tf.get(match[0]) ?? 0) + 1)
    }
    for (const term of tf.keys()) df.set(term, (df.get(term) ?? 0) + 1)
    return tf
  })
  const n = docs.length
  // Sparse unit vectors as parallel arrays sorted by term id.
  const termIds = new Map()
  const vectors = counts.map((tf) => {
    const entries = []
    for (const [term, count] of tf) {
      let id = termIds.get(term)
      if (id === undefined) {
        id = termIds.size
        termIds.set(term, id)
      }
      entries.push([id, count * Math.log(n / df.get(term))])
    }
    entries.sort((a, b) => a[0] - b[0])
    const norm = Math.sqrt(entries.reduce((sum, [, w]) => sum + w * w, 0)) || 1
    return {
      ids: Int32Array.from(entries, (e) => e[0]),
      weights: Float64Array.from(entries, (e) => e[1] / norm),
    }
  })
  function cosine(a, b) {
    let i = 0
    let j = 0
    let sum = 0
    while (i < a.ids.length && j < b.ids.length) {
      if (a.ids[i] === b.ids[j]) sum += a.weights[i++] * b.weights[j++]
      else if (a.ids[i] < b.ids[j]) i++
      else j++
    }
    return sum
  }
  return {
    relatedAll(limit) {
      const out = new Map()
      for (let a = 0; a < n; a++) {
        const scored = []
        for (let b = 0; b < n; b++) {
          if (a === b) continue
          const score = cosine(vectors[a], vectors[b])
          if (score > 0) scored.push({ id: docs[b].id, score })
        }
        scored.sort((x, y) => y.score - x.score || (x.id < y.id ? -1 : 1))
        out.set(
          docs[a].id,
          scored.slice(0, limit).map((s) => s.id),
        )
      }
      return out
    },
  }
}
