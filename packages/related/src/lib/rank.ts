// Ranking: the related posts of one post. Candidates come from the impact-ordered postings of its
// strongest terms (an inverted index, not all pairs), from rare shared labels and from embeddings; the
// best by a partial score are kept in a heap, then scored exactly and ordered.

import { autoMinScore } from './confidence.js'
import { embeddingScore } from './embeddings.js'
import { postingsPerTerm } from './postings.js'
import { explain, type Hit, round } from './reasons.js'
import { Scratch } from './scratch.js'
import type { Query } from './settings.js'
import { Shortlist } from './shortlist.js'
import type { IndexState } from './state.js'
import type { RelatedPost } from './types.js'
import { draftFlag, type Vectors } from './vectors.js'

const dayMs = 86_400_000
/** Speed-ups (off with `maxTerms: Infinity`): a post's strongest terms used to find candidates, */
const candidateTerms = 40
/** and how many of the candidates are scored exactly (at least, or this many times `limit`). */
const rescoreMinimum = 50
const rescoreFactor = 6

/** Accumulators sized for the current slots and terms, kept between queries. */
export function scratchFor(state: IndexState): Scratch {
  let scratch = state.scratch
  if (scratch === undefined || scratch.scores.length < state.entries.length) {
    scratch = new Scratch(Math.max(state.entries.length, 16))
    state.scratch = scratch
  }
  scratch.dense(state.terms.length)
  return scratch
}

/** The related posts of the post in `slot`, best first. */
export function relatedTo(state: IndexState, slot: number, query: Query, scratch: Scratch): RelatedPost[] {
  const v = state.vectors
  const self = state.entries[slot]!
  const s = state.settings
  const exact = !Number.isFinite(s.maxTerms)
  const embedding = self.embedding
  const vectorWeight = embedding === undefined ? 0 : s.vectorWeight
  const count = gather(state, slot, scratch, exact, vectorWeight)
  const shortlist = pick(state, slot, query, scratch, count, exact, vectorWeight)
  const { qTerms, qWeights } = v
  const selfStart = v.qStart[slot]!
  const selfEnd = selfStart + v.qLength[slot]!
  const dense = scratch.dense(state.terms.length)
  for (let i = selfStart; i < selfEnd; i++) dense[qTerms[i]!] = qWeights[i]!
  const best = rescore(state, slot, query, shortlist, dense, vectorWeight)
  let results: RelatedPost[] = []
  if (best.length > 0) {
    // Which of this post's terms it uses in prose, for the reasons.
    const prose = scratch.prose(state.terms.length)
    const { qProse } = v
    for (let i = selfStart; i < selfEnd; i++) prose[qTerms[i]!] = qProse[i]!
    results = best.map((hit) => explain(state, self, hit, dense, prose))
    for (let i = selfStart; i < selfEnd; i++) prose[qTerms[i]!] = 0
  }
  for (let i = selfStart; i < selfEnd; i++) dense[qTerms[i]!] = 0
  return results
}

/**
 * Phase 1, candidates: walk the impact-ordered postings of the post's strongest terms, accumulating a
 * partial content score in `scratch.scores`; add posts sharing a rare label or with an embedding.
 * Returns how many slots it touched (listed in `scratch.touched`). Note: in the exact mode
 * (`maxTerms: Infinity`) every term and every posting is walked.
 */
function gather(
  state: IndexState,
  slot: number,
  scratch: Scratch,
  exact: boolean,
  vectorWeight: number,
): number {
  const v = state.vectors
  const self = state.entries[slot]!
  const s = state.settings
  const { scores, touched } = scratch
  const { qTerms, qWeights, qOrder } = v
  const selfStart = v.qStart[slot]!
  const selfEnd = selfStart + v.qLength[slot]!
  let count = 0
  const terms = exact ? selfEnd - selfStart : Math.min(selfEnd - selfStart, candidateTerms)
  for (let k = 0; k < terms; k++) {
    const i = selfStart + qOrder[selfStart + k]!
    const posting = state.postings[qTerms[i]!]!
    const weight = qWeights[i]!
    const slots = posting.slots
    const weights = posting.weights
    const end = exact ? posting.length : Math.min(posting.length, postingsPerTerm)
    for (let j = 0; j < end; j++) {
      const other = slots[j]!
      const score = scores[other]!
      if (score === 0) touched[count++] = other
      scores[other] = score + weight * weights[j]!
    }
  }
  // Posts sharing a rare label are candidates even without shared terms. Note: labels on more than
  // √N posts only score posts found otherwise (except in the exact mode).
  const labelScan = exact ? Number.POSITIVE_INFINITY : Math.max(50, Math.sqrt(state.size))
  if (s.tagWeight > 0 || s.categoryWeight > 0) {
    for (const labels of [self.tagIds, self.categoryIds]) {
      for (const label of labels) {
        if (state.labelDf[label]! > labelScan) continue
        for (const other of state.labelPostings[label] ?? []) {
          if (scores[other] === 0) {
            scores[other] = Number.MIN_VALUE
            touched[count++] = other
          }
        }
      }
    }
  }
  if (vectorWeight > 0) count = embeddingCandidates(state, self.embedding!, scratch, count)
  return count
}

/**
 * Every post with an embedding is a candidate, with its cosine in `similarities` (all pairs: posts ×
 * length multiplications per query); returns the new count of touched slots.
 */
function embeddingCandidates(
  state: IndexState,
  embedding: Float32Array,
  scratch: Scratch,
  count: number,
): number {
  const { scores, touched, similarities } = scratch
  const entries = state.entries
  const length = embedding.length
  let touchedCount = count
  for (let other = 0; other < entries.length; other++) {
    const theirs = entries[other]?.embedding
    if (theirs === undefined) continue
    // Note: the cosine inline (a call per pair was several times slower at 1,000 posts).
    let similarity = 0
    for (let i = 0; i < length; i++) similarity += embedding[i]! * theirs[i]!
    if (similarity <= 0) continue
    similarities[other] = Math.min(1, similarity)
    if (scores[other] === 0) {
      scores[other] = Number.MIN_VALUE
      touched[touchedCount++] = other
    }
  }
  return touchedCount
}

/** Add (or, with `add` false, zero) the rarity of each label of `labels` into `sums` of the posts having it. */
function sumLabels(state: IndexState, labels: Int32Array, sums: Float64Array, add: boolean): void {
  for (const label of labels) {
    const rarity = add ? state.labelRarity(label) : 0
    const posting = state.labelPostings[label]
    if (posting === undefined) continue
    if (add) for (const other of posting) sums[other]! += rarity
    else for (const other of posting) sums[other] = 0
  }
}

/**
 * Phase 2: the best candidates by partial score (content, labels, embedding; not the title match),
 * leaving the filtered-out posts (itself, removed, drafts, newer, excluded) behind; zeroes the scratch.
 */
function pick(
  state: IndexState,
  slot: number,
  query: Query,
  scratch: Scratch,
  count: number,
  exact: boolean,
  vectorWeight: number,
): Shortlist {
  const entries = state.entries
  const v = state.vectors
  const self = entries[slot]!
  const s = state.settings
  const { scores, touched, similarities } = scratch
  const { flags, dates } = v
  const { limit, excludeNewer, includeDrafts, exclude } = query
  const shortlist = new Shortlist(exact ? count : Math.max(rescoreMinimum, rescoreFactor * limit))
  // Upper bound of the label part (each overlap is at most 1), to skip hopeless candidates cheaply.
  const tagBound = self.tagIds.length > 0 ? s.tagWeight : 0
  const categoryBound = self.categoryIds.length > 0 ? s.categoryWeight : 0
  const labelBound = tagBound + categoryBound
  const selfDate = self.date
  // Label overlaps of every post sharing a label, summed label by label in this post's order (the
  // order `labelScore` sums in, so the same values): a walk of a few label postings instead of
  // reading the labels of every candidate.
  const { tagSums, categorySums } = scratch
  const { tagCounts, categoryCounts } = v
  if (tagBound > 0) sumLabels(state, self.tagIds, tagSums, true)
  if (categoryBound > 0) sumLabels(state, self.categoryIds, categorySums, true)
  const tagNorm = self.tagIds.length
  const categoryNorm = self.categoryIds.length
  // Note: flags and dates come from flat arrays, so candidates are dismissed without reading their
  // entry; entries are read only for `exclude`.
  for (let k = 0; k < count; k++) {
    const other = touched[k]!
    const partial = scores[other]!
    scores[other] = 0
    let vector = 0
    if (vectorWeight > 0) {
      vector = vectorWeight * similarities[other]!
      similarities[other] = 0
    }
    if (!shortlist.accepts(s.contentWeight * partial + vector + labelBound)) continue
    const flag = flags[other]!
    if (other === slot || flag === 0) continue
    if (!includeDrafts && (flag & draftFlag) !== 0) continue
    if (excludeNewer && dates[other]! > selfDate) continue
    if (exclude?.has(entries[other]!.id)) continue
    // Note: the title match is left out here: it only reorders the shortlist (a few dozen posts that
    // content and labels relate), which keeps this loop over thousands of candidates cheap.
    let labels = 0
    if (labelBound > 0) {
      const tagSum = tagSums[other]!
      const categorySum = categorySums[other]!
      labels =
        (tagBound > 0
          ? s.tagWeight * (tagSum === 0 ? 0 : tagSum / Math.sqrt(tagNorm * tagCounts[other]!))
          : 0) +
        (categoryBound > 0
          ? s.categoryWeight *
            (categorySum === 0 ? 0 : categorySum / Math.sqrt(categoryNorm * categoryCounts[other]!))
          : 0)
    }
    shortlist.offer(other, s.contentWeight * partial + vector + labels)
  }
  if (tagBound > 0) sumLabels(state, self.tagIds, tagSums, false)
  if (categoryBound > 0) sumLabels(state, self.categoryIds, categorySums, false)
  return shortlist
}

/** Phase 3: the shortlist scored exactly, the best `limit` above `minScore`, in result order. */
function rescore(
  state: IndexState,
  slot: number,
  query: Query,
  shortlist: Shortlist,
  dense: Float32Array,
  vectorWeight: number,
): Hit[] {
  const entries = state.entries
  const v = state.vectors
  const self = entries[slot]!
  const s = state.settings
  const { dates } = v
  const { limit } = query
  const minScore = query.minScore === 'auto' ? autoMinScore(state.size) : query.minScore
  const tagBound = self.tagIds.length > 0 ? s.tagWeight : 0
  const categoryBound = self.categoryIds.length > 0 ? s.categoryWeight : 0
  const selfDate = self.date
  const embedding = self.embedding
  const best: Hit[] = []
  for (const other of shortlist.slots()) {
    const content = dot(v, dense, other)
    const title = s.titleMatchWeight > 0 ? titleScore(v, slot, other) : 0
    const tags = tagBound > 0 ? state.labelScore(self.tagIds, entries[other]!.tagIds, undefined) : 0
    const categories =
      categoryBound > 0 ? state.labelScore(self.categoryIds, entries[other]!.categoryIds, undefined) : 0
    const otherDate = dates[other]!
    const date =
      s.dateWeight > 0 && Number.isFinite(selfDate) && Number.isFinite(otherDate)
        ? 0.5 ** (Math.abs(selfDate - otherDate) / (s.dateHalfLife * dayMs))
        : 0
    const vector = vectorWeight > 0 ? embeddingScore(embedding, entries[other]!.embedding) : 0
    const base =
      s.contentWeight * content +
      s.titleMatchWeight * title +
      s.tagWeight * tags +
      s.categoryWeight * categories +
      vectorWeight * vector
    // Note: date proximity only orders posts that are related by content or labels.
    if (base <= 0) continue
    const score = round(base + s.dateWeight * date)
    if (score <= 0 || score < minScore) continue
    if (best.length === limit) {
      const last = best[limit - 1]!
      if (!ahead(state, score, other, last.score, last.slot)) continue
      best.pop()
    }
    let at = best.length
    while (at > 0) {
      const prev = best[at - 1]!
      if (!ahead(state, score, other, prev.score, prev.slot)) break
      at--
    }
    best.splice(at, 0, { slot: other, score, content, title, tags, categories, date, vector })
  }
  return best
}

/** Exact content similarity: slot `b`'s pruned vector against the query vector spread in `dense`. */
function dot(v: Vectors, dense: Float32Array, b: number): number {
  const { qTerms, qWeights } = v
  const start = v.qStart[b]!
  const end = start + v.qLength[b]!
  let sum = 0
  for (let j = start; j < end; j++) sum += dense[qTerms[j]!]! * qWeights[j]!
  return Math.min(1, sum)
}

/**
 * Title match, 0–1: cosine of the two titles' stem sets weighted by idf. Note: titles are short
 * summaries written by the author; in a long post their words are a small share of the content
 * vector, so this second signal keeps them from being drowned by the body.
 */
function titleScore(v: Vectors, a: number, b: number): number {
  const { tTerms, tWeights } = v
  let i = v.tStart[a]!
  const iEnd = i + v.tLength[a]!
  let j = v.tStart[b]!
  const jEnd = j + v.tLength[b]!
  let sum = 0
  while (i < iEnd && j < jEnd) {
    const x = tTerms[i]!
    const y = tTerms[j]!
    if (x === y) sum += tWeights[i++]! * tWeights[j++]!
    else if (x < y) i++
    else j++
  }
  return Math.min(1, sum)
}

/** Whether a hit ranks before another: higher score, then newer date (undated last), then id. */
function ahead(
  state: IndexState,
  score: number,
  slot: number,
  otherScore: number,
  otherSlot: number,
): boolean {
  // Note: scores differ almost always; dates and ids are read only on a tie.
  if (score !== otherScore) return score > otherScore
  const dates = state.vectors.dates
  const da = Number.isNaN(dates[slot]!) ? Number.NEGATIVE_INFINITY : dates[slot]!
  const db = Number.isNaN(dates[otherSlot]!) ? Number.NEGATIVE_INFINITY : dates[otherSlot]!
  if (da !== db) return da > db
  return state.entries[slot]!.id < state.entries[otherSlot]!.id
}
