// Loading: an index saved by `toJSON()` restored exactly: the same slots, vectors, statistics and
// pending changes, and the postings in the same order (weight order, ties by slot).

import { proseFlag } from './analysis.js'
import { postLabels, rebuildPostings } from './build.js'
import { ColumnError, decodeFloat32, VarintReader } from './columns.js'
import type { IndexState } from './state.js'
import type { RelatedColumnsJSON, RelatedDocJSON, RelatedIndexJSON } from './types.js'
import { decodeAscending } from './varint.js'
import { Vectors } from './vectors.js'

const damaged = (what: string) => new ColumnError(what)

/** Per slot: the lengths of its vector, title and kept terms, and their totals. */
interface Lengths {
  readonly q: Int32Array
  readonly t: Int32Array
  readonly k: Int32Array
  readonly qTotal: number
  readonly tTotal: number
  readonly kTotal: number
}

/** The kept terms of every slot, end to end: ids, frequencies, written forms and prose flags. */
interface Kept {
  readonly terms: Int32Array
  readonly tfs: Float32Array
  readonly surfaces: Int32Array
  readonly flags: Uint8Array
}

/** The embeddings of the slots that have one, end to end. */
interface Embeddings {
  readonly length: number
  readonly slots: ReadonlySet<number>
  readonly values: Float32Array
}

/**
 * Restore `data` into a fresh `state` (made with the saved options).
 * Throws a {@link ColumnError} naming what is damaged (`fromJSON` turns it into a `RelatedError`).
 */
export function restoreIndex(state: IndexState, data: RelatedIndexJSON): void {
  if (!Array.isArray(data.terms) || !Array.isArray(data.surfaces) || !Array.isArray(data.docs)) {
    throw damaged('`docs`, `terms` and `surfaces` should be arrays')
  }
  for (const term of data.terms) if (typeof term !== 'string') throw damaged('`terms` should hold strings')
  for (const surface of data.surfaces) {
    if (typeof surface !== 'string') throw damaged('`surfaces` should hold strings')
  }
  // Note: the maps from stems and written forms to ids are built when `add` or `update` first needs
  // them; loading only to query does not pay for them.
  for (const term of data.terms) state.terms.push(term)
  for (const surface of data.surfaces) state.surfaces.push(surface)
  state.termIds = undefined
  state.surfaceIds = undefined
  if (state.df.length < state.terms.length) state.df = new Int32Array(state.terms.length)
  const slotCount = data.docs.length
  const saved = data.state as Partial<RelatedIndexJSON['state']> | undefined
  const count = (value: unknown, max: number) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max
  if (
    saved === null ||
    typeof saved !== 'object' ||
    typeof saved.lengthSum !== 'number' ||
    !Number.isFinite(saved.lengthSum) ||
    !count(saved.refreshedSize, slotCount) ||
    !count(saved.changes, Number.MAX_SAFE_INTEGER)
  ) {
    throw damaged('`state` should hold `lengthSum`, `refreshedSize` and `changes`')
  }
  const columns = data.columns as Partial<RelatedColumnsJSON> | undefined
  if (columns === null || typeof columns !== 'object') throw damaged('`columns` is missing')
  restoreSlots(state, data.docs, columns)
  state.lengthSum = saved.lengthSum
  state.refreshedSize = saved.refreshedSize!
  state.changes = saved.changes!
  // Postings as the saved index had them: every slot in weight order, removed ones too (they stay in
  // the postings until the next refresh, skipped by queries).
  rebuildPostings(state, slotCount)
  state.entries.forEach((entry, slot) => {
    if (entry !== undefined) postLabels(state, slot, entry)
  })
}

/** Vector and title lengths first, to size the flat arrays. */
function readLengths(columns: Partial<RelatedColumnsJSON>, slotCount: number): Lengths {
  const vectorLengths = new VarintReader(columns.vectorLengths, 'columns.vectorLengths')
  const titleLengths = new VarintReader(columns.titleLengths, 'columns.titleLengths')
  const q = new Int32Array(slotCount)
  const t = new Int32Array(slotCount)
  const keptLengths = new VarintReader(columns.keptLengths, 'columns.keptLengths')
  const k = new Int32Array(slotCount)
  let qTotal = 0
  let tTotal = 0
  let kTotal = 0
  for (let slot = 0; slot < slotCount; slot++) {
    q[slot] = vectorLengths.uint()
    qTotal += q[slot]!
    t[slot] = titleLengths.uint()
    tTotal += t[slot]!
    k[slot] = keptLengths.uint()
    kTotal += k[slot]!
  }
  vectorLengths.end()
  titleLengths.end()
  keptLengths.end()
  return { q, t, k, qTotal, tTotal, kTotal }
}

function readEmbeddings(columns: Partial<RelatedColumnsJSON>, slotCount: number): Embeddings {
  const length = columns.embeddingLength
  if (typeof length !== 'number' || !Number.isInteger(length) || length < 0) {
    throw damaged('`columns.embeddingLength` should be a whole number')
  }
  const embeddingSlots = new VarintReader(columns.embeddingSlots, 'columns.embeddingSlots')
  const slots = new Set<number>()
  for (let slot = 0; !embeddingSlots.done(); ) {
    slot += embeddingSlots.uint()
    if (slot >= slotCount || slots.has(slot))
      throw damaged('`columns.embeddingSlots` holds a slot out of range')
    slots.add(slot)
  }
  const values = decodeFloat32(columns.embeddings, slots.size * length, 'columns.embeddings')
  return { length, slots, values }
}

/**
 * The kept terms' frequencies, written forms and prose flags. Note: each post's kept terms, frequencies
 * and written forms are views into one array per column; the term ids are read slot by slot.
 */
function readKept(
  columns: Partial<RelatedColumnsJSON>,
  lengths: Lengths,
  slotCount: number,
  surfaceCount: number,
): Kept {
  const { kTotal } = lengths
  const keptSurfaces = new VarintReader(columns.keptSurfaces, 'columns.keptSurfaces')
  const keptCode = new VarintReader(columns.keptCode, 'columns.keptCode')
  const varintTfs = columns.keptTfsEncoding === 'varint'
  if (!varintTfs && columns.keptTfsEncoding !== 'float32') {
    throw damaged('`columns.keptTfsEncoding` should be `varint` or `float32`')
  }
  const terms = new Int32Array(kTotal)
  const surfaces = new Int32Array(kTotal)
  const flags = new Uint8Array(kTotal)
  let tfs: Float32Array
  if (varintTfs) {
    tfs = new Float32Array(kTotal)
    const reader = new VarintReader(columns.keptTfs, 'columns.keptTfs')
    for (let k = 0; k < kTotal; k++) tfs[k] = reader.uint()
    reader.end()
  } else {
    tfs = decodeFloat32(columns.keptTfs, kTotal, 'columns.keptTfs')
  }
  for (let k = 0; k < kTotal; k++) {
    const surface = keptSurfaces.uint()
    if (surface >= surfaceCount) throw damaged('`columns.keptSurfaces` holds an id out of range')
    surfaces[k] = surface
  }
  // Every kept term is prose but those listed per slot (count, then ascending indices).
  flags.fill(proseFlag)
  for (let slot = 0, at = 0; slot < slotCount; at += lengths.k[slot]!, slot++) {
    const count = keptCode.uint()
    for (let i = 0, index = 0; i < count; i++) {
      index += keptCode.uint()
      if (index >= lengths.k[slot]!) throw damaged('`columns.keptCode` holds an index out of range')
      flags[at + index] = 0
    }
  }
  keptCode.end()
  keptSurfaces.end()
  return { terms, tfs, surfaces, flags }
}

/** Whether `doc` is a saved post whose id is not taken yet. */
function isSavedDoc(state: IndexState, doc: RelatedDocJSON): boolean {
  return (
    typeof doc === 'object' &&
    typeof doc.id === 'string' &&
    doc.id !== '' &&
    !state.slots.has(doc.id) &&
    typeof doc.lang === 'string' &&
    typeof doc.draft === 'boolean' &&
    (doc.date === null || (typeof doc.date === 'number' && Number.isFinite(doc.date))) &&
    Array.isArray(doc.tags) &&
    doc.tags.every((t) => typeof t === 'string') &&
    Array.isArray(doc.categories) &&
    doc.categories.every((c) => typeof c === 'string') &&
    typeof doc.length === 'number' &&
    Number.isFinite(doc.length)
  )
}

/** Every slot's vector, title, kept terms and entry (`null` docs: removed posts). */
function restoreSlots(
  state: IndexState,
  docs: readonly unknown[],
  columns: Partial<RelatedColumnsJSON>,
): void {
  const termCount = state.terms.length
  const slotCount = docs.length
  const lengths = readLengths(columns, slotCount)
  const vectorWeights = decodeFloat32(columns.vectorWeights, lengths.qTotal, 'columns.vectorWeights')
  const titleWeights = decodeFloat32(columns.titleWeights, lengths.tTotal, 'columns.titleWeights')
  const vectorTerms = new VarintReader(columns.vectorTerms, 'columns.vectorTerms')
  const vectorOrder = new VarintReader(columns.vectorOrder, 'columns.vectorOrder')
  const titleTerms = new VarintReader(columns.titleTerms, 'columns.titleTerms')
  const keptTerms = new VarintReader(columns.keptTerms, 'columns.keptTerms')
  const embeddings = readEmbeddings(columns, slotCount)
  state.embeddingLength = embeddings.length
  let embeddingAt = 0
  const allLengths = new VarintReader(columns.allLengths, 'columns.allLengths')
  const allTerms = new VarintReader(columns.all, 'columns.all')
  const kept = readKept(columns, lengths, slotCount, state.surfaces.length)
  let keptAt = 0
  const v = new Vectors(slotCount, lengths.qTotal, lengths.tTotal)
  state.vectors = v
  for (let slot = 0; slot < slotCount; slot++) {
    const doc = docs[slot] as RelatedDocJSON | null
    const live = doc !== null
    if (live && !isSavedDoc(state, doc)) {
      throw damaged(`\`docs[${slot}]\` should be a saved post with a unique id, or null`)
    }
    const date = live && doc.date !== null ? doc.date : Number.NaN
    const qLength = lengths.q[slot]!
    const tLength = lengths.t[slot]!
    v.push(
      date,
      live && doc.draft,
      live ? doc.tags.length : 0,
      live ? doc.categories.length : 0,
      qLength,
      tLength,
    )
    if (!live) v.flags[slot] = 0
    const qStart = v.qStart[slot]!
    vectorTerms.ascending(qLength, termCount, v.qTerms, qStart)
    for (let k = 0; k < qLength; k++) {
      const index = vectorOrder.uint()
      if (index >= qLength) throw damaged('`columns.vectorOrder` holds an index out of range')
      v.qOrder[qStart + k] = index
    }
    const tStart = v.tStart[slot]!
    titleTerms.ascending(tLength, termCount, v.tTerms, tStart)
    const keptLength = lengths.k[slot]!
    keptTerms.ascending(keptLength, termCount, kept.terms, keptAt)
    const terms = kept.terms.subarray(keptAt, keptAt + keptLength)
    const flags = kept.flags.subarray(keptAt, keptAt + keptLength)
    // Prose flags of the vector's terms, from the kept terms' (the vector's terms are among them).
    for (let i = qStart, k = 0; i < qStart + qLength; i++) {
      const term = v.qTerms[i]!
      while (k < keptLength && terms[k]! < term) k++
      v.qProse[i] = k < keptLength && terms[k] === term ? flags[k]! & proseFlag : 0
    }
    const tfs = kept.tfs.subarray(keptAt, keptAt + keptLength)
    const surfaces = kept.surfaces.subarray(keptAt, keptAt + keptLength)
    keptAt += keptLength
    let embedding: Float32Array | undefined
    if (embeddings.slots.has(slot)) {
      embedding = embeddings.values.subarray(embeddingAt, embeddingAt + embeddings.length)
      embeddingAt += embeddings.length
    }
    const all = allTerms.bytes(allLengths.uint())
    if (!live) {
      state.entries.push(undefined)
      continue
    }
    let last = -1
    decodeAscending(all, (term) => {
      if (term <= last || term >= termCount)
        throw damaged('`columns.all` holds an id out of range or out of order')
      last = term
      state.df[term]!++
    })
    const tagIds = state.labelIdsOf(doc.tags, 't:')
    const categoryIds = state.labelIdsOf(doc.categories, 'c:')
    state.countLabels(tagIds, categoryIds, 1)
    state.slots.set(doc.id, slot)
    state.entries.push({
      id: doc.id,
      lang: doc.lang,
      date,
      draft: doc.draft,
      tags: doc.tags,
      tagIds,
      categories: doc.categories,
      categoryIds,
      length: doc.length,
      titleTerms: v.tTerms.subarray(tStart, tStart + tLength),
      all,
      terms,
      tfs,
      surfaces,
      flags,
      embedding,
    })
  }
  for (const reader of [vectorTerms, vectorOrder, titleTerms, keptTerms, allLengths, allTerms]) reader.end()
  v.qWeights = vectorWeights.length > 0 ? vectorWeights : v.qWeights
  v.tWeights = titleWeights.length > 0 ? titleWeights : v.tWeights
}
