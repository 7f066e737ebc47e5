import { type Analysis, analyzePost, proseFlag } from './analysis.js'
import { createLanguageAnalyzer, detach, type LanguageAnalyzer, primaryLanguage } from './analyzer.js'
import { codeSegments } from './code.js'
import { ColumnError, decodeFloat32, encodeFloat32, VarintReader, VarintWriter } from './columns.js'
import { autoMinScore, uniqueShare } from './confidence.js'
import { compoundLanguages, partWeight, type Split, splitCompound } from './decompound.js'
import { embeddingScore, unitEmbedding } from './embeddings.js'
import { describe, resolveSettings, type Settings } from './settings.js'
import type {
  RelatedColumnsJSON,
  RelatedDoc,
  RelatedDocJSON,
  RelatedIndex,
  RelatedIndexJSON,
  RelatedIndexOptions,
  RelatedOptions,
  RelatedPost,
} from './types.js'
import { decodeAscending, encodeAscending } from './varint.js'

const dayMs = 86_400_000
const reasonTermCount = 5
/** Speed-ups (off with `maxTerms: Infinity`): a post's strongest terms used to find candidates, */
const candidateTerms = 40
/** the most posts read from each of their postings (strongest weights first), */
const postingsPerTerm = 150
/** and how many of the candidates are scored exactly (at least, or this many times `limit`). */
const rescoreMinimum = 50
const rescoreFactor = 6

interface Hit {
  readonly slot: number
  readonly score: number
  readonly content: number
  readonly title: number
  readonly tags: number
  readonly categories: number
  readonly date: number
  readonly vector: number
}

/** Bit pattern of a float32, to sort by weight with a numeric sort of packed keys. */
const keyFloat = new Float32Array(1)
const keyBits = new Uint32Array(keyFloat.buffer)
/** Second keys (slots, indices) below this fit beside the 32 bits of a weight in a float64 integer. */
const keySpan = 2 ** 21

/**
 * Sort key ordering by weight descending, then `second` ascending: `(2^32 - 1 - bits(weight)) × 2^21 +
 * second`, exact below 2^53. Note: for non-negative floats the bit pattern grows with the value, so a
 * plain numeric sort of these keys (no comparator) gives the order; weights here are never negative.
 */
function impactKey(weight: number, second: number): number {
  keyFloat[0] = weight
  return (0xffffffff - keyBits[0]!) * keySpan + second
}

/** Posts containing one term in their pruned vector, with its weight; growable typed arrays. */
class Posting {
  slots: Int32Array
  weights: Float32Array
  length: number

  /**
   * Whether the posting is in weight order. Note: a posting no longer than a query reads is read
   * whole, and the order it is read in does not change the results, so it is sorted only when a
   * post is first inserted into it.
   */
  sorted: boolean

  /** Note: built postings are views into shared arrays; `insert` copies them out when they grow. */
  constructor(slots = new Int32Array(4), weights = new Float32Array(4), length = 0, sorted = true) {
    this.slots = slots
    this.weights = weights
    this.length = length
    this.sorted = sorted
  }

  /**
   * Insert in weight order (strongest first, ties: lower slot), as `sortByImpact` orders a built
   * posting: a post added between refreshes is read where its weight puts it, not after every other.
   */
  insert(slot: number, weight: number): void {
    if (!this.sorted) {
      sortByImpact(this.slots, this.weights, 0, this.length, new Float64Array(this.length))
      this.sorted = true
    }
    if (this.length === this.slots.length) {
      const size = Math.max(4, this.length * 2)
      const slots = new Int32Array(size)
      slots.set(this.slots)
      this.slots = slots
      const weights = new Float32Array(size)
      weights.set(this.weights)
      this.weights = weights
    }
    const { slots, weights } = this
    const stored = Math.fround(weight)
    let low = 0
    let high = this.length
    while (low < high) {
      const middle = (low + high) >>> 1
      const w = weights[middle]!
      if (w > stored || (w === stored && slots[middle]! < slot)) low = middle + 1
      else high = middle
    }
    slots.copyWithin(low + 1, low, this.length)
    weights.copyWithin(low + 1, low, this.length)
    slots[low] = slot
    weights[low] = stored
    this.length++
  }
}

/**
 * Order `slots[start, end)` and `weights` alike by weight, strongest first (ties: slot), so a capped
 * walk of a posting reads the posts most about its term. `keys` is scratch of at least `end - start`.
 */
function sortByImpact(
  slots: Int32Array,
  weights: Float32Array,
  start: number,
  end: number,
  keys: Float64Array,
): void {
  const n = end - start
  if (n < 2) return
  let packed = true
  for (let i = start; i < end; i++) if (slots[i]! >= keySpan) packed = false
  if (packed) {
    for (let i = 0; i < n; i++) keys[i] = impactKey(weights[start + i]!, slots[start + i]!)
    keys.subarray(0, n).sort()
    for (let i = 0; i < n; i++) {
      const key = keys[i]!
      const slot = key % keySpan
      keyBits[0] = 0xffffffff - (key - slot) / keySpan
      slots[start + i] = slot
      weights[start + i] = keyFloat[0]!
    }
    return
  }
  const order = Array.from({ length: n }, (_, i) => start + i)
  order.sort((x, y) => weights[y]! - weights[x]! || slots[x]! - slots[y]!)
  const sortedSlots = Int32Array.from(order, (i) => slots[i]!)
  const sortedWeights = Float32Array.from(order, (i) => weights[i]!)
  slots.set(sortedSlots, start)
  weights.set(sortedWeights, start)
}

function growInt32(array: Int32Array, size: number): Int32Array {
  if (size <= array.length) return array
  const grown = new Int32Array(Math.max(size, array.length * 2))
  grown.set(array)
  return grown
}

function growFloat32(array: Float32Array, size: number): Float32Array {
  if (size <= array.length) return array
  const grown = new Float32Array(Math.max(size, array.length * 2))
  grown.set(array)
  return grown
}

/** Arrays of one length, end to end. */
function joinFloat32(arrays: readonly Float32Array[], length: number): Float32Array {
  const out = new Float32Array(arrays.length * length)
  arrays.forEach((array, i) => {
    out.set(array, i * length)
  })
  return out
}

/** Label ids of a post without labels. Note: shared (an empty typed array cannot change). */
const noLabels = new Int32Array(0)

const aliveFlag = 1
const draftFlag = 2

/**
 * The computed state of every slot in flat arrays: each post's pruned, normalised vector (ascending
 * term ids, with the order of its strongest terms) and its title's idf weights, plus date and flags.
 * Note: one block of memory per column instead of typed arrays per post keeps the query loop on
 * contiguous memory, and saves and loads as a handful of columns.
 */
class Vectors {
  slots = 0
  /** Per slot: where its vector and title start in the flat arrays, and their lengths. */
  qStart: Int32Array
  qLength: Int32Array
  tStart: Int32Array
  tLength: Int32Array
  /** Per slot: date (NaN: none) and flags (alive, draft; 0 once removed). */
  dates: Float64Array
  flags: Uint8Array
  /** Per slot: how many tags and categories the post has. */
  tagCounts: Int32Array
  categoryCounts: Int32Array
  /** Flat: term ids (ascending per post), unit-length weights, and indices strongest first. */
  qTerms: Int32Array
  qWeights: Float32Array
  qOrder: Int32Array
  /** Flat, per vector term: 1 when the post uses it in prose (it may be a reason). */
  qProse: Uint8Array
  qUsed = 0
  /** Flat: title stems (ascending per post) and their unit-length idf weights. */
  tTerms: Int32Array
  tWeights: Float32Array
  tUsed = 0

  constructor(slots: number, terms: number, titleTerms: number) {
    const n = Math.max(16, slots)
    this.qStart = new Int32Array(n)
    this.qLength = new Int32Array(n)
    this.tStart = new Int32Array(n)
    this.tLength = new Int32Array(n)
    this.dates = new Float64Array(n)
    this.flags = new Uint8Array(n)
    this.tagCounts = new Int32Array(n)
    this.categoryCounts = new Int32Array(n)
    this.qTerms = new Int32Array(Math.max(64, terms))
    this.qWeights = new Float32Array(Math.max(64, terms))
    this.qOrder = new Int32Array(Math.max(64, terms))
    this.qProse = new Uint8Array(Math.max(64, terms))
    this.tTerms = new Int32Array(Math.max(16, titleTerms))
    this.tWeights = new Float32Array(Math.max(16, titleTerms))
  }

  /** Append a slot with room for `terms` vector terms and `titleTerms` title terms; returns the slot. */
  push(
    date: number,
    draft: boolean,
    labels: number,
    categories: number,
    terms: number,
    titleTerms: number,
  ): number {
    const slot = this.slots++
    if (slot >= this.flags.length) {
      const n = this.flags.length * 2
      this.qStart = growInt32(this.qStart, n)
      this.qLength = growInt32(this.qLength, n)
      this.tStart = growInt32(this.tStart, n)
      this.tLength = growInt32(this.tLength, n)
      const dates = new Float64Array(n)
      dates.set(this.dates)
      this.dates = dates
      this.tagCounts = growInt32(this.tagCounts, n)
      this.categoryCounts = growInt32(this.categoryCounts, n)
      const flags = new Uint8Array(n)
      flags.set(this.flags)
      this.flags = flags
    }
    this.dates[slot] = date
    this.flags[slot] = aliveFlag | (draft ? draftFlag : 0)
    this.tagCounts[slot] = labels
    this.categoryCounts[slot] = categories
    this.qStart[slot] = this.qUsed
    this.qLength[slot] = terms
    this.qUsed += terms
    this.qTerms = growInt32(this.qTerms, this.qUsed)
    this.qWeights = growFloat32(this.qWeights, this.qUsed)
    this.qOrder = growInt32(this.qOrder, this.qUsed)
    if (this.qUsed > this.qProse.length) {
      const grown = new Uint8Array(Math.max(this.qUsed, this.qProse.length * 2))
      grown.set(this.qProse)
      this.qProse = grown
    }
    this.tStart[slot] = this.tUsed
    this.tLength[slot] = titleTerms
    this.tUsed += titleTerms
    this.tTerms = growInt32(this.tTerms, this.tUsed)
    this.tWeights = growFloat32(this.tWeights, this.tUsed)
    return slot
  }
}

/** The `size` best slots by score (ties: lower slot), kept in a min-heap. */
class Shortlist {
  readonly #size: number
  readonly #slots: number[] = []
  readonly #scores: number[] = []

  constructor(size: number) {
    this.#size = size
  }

  #worse(i: number, j: number): boolean {
    const a = this.#scores[i]!
    const b = this.#scores[j]!
    return a < b || (a === b && this.#slots[i]! > this.#slots[j]!)
  }

  #swap(i: number, j: number): void {
    const slot = this.#slots[i]!
    this.#slots[i] = this.#slots[j]!
    this.#slots[j] = slot
    const score = this.#scores[i]!
    this.#scores[i] = this.#scores[j]!
    this.#scores[j] = score
  }

  /** Whether a candidate scoring `score` could still enter the list. */
  accepts(score: number): boolean {
    return this.#slots.length < this.#size || score >= this.#scores[0]!
  }

  offer(slot: number, score: number): void {
    if (this.#size === 0) return
    if (this.#slots.length === this.#size) {
      const root = this.#scores[0]!
      if (score < root || (score === root && slot > this.#slots[0]!)) return
      this.#slots[0] = slot
      this.#scores[0] = score
      let i = 0
      for (;;) {
        const left = 2 * i + 1
        const right = left + 1
        let least = i
        if (left < this.#slots.length && this.#worse(left, least)) least = left
        if (right < this.#slots.length && this.#worse(right, least)) least = right
        if (least === i) break
        this.#swap(i, least)
        i = least
      }
      return
    }
    this.#slots.push(slot)
    this.#scores.push(score)
    let i = this.#slots.length - 1
    while (i > 0) {
      const parent = (i - 1) >> 1
      if (!this.#worse(i, parent)) break
      this.#swap(i, parent)
      i = parent
    }
  }

  slots(): readonly number[] {
    return this.#slots
  }
}

/** One indexed post. */
interface Entry {
  readonly id: string
  readonly lang: string
  readonly date: number
  readonly draft: boolean
  readonly tags: readonly string[]
  readonly tagIds: Int32Array
  readonly categories: readonly string[]
  readonly categoryIds: Int32Array
  readonly length: number
  /** Distinct stems of the title (ascending term ids), for the title match. */
  readonly titleTerms: Int32Array
  /** Every term id (ascending, delta varints): needed to keep document frequencies right on `remove`. */
  readonly all: Uint8Array
  /** Kept terms (ascending ids), weighted term frequency and most frequent surface form. */
  readonly terms: Int32Array
  readonly tfs: Float32Array
  readonly surfaces: Int32Array
  /** Per kept term, `proseFlag` when the post uses it in prose (it may be a reason). */
  readonly flags: Uint8Array
  /** The post's own embedding at unit length, if it has one. */
  readonly embedding: Float32Array | undefined
}

function parseDate(value: RelatedDoc['date'], where: string): number {
  if (value === null || value === undefined) return Number.NaN
  const time =
    value instanceof Date
      ? value.getTime()
      : typeof value === 'number'
        ? value
        : typeof value === 'string'
          ? Date.parse(value)
          : Number.NaN
  if (!Number.isFinite(time)) {
    throw new TypeError(
      `Expected \`date\` of ${where} to be a Date, an ISO 8601 string or epoch milliseconds, got \`${describe(value)}\``,
    )
  }
  return time
}

function labelList(value: unknown, field: string, where: string): string[] {
  if (value === null || value === undefined) return []
  if (!Array.isArray(value)) {
    throw new TypeError(
      `Expected \`${field}\` of ${where} to be an array of strings, got \`${describe(value)}\``,
    )
  }
  const seen = new Set<string>()
  const out: string[] = []
  value.forEach((label: unknown, i) => {
    if (typeof label !== 'string') {
      throw new TypeError(
        `Expected \`${field}[${i}]\` of ${where} to be a string, got \`${describe(label)}\``,
      )
    }
    const display = label.trim()
    const key = labelKey(display)
    if (key === '' || seen.has(key)) return
    seen.add(key)
    out.push(display)
  })
  return out
}

function labelKey(label: string): string {
  return label.trim().normalize('NFC').toLowerCase()
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

/** Index of `value` in an ascending array, or -1. */
function search(values: Int32Array, value: number): number {
  let low = 0
  let high = values.length - 1
  while (low <= high) {
    const middle = (low + high) >>> 1
    const found = values[middle]!
    if (found === value) return middle
    if (found < value) low = middle + 1
    else high = middle - 1
  }
  return -1
}

/** Compare two results: score desc, then newer date first (undated last), then id. */
function before(
  scoreA: number,
  dateA: number,
  idA: string,
  scoreB: number,
  dateB: number,
  idB: string,
): boolean {
  if (scoreA !== scoreB) return scoreA > scoreB
  const da = Number.isNaN(dateA) ? Number.NEGATIVE_INFINITY : dateA
  const db = Number.isNaN(dateB) ? Number.NEGATIVE_INFINITY : dateB
  if (da !== db) return da > db
  return idA < idB
}

class Index implements RelatedIndex {
  readonly #settings: Settings
  readonly #analyzers = new Map<string, LanguageAnalyzer>()
  /** Term ids by stem; built on first use after `fromJSON` (only `add` and `update` need it). */
  #termIds: Map<string, number> | undefined = new Map()
  readonly #terms: string[] = []
  #df = new Int32Array(1024)
  #surfaceIds: Map<string, number> | undefined = new Map()
  readonly #surfaces: string[] = []
  readonly #labelIds = new Map<string, number>()
  #labelDf = new Int32Array(256)
  /** Slots in insertion order; `undefined` after `remove` until the next refresh. */
  #entries: (Entry | undefined)[] = []
  readonly #slots = new Map<string, number>()
  #lengthSum = 0
  /** Postings of the pruned vectors: slots and weights per term id. */
  #postings: (Posting | undefined)[] = []
  #labelPostings: (number[] | undefined)[] = []
  /** Computed vectors of every slot. */
  #vectors = new Vectors(0, 0, 0)
  #refreshedSize = 0
  #changes = 0
  #scratch: Scratch | undefined
  /** Rarity of every label under the current label counts; `undefined` when they changed. */
  #rarities: Float64Array | undefined
  /**
   * Scratch of `#weights` and `#weigh`, reused from post to post. Note: a fresh typed array per post
   * is an allocation outside the JavaScript heap, freed only after a later garbage collection.
   */
  #weightScratch = new Float64Array(256)
  /** Sum of the squared weights of the terms in no other post, from the last `#weights` call. */
  #uniqueSum = 0
  /** Length of the posts' embeddings (0 until a post has one). */
  #embeddingLength = 0
  #keyScratch = new Float64Array(256)

  constructor(settings: Settings) {
    this.#settings = settings
  }

  get size(): number {
    return this.#slots.size
  }

  has(id: string): boolean {
    return this.#slots.has(id)
  }

  // ---------------------------------------------------------------- building

  #analyzer(lang: string): LanguageAnalyzer {
    let analyzer = this.#analyzers.get(lang)
    if (analyzer === undefined) {
      analyzer = createLanguageAnalyzer(lang, this.#settings.stopWords)
      this.#analyzers.set(lang, analyzer)
    }
    return analyzer
  }

  #termId(term: string): number {
    this.#termIds ??= Index.#lookup(this.#terms, 'terms')
    let id = this.#termIds.get(term)
    if (id === undefined) {
      id = this.#terms.length
      this.#terms.push(term)
      this.#termIds.set(term, id)
      if (id >= this.#df.length) {
        const grown = new Int32Array(this.#df.length * 2)
        grown.set(this.#df)
        this.#df = grown
      }
    }
    return id
  }

  /** Ids by value of a restored list. */
  static #lookup(values: readonly string[], field: string): Map<string, number> {
    const ids = new Map<string, number>()
    values.forEach((value, id) => {
      ids.set(value, id)
    })
    if (ids.size !== values.length) {
      throw new TypeError(
        `The saved related index is damaged (\`${field}\` repeats a value); rebuild it with \`createRelatedIndex\``,
      )
    }
    return ids
  }

  #surfaceId(surface: string): number {
    this.#surfaceIds ??= Index.#lookup(this.#surfaces, 'surfaces')
    let id = this.#surfaceIds.get(surface)
    if (id === undefined) {
      id = this.#surfaces.length
      const own = detach(surface)
      this.#surfaces.push(own)
      this.#surfaceIds.set(own, id)
    }
    return id
  }

  #labelId(key: string): number {
    let id = this.#labelIds.get(key)
    if (id === undefined) {
      id = this.#labelIds.size
      this.#labelIds.set(key, id)
      if (id >= this.#labelDf.length) {
        const grown = new Int32Array(this.#labelDf.length * 2)
        grown.set(this.#labelDf)
        this.#labelDf = grown
      }
    }
    return id
  }

  /** Ids of a post's tags (`prefix` `t:`) or categories (`c:`), registering new labels. */
  #labelIdsOf(labels: readonly string[], prefix: string): Int32Array {
    if (labels.length === 0) return noLabels
    return Int32Array.from(labels, (label) => this.#labelId(`${prefix}${labelKey(label)}`))
  }

  #analyze(doc: RelatedDoc, lang: string, code: readonly string[]): Analysis {
    return analyzePost(doc, code, {
      analyzer: this.#analyzer(lang),
      settings: this.#settings,
      termId: (stem) => this.#termId(stem),
      surfaceId: (word) => this.#surfaceId(word),
    })
  }

  /** Validate one doc; returns a description of where it is for error messages. */
  #check(doc: unknown, where: string): asserts doc is RelatedDoc {
    if (doc === null || typeof doc !== 'object') {
      throw new TypeError(
        `Expected ${where} to be an object with \`id\`, \`title\` and \`text\`, got \`${describe(doc)}\``,
      )
    }
    const record = doc as Record<string, unknown>
    if (typeof record.id !== 'string' || record.id.trim() === '') {
      throw new TypeError(
        `Expected \`id\` of ${where} to be a non-empty string (the slug), got \`${describe(record.id)}\``,
      )
    }
    for (const field of ['title', 'text'] as const) {
      if (typeof record[field] !== 'string') {
        throw new TypeError(
          `Expected \`${field}\` of post \`${record.id}\` (${where}) to be a string (use \`''\` for none), got \`${describe(record[field])}\``,
        )
      }
    }
    if (record.lang !== undefined && record.lang !== null && typeof record.lang !== 'string') {
      throw new TypeError(
        `Expected \`lang\` of post \`${record.id}\` to be a string, got \`${describe(record.lang)}\``,
      )
    }
  }

  /** Turn a checked doc into an entry, counting its terms and labels into the document frequencies. */
  #ingest(doc: RelatedDoc): Entry {
    const where = `post \`${doc.id}\``
    const tags = labelList(doc.tags, 'tags', where)
    const categories = labelList(doc.categories, 'categories', where)
    const date = parseDate(doc.date, where)
    const lang = primaryLanguage(doc.lang ?? undefined, this.#settings.lang)
    const code = codeSegments(doc, where)
    const embedding = unitEmbedding(doc.vector, this.#embeddingLength, where)
    if (embedding !== undefined) this.#embeddingLength = embedding.length
    const analysis = this.#analyze(doc, lang, code)
    for (let i = 0; i < analysis.terms.length; i++) this.#df[analysis.terms[i]!]!++
    const tagIds = this.#labelIdsOf(tags, 't:')
    const categoryIds = this.#labelIdsOf(categories, 'c:')
    for (const id of tagIds) this.#labelDf[id]!++
    for (const id of categoryIds) this.#labelDf[id]!++
    this.#rarities = undefined
    this.#lengthSum += analysis.length
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
  #splits(entries: readonly Entry[]): (Map<number, Split> | undefined)[] {
    if (!this.#settings.decompound) return entries.map(() => undefined)
    this.#termIds ??= Index.#lookup(this.#terms, 'terms')
    const termIds = this.#termIds
    const cache = new Map<string, Split | null>()
    return entries.map((entry) => {
      if (!compoundLanguages.includes(entry.lang)) return undefined
      const analyzer = this.#analyzer(entry.lang)
      const vocabulary = {
        frequency: (stem: string) => {
          const id = termIds.get(stem)
          return id === undefined ? 0 : this.#df[id]!
        },
        stem: (word: string) => analyzer.stem(word),
      }
      let found: Map<number, Split> | undefined
      for (let i = 0; i < entry.terms.length; i++) {
        const stem = this.#terms[entry.terms[i]!]!
        const surface = this.#surfaces[entry.surfaces[i]!]!
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

  /** An entry with the parts of its compounds added (see {@link #splits}), counted in the frequencies. */
  #withParts(entry: Entry, splits: Map<number, Split> | undefined): Entry {
    if (splits === undefined) return entry
    const added = new Map<number, { tf: number; surface: string; flag: number }>()
    for (const [i, split] of splits) {
      const tf = entry.tfs[i]! * partWeight
      const flag = entry.flags[i]!
      for (const [stem, surface] of [
        [split.modifier, split.modifierSurface],
        [split.head, split.headSurface],
      ] as const) {
        const term = this.#termId(stem)
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
      const at = search(entry.terms, term)
      if (at >= 0) {
        tfs[at]! += part.tf
        flags[at]! |= part.flag
        continue
      }
      terms.push(term)
      tfs.push(part.tf)
      surfaces.push(this.#surfaceId(part.surface))
      flags.push(part.flag)
      this.#df[term]!++
    }
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

  #maxDf(size: number): number {
    // Note: in a small collection a term shared by most posts can still be what relates them.
    return size < 10 ? size : Math.max(2, this.#settings.maxDocFrequency * size)
  }

  /**
   * BM25 weights of an entry's kept terms under the current statistics; -1 for unusable terms.
   * Note: a view into scratch, valid until the next call.
   */
  #weights(terms: Int32Array, tfs: Float32Array, length: number, bounded = true): Float64Array {
    const { k1, b } = this.#settings
    const size = this.size
    const maxDf = this.#maxDf(size)
    const averageLength = size > 0 && this.#lengthSum > 0 ? this.#lengthSum / size : 1
    const norm = k1 * (1 - b + (b * length) / averageLength)
    if (this.#weightScratch.length < terms.length) {
      this.#weightScratch = new Float64Array(Math.max(terms.length, 2 * this.#weightScratch.length))
    }
    const out = this.#weightScratch.subarray(0, terms.length)
    let unique = 0
    for (let i = 0; i < terms.length; i++) {
      const df = this.#df[terms[i]!]!
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
    this.#uniqueSum = unique
    return out
  }

  /** Indices of the `count` largest non-negative weights, ascending by index. */
  static #top(weights: Float64Array, count: number): number[] {
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
  #keep(entry: Entry): Entry {
    const max = this.#settings.maxTerms
    if (!Number.isFinite(max)) return entry
    // Note: unbounded, so terms unique to this post today are kept: a later post may share them.
    const keep = Index.#top(this.#weights(entry.terms, entry.tfs, entry.length, false), Math.max(2 * max, 50))
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
  #weigh(entry: Entry): number {
    const weights = this.#weights(entry.terms, entry.tfs, entry.length)
    const picked = Index.#top(weights, this.#settings.maxTerms)
    let sum = 0
    for (const i of picked) sum += weights[i]! * weights[i]!
    // Note: see confidence.ts: in a small index, words in no other post keep a share of the length.
    sum += this.#uniqueSum * uniqueShare(this.size)
    const norm = sum > 0 ? Math.sqrt(sum) : 1
    const v = this.#vectors
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
      if (this.#keyScratch.length < picked.length) {
        this.#keyScratch = new Float64Array(Math.max(picked.length, 2 * this.#keyScratch.length))
      }
      const keys = this.#keyScratch.subarray(0, picked.length)
      for (let k = 0; k < picked.length; k++) keys[k] = impactKey(qWeights[start + k]!, k)
      keys.sort()
      for (let k = 0; k < keys.length; k++) qOrder[start + k] = keys[k]! % keySpan
    } else {
      const order = Array.from(picked.keys())
      order.sort((x, y) => qWeights[start + y]! - qWeights[start + x]! || x - y)
      for (let k = 0; k < order.length; k++) qOrder[start + k] = order[k]!
    }
    const size = this.size
    const maxDf = this.#maxDf(size)
    const titleStart = v.tStart[slot]!
    const { tTerms, tWeights } = v
    let titleSum = 0
    for (let k = 0; k < entry.titleTerms.length; k++) {
      const term = entry.titleTerms[k]!
      // Note: rounded to float32 before summing, as the weights are stored.
      const weight = Math.fround(this.#titleIdf(term, size, maxDf))
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
   */
  #buildPostings(upTo: number): void {
    const v = this.#vectors
    const { qTerms, qWeights, qStart, qLength } = v
    const end = upTo === 0 ? 0 : qStart[upTo - 1]! + qLength[upTo - 1]!
    const termCount = this.#terms.length
    const starts = new Int32Array(termCount + 1)
    for (let i = 0; i < end; i++) starts[qTerms[i]! + 1]!++
    let longest = 0
    for (let t = 0; t < termCount; t++) {
      longest = Math.max(longest, starts[t + 1]!)
      starts[t + 1] = starts[t + 1]! + starts[t]!
    }
    const cursor = starts.slice(0, termCount)
    const slots = new Int32Array(end)
    const weights = new Float32Array(end)
    for (let slot = 0; slot < upTo; slot++) {
      const from = qStart[slot]!
      const to = from + qLength[slot]!
      for (let i = from; i < to; i++) {
        const at = cursor[qTerms[i]!]!++
        slots[at] = slot
        weights[at] = qWeights[i]!
      }
    }
    const keys = new Float64Array(longest)
    // Postings a query reads whole need no order until a post is inserted (see `Posting.sorted`).
    const readLimit = Number.isFinite(this.#settings.maxTerms) ? postingsPerTerm : Number.POSITIVE_INFINITY
    const postings: (Posting | undefined)[] = new Array(termCount)
    for (let t = 0; t < termCount; t++) {
      const from = starts[t]!
      const to = starts[t + 1]!
      if (from === to) continue
      const sorted = to - from > readLimit
      if (sorted) sortByImpact(slots, weights, from, to, keys)
      postings[t] = new Posting(slots.subarray(from, to), weights.subarray(from, to), to - from, sorted)
    }
    this.#postings = postings
  }

  /** Insert a weighed slot into the postings of its terms. */
  #postTerms(slot: number): void {
    const v = this.#vectors
    const start = v.qStart[slot]!
    const end = start + v.qLength[slot]!
    for (let i = start; i < end; i++) {
      const term = v.qTerms[i]!
      let posting = this.#postings[term]
      if (posting === undefined) {
        posting = new Posting()
        this.#postings[term] = posting
      }
      posting.insert(slot, v.qWeights[i]!)
    }
  }

  /** Insert a slot into the postings of its tags and categories. */
  #postLabels(slot: number, entry: Entry): void {
    for (const labels of [entry.tagIds, entry.categoryIds]) {
      for (const id of labels) {
        const slots = this.#labelPostings[id]
        if (slots === undefined) this.#labelPostings[id] = [slot]
        else slots.push(slot)
      }
    }
  }

  /** Recompute every post's vector under the current statistics and rebuild the postings. */
  #refresh(): void {
    const entries = this.#entries.filter((entry) => entry !== undefined)
    this.#entries = entries
    this.#slots.clear()
    this.#postings = []
    this.#labelPostings = []
    let terms = 0
    let titleTerms = 0
    entries.forEach((entry, slot) => {
      this.#slots.set(entry.id, slot)
      terms += Math.min(entry.terms.length, this.#settings.maxTerms)
      titleTerms += entry.titleTerms.length
    })
    this.#vectors = new Vectors(entries.length, terms, titleTerms)
    for (const entry of entries) this.#postLabels(this.#weigh(entry), entry)
    this.#buildPostings(entries.length)
    this.#refreshedSize = this.size
    this.#changes = 0
  }

  #ensureFresh(): void {
    if (this.#changes > this.#settings.refreshThreshold * this.#refreshedSize) this.#refresh()
  }

  /** Build from scratch: analyse everything first so the kept terms use the collection's statistics. */
  load(docs: readonly RelatedDoc[]): void {
    const seen = new Map<string, number>()
    docs.forEach((doc, i) => {
      this.#check(doc, `post at index ${i}`)
      const first = seen.get(doc.id)
      if (first !== undefined) {
        throw new Error(
          `Duplicate post id \`${doc.id}\` at index ${first} and ${i}: ids must be unique (use the slug); remove or rename one`,
        )
      }
      seen.set(doc.id, i)
    })
    const entries = this.#entries
    for (const doc of docs) {
      const entry = this.#ingest(doc)
      this.#slots.set(entry.id, entries.length)
      entries.push(entry)
    }
    const splits = this.#splits(entries as Entry[])
    for (let slot = 0; slot < entries.length; slot++)
      entries[slot] = this.#withParts(entries[slot]!, splits[slot])
    // Note: pruned in place, so a post's full analysis can be freed as soon as its kept terms are copied
    // (a second array of entries kept every full analysis alive until the build ended).
    for (let slot = 0; slot < entries.length; slot++) entries[slot] = this.#keep(entries[slot]!)
    this.#refresh()
  }

  /**
   * Restore the saved state exactly: the same slots, vectors, statistics and pending changes, and the
   * postings in the same order (weight order, ties by slot).
   * Throws a {@link ColumnError} or `TypeError` naming what is damaged.
   */
  restore(data: RelatedIndexJSON): void {
    const damaged = (what: string) => new ColumnError(what)
    if (!Array.isArray(data.terms) || !Array.isArray(data.surfaces) || !Array.isArray(data.docs)) {
      throw damaged('`docs`, `terms` and `surfaces` should be arrays')
    }
    for (const term of data.terms) if (typeof term !== 'string') throw damaged('`terms` should hold strings')
    for (const surface of data.surfaces) {
      if (typeof surface !== 'string') throw damaged('`surfaces` should hold strings')
    }
    // Note: the maps from stems and written forms to ids are built when `add` or `update` first needs
    // them; loading only to query does not pay for them.
    for (const term of data.terms) this.#terms.push(term)
    for (const surface of data.surfaces) this.#surfaces.push(surface)
    this.#termIds = undefined
    this.#surfaceIds = undefined
    if (this.#df.length < this.#terms.length) this.#df = new Int32Array(this.#terms.length)
    const termCount = this.#terms.length
    const surfaceCount = this.#surfaces.length
    const docs = data.docs
    const slotCount = docs.length
    const state = data.state as Partial<RelatedIndexJSON['state']> | undefined
    const count = (value: unknown, max: number) =>
      typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= max
    if (
      state === null ||
      typeof state !== 'object' ||
      typeof state.lengthSum !== 'number' ||
      !Number.isFinite(state.lengthSum) ||
      !count(state.refreshedSize, slotCount) ||
      !count(state.changes, Number.MAX_SAFE_INTEGER)
    ) {
      throw damaged('`state` should hold `lengthSum`, `refreshedSize` and `changes`')
    }
    const columns = data.columns as Partial<RelatedColumnsJSON> | undefined
    if (columns === null || typeof columns !== 'object') throw damaged('`columns` is missing')

    // Vector and title lengths first, to size the flat arrays.
    const vectorLengths = new VarintReader(columns.vectorLengths, 'columns.vectorLengths')
    const titleLengths = new VarintReader(columns.titleLengths, 'columns.titleLengths')
    const qLengths = new Int32Array(slotCount)
    const tLengths = new Int32Array(slotCount)
    const keptLengths = new VarintReader(columns.keptLengths, 'columns.keptLengths')
    const kLengths = new Int32Array(slotCount)
    let qTotal = 0
    let tTotal = 0
    let kTotal = 0
    for (let slot = 0; slot < slotCount; slot++) {
      qLengths[slot] = vectorLengths.uint()
      qTotal += qLengths[slot]!
      tLengths[slot] = titleLengths.uint()
      tTotal += tLengths[slot]!
      kLengths[slot] = keptLengths.uint()
      kTotal += kLengths[slot]!
    }
    vectorLengths.end()
    titleLengths.end()
    keptLengths.end()
    const vectorWeights = decodeFloat32(columns.vectorWeights, qTotal, 'columns.vectorWeights')
    const titleWeights = decodeFloat32(columns.titleWeights, tTotal, 'columns.titleWeights')
    const vectorTerms = new VarintReader(columns.vectorTerms, 'columns.vectorTerms')
    const vectorOrder = new VarintReader(columns.vectorOrder, 'columns.vectorOrder')
    const titleTerms = new VarintReader(columns.titleTerms, 'columns.titleTerms')
    const keptTerms = new VarintReader(columns.keptTerms, 'columns.keptTerms')
    const keptSurfaces = new VarintReader(columns.keptSurfaces, 'columns.keptSurfaces')
    const keptCode = new VarintReader(columns.keptCode, 'columns.keptCode')
    const embeddingLength = columns.embeddingLength
    if (typeof embeddingLength !== 'number' || !Number.isInteger(embeddingLength) || embeddingLength < 0) {
      throw damaged('`columns.embeddingLength` should be a whole number')
    }
    const embeddingSlots = new VarintReader(columns.embeddingSlots, 'columns.embeddingSlots')
    const embeddedSlots = new Set<number>()
    for (let slot = 0; !embeddingSlots.done(); ) {
      slot += embeddingSlots.uint()
      if (slot >= slotCount || embeddedSlots.has(slot))
        throw damaged('`columns.embeddingSlots` holds a slot out of range')
      embeddedSlots.add(slot)
    }
    const embeddings = decodeFloat32(
      columns.embeddings,
      embeddedSlots.size * embeddingLength,
      'columns.embeddings',
    )
    this.#embeddingLength = embeddingLength
    let embeddingAt = 0
    const allLengths = new VarintReader(columns.allLengths, 'columns.allLengths')
    const allTerms = new VarintReader(columns.all, 'columns.all')
    const varintTfs = columns.keptTfsEncoding === 'varint'
    if (!varintTfs && columns.keptTfsEncoding !== 'float32') {
      throw damaged('`columns.keptTfsEncoding` should be `varint` or `float32`')
    }
    // Note: each post's kept terms, frequencies and written forms are views into one array per column.
    const keptTermsAll = new Int32Array(kTotal)
    const keptSurfacesAll = new Int32Array(kTotal)
    const keptFlagsAll = new Uint8Array(kTotal)
    let keptTfsAll: Float32Array
    if (varintTfs) {
      keptTfsAll = new Float32Array(kTotal)
      const reader = new VarintReader(columns.keptTfs, 'columns.keptTfs')
      for (let k = 0; k < kTotal; k++) keptTfsAll[k] = reader.uint()
      reader.end()
    } else {
      keptTfsAll = decodeFloat32(columns.keptTfs, kTotal, 'columns.keptTfs')
    }
    for (let k = 0; k < kTotal; k++) {
      const surface = keptSurfaces.uint()
      if (surface >= surfaceCount) throw damaged('`columns.keptSurfaces` holds an id out of range')
      keptSurfacesAll[k] = surface
    }
    // Every kept term is prose but those listed per slot (count, then ascending indices).
    keptFlagsAll.fill(proseFlag)
    for (let slot = 0, at = 0; slot < slotCount; at += kLengths[slot]!, slot++) {
      const count = keptCode.uint()
      for (let i = 0, index = 0; i < count; i++) {
        index += keptCode.uint()
        if (index >= kLengths[slot]!) throw damaged('`columns.keptCode` holds an index out of range')
        keptFlagsAll[at + index] = 0
      }
    }
    keptCode.end()
    let keptAt = 0

    const v = new Vectors(slotCount, qTotal, tTotal)
    this.#vectors = v
    for (let slot = 0; slot < slotCount; slot++) {
      const doc = docs[slot] as RelatedDocJSON | null
      const live = doc !== null
      if (
        live &&
        (typeof doc !== 'object' ||
          typeof doc.id !== 'string' ||
          doc.id === '' ||
          this.#slots.has(doc.id) ||
          typeof doc.lang !== 'string' ||
          typeof doc.draft !== 'boolean' ||
          !(doc.date === null || (typeof doc.date === 'number' && Number.isFinite(doc.date))) ||
          !Array.isArray(doc.tags) ||
          !doc.tags.every((t) => typeof t === 'string') ||
          !Array.isArray(doc.categories) ||
          !doc.categories.every((c) => typeof c === 'string') ||
          typeof doc.length !== 'number' ||
          !Number.isFinite(doc.length))
      ) {
        throw damaged(`\`docs[${slot}]\` should be a saved post with a unique id, or null`)
      }
      const date = live && doc.date !== null ? doc.date : Number.NaN
      v.push(
        date,
        live && doc.draft,
        live ? doc.tags.length : 0,
        live ? doc.categories.length : 0,
        qLengths[slot]!,
        tLengths[slot]!,
      )
      if (!live) v.flags[slot] = 0
      const qStart = v.qStart[slot]!
      const qLength = qLengths[slot]!
      vectorTerms.ascending(qLength, termCount, v.qTerms, qStart)
      for (let k = 0; k < qLength; k++) {
        const index = vectorOrder.uint()
        if (index >= qLength) throw damaged('`columns.vectorOrder` holds an index out of range')
        v.qOrder[qStart + k] = index
      }
      const tStart = v.tStart[slot]!
      titleTerms.ascending(tLengths[slot]!, termCount, v.tTerms, tStart)
      const kept = kLengths[slot]!
      keptTerms.ascending(kept, termCount, keptTermsAll, keptAt)
      const terms = keptTermsAll.subarray(keptAt, keptAt + kept)
      const tfs = keptTfsAll.subarray(keptAt, keptAt + kept)
      const surfaces = keptSurfacesAll.subarray(keptAt, keptAt + kept)
      const flags = keptFlagsAll.subarray(keptAt, keptAt + kept)
      // Prose flags of the vector's terms, from the kept terms' (the vector's terms are among them).
      for (let i = qStart, k = 0; i < qStart + qLength; i++) {
        const term = v.qTerms[i]!
        while (k < kept && terms[k]! < term) k++
        v.qProse[i] = k < kept && terms[k] === term ? flags[k]! & proseFlag : 0
      }
      keptAt += kept
      let embedding: Float32Array | undefined
      if (embeddedSlots.has(slot)) {
        embedding = embeddings.subarray(embeddingAt, embeddingAt + embeddingLength)
        embeddingAt += embeddingLength
      }
      const all = allTerms.bytes(allLengths.uint())
      if (!live) {
        this.#entries.push(undefined)
        continue
      }
      let last = -1
      decodeAscending(all, (term) => {
        if (term <= last || term >= termCount)
          throw damaged('`columns.all` holds an id out of range or out of order')
        last = term
        this.#df[term]!++
      })
      const tagIds = this.#labelIdsOf(doc.tags, 't:')
      const categoryIds = this.#labelIdsOf(doc.categories, 'c:')
      for (const id of tagIds) this.#labelDf[id]!++
      for (const id of categoryIds) this.#labelDf[id]!++
      this.#rarities = undefined
      this.#slots.set(doc.id, slot)
      this.#entries.push({
        id: doc.id,
        lang: doc.lang,
        date,
        draft: doc.draft,
        tags: doc.tags,
        tagIds,
        categories: doc.categories,
        categoryIds,
        length: doc.length,
        titleTerms: v.tTerms.subarray(tStart, tStart + tLengths[slot]!),
        all,
        terms,
        tfs,
        surfaces,
        flags,
        embedding,
      })
    }
    for (const reader of [
      vectorTerms,
      vectorOrder,
      titleTerms,
      keptTerms,
      keptSurfaces,
      allLengths,
      allTerms,
    ]) {
      reader.end()
    }
    v.qWeights = vectorWeights.length > 0 ? vectorWeights : v.qWeights
    v.tWeights = titleWeights.length > 0 ? titleWeights : v.tWeights
    this.#lengthSum = state.lengthSum
    this.#refreshedSize = state.refreshedSize!
    this.#changes = state.changes!
    // Postings as the saved index had them: every slot in weight order, removed ones too (they stay in
    // the postings until the next refresh, skipped by queries).
    this.#buildPostings(slotCount)
    this.#entries.forEach((entry, slot) => {
      if (entry !== undefined) this.#postLabels(slot, entry)
    })
  }

  // ---------------------------------------------------------------- changes

  add(doc: RelatedDoc): void {
    this.#check(doc, 'the post passed to `add`')
    if (this.#slots.has(doc.id)) {
      throw new Error(
        `Cannot add post \`${doc.id}\`: the index already has a post with this id; use \`update\``,
      )
    }
    const whole = this.#ingest(doc)
    const ingested = this.#withParts(whole, this.#splits([whole])[0])
    const slot = this.#entries.length
    this.#slots.set(ingested.id, slot)
    const entry = this.#keep(ingested)
    this.#entries.push(entry)
    this.#changes++
    // Note: the new post is weighed with today's statistics; the others keep theirs until the next refresh.
    this.#weigh(entry)
    this.#postTerms(slot)
    this.#postLabels(slot, entry)
  }

  update(doc: RelatedDoc): void {
    this.#check(doc, 'the post passed to `update`')
    if (!this.#slots.has(doc.id)) {
      throw new Error(`Cannot update post \`${doc.id}\`: it is not in the index; use \`add\``)
    }
    // Note: validate the new doc fully before removing the old one, so a bad update changes nothing.
    labelList(doc.tags, 'tags', `post \`${doc.id}\``)
    labelList(doc.categories, 'categories', `post \`${doc.id}\``)
    parseDate(doc.date, `post \`${doc.id}\``)
    codeSegments(doc, `post \`${doc.id}\``)
    unitEmbedding(doc.vector, this.size === 1 ? 0 : this.#embeddingLength, `post \`${doc.id}\``)
    this.remove(doc.id)
    this.add(doc)
  }

  remove(id: string): boolean {
    const slot = this.#slots.get(id)
    if (slot === undefined) return false
    const entry = this.#entries[slot]!
    decodeAscending(entry.all, (term) => {
      this.#df[term]!--
    })
    for (const label of entry.tagIds) this.#labelDf[label]!--
    for (const label of entry.categoryIds) this.#labelDf[label]!--
    this.#rarities = undefined
    this.#lengthSum -= entry.length
    this.#entries[slot] = undefined
    this.#vectors.flags[slot] = 0
    this.#slots.delete(id)
    this.#changes++
    return true
  }

  // ---------------------------------------------------------------- queries

  related(id: string, options?: Readonly<RelatedOptions> | null): RelatedPost[] {
    if (typeof id !== 'string') throw new TypeError(`Expected \`id\` to be a string, got \`${describe(id)}\``)
    const query = resolveQuery(options)
    if (!this.#slots.has(id)) {
      throw new RangeError(
        `Unknown post id \`${id}\`: it is not in the index (check the slug, or \`add\` it first)`,
      )
    }
    this.#ensureFresh()
    return this.#relatedTo(this.#slots.get(id)!, query, this.#scratchFor())
  }

  relatedAll(options?: Readonly<RelatedOptions> | null): Map<string, RelatedPost[]> {
    const query = resolveQuery(options)
    this.#ensureFresh()
    const scratch = this.#scratchFor()
    const out = new Map<string, RelatedPost[]>()
    this.#entries.forEach((entry, slot) => {
      if (entry !== undefined) out.set(entry.id, this.#relatedTo(slot, query, scratch))
    })
    return out
  }

  /** Accumulators sized for the current slots and terms, kept between queries. */
  #scratchFor(): Scratch {
    let scratch = this.#scratch
    if (scratch === undefined || scratch.scores.length < this.#entries.length) {
      scratch = new Scratch(Math.max(this.#entries.length, 16))
      this.#scratch = scratch
    }
    scratch.dense(this.#terms.length)
    return scratch
  }

  /** idf of a term for the title match: BM25's, 0 for terms in one post or in too many. */
  #titleIdf(term: number, size: number, maxDf: number): number {
    const df = this.#df[term]!
    if (df > maxDf) return 0
    return Math.log(1 + (size - df + 0.5) / (df + 0.5))
  }

  /**
   * Title match, 0–1: cosine of the two titles' stem sets weighted by idf. Note: titles are short
   * summaries written by the author; in a long post their words are a small share of the content
   * vector, so this second signal keeps them from being drowned by the body.
   */
  static #titleScore(v: Vectors, a: number, b: number): number {
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

  #labelRarity(label: number): number {
    // Note: computed once per label until the labels or the size change (candidate filtering asks for
    // it thousands of times per post).
    let rarities = this.#rarities
    if (rarities === undefined) {
      const size = this.size
      rarities = new Float64Array(this.#labelIds.size)
      for (let id = 0; id < rarities.length; id++) {
        const df = Math.max(1, this.#labelDf[id]!)
        // Note: squared so that labels covering a large share of the blog (coarse categories) are
        // nearly neutral, while labels on a handful of posts keep most of their weight.
        const rarity = Math.log((size + 1) / df) / Math.log(size + 1)
        rarities[id] = rarity * rarity
      }
      this.#rarities = rarities
    }
    return rarities[label]!
  }

  /** Rarity-weighted overlap of two label sets, 0–1; fills `shared` with the shared labels' indices in `a`. */
  #labelScore(a: Int32Array, b: Int32Array, shared: number[] | undefined): number {
    if (a.length === 0 || b.length === 0) return 0
    let sum = 0
    for (let i = 0; i < a.length; i++) {
      const label = a[i]!
      if (b.includes(label)) {
        sum += this.#labelRarity(label)
        shared?.push(i)
      }
    }
    return sum / Math.sqrt(a.length * b.length)
  }

  /** Exact content similarity: slot `b`'s pruned vector against the query vector spread in `dense`. */
  static #dot(v: Vectors, dense: Float32Array, b: number): number {
    const { qTerms, qWeights } = v
    const start = v.qStart[b]!
    const end = start + v.qLength[b]!
    let sum = 0
    for (let j = start; j < end; j++) sum += dense[qTerms[j]!]! * qWeights[j]!
    return Math.min(1, sum)
  }

  #relatedTo(slot: number, query: Query, scratch: Scratch): RelatedPost[] {
    const entries = this.#entries
    const v = this.#vectors
    const self = entries[slot]!
    const s = this.#settings
    const exact = !Number.isFinite(s.maxTerms)
    const { scores, touched } = scratch
    const { qTerms, qWeights, qOrder, flags, dates } = v
    const selfStart = v.qStart[slot]!
    const selfEnd = selfStart + v.qLength[slot]!
    let count = 0
    // Phase 1, candidates: walk the impact-ordered postings of this post's strongest terms (an inverted
    // index, not all pairs), accumulating a partial content score. Note: in the exact mode
    // (`maxTerms: Infinity`) every term and every posting is walked.
    const terms = exact ? selfEnd - selfStart : Math.min(selfEnd - selfStart, candidateTerms)
    for (let k = 0; k < terms; k++) {
      const i = selfStart + qOrder[selfStart + k]!
      const posting = this.#postings[qTerms[i]!]!
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
    const labelScan = exact ? Number.POSITIVE_INFINITY : Math.max(50, Math.sqrt(this.size))
    if (s.tagWeight > 0 || s.categoryWeight > 0) {
      for (const labels of [self.tagIds, self.categoryIds]) {
        for (const label of labels) {
          if (this.#labelDf[label]! > labelScan) continue
          for (const other of this.#labelPostings[label] ?? []) {
            if (scores[other] === 0) {
              scores[other] = Number.MIN_VALUE
              touched[count++] = other
            }
          }
        }
      }
    }

    const { similarities } = scratch
    const embedding = self.embedding
    const vectorWeight = embedding === undefined ? 0 : s.vectorWeight
    if (vectorWeight > 0) count = this.#embeddingCandidates(embedding!, scratch, count)

    // Phase 2: keep the best candidates by partial score, then score those exactly.
    const { limit, excludeNewer, includeDrafts, exclude } = query
    const minScore = query.minScore === 'auto' ? autoMinScore(this.size) : query.minScore
    const shortlist = new Shortlist(exact ? count : Math.max(rescoreMinimum, rescoreFactor * limit))
    // Upper bound of the label part (each overlap is at most 1), to skip hopeless candidates cheaply.
    const tagBound = self.tagIds.length > 0 ? s.tagWeight : 0
    const categoryBound = self.categoryIds.length > 0 ? s.categoryWeight : 0
    const labelBound = tagBound + categoryBound
    const selfDate = self.date
    // Label overlaps of every post sharing a label, summed label by label in this post's order (the
    // order `#labelScore` sums in, so the same values): a walk of a few label postings instead of
    // reading the labels of every candidate.
    const { tagSums, categorySums } = scratch
    const { tagCounts, categoryCounts } = v
    const sumLabels = (labels: Int32Array, sums: Float64Array, add: boolean) => {
      for (const label of labels) {
        const rarity = add ? this.#labelRarity(label) : 0
        const posting = this.#labelPostings[label]
        if (posting === undefined) continue
        if (add) for (const other of posting) sums[other]! += rarity
        else for (const other of posting) sums[other] = 0
      }
    }
    if (tagBound > 0) sumLabels(self.tagIds, tagSums, true)
    if (categoryBound > 0) sumLabels(self.categoryIds, categorySums, true)
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
    if (tagBound > 0) sumLabels(self.tagIds, tagSums, false)
    if (categoryBound > 0) sumLabels(self.categoryIds, categorySums, false)

    const best: Hit[] = []
    const dense = scratch.dense(this.#terms.length)
    for (let i = selfStart; i < selfEnd; i++) dense[qTerms[i]!] = qWeights[i]!
    for (const other of shortlist.slots()) {
      const content = Index.#dot(v, dense, other)
      const title = s.titleMatchWeight > 0 ? Index.#titleScore(v, slot, other) : 0
      const tags = tagBound > 0 ? this.#labelScore(self.tagIds, entries[other]!.tagIds, undefined) : 0
      const categories =
        categoryBound > 0 ? this.#labelScore(self.categoryIds, entries[other]!.categoryIds, undefined) : 0
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
        if (!this.#ahead(score, other, last.score, last.slot)) continue
        best.pop()
      }
      let at = best.length
      while (at > 0) {
        const prev = best[at - 1]!
        if (!this.#ahead(score, other, prev.score, prev.slot)) break
        at--
      }
      best.splice(at, 0, { slot: other, score, content, title, tags, categories, date, vector })
    }
    let results: RelatedPost[] = []
    if (best.length > 0) {
      // Which of this post's terms it uses in prose, for the reasons.
      const prose = scratch.prose(this.#terms.length)
      const { qProse } = v
      for (let i = selfStart; i < selfEnd; i++) prose[qTerms[i]!] = qProse[i]!
      results = best.map((hit) => this.#explain(self, hit, dense, prose))
      for (let i = selfStart; i < selfEnd; i++) prose[qTerms[i]!] = 0
    }
    for (let i = selfStart; i < selfEnd; i++) dense[qTerms[i]!] = 0
    return results
  }

  /**
   * Every post with an embedding is a candidate, with its cosine in `similarities` (all pairs: posts ×
   * length multiplications per query); returns the new count of touched slots.
   */
  #embeddingCandidates(embedding: Float32Array, scratch: Scratch, count: number): number {
    const { scores, touched, similarities } = scratch
    const entries = this.#entries
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

  /** Whether a hit ranks before another: higher score, then newer date (undated last), then id. */
  #ahead(score: number, slot: number, otherScore: number, otherSlot: number): boolean {
    // Note: scores differ almost always; dates and ids are read only on a tie.
    if (score !== otherScore) return score > otherScore
    const dates = this.#vectors.dates
    return before(
      score,
      dates[slot]!,
      this.#entries[slot]!.id,
      otherScore,
      dates[otherSlot]!,
      this.#entries[otherSlot]!.id,
    )
  }

  /** `dense` and `prose`: the query post's weights and prose flags spread over the term ids. */
  #explain(self: Entry, hit: Hit, dense: Float32Array, prose: Uint8Array): RelatedPost {
    const other = this.#entries[hit.slot]!
    const v = this.#vectors
    // Shared pruned terms, strongest contribution first, in this post's most frequent written form;
    // only words both posts use in prose (not code, identifiers or handles).
    // Note: a small insertion-sorted list; only the strongest `reasonTermCount` terms are named.
    const sharedTerms: number[] = []
    const sharedWeights: number[] = []
    const start = v.qStart[hit.slot]!
    const end = start + v.qLength[hit.slot]!
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
    const terms = sharedTerms.map((term) => {
      const at = search(self.terms, term)
      const surfaces = at >= 0 ? self.surfaces : other.surfaces
      const index = at >= 0 ? at : search(other.terms, term)
      return this.#surfaces[surfaces[index]!] ?? this.#terms[term]!
    })
    const labels = (ids: Int32Array, names: readonly string[], otherIds: Int32Array): string[] => {
      const picked: number[] = []
      this.#labelScore(ids, otherIds, picked)
      picked.sort((x, y) => this.#labelRarity(ids[y]!) - this.#labelRarity(ids[x]!) || x - y)
      return picked.map((index) => names[index]!)
    }
    return {
      id: other.id,
      score: hit.score,
      reasons: {
        tags: labels(self.tagIds, self.tags, other.tagIds),
        categories: labels(self.categoryIds, self.categories, other.categoryIds),
        terms,
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

  // ---------------------------------------------------------------- serialisation

  toJSON(): RelatedIndexJSON {
    const { maxTerms, ...rest } = this.#settings
    const v = this.#vectors
    const entries = this.#entries
    let integerTfs = true
    let keptTotal = 0
    for (const entry of entries) {
      if (entry === undefined) continue
      keptTotal += entry.tfs.length
      for (const tf of entry.tfs) if (!Number.isInteger(tf)) integerTfs = false
    }
    const docs: (RelatedDocJSON | null)[] = []
    const keptLengths = new VarintWriter()
    const keptTerms = new VarintWriter()
    const keptTfs = new VarintWriter()
    const tfFloats = integerTfs ? undefined : new Float32Array(keptTotal)
    let tfAt = 0
    let lastEmbedded = 0
    const keptSurfaces = new VarintWriter()
    const keptCode = new VarintWriter()
    const embeddingSlots = new VarintWriter()
    const embeddingLength = this.#embeddingLength
    const embeddings: Float32Array[] = []
    const allLengths = new VarintWriter()
    const all = new VarintWriter()
    const titleLengths = new VarintWriter()
    const titleTerms = new VarintWriter()
    const vectorLengths = new VarintWriter()
    const vectorTerms = new VarintWriter()
    const vectorOrder = new VarintWriter()
    for (let slot = 0; slot < entries.length; slot++) {
      const qStart = v.qStart[slot]!
      const qLength = v.qLength[slot]!
      vectorLengths.uint(qLength)
      vectorTerms.ascending(v.qTerms, qStart, qStart + qLength)
      for (let k = 0; k < qLength; k++) vectorOrder.uint(v.qOrder[qStart + k]!)
      const tStart = v.tStart[slot]!
      titleLengths.uint(v.tLength[slot]!)
      titleTerms.ascending(v.tTerms, tStart, tStart + v.tLength[slot]!)
      const entry = entries[slot]
      if (entry === undefined) {
        docs.push(null)
        keptLengths.uint(0)
        keptCode.uint(0)
        allLengths.uint(0)
        continue
      }
      docs.push({
        id: entry.id,
        lang: entry.lang,
        date: Number.isNaN(entry.date) ? null : entry.date,
        draft: entry.draft,
        tags: entry.tags,
        categories: entry.categories,
        length: entry.length,
      })
      keptLengths.uint(entry.terms.length)
      keptTerms.ascending(entry.terms)
      if (tfFloats === undefined) for (const tf of entry.tfs) keptTfs.uint(tf)
      else {
        tfFloats.set(entry.tfs, tfAt)
        tfAt += entry.tfs.length
      }
      for (const surface of entry.surfaces) keptSurfaces.uint(surface)
      let code = 0
      for (const flag of entry.flags) if ((flag & proseFlag) === 0) code++
      keptCode.uint(code)
      for (let i = 0, last = 0; i < entry.flags.length; i++) {
        if ((entry.flags[i]! & proseFlag) !== 0) continue
        keptCode.uint(i - last)
        last = i
      }
      if (entry.embedding !== undefined) {
        embeddingSlots.uint(slot - (embeddings.length === 0 ? 0 : lastEmbedded))
        lastEmbedded = slot
        embeddings.push(entry.embedding)
      }
      allLengths.uint(entry.all.length)
      all.bytes(entry.all)
    }
    return {
      format: 'blogkit-related',
      version: 3,
      options: { ...rest, maxTerms: Number.isFinite(maxTerms) ? maxTerms : null },
      terms: this.#terms.slice(),
      surfaces: this.#surfaces.slice(),
      state: {
        lengthSum: this.#lengthSum,
        refreshedSize: this.#refreshedSize,
        changes: this.#changes,
      },
      docs,
      columns: {
        keptLengths: keptLengths.toBase64(),
        keptTerms: keptTerms.toBase64(),
        keptTfsEncoding: tfFloats === undefined ? 'varint' : 'float32',
        keptTfs: tfFloats === undefined ? keptTfs.toBase64() : encodeFloat32(tfFloats),
        keptSurfaces: keptSurfaces.toBase64(),
        keptCode: keptCode.toBase64(),
        allLengths: allLengths.toBase64(),
        all: all.toBase64(),
        titleLengths: titleLengths.toBase64(),
        titleTerms: titleTerms.toBase64(),
        // Note: slots are appended in order, so the flat arrays hold them contiguously from 0.
        titleWeights: encodeFloat32(v.tWeights, 0, v.tUsed),
        vectorLengths: vectorLengths.toBase64(),
        vectorTerms: vectorTerms.toBase64(),
        vectorWeights: encodeFloat32(v.qWeights, 0, v.qUsed),
        vectorOrder: vectorOrder.toBase64(),
        embeddingLength,
        embeddingSlots: embeddingSlots.toBase64(),
        embeddings: encodeFloat32(joinFloat32(embeddings, embeddingLength)),
      },
    }
  }
}

interface Query {
  readonly limit: number
  readonly minScore: number | 'auto'
  readonly excludeNewer: boolean
  readonly includeDrafts: boolean
  readonly exclude: ReadonlySet<string> | undefined
}

function resolveQuery(options: Readonly<RelatedOptions> | null | undefined): Query {
  if (options !== null && options !== undefined && typeof options !== 'object') {
    throw new TypeError(`Expected options to be an object, got \`${describe(options)}\``)
  }
  const limit = options?.limit ?? 5
  if (!Number.isInteger(limit) || limit < 1) {
    throw new TypeError(`Expected \`limit\` to be a positive integer, got \`${describe(limit)}\``)
  }
  const minScore = options?.minScore ?? 'auto'
  if (minScore !== 'auto' && (typeof minScore !== 'number' || !Number.isFinite(minScore))) {
    throw new TypeError(
      `Expected \`minScore\` to be a finite number or \`'auto'\`, got \`${describe(minScore)}\``,
    )
  }
  let exclude: Set<string> | undefined
  if (options?.exclude !== undefined) {
    if (typeof options.exclude === 'string' || typeof options.exclude[Symbol.iterator] !== 'function') {
      throw new TypeError(`Expected \`exclude\` to be an array of ids, got \`${describe(options.exclude)}\``)
    }
    exclude = new Set(options.exclude)
  }
  return {
    limit,
    minScore,
    excludeNewer: options?.excludeNewer === true,
    includeDrafts: options?.includeDrafts === true,
    exclude,
  }
}

/** Reusable accumulators for one query run. */
class Scratch {
  readonly scores: Float64Array
  readonly touched: Int32Array
  /** Per slot: sum of the rarities of the shared tags and categories (zeroed after each query). */
  readonly tagSums: Float64Array
  readonly categorySums: Float64Array
  /** Per slot: cosine of the embeddings (zeroed after each query). */
  readonly similarities: Float64Array
  #dense = new Float32Array(0)
  #prose = new Uint8Array(0)
  constructor(size: number) {
    this.similarities = new Float64Array(size)
    this.scores = new Float64Array(size)
    this.touched = new Int32Array(size)
    this.tagSums = new Float64Array(size)
    this.categorySums = new Float64Array(size)
  }

  /**
   * A zeroed array over the term ids (callers zero what they set). Note: float32, the precision the
   * weights are stored in, so half the memory of float64 for the same values.
   */
  dense(size: number): Float32Array {
    if (this.#dense.length < size) this.#dense = new Float32Array(Math.max(size, this.#dense.length * 2))
    return this.#dense
  }

  /** A zeroed array over the term ids for prose flags (callers zero what they set). */
  prose(size: number): Uint8Array {
    if (this.#prose.length < size) this.#prose = new Uint8Array(Math.max(size, this.#prose.length * 2))
    return this.#prose
  }
}

/**
 * Build a related-posts index.
 *
 * Content similarity is the cosine of BM25-weighted term vectors over title and body (title words count
 * `titleWeight` times), each post reduced to its `maxTerms` most distinctive stems; shared tags and
 * categories add to it, rare ones more than common ones; date proximity optionally.
 *
 * @param docs The posts; ids must be unique.
 * @param options Analysis and scoring options, stored with the index.
 * @returns The index.
 * @throws {TypeError} On a malformed post or option; the message names the post and field.
 * @throws {Error} On duplicate ids.
 */
export function createRelatedIndex(
  docs: Iterable<RelatedDoc>,
  options?: Readonly<RelatedIndexOptions> | null,
): RelatedIndex {
  if (
    docs === null ||
    docs === undefined ||
    typeof (docs as Iterable<RelatedDoc>)[Symbol.iterator] !== 'function'
  ) {
    throw new TypeError(`Expected \`docs\` to be an array of posts, got \`${describe(docs)}\``)
  }
  const index = new Index(resolveSettings(options))
  index.load(Array.from(docs))
  return index
}

/**
 * Restore an index saved with `toJSON()` (the object, or its `JSON.stringify` text), without analysing
 * the posts again.
 *
 * @param data What `toJSON()` returned, or that as a JSON string.
 * @returns The index, giving the same results as a fresh build of the same posts.
 * @throws {TypeError} When `data` is not a saved index of this version.
 */
export function fromJSON(data: RelatedIndexJSON | string): RelatedIndex {
  let value: unknown = data
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data)
    } catch (error) {
      throw new TypeError(`Expected a saved related index as JSON text: ${(error as Error).message}`)
    }
  }
  const record = value as Partial<RelatedIndexJSON> | null
  if (record === null || typeof record !== 'object' || record.format !== 'blogkit-related') {
    throw new TypeError('Expected the output of `toJSON()` of a related index (`format: "blogkit-related"`)')
  }
  const version: unknown = record.version
  if (version !== 3) {
    const which =
      typeof version === 'number' && version < 3
        ? `was saved by an older version of @blogkit/related (format version ${version})`
        : `has format version \`${describe(version)}\`, which this version of @blogkit/related cannot read (it reads version 3)`
    throw new TypeError(
      `The saved related index ${which}; rebuild the index with \`createRelatedIndex\` and save it again`,
    )
  }
  const options = record.options
  if (options === null || typeof options !== 'object') {
    throw new TypeError(
      'The saved related index is damaged (`options` is missing); rebuild it with `createRelatedIndex`',
    )
  }
  const { maxTerms, ...rest } = options
  const index = new Index(resolveSettings({ ...rest, maxTerms: maxTerms ?? Number.POSITIVE_INFINITY }))
  try {
    index.restore(record as RelatedIndexJSON)
  } catch (error) {
    if (!(error instanceof ColumnError)) throw error
    throw new TypeError(
      `The saved related index is damaged (${error.message}); rebuild it with \`createRelatedIndex\``,
    )
  }
  return index
}
