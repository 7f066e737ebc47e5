// The incremental cache's snapshot of an index (Node only in use, but no Node built-ins here): the
// state's own typed arrays, postings included, for `v8.serialize`, so that restoring it is copying
// arrays, not decoding base64 and varints and sorting the postings again as `fromJSON` does (over a
// second for 10,000 posts). Internal: not exported by the package; `toJSON` stays the portable format.

import { postLabels } from './build.js'
import { ColumnError } from './columns.js'
import { Posting } from './postings.js'
import { resolveSettings, type Settings } from './settings.js'
import { type Entry, IndexState } from './state.js'
import type { RelatedDocJSON } from './types.js'
import { padded, roomy, spareRoom, Vectors } from './vectors.js'

/** What `snapshotIndex` returns: plain data and typed arrays (what `v8.serialize` copies fast). */
export interface IndexSnapshot {
  readonly format: 'blogkit-related-snapshot'
  readonly version: 1
  readonly settings: Settings
  readonly terms: readonly string[]
  readonly surfaces: readonly string[]
  readonly numbers: readonly number[]
  /** One per slot, as in `toJSON()` (`null`: removed since the last refresh). */
  readonly docs: readonly (RelatedDocJSON | null)[]
  readonly df: Int32Array<ArrayBuffer>
  /**
   * Vectors: per-slot columns, then the flat ones (see vectors.ts), each with room to grow after its used
   * values (`roomy`: zeros), so that an index restored from its file copies no column at its first changes.
   * Their used lengths are in `numbers`. Note: a snapshot whose columns are as long as their used values
   * (saved before they had room) restores too.
   */
  readonly slotColumns: readonly [
    Int32Array<ArrayBuffer>,
    Int32Array<ArrayBuffer>,
    Int32Array<ArrayBuffer>,
    Int32Array<ArrayBuffer>,
    Float64Array<ArrayBuffer>,
    Uint8Array<ArrayBuffer>,
    Int32Array<ArrayBuffer>,
    Int32Array<ArrayBuffer>,
  ]
  readonly vectorColumns: readonly [
    Int32Array<ArrayBuffer>,
    Float32Array<ArrayBuffer>,
    Int32Array<ArrayBuffer>,
    Uint8Array<ArrayBuffer>,
    Int32Array<ArrayBuffer>,
    Float32Array<ArrayBuffer>,
  ]
  /** Per slot: kept terms, every-term bytes and embedding lengths; then the kept columns end to end. */
  readonly entryLengths: readonly [Int32Array<ArrayBuffer>, Int32Array<ArrayBuffer>, Int32Array<ArrayBuffer>]
  readonly kept: readonly [
    Int32Array<ArrayBuffer>,
    Float32Array<ArrayBuffer>,
    Int32Array<ArrayBuffer>,
    Uint8Array<ArrayBuffer>,
    Uint8Array<ArrayBuffer>,
    Float32Array<ArrayBuffer>,
  ]
  /** Per term: posting length and whether sorted; then the postings' slots and weights end to end. */
  readonly postingLengths: Int32Array<ArrayBuffer>
  readonly postingSorted: Uint8Array<ArrayBuffer>
  readonly postingSlots: Int32Array<ArrayBuffer>
  readonly postingWeights: Float32Array<ArrayBuffer>
}

/** The index state as a snapshot. Note: copies (the index can change after). */
export function snapshotIndex(state: IndexState): IndexSnapshot {
  const v = state.vectors
  const slots = state.entries.length
  const keptLengths = new Int32Array(slots)
  const allLengths = new Int32Array(slots)
  const embeddingLengths = new Int32Array(slots)
  let keptTotal = 0
  let allTotal = 0
  let embeddingTotal = 0
  state.entries.forEach((entry, slot) => {
    if (entry === undefined) return
    keptTotal += keptLengths[slot] = entry.terms.length
    allTotal += allLengths[slot] = entry.all.length
    embeddingTotal += embeddingLengths[slot] = entry.embedding?.length ?? 0
  })
  const kept = [
    new Int32Array(keptTotal),
    new Float32Array(keptTotal),
    new Int32Array(keptTotal),
    new Uint8Array(keptTotal),
    new Uint8Array(allTotal),
    new Float32Array(embeddingTotal),
  ] as const
  const docs: (RelatedDocJSON | null)[] = []
  for (let slot = 0, k = 0, a = 0, e = 0; slot < slots; slot++) {
    const entry = state.entries[slot]
    if (entry === undefined) {
      docs.push(null)
      continue
    }
    const { id, lang, date, draft, tags, categories, length } = entry
    docs.push({ id, lang, date: Number.isNaN(date) ? null : date, draft, tags, categories, length })
    kept[0].set(entry.terms, k)
    kept[1].set(entry.tfs, k)
    kept[2].set(entry.surfaces, k)
    kept[3].set(entry.flags, k)
    k += entry.terms.length
    kept[4].set(entry.all, a)
    a += entry.all.length
    if (entry.embedding !== undefined) kept[5].set(entry.embedding, e)
    e += embeddingLengths[slot]!
  }
  const termCount = state.terms.length
  const postingLengths = new Int32Array(termCount)
  const postingSorted = new Uint8Array(termCount)
  let postingTotal = 0
  for (let t = 0; t < termCount; t++) {
    const posting = state.postings[t]
    if (posting === undefined) continue
    postingTotal += postingLengths[t] = posting.length
    postingSorted[t] = posting.sorted ? 1 : 0
  }
  const postingSlots = new Int32Array(postingTotal)
  const postingWeights = new Float32Array(postingTotal)
  for (let t = 0, at = 0; t < termCount; t++) {
    const posting = state.postings[t]
    if (posting === undefined) continue
    postingSlots.set(posting.slots.subarray(0, posting.length), at)
    postingWeights.set(posting.weights.subarray(0, posting.length), at)
    at += posting.length
  }
  const n = v.slots
  const slotRoom = roomy(n, spareRoom.slots)
  const termRoom = roomy(v.qUsed, spareRoom.terms)
  const titleRoom = roomy(v.tUsed, spareRoom.titleTerms)
  return {
    format: 'blogkit-related-snapshot',
    version: 1,
    settings: state.settings,
    terms: state.terms.slice(),
    surfaces: state.surfaces.slice(),
    numbers: [
      state.lengthSum,
      state.refreshedSize,
      state.changes,
      state.embeddingLength,
      n,
      v.qUsed,
      v.tUsed,
    ],
    docs,
    df: state.df.slice(0, termCount),
    // Note: the room depends on the used lengths only (not on how long the index's arrays are), so that
    // the same index always saves the same file.
    slotColumns: [
      padded(v.qStart, n, slotRoom),
      padded(v.qLength, n, slotRoom),
      padded(v.tStart, n, slotRoom),
      padded(v.tLength, n, slotRoom),
      padded(v.dates, n, slotRoom),
      padded(v.flags, n, slotRoom),
      padded(v.tagCounts, n, slotRoom),
      padded(v.categoryCounts, n, slotRoom),
    ],
    vectorColumns: [
      padded(v.qTerms, v.qUsed, termRoom),
      padded(v.qWeights, v.qUsed, termRoom),
      padded(v.qOrder, v.qUsed, termRoom),
      padded(v.qProse, v.qUsed, termRoom),
      padded(v.tTerms, v.tUsed, titleRoom),
      padded(v.tWeights, v.tUsed, titleRoom),
    ],
    entryLengths: [keptLengths, allLengths, embeddingLengths],
    kept,
    postingLengths,
    postingSorted,
    postingSlots,
    postingWeights,
  }
}

/** Whether `value` looks like a snapshot of this version (what `v8.deserialize` gave back). */
export function isSnapshot(value: unknown): value is IndexSnapshot {
  const snapshot = value as Partial<IndexSnapshot> | null
  return (
    typeof snapshot === 'object' &&
    snapshot !== null &&
    snapshot.format === 'blogkit-related-snapshot' &&
    snapshot.version === 1 &&
    Array.isArray(snapshot.docs) &&
    Array.isArray(snapshot.numbers) &&
    snapshot.df instanceof Int32Array &&
    snapshot.postingLengths instanceof Int32Array &&
    snapshot.postingLengths.length === snapshot.df.length
  )
}

/**
 * `saved` when it can stand for `allocated` (as long: `Vectors` grows its arrays by doubling), else
 * `allocated` with `saved` copied in. Note: no copy of a large index's arrays (views into its file, with
 * the room to grow that `snapshotIndex` gave them).
 */
function fit<T extends Int32Array | Float32Array | Float64Array | Uint8Array>(allocated: T, saved: T): T {
  if (saved.length >= allocated.length) return saved
  allocated.set(saved as never)
  return allocated
}

/** Whether `columns` are equally long, and no shorter than `used`. */
const room = (columns: readonly ArrayLike<number>[], used: number) =>
  columns.every((column) => column.length >= used && column.length === columns[0]!.length)

/**
 * A `ColumnError` unless the snapshot's arrays hold together (what the restore below relies on). Note: the
 * vector columns as long as their used values or longer (room to grow), each group alike (`Vectors.push`
 * grows the per-slot columns when `flags` is full).
 */
function checkLengths(snapshot: IndexSnapshot, slots: number, qUsed: number, tUsed: number): void {
  const [qTerms, qWeights, qOrder, qProse, tTerms, tWeights] = snapshot.vectorColumns
  const ok =
    snapshot.docs.length === slots &&
    room(snapshot.slotColumns, slots) &&
    room([qTerms, qWeights, qOrder, qProse], qUsed) &&
    room([tTerms, tWeights], tUsed) &&
    snapshot.entryLengths.every((column) => column.length === slots) &&
    snapshot.postingSlots.length === snapshot.postingWeights.length &&
    snapshot.terms.length === snapshot.df.length
  if (!ok) throw new ColumnError('the arrays of the snapshot do not hold together')
}

/**
 * The state saved by `snapshotIndex`, as it was (the postings in their order, the pending changes), so
 * that the restored index answers and changes exactly as the saved one would have. Note: the state
 * keeps the snapshot's arrays (or views into them) where it can.
 */
export function restoreSnapshot(snapshot: IndexSnapshot): IndexState {
  const state = new IndexState(resolveSettings(snapshot.settings))
  const [lengthSum, refreshedSize, changes, embeddingLength, slots, qUsed, tUsed] =
    snapshot.numbers as number[]
  for (const n of [slots, qUsed, tUsed]) {
    if (!Number.isInteger(n) || n! < 0)
      throw new ColumnError('the used lengths of the snapshot are not counts')
  }
  checkLengths(snapshot, slots!, qUsed!, tUsed!)
  // Note: a loop, not `push(...terms)` (tens of thousands of arguments overflow the stack).
  for (const term of snapshot.terms) state.terms.push(term)
  for (const surface of snapshot.surfaces) state.surfaces.push(surface)
  state.termIds = undefined
  state.surfaceIds = undefined
  state.df = fit(new Int32Array(1024), snapshot.df)
  state.lengthSum = lengthSum!
  state.refreshedSize = refreshedSize!
  state.changes = changes!
  state.embeddingLength = embeddingLength!
  const v = new Vectors(0, 0, 0)
  const [qStart, qLength, tStart, tLength, dates, flags, tagCounts, categoryCounts] = snapshot.slotColumns
  v.qStart = fit(v.qStart, qStart)
  v.qLength = fit(v.qLength, qLength)
  v.tStart = fit(v.tStart, tStart)
  v.tLength = fit(v.tLength, tLength)
  v.dates = fit(v.dates, dates)
  v.flags = fit(v.flags, flags)
  v.tagCounts = fit(v.tagCounts, tagCounts)
  v.categoryCounts = fit(v.categoryCounts, categoryCounts)
  const [qTerms, qWeights, qOrder, qProse, tTerms, tWeights] = snapshot.vectorColumns
  v.qTerms = fit(v.qTerms, qTerms)
  v.qWeights = fit(v.qWeights, qWeights)
  v.qOrder = fit(v.qOrder, qOrder)
  v.qProse = fit(v.qProse, qProse)
  v.tTerms = fit(v.tTerms, tTerms)
  v.tWeights = fit(v.tWeights, tWeights)
  v.slots = slots!
  v.qUsed = qUsed!
  v.tUsed = tUsed!
  state.vectors = v
  restoreEntries(state, snapshot)
  const postings: (Posting | undefined)[] = new Array(snapshot.terms.length)
  for (let t = 0, at = 0; t < snapshot.terms.length; t++) {
    const length = snapshot.postingLengths[t]!
    if (length === 0) continue
    // Note: views, as `buildPostings` makes them (`insert` copies a posting out when it grows).
    const slotsOf = snapshot.postingSlots.subarray(at, at + length) as Int32Array<ArrayBuffer>
    const weights = snapshot.postingWeights.subarray(at, at + length) as Float32Array<ArrayBuffer>
    postings[t] = new Posting(slotsOf, weights, length, snapshot.postingSorted[t] === 1)
    at += length
  }
  state.postings = postings
  return state
}

/** Every slot's entry (views into the snapshot's kept columns), labels counted and posted. */
function restoreEntries(state: IndexState, snapshot: IndexSnapshot): void {
  const [keptLengths, allLengths, embeddingLengths] = snapshot.entryLengths
  const [terms, tfs, surfaces, flags, all, embeddings] = snapshot.kept
  const v = state.vectors
  for (let slot = 0, k = 0, a = 0, e = 0; slot < snapshot.docs.length; slot++) {
    const doc = snapshot.docs[slot]
    const keptLength = keptLengths[slot]!
    const allLength = allLengths[slot]!
    const embeddingLength = embeddingLengths[slot]!
    if (doc === null || doc === undefined) {
      state.entries.push(undefined)
      continue
    }
    const date = doc.date === null ? Number.NaN : doc.date
    const tagIds = state.labelIdsOf(doc.tags, 't:')
    const categoryIds = state.labelIdsOf(doc.categories, 'c:')
    state.countLabels(tagIds, categoryIds, 1)
    state.slots.set(doc.id, slot)
    const tStart = v.tStart[slot]!
    const entry: Entry = {
      id: doc.id,
      lang: doc.lang,
      date,
      draft: doc.draft,
      tags: doc.tags,
      tagIds,
      categories: doc.categories,
      categoryIds,
      length: doc.length,
      titleTerms: v.tTerms.subarray(tStart, tStart + v.tLength[slot]!),
      all: all.subarray(a, a + allLength),
      terms: terms.subarray(k, k + keptLength),
      tfs: tfs.subarray(k, k + keptLength),
      surfaces: surfaces.subarray(k, k + keptLength),
      flags: flags.subarray(k, k + keptLength),
      embedding: embeddingLength === 0 ? undefined : embeddings.subarray(e, e + embeddingLength),
    }
    k += keptLength
    a += allLength
    e += embeddingLength
    state.entries.push(entry)
    postLabels(state, slot, entry)
  }
}
