// What an index holds: its posts, the ids of their terms, written forms and labels, the statistics,
// postings and computed vectors. The parts (build, rank, reasons, serialization) work on one of these.

import { createLanguageAnalyzer, detach, type LanguageAnalyzer, primaryLanguage } from './analyzer.js'
import { labelKey } from './doc-input.js'
import { RelatedError } from './errors.js'
import type { Posting } from './postings.js'
import type { Scratch } from './scratch.js'
import type { Settings } from './settings.js'
import { Vectors } from './vectors.js'

/** One indexed post. */
export interface Entry {
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

/** Label ids of a post without labels. Note: shared (an empty typed array cannot change). */
const noLabels = new Int32Array(0)

/** Ids by value of a restored list. */
function lookup(values: readonly string[], field: string): Map<string, number> {
  const ids = new Map<string, number>()
  values.forEach((value, id) => {
    ids.set(value, id)
  })
  if (ids.size !== values.length) {
    throw new RelatedError(
      'damaged-index',
      `The saved related index is damaged (\`${field}\` repeats a value); rebuild it with \`createRelatedIndex\``,
      { field },
    )
  }
  return ids
}

export class IndexState {
  readonly settings: Settings
  readonly analyzers = new Map<string, LanguageAnalyzer>()
  /** Term ids by stem; built on first use after `fromJSON` (only `add` and `update` need it). */
  termIds: Map<string, number> | undefined = new Map()
  readonly terms: string[] = []
  df = new Int32Array(1024)
  surfaceIds: Map<string, number> | undefined = new Map()
  readonly surfaces: string[] = []
  readonly labelIds = new Map<string, number>()
  labelDf = new Int32Array(256)
  /** Slots in insertion order; `undefined` after `remove` until the next refresh. */
  entries: (Entry | undefined)[] = []
  readonly slots = new Map<string, number>()
  lengthSum = 0
  /** Postings of the pruned vectors: slots and weights per term id. */
  postings: (Posting | undefined)[] = []
  labelPostings: (number[] | undefined)[] = []
  /** Computed vectors of every slot. */
  vectors = new Vectors(0, 0, 0)
  refreshedSize = 0
  changes = 0
  scratch: Scratch | undefined
  /** Rarity of every label under the current label counts; `undefined` when they changed. */
  rarities: Float64Array | undefined
  /**
   * Scratch of `weights` and `weigh` (build.ts), reused from post to post. Note: a fresh typed array per
   * post is an allocation outside the JavaScript heap, freed only after a later garbage collection.
   */
  weightScratch = new Float64Array(256)
  /** Sum of the squared weights of the terms in no other post, from the last `weights` call. */
  uniqueSum = 0
  /** Length of the posts' embeddings (0 until a post has one). */
  embeddingLength = 0
  keyScratch = new Float64Array(256)

  constructor(settings: Settings) {
    this.settings = settings
  }

  get size(): number {
    return this.slots.size
  }

  analyzer(lang: string): LanguageAnalyzer {
    let analyzer = this.analyzers.get(lang)
    if (analyzer === undefined) {
      analyzer = createLanguageAnalyzer(lang, this.settings.stopWords)
      this.analyzers.set(lang, analyzer)
    }
    return analyzer
  }

  /**
   * Do ahead what a restored index's first change does on its way (built on first use: the maps of term
   * ids and written forms, the analyzer of the index's language): the maps and the analyzer made. The
   * vector columns are views into the saved file with room to grow (see snapshot.ts); those with too
   * little room left (a file saved without it, or used up by the journal's changes) are copied now with
   * room for an eighth more posts, not doubled by the first `Vectors.push`. Nothing it answers or saves
   * changes.
   */
  prepareForChanges(): void {
    this.termIdMap()
    this.surfaceIds ??= lookup(this.surfaces, 'surfaces')
    this.analyzer(primaryLanguage(undefined, this.settings.lang))
    this.vectors.makeRoom()
  }

  /** Term ids by stem, built from the terms on first use after a restore. */
  termIdMap(): Map<string, number> {
    this.termIds ??= lookup(this.terms, 'terms')
    return this.termIds
  }

  termId(term: string): number {
    const termIds = this.termIdMap()
    let id = termIds.get(term)
    if (id === undefined) {
      id = this.terms.length
      this.terms.push(term)
      termIds.set(term, id)
      if (id >= this.df.length) {
        const grown = new Int32Array(this.df.length * 2)
        grown.set(this.df)
        this.df = grown
      }
    }
    return id
  }

  surfaceId(surface: string): number {
    this.surfaceIds ??= lookup(this.surfaces, 'surfaces')
    let id = this.surfaceIds.get(surface)
    if (id === undefined) {
      id = this.surfaces.length
      const own = detach(surface)
      this.surfaces.push(own)
      this.surfaceIds.set(own, id)
    }
    return id
  }

  labelId(key: string): number {
    let id = this.labelIds.get(key)
    if (id === undefined) {
      id = this.labelIds.size
      this.labelIds.set(key, id)
      if (id >= this.labelDf.length) {
        const grown = new Int32Array(this.labelDf.length * 2)
        grown.set(this.labelDf)
        this.labelDf = grown
      }
    }
    return id
  }

  /** Ids of a post's tags (`prefix` `t:`) or categories (`c:`), registering new labels. */
  labelIdsOf(labels: readonly string[], prefix: string): Int32Array {
    if (labels.length === 0) return noLabels
    return Int32Array.from(labels, (label) => this.labelId(`${prefix}${labelKey(label)}`))
  }

  /** Count a post's labels into the label frequencies. */
  countLabels(tagIds: Int32Array, categoryIds: Int32Array, by: 1 | -1): void {
    for (const id of tagIds) this.labelDf[id]! += by
    for (const id of categoryIds) this.labelDf[id]! += by
    this.rarities = undefined
  }

  labelRarity(label: number): number {
    // Note: computed once per label until the labels or the size change (candidate filtering asks for
    // it thousands of times per post).
    let rarities = this.rarities
    if (rarities === undefined) {
      const size = this.size
      rarities = new Float64Array(this.labelIds.size)
      for (let id = 0; id < rarities.length; id++) {
        const df = Math.max(1, this.labelDf[id]!)
        // Note: squared so that labels covering a large share of the blog (coarse categories) are
        // nearly neutral, while labels on a handful of posts keep most of their weight.
        const rarity = Math.log((size + 1) / df) / Math.log(size + 1)
        rarities[id] = rarity * rarity
      }
      this.rarities = rarities
    }
    return rarities[label]!
  }

  /** Rarity-weighted overlap of two label sets, 0–1; fills `shared` with the shared labels' indices in `a`. */
  labelScore(a: Int32Array, b: Int32Array, shared: number[] | undefined): number {
    if (a.length === 0 || b.length === 0) return 0
    let sum = 0
    for (let i = 0; i < a.length; i++) {
      const label = a[i]!
      if (b.includes(label)) {
        sum += this.labelRarity(label)
        shared?.push(i)
      }
    }
    return sum / Math.sqrt(a.length * b.length)
  }

  maxDf(size: number): number {
    // Note: in a small collection a term shared by most posts can still be what relates them.
    return size < 10 ? size : Math.max(2, this.settings.maxDocFrequency * size)
  }

  /** idf of a term for the title match: BM25's, 0 for terms in one post or in too many. */
  titleIdf(term: number, size: number, maxDf: number): number {
    const df = this.df[term]!
    if (df > maxDf) return 0
    return Math.log(1 + (size - df + 0.5) / (df + 0.5))
  }
}
