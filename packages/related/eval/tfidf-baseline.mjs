// Plain TF-IDF cosine over title + body, all pairs: the baseline the issue names, written as in a
// textbook (Manning, Raghavan & Schütze, ch. 6): lower-cased word tokens of two or more letters, digits
// or `_` (scikit-learn's default token pattern `\b\w\w+\b`), a standard English stop list (the Glasgow
// IR group's, as shipped by scikit-learn), no stemming, raw term frequency × ln(N / df), vectors
// normalised to unit length, cosine. Each query is scored against every other post.

// The English stop list of the Glasgow Information Retrieval Group (318 words; scikit-learn's
// ENGLISH_STOP_WORDS).
const stopWords = new Set(
  `a about above across after afterwards again against all almost alone along already also although always
am among amongst amoungst amount an and another any anyhow anyone anything anyway anywhere are around as
at back be became because become becomes becoming been before beforehand behind being below beside
besides between beyond bill both bottom but by call can cannot cant co con could couldnt cry de describe
detail do done down due during each eg eight either eleven else elsewhere empty enough etc even ever
every everyone everything everywhere except few fifteen fifty fill find fire first five for former
formerly forty found four from front full further get give go had has hasnt have he hence her here
hereafter hereby herein hereupon hers herself him himself his how however hundred i ie if in inc indeed
interest into is it its itself keep last latter latterly least less ltd made many may me meanwhile might
mill mine more moreover most mostly move much must my myself name namely neither never nevertheless next
nine no nobody none noone nor not nothing now nowhere of off often on once one only onto or other others
otherwise our ours ourselves out over own part per perhaps please put rather re same see seem seemed
seeming seems serious several she should show side since sincere six sixty so some somehow someone
something sometime sometimes somewhere still such system take ten than that the their them themselves
then thence there thereafter thereby therefore therein thereupon these they thick thin third this those
though three through throughout thru thus to together too top toward towards twelve twenty two un under
until up upon us very via was we well were what whatever when whence whenever where whereafter whereby
wherein whereupon wherever whether which while whither who whoever whole whom whose why will with within
without would yet you your yours yourself yourselves`.split(/\s+/),
)

// Note: like `\b\w\w+\b`, but Unicode-aware so that French and German words stay whole.
const tokenPattern = /[\p{L}\p{N}_]{2,}/gu

/** Tokens of a text as the baseline sees them (exported for the eval's notes). */
export function baselineTokens(text) {
  return (text.toLowerCase().match(tokenPattern) ?? []).filter((token) => !stopWords.has(token))
}

/**
 * @param {{id: string, title: string, text: string}[]} docs
 */
export function createTfidfBaseline(docs) {
  const termIds = new Map()
  const df = []
  const counted = docs.map((doc) => {
    const tf = new Map()
    for (const token of baselineTokens(`${doc.title}\n${doc.text}`)) {
      let id = termIds.get(token)
      if (id === undefined) {
        id = termIds.size
        termIds.set(token, id)
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
