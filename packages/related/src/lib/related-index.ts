import { createLanguageAnalyzer, type LanguageAnalyzer, primaryLanguage } from './analyzer.js'
import type {
  RelatedDoc,
  RelatedDocJSON,
  RelatedIndex,
  RelatedIndexJSON,
  RelatedIndexOptions,
  RelatedOptions,
  RelatedPost,
} from './types.js'
import { decodeAscending, encodeAscending } from './varint.js'

type Settings = { readonly [K in keyof RelatedIndexOptions]-?: Exclude<RelatedIndexOptions[K], undefined> }

const defaults: Settings = {
  lang: 'en',
  titleWeight: 2,
  k1: 1.2,
  b: 0.75,
  maxTerms: 100,
  maxDocFrequency: 0.5,
  maxTextLength: 100_000,
  contentWeight: 1,
  titleMatchWeight: 0.2,
  tagWeight: 0.5,
  categoryWeight: 0.25,
  dateWeight: 0,
  dateHalfLife: 365,
  refreshThreshold: 0.05,
}

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
}

/** Posts containing one term in their pruned vector, with its weight; growable typed arrays. */
class Posting {
  slots = new Int32Array(4)
  weights = new Float32Array(4)
  length = 0

  push(slot: number, weight: number): void {
    if (this.length === this.slots.length) {
      const slots = new Int32Array(this.length * 2)
      slots.set(this.slots)
      this.slots = slots
      const weights = new Float32Array(this.length * 2)
      weights.set(this.weights)
      this.weights = weights
    }
    this.slots[this.length] = slot
    this.weights[this.length] = weight
    this.length++
  }

  /** Order by weight, strongest first (ties: slot), so a capped walk reads the posts most about it. */
  sortByImpact(): void {
    const order = Array.from({ length: this.length }, (_, i) => i)
    const { slots, weights } = this
    order.sort((x, y) => weights[y]! - weights[x]! || slots[x]! - slots[y]!)
    this.slots = Int32Array.from(order, (i) => slots[i]!)
    this.weights = Float32Array.from(order, (i) => weights[i]!)
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
  /** The pruned, L2-normalised vector (ascending ids), computed by `weigh`. */
  qTerms: Int32Array
  qWeights: Float32Array
  /** Indices into `qTerms`, strongest weight first. */
  qOrder: Int32Array
  /** Unit-length idf weights of `titleTerms` (0 for too common stems), computed by `weigh`. */
  tWeights: Float32Array
}

/** Term vector of one analysed post before it is pruned for storage. */
interface Analysis {
  readonly titleTerms: Int32Array
  readonly terms: Int32Array
  readonly tfs: Float32Array
  readonly surfaces: Int32Array
  readonly length: number
}

function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
  if (value === null || value === undefined || typeof value !== 'object') return String(value)
  return Array.isArray(value) ? 'an array' : 'an object'
}

function checkNumber(name: string, value: unknown, min: number, max: number, allowInfinity = false): number {
  if (
    typeof value !== 'number' ||
    Number.isNaN(value) ||
    value < min ||
    value > max ||
    (!allowInfinity && !Number.isFinite(value))
  ) {
    throw new TypeError(
      `Expected \`${name}\` to be a number from ${min} to ${max === Number.POSITIVE_INFINITY ? 'Infinity' : max}, got \`${describe(value)}\``,
    )
  }
  return value
}

function resolveSettings(options: Readonly<RelatedIndexOptions> | null | undefined): Settings {
  const settings: { -readonly [K in keyof Settings]: Settings[K] } = { ...defaults }
  if (options === null || options === undefined) return settings
  if (typeof options !== 'object')
    throw new TypeError(`Expected options to be an object, got \`${describe(options)}\``)
  for (const [key, value] of Object.entries(options)) {
    if (value === undefined) continue
    if (!Object.hasOwn(defaults, key)) {
      throw new TypeError(`Unknown option \`${key}\`; known options: ${Object.keys(defaults).join(', ')}`)
    }
    const name = key as keyof Settings
    if (name === 'lang') {
      if (typeof value !== 'string' || primaryLanguage(value, '') === 'und') {
        throw new TypeError(
          `Expected \`lang\` to be a BCP 47 language tag such as \`en\`, got \`${describe(value)}\``,
        )
      }
      settings.lang = value
    } else if (name === 'maxTerms') {
      const n = checkNumber(name, value, 1, Number.POSITIVE_INFINITY, true)
      settings.maxTerms = Number.isFinite(n) ? Math.floor(n) : n
    } else if (name === 'maxTextLength') {
      settings.maxTextLength = Math.floor(checkNumber(name, value, 1, Number.MAX_SAFE_INTEGER))
    } else if (name === 'b' || name === 'maxDocFrequency' || name === 'refreshThreshold') {
      settings[name] = checkNumber(name, value, name === 'maxDocFrequency' ? Number.MIN_VALUE : 0, 1)
    } else if (name === 'dateHalfLife' || name === 'titleWeight') {
      settings[name] = checkNumber(name, value, Number.MIN_VALUE, Number.MAX_VALUE)
    } else {
      settings[name] = checkNumber(name, value, 0, Number.MAX_VALUE)
    }
  }
  return settings
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
  readonly #termIds = new Map<string, number>()
  readonly #terms: string[] = []
  #df = new Int32Array(1024)
  readonly #surfaceIds = new Map<string, number>()
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
  #refreshedSize = 0
  #changes = 0

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
      analyzer = createLanguageAnalyzer(lang)
      this.#analyzers.set(lang, analyzer)
    }
    return analyzer
  }

  #termId(term: string): number {
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

  #surfaceId(surface: string): number {
    let id = this.#surfaceIds.get(surface)
    if (id === undefined) {
      id = this.#surfaces.length
      this.#surfaces.push(surface)
      this.#surfaceIds.set(surface, id)
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

  #analyze(doc: RelatedDoc, lang: string): Analysis {
    const analyzer = this.#analyzer(lang)
    const limit = this.#settings.maxTextLength
    const counts = new Map<string, number>()
    const titleCounts = new Map<string, number>()
    let length = analyzer.count(doc.title.slice(0, limit), 1, titleCounts) * this.#settings.titleWeight
    const titleTerms = new Set<number>()
    for (const [token, count] of titleCounts) {
      counts.set(token, count * this.#settings.titleWeight)
      titleTerms.add(this.#termId(analyzer.stem(token)))
    }
    const room = Math.max(0, limit - doc.title.length)
    length += analyzer.count(doc.text.length > room ? doc.text.slice(0, room) : doc.text, 1, counts)
    // Group surface forms by stem; keep the most frequent form (ties: shortest, then alphabetical).
    const local = new Map<number, number>()
    const termList: number[] = []
    const tfList: number[] = []
    const surfaceList: string[] = []
    const surfaceCount: number[] = []
    for (const [token, count] of counts) {
      const term = this.#termId(analyzer.stem(token))
      const at = local.get(term)
      if (at === undefined) {
        local.set(term, termList.length)
        termList.push(term)
        tfList.push(count)
        surfaceList.push(token)
        surfaceCount.push(count)
        continue
      }
      tfList[at]! += count
      const best = surfaceList[at]!
      const bestCount = surfaceCount[at]!
      if (
        count > bestCount ||
        (count === bestCount &&
          (token.length < best.length || (token.length === best.length && token < best)))
      ) {
        surfaceList[at] = token
        surfaceCount[at] = count
      }
    }
    const ids = Int32Array.from(termList).sort()
    const tfs = new Float32Array(ids.length)
    const surfaces = new Int32Array(ids.length)
    for (let i = 0; i < ids.length; i++) {
      const at = local.get(ids[i]!)!
      tfs[i] = tfList[at]!
      surfaces[i] = this.#surfaceId(surfaceList[at]!)
    }
    return { titleTerms: Int32Array.from(titleTerms).sort(), terms: ids, tfs, surfaces, length }
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
    const analysis = this.#analyze(doc, lang)
    for (let i = 0; i < analysis.terms.length; i++) this.#df[analysis.terms[i]!]!++
    const tagIds = Int32Array.from(tags, (t) => this.#labelId(`t:${labelKey(t)}`))
    const categoryIds = Int32Array.from(categories, (c) => this.#labelId(`c:${labelKey(c)}`))
    for (const id of tagIds) this.#labelDf[id]!++
    for (const id of categoryIds) this.#labelDf[id]!++
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
      qTerms: new Int32Array(0),
      qWeights: new Float32Array(0),
      qOrder: new Int32Array(0),
      tWeights: new Float32Array(0),
    }
    return entry
  }

  #maxDf(size: number): number {
    // Note: in a small collection a term shared by most posts can still be what relates them.
    return size < 10 ? size : Math.max(2, this.#settings.maxDocFrequency * size)
  }

  /** BM25 weights of an entry's kept terms under the current statistics; -1 for unusable terms. */
  #weights(terms: Int32Array, tfs: Float32Array, length: number, bounded = true): Float64Array {
    const { k1, b } = this.#settings
    const size = this.size
    const maxDf = this.#maxDf(size)
    const averageLength = size > 0 && this.#lengthSum > 0 ? this.#lengthSum / size : 1
    const norm = k1 * (1 - b + (b * length) / averageLength)
    const out = new Float64Array(terms.length)
    for (let i = 0; i < terms.length; i++) {
      const df = this.#df[terms[i]!]!
      // Note: a term in one post only cannot relate it to another; a term in most posts says little.
      if (bounded && (df < 2 || df > maxDf)) {
        out[i] = -1
        continue
      }
      const tf = tfs[i]!
      const idf = Math.log(1 + (size - df + 0.5) / (df + 0.5))
      out[i] = (idf * tf * (k1 + 1)) / (tf + norm)
    }
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
    return {
      ...entry,
      terms: Int32Array.from(keep, (i) => entry.terms[i]!),
      tfs: Float32Array.from(keep, (i) => entry.tfs[i]!),
      surfaces: Int32Array.from(keep, (i) => entry.surfaces[i]!),
    }
  }

  /** Compute the pruned, normalised query vector of an entry. */
  #weigh(entry: Entry): void {
    const weights = this.#weights(entry.terms, entry.tfs, entry.length)
    const picked = Index.#top(weights, this.#settings.maxTerms)
    let sum = 0
    for (const i of picked) sum += weights[i]! * weights[i]!
    const norm = sum > 0 ? Math.sqrt(sum) : 1
    entry.qTerms = Int32Array.from(picked, (i) => entry.terms[i]!)
    entry.qWeights = Float32Array.from(picked, (i) => weights[i]! / norm)
    const order = Array.from(picked.keys())
    order.sort((x, y) => entry.qWeights[y]! - entry.qWeights[x]! || x - y)
    entry.qOrder = Int32Array.from(order)
    const size = this.size
    const maxDf = this.#maxDf(size)
    const title = Float32Array.from(entry.titleTerms, (term) => this.#titleIdf(term, size, maxDf))
    let titleSum = 0
    for (const w of title) titleSum += w * w
    if (titleSum > 0) for (let i = 0; i < title.length; i++) title[i]! /= Math.sqrt(titleSum)
    entry.tWeights = title
  }

  #post(slot: number, entry: Entry): void {
    for (let i = 0; i < entry.qTerms.length; i++) {
      const term = entry.qTerms[i]!
      let posting = this.#postings[term]
      if (posting === undefined) {
        posting = new Posting()
        this.#postings[term] = posting
      }
      posting.push(slot, entry.qWeights[i]!)
    }
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
    this.#entries = this.#entries.filter((entry) => entry !== undefined)
    this.#slots.clear()
    this.#postings = []
    this.#labelPostings = []
    this.#entries.forEach((entry, slot) => {
      this.#slots.set(entry!.id, slot)
    })
    this.#entries.forEach((entry, slot) => {
      this.#weigh(entry!)
      this.#post(slot, entry!)
    })
    for (const posting of this.#postings) posting?.sortByImpact()
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
    const fresh = docs.map((doc) => this.#ingest(doc))
    for (const entry of fresh) {
      this.#slots.set(entry.id, this.#entries.length)
      this.#entries.push(entry)
    }
    this.#entries = this.#entries.map((entry) => this.#keep(entry!))
    this.#refresh()
  }

  /** Restore entries from JSON without analysing text again. */
  restore(data: RelatedIndexJSON): void {
    for (const term of data.terms) this.#termId(term)
    for (const surface of data.surfaces) this.#surfaceId(surface)
    data.docs.forEach((doc, i) => {
      if (
        doc === null ||
        typeof doc !== 'object' ||
        typeof doc.id !== 'string' ||
        typeof doc.all !== 'string' ||
        !Array.isArray(doc.terms) ||
        !Array.isArray(doc.tfs) ||
        !Array.isArray(doc.surfaces) ||
        !Array.isArray(doc.tags) ||
        !Array.isArray(doc.categories) ||
        this.#slots.has(doc.id)
      ) {
        throw new TypeError(
          `Expected \`docs[${i}]\` of the saved related index to be a saved post with a unique id; rebuild the index`,
        )
      }
      const all: number[] = []
      const bytes = Uint8Array.from(Buffer.from(doc.all, 'base64'))
      decodeAscending(bytes, (term) => {
        all.push(term)
        this.#df[term]!++
      })
      const tagIds = Int32Array.from(doc.tags, (t) => this.#labelId(`t:${labelKey(t)}`))
      const categoryIds = Int32Array.from(doc.categories, (c) => this.#labelId(`c:${labelKey(c)}`))
      for (const id of tagIds) this.#labelDf[id]!++
      for (const id of categoryIds) this.#labelDf[id]!++
      this.#lengthSum += doc.length
      this.#slots.set(doc.id, this.#entries.length)
      this.#entries.push({
        id: doc.id,
        lang: doc.lang,
        date: doc.date ?? Number.NaN,
        draft: doc.draft,
        tags: doc.tags,
        tagIds,
        categories: doc.categories,
        categoryIds,
        length: doc.length,
        // Note: indexes saved before the title match have no `title`; they load without it.
        titleTerms: Int32Array.from(Array.isArray(doc.title) ? doc.title : []),
        all: bytes,
        terms: Int32Array.from(doc.terms),
        tfs: Float32Array.from(doc.tfs),
        surfaces: Int32Array.from(doc.surfaces),
        qTerms: new Int32Array(0),
        qWeights: new Float32Array(0),
        qOrder: new Int32Array(0),
        tWeights: new Float32Array(0),
      })
    })
    this.#refresh()
  }

  // ---------------------------------------------------------------- changes

  add(doc: RelatedDoc): void {
    this.#check(doc, 'the post passed to `add`')
    if (this.#slots.has(doc.id)) {
      throw new Error(
        `Cannot add post \`${doc.id}\`: the index already has a post with this id; use \`update\``,
      )
    }
    const ingested = this.#ingest(doc)
    const slot = this.#entries.length
    this.#slots.set(ingested.id, slot)
    const entry = this.#keep(ingested)
    this.#entries.push(entry)
    this.#changes++
    // Note: the new post is weighed with today's statistics; the others keep theirs until the next refresh.
    this.#weigh(entry)
    this.#post(slot, entry)
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
    this.#lengthSum -= entry.length
    this.#entries[slot] = undefined
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
    const scratch = new Scratch(this.#entries.length)
    return this.#relatedTo(this.#slots.get(id)!, query, scratch)
  }

  relatedAll(options?: Readonly<RelatedOptions> | null): Map<string, RelatedPost[]> {
    const query = resolveQuery(options)
    this.#ensureFresh()
    const scratch = new Scratch(this.#entries.length)
    const out = new Map<string, RelatedPost[]>()
    this.#entries.forEach((entry, slot) => {
      if (entry !== undefined) out.set(entry.id, this.#relatedTo(slot, query, scratch))
    })
    return out
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
  static #titleScore(a: Entry, b: Entry): number {
    const x = a.titleTerms
    const y = b.titleTerms
    let sum = 0
    let i = 0
    let j = 0
    while (i < x.length && j < y.length) {
      if (x[i] === y[j]) sum += a.tWeights[i++]! * b.tWeights[j++]!
      else if (x[i]! < y[j]!) i++
      else j++
    }
    return Math.min(1, sum)
  }

  #labelRarity(label: number): number {
    const size = this.size
    const df = Math.max(1, this.#labelDf[label]!)
    // Note: squared so that labels covering a large share of the blog (coarse categories) are nearly
    // neutral, while labels on a handful of posts keep most of their weight.
    const rarity = Math.log((size + 1) / df) / Math.log(size + 1)
    return rarity * rarity
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

  /** Exact content similarity: `b`'s pruned vector against the query vector spread in `dense`. */
  static #dot(dense: Float64Array, b: Entry): number {
    let sum = 0
    for (let j = 0; j < b.qTerms.length; j++) sum += dense[b.qTerms[j]!]! * b.qWeights[j]!
    return Math.min(1, sum)
  }

  #relatedTo(slot: number, query: Query, scratch: Scratch): RelatedPost[] {
    const entries = this.#entries
    const self = entries[slot]!
    const s = this.#settings
    const exact = !Number.isFinite(s.maxTerms)
    const { scores, touched } = scratch
    let count = 0
    // Phase 1, candidates: walk the impact-ordered postings of this post's strongest terms (an inverted
    // index, not all pairs), accumulating a partial content score. Note: in the exact mode
    // (`maxTerms: Infinity`) every term and every posting is walked.
    const terms = exact ? self.qOrder.length : Math.min(self.qOrder.length, candidateTerms)
    for (let k = 0; k < terms; k++) {
      const i = self.qOrder[k]!
      const posting = this.#postings[self.qTerms[i]!]!
      const weight = self.qWeights[i]!
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

    // Phase 2: keep the best candidates by partial score, then score those exactly.
    const { limit, minScore, excludeNewer, includeDrafts, exclude } = query
    const shortlist = new Shortlist(exact ? count : Math.max(rescoreMinimum, rescoreFactor * limit))
    // Upper bound of the label part (each overlap is at most 1), to skip hopeless candidates cheaply.
    const labelBound =
      (self.tagIds.length > 0 ? s.tagWeight : 0) + (self.categoryIds.length > 0 ? s.categoryWeight : 0)
    for (let k = 0; k < count; k++) {
      const other = touched[k]!
      const partial = scores[other]!
      scores[other] = 0
      if (!shortlist.accepts(s.contentWeight * partial + labelBound)) continue
      const entry = entries[other]
      if (other === slot || entry === undefined) continue
      if (!includeDrafts && entry.draft) continue
      if (excludeNewer && entry.date > self.date) continue
      if (exclude?.has(entry.id)) continue
      // Note: the title match is left out here: it only reorders the shortlist (a few dozen posts that
      // content and labels relate), which keeps this loop over thousands of candidates cheap.
      const labels =
        (s.tagWeight > 0 ? s.tagWeight * this.#labelScore(self.tagIds, entry.tagIds, undefined) : 0) +
        (s.categoryWeight > 0
          ? s.categoryWeight * this.#labelScore(self.categoryIds, entry.categoryIds, undefined)
          : 0)
      shortlist.offer(other, s.contentWeight * partial + labels)
    }

    const best: Hit[] = []
    const dense = scratch.dense(this.#terms.length)
    for (let i = 0; i < self.qTerms.length; i++) dense[self.qTerms[i]!] = self.qWeights[i]!
    for (const other of shortlist.slots()) {
      const entry = entries[other]!
      const content = Index.#dot(dense, entry)
      const title = s.titleMatchWeight > 0 ? Index.#titleScore(self, entry) : 0
      const tags = s.tagWeight > 0 ? this.#labelScore(self.tagIds, entry.tagIds, undefined) : 0
      const categories =
        s.categoryWeight > 0 ? this.#labelScore(self.categoryIds, entry.categoryIds, undefined) : 0
      const date =
        s.dateWeight > 0 && Number.isFinite(self.date) && Number.isFinite(entry.date)
          ? 0.5 ** (Math.abs(self.date - entry.date) / (s.dateHalfLife * dayMs))
          : 0
      const base =
        s.contentWeight * content +
        s.titleMatchWeight * title +
        s.tagWeight * tags +
        s.categoryWeight * categories
      // Note: date proximity only orders posts that are related by content or labels.
      if (base <= 0) continue
      const score = round(base + s.dateWeight * date)
      if (score <= 0 || score < minScore) continue
      if (best.length === limit) {
        const last = best[limit - 1]!
        const lastEntry = entries[last.slot]!
        if (!before(score, entry.date, entry.id, last.score, lastEntry.date, lastEntry.id)) continue
        best.pop()
      }
      let at = best.length
      while (at > 0) {
        const prev = best[at - 1]!
        const prevEntry = entries[prev.slot]!
        if (!before(score, entry.date, entry.id, prev.score, prevEntry.date, prevEntry.id)) break
        at--
      }
      best.splice(at, 0, { slot: other, score, content, title, tags, categories, date })
    }
    const results = best.map((hit) => this.#explain(self, hit, dense))
    for (let i = 0; i < self.qTerms.length; i++) dense[self.qTerms[i]!] = 0
    return results
  }

  #explain(self: Entry, hit: Hit, dense: Float64Array): RelatedPost {
    const other = this.#entries[hit.slot]!
    // Shared pruned terms, strongest contribution first, in this post's most frequent written form.
    // Note: a small insertion-sorted list; only the strongest `reasonTermCount` terms are named.
    const shared: { term: number; weight: number }[] = []
    for (let j = 0; j < other.qTerms.length; j++) {
      const term = other.qTerms[j]!
      const own = dense[term]!
      if (own <= 0) continue
      const weight = own * other.qWeights[j]!
      if (shared.length === reasonTermCount) {
        const last = shared[reasonTermCount - 1]!
        if (weight < last.weight || (weight === last.weight && term > last.term)) continue
        shared.pop()
      }
      let at = shared.length
      while (at > 0) {
        const prev = shared[at - 1]!
        if (prev.weight > weight || (prev.weight === weight && prev.term < term)) break
        at--
      }
      shared.splice(at, 0, { term, weight })
    }
    const terms = shared.map(({ term }) => {
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
        },
      },
    }
  }

  // ---------------------------------------------------------------- serialisation

  toJSON(): RelatedIndexJSON {
    const { maxTerms, ...rest } = this.#settings
    const docs: RelatedDocJSON[] = []
    for (const entry of this.#entries) {
      if (entry === undefined) continue
      docs.push({
        id: entry.id,
        lang: entry.lang,
        date: Number.isNaN(entry.date) ? null : entry.date,
        draft: entry.draft,
        tags: entry.tags,
        categories: entry.categories,
        length: entry.length,
        title: Array.from(entry.titleTerms),
        all: Buffer.from(entry.all.buffer, entry.all.byteOffset, entry.all.byteLength).toString('base64'),
        terms: Array.from(entry.terms),
        tfs: Array.from(entry.tfs),
        surfaces: Array.from(entry.surfaces),
      })
    }
    return {
      format: 'blogkit-related',
      version: 1,
      options: { ...rest, maxTerms: Number.isFinite(maxTerms) ? maxTerms : null },
      terms: this.#terms.slice(),
      surfaces: this.#surfaces.slice(),
      docs,
    }
  }
}

interface Query {
  readonly limit: number
  readonly minScore: number
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
  const minScore = options?.minScore ?? 0
  if (typeof minScore !== 'number' || !Number.isFinite(minScore)) {
    throw new TypeError(`Expected \`minScore\` to be a finite number, got \`${describe(minScore)}\``)
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
  #dense = new Float64Array(0)
  constructor(size: number) {
    this.scores = new Float64Array(size)
    this.touched = new Int32Array(size)
  }

  /** A zeroed array over the term ids (callers zero what they set). */
  dense(size: number): Float64Array {
    if (this.#dense.length < size) this.#dense = new Float64Array(size)
    return this.#dense
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
  if (record.version !== 1) {
    throw new TypeError(
      `Unsupported related index version \`${describe(record.version)}\`: this version reads version 1; rebuild the index with \`createRelatedIndex\``,
    )
  }
  if (!Array.isArray(record.docs) || !Array.isArray(record.terms) || !Array.isArray(record.surfaces)) {
    throw new TypeError(
      'Expected `docs`, `terms` and `surfaces` arrays in the saved related index; rebuild it',
    )
  }
  const { maxTerms, ...rest } = record.options ?? ({} as RelatedIndexJSON['options'])
  const index = new Index(resolveSettings({ ...rest, maxTerms: maxTerms ?? Number.POSITIVE_INFINITY }))
  index.restore(record as RelatedIndexJSON)
  return index
}
