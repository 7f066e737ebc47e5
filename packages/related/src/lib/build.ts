// Building: posts analysed into entries (terms, labels, compounds split), pruned, weighed into vectors
// and posted; a refresh recomputes every vector under the current statistics.

import { type Analysis, analyzePost, proseFlag } from './analysis.js'
import { primaryLanguage } from './analyzer.js'
import { search } from './arrays.js'
import { codeSegments } from './code.js'
import { uniqueShare } from './confidence.js'
import { compoundLanguages, partWeight, type Split, splitCompound } from './decompound.js'
import { checkDoc, labelList, parseDate, postWhere } from './doc-input.js'
import { unitEmbedding } from './embeddings.js'
import { RelatedError } from './errors.js'
import { buildPostings, impactKey, keySpan, Posting, postingsPerTerm } from './postings.js'
import type { Entry, IndexState } from './state.js'
import type { RelatedDoc } from './types.js'
import { encodeAscending } from './varint.js'
import { roomy, spareRoom, Vectors } from './vectors.js'

function analyze(state: IndexState, doc: RelatedDoc, lang: string, code: readonly string[]): Analysis {
  return analyzePost(doc, code, {
    analyzer: state.analyzer(lang),
    settings: state.settings,
    termId: (stem) => state.termId(stem),
    surfaceId: (word) => state.surfaceId(word),
  })
}

/** Turn a checked doc into an entry, counting its terms and labels into the document frequencies. */
export function ingest(state: IndexState, doc: RelatedDoc, itemIndex?: number): Entry {
  const where = postWhere(doc.id, itemIndex)
  const tags = labelList(doc.tags, 'tags', where)
  const categories = labelList(doc.categories, 'categories', where)
  const date = parseDate(doc.date, where)
  const lang = primaryLanguage(doc.lang ?? undefined, state.settings.lang)
  const code = codeSegments(doc, where)
  const embedding = unitEmbedding(doc.vector, state.embeddingLength, where)
  if (embedding !== undefined) state.embeddingLength = embedding.length
  const analysis = analyze(state, doc, lang, code)
  for (let i = 0; i < analysis.terms.length; i++) state.df[analysis.terms[i]!]!++
  const tagIds = state.labelIdsOf(tags, 't:')
  const categoryIds = state.labelIdsOf(categories, 'c:')
  state.countLabels(tagIds, categoryIds, 1)
  state.lengthSum += analysis.length
  const entry: Entry = {
    id: doc.id,
    lang,
    date,
    draft: doc.draft === true,
    tags,
    tagIds,
    categories,
    categoryIds,
    length: analysis.length,
    titleTerms: analysis.titleTerms,
    all: encodeAscending(analysis.terms),
    terms: analysis.terms,
    tfs: analysis.tfs,
    surfaces: analysis.surfaces,
    flags: analysis.flags,
    embedding,
  }
  return entry
}

/**
 * The word parts of the compounds of each entry (see decompound.ts), against the current document
 * frequencies: all splits are found before any is applied, so the result does not depend on the
 * order of the posts.
 */
export function compoundSplits(
  state: IndexState,
  entries: readonly Entry[],
): (Map<number, Split> | undefined)[] {
  if (!state.settings.decompound) return entries.map(() => undefined)
  const termIds = state.termIdMap()
  const cache = new Map<string, Split | null>()
  return entries.map((entry) => {
    if (!compoundLanguages.includes(entry.lang)) return undefined
    const analyzer = state.analyzer(entry.lang)
    const vocabulary = {
      frequency: (stem: string) => {
        const id = termIds.get(stem)
        return id === undefined ? 0 : state.df[id]!
      },
      stem: (word: string) => analyzer.stem(word),
    }
    let found: Map<number, Split> | undefined
    for (let i = 0; i < entry.terms.length; i++) {
      const stem = state.terms[entry.terms[i]!]!
      const surface = state.surfaces[entry.surfaces[i]!]!
      const key = `${entry.lang}:${stem}:${surface}`
      let split = cache.get(key)
      if (split === undefined) {
        split = splitCompound(stem, surface, entry.lang, vocabulary) ?? null
        cache.set(key, split)
      }
      if (split === null) continue
      found ??= new Map()
      found.set(i, split)
    }
    return found
  })
}

/**
 * An entry with the parts of its compounds added (see {@link #splits}) where it does not use them as words
 * of their own, counted in the frequencies.
 */
export function withParts(state: IndexState, entry: Entry, splits: Map<number, Split> | undefined): Entry {
  if (splits === undefined) return entry
  const added = new Map<number, { tf: number; surface: string; flag: number }>()
  for (const [i, split] of splits) {
    const tf = entry.tfs[i]! * partWeight
    const flag = entry.flags[i]!
    for (const [stem, surface] of [
      [split.modifier, split.modifierSurface],
      [split.head, split.headSurface],
    ] as const) {
      const term = state.termId(stem)
      const part = added.get(term)
      if (part === undefined) added.set(term, { tf, surface, flag })
      else {
        part.tf += tf
        part.flag |= flag
      }
    }
  }
  const terms: number[] = Array.from(entry.terms)
  const tfs: number[] = Array.from(entry.tfs)
  const surfaces: number[] = Array.from(entry.surfaces)
  const flags: number[] = Array.from(entry.flags)
  for (const [term, part] of added) {
    // Note: a part the post also writes as a word of its own adds nothing: it matches already, and
    // adding would count the same word twice (`datei` in a page with `Datei`, `Dateiformat` and
    // `Dateisystem` would outweigh the words that tell it apart). Parts only make matches a post lacks.
    if (search(entry.terms, term) >= 0) continue
    terms.push(term)
    tfs.push(part.tf)
    surfaces.push(state.surfaceId(part.surface))
    flags.push(part.flag)
    state.df[term]!++
  }
  if (terms.length === entry.terms.length) return entry
  const order = terms.map((_, i) => i).sort((x, y) => terms[x]! - terms[y]!)
  const sortedTerms = Int32Array.from(order, (i) => terms[i]!)
  return {
    ...entry,
    all: encodeAscending(sortedTerms),
    terms: sortedTerms,
    tfs: Float32Array.from(order, (i) => tfs[i]!),
    surfaces: Int32Array.from(order, (i) => surfaces[i]!),
    flags: Uint8Array.from(order, (i) => flags[i]!),
  }
}

/**
 * BM25 weights of an entry's kept terms under the current statistics; -1 for unusable terms.
 * Note: a view into scratch, valid until the next call.
 */
export function bm25Weights(
  state: IndexState,
  terms: Int32Array,
  tfs: Float32Array,
  length: number,
  bounded = true,
): Float64Array {
  const { k1, b } = state.settings
  const size = state.size
  const maxDf = state.maxDf(size)
  const averageLength = size > 0 && state.lengthSum > 0 ? state.lengthSum / size : 1
  const norm = k1 * (1 - b + (b * length) / averageLength)
  if (state.weightScratch.length < terms.length) {
    state.weightScratch = new Float64Array(Math.max(terms.length, 2 * state.weightScratch.length))
  }
  const out = state.weightScratch.subarray(0, terms.length)
  let unique = 0
  for (let i = 0; i < terms.length; i++) {
    const df = state.df[terms[i]!]!
    // Note: a term in most posts says little; a term in one post only cannot relate it to another,
    // but is part of what the post is about (its weight is summed for the vector length).
    if (bounded && df > maxDf) {
      out[i] = -1
      continue
    }
    const tf = tfs[i]!
    const idf = Math.log(1 + (size - df + 0.5) / (df + 0.5))
    const weight = (idf * tf * (k1 + 1)) / (tf + norm)
    if (bounded && df < 2) {
      unique += weight * weight
      out[i] = -1
    } else out[i] = weight
  }
  state.uniqueSum = unique
  return out
}

/** Indices of the `count` largest non-negative weights, ascending by index. */
function top(weights: Float64Array, count: number): number[] {
  const picked: number[] = []
  for (let i = 0; i < weights.length; i++) if (weights[i]! >= 0) picked.push(i)
  if (picked.length > count) {
    picked.sort((x, y) => weights[y]! - weights[x]! || x - y)
    picked.length = count
    picked.sort((x, y) => x - y)
  }
  return picked
}

/** Keep the terms worth storing: twice the query size, so pruning can be redone as statistics change. */
export function keep(state: IndexState, entry: Entry): Entry {
  const max = state.settings.maxTerms
  if (!Number.isFinite(max)) return entry
  // Note: unbounded, so terms unique to this post today are kept: a later post may share them.
  const keep = top(bm25Weights(state, entry.terms, entry.tfs, entry.length, false), Math.max(2 * max, 50))
  // Note: nothing pruned (fewer distinct stems than `2 × maxTerms`): the arrays are kept, not copied.
  if (keep.length === entry.terms.length) return entry
  return {
    ...entry,
    terms: Int32Array.from(keep, (i) => entry.terms[i]!),
    tfs: Float32Array.from(keep, (i) => entry.tfs[i]!),
    surfaces: Int32Array.from(keep, (i) => entry.surfaces[i]!),
    flags: Uint8Array.from(keep, (i) => entry.flags[i]!),
  }
}

/** Compute the pruned, normalised query vector and title weights of an entry into the next slot. */
export function weigh(state: IndexState, entry: Entry): number {
  const weights = bm25Weights(state, entry.terms, entry.tfs, entry.length)
  const picked = top(weights, state.settings.maxTerms)
  let sum = 0
  for (const i of picked) sum += weights[i]! * weights[i]!
  // Note: see confidence.ts: in a small index, words in no other post keep a share of the length.
  sum += state.uniqueSum * uniqueShare(state.size)
  const norm = sum > 0 ? Math.sqrt(sum) : 1
  const v = state.vectors
  const slot = v.push(
    entry.date,
    entry.draft,
    entry.tagIds.length,
    entry.categoryIds.length,
    picked.length,
    entry.titleTerms.length,
  )
  const start = v.qStart[slot]!
  const { qTerms, qWeights, qOrder } = v
  for (let k = 0; k < picked.length; k++) {
    const i = picked[k]!
    qTerms[start + k] = entry.terms[i]!
    qWeights[start + k] = weights[i]! / norm
    v.qProse[start + k] = entry.flags[i]! & proseFlag
  }
  // Strongest first (ties: lower index).
  if (picked.length < keySpan) {
    if (state.keyScratch.length < picked.length) {
      state.keyScratch = new Float64Array(Math.max(picked.length, 2 * state.keyScratch.length))
    }
    const keys = state.keyScratch.subarray(0, picked.length)
    for (let k = 0; k < picked.length; k++) keys[k] = impactKey(qWeights[start + k]!, k)
    keys.sort()
    for (let k = 0; k < keys.length; k++) qOrder[start + k] = keys[k]! % keySpan
  } else {
    const order = Array.from(picked.keys())
    order.sort((x, y) => qWeights[start + y]! - qWeights[start + x]! || x - y)
    for (let k = 0; k < order.length; k++) qOrder[start + k] = order[k]!
  }
  const size = state.size
  const maxDf = state.maxDf(size)
  const titleStart = v.tStart[slot]!
  const { tTerms, tWeights } = v
  let titleSum = 0
  for (let k = 0; k < entry.titleTerms.length; k++) {
    const term = entry.titleTerms[k]!
    // Note: rounded to float32 before summing, as the weights are stored.
    const weight = Math.fround(state.titleIdf(term, size, maxDf))
    tTerms[titleStart + k] = term
    tWeights[titleStart + k] = weight
    titleSum += weight * weight
  }
  if (titleSum > 0) {
    const titleNorm = Math.sqrt(titleSum)
    for (let k = 0; k < entry.titleTerms.length; k++) tWeights[titleStart + k]! /= titleNorm
  }
  return slot
}

/**
 * Postings of slots `[0, upTo)` from scratch, each in weight order: counted first, then filled into two
 * shared arrays that every posting views (one allocation instead of one per term).

/** Insert a weighed slot into the postings of its terms. */
export function postTerms(state: IndexState, slot: number): void {
  const v = state.vectors
  const start = v.qStart[slot]!
  const end = start + v.qLength[slot]!
  for (let i = start; i < end; i++) {
    const term = v.qTerms[i]!
    let posting = state.postings[term]
    if (posting === undefined) {
      posting = new Posting()
      state.postings[term] = posting
    }
    posting.insert(slot, v.qWeights[i]!)
  }
}

/** Insert a slot into the postings of its tags and categories. */
export function postLabels(state: IndexState, slot: number, entry: Entry): void {
  for (const labels of [entry.tagIds, entry.categoryIds]) {
    for (const id of labels) {
      const slots = state.labelPostings[id]
      if (slots === undefined) state.labelPostings[id] = [slot]
      else slots.push(slot)
    }
  }
}

/** Recompute every post's vector under the current statistics and rebuild the postings. */
export function refresh(state: IndexState): void {
  const entries = state.entries.filter((entry) => entry !== undefined)
  state.entries = entries
  state.slots.clear()
  state.postings = []
  state.labelPostings = []
  let terms = 0
  let titleTerms = 0
  entries.forEach((entry, slot) => {
    state.slots.set(entry.id, slot)
    terms += Math.min(entry.terms.length, state.settings.maxTerms)
    titleTerms += entry.titleTerms.length
  })
  // Note: with room to grow, as a restored index file's (snapshot.ts): the changes after a refresh (a dev
  // server's next saves) push into it instead of copying every column.
  state.vectors = new Vectors(
    roomy(entries.length, spareRoom.slots),
    roomy(terms, spareRoom.terms),
    roomy(titleTerms, spareRoom.titleTerms),
  )
  for (const entry of entries) postLabels(state, weigh(state, entry), entry)
  rebuildPostings(state, entries.length)
  state.refreshedSize = state.size
  state.changes = 0
}

export function ensureFresh(state: IndexState): void {
  if (state.changes > state.settings.refreshThreshold * state.refreshedSize) refresh(state)
}

/** Build from scratch: analyse everything first so the kept terms use the collection's statistics. */
export function load(state: IndexState, docs: readonly RelatedDoc[]): void {
  const seen = new Map<string, number>()
  docs.forEach((doc, i) => {
    checkDoc(doc, { text: `post at index ${i}`, itemIndex: i })
    const first = seen.get(doc.id)
    if (first !== undefined) {
      throw new RelatedError(
        'duplicate-id',
        `Duplicate post id \`${doc.id}\` at index ${first} and ${i}: ids must be unique (use the slug); remove or rename one`,
        { field: 'id', post: doc.id, itemIndex: i },
      )
    }
    seen.set(doc.id, i)
  })
  const entries = state.entries
  for (let i = 0; i < docs.length; i++) {
    const doc = docs[i]!
    const entry = ingest(state, doc, i)
    state.slots.set(entry.id, entries.length)
    entries.push(entry)
  }
  const splits = compoundSplits(state, entries as Entry[])
  for (let slot = 0; slot < entries.length; slot++)
    entries[slot] = withParts(state, entries[slot]!, splits[slot])
  // Note: pruned in place, so a post's full analysis can be freed as soon as its kept terms are copied
  // (a second array of entries kept every full analysis alive until the build ended).
  for (let slot = 0; slot < entries.length; slot++) entries[slot] = keep(state, entries[slot]!)
  refresh(state)
}

/** Rebuild the postings of slots `[0, upTo)` from their vectors. */
export function rebuildPostings(state: IndexState, upTo: number): void {
  // Postings a query reads whole need no order until a post is inserted (see `Posting.sorted`).
  const readLimit = Number.isFinite(state.settings.maxTerms) ? postingsPerTerm : Number.POSITIVE_INFINITY
  state.postings = buildPostings(state.vectors, state.terms.length, upTo, readLimit)
}
