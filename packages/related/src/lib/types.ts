/**
 * One post to index. A `Post` from `@blogkit/post` fits without mapping; extra fields are ignored.
 */
export interface RelatedDoc {
  /** Unique id of the post (the slug). */
  readonly id: string
  /** Title; its words count `titleWeight` times. */
  readonly title: string
  /** Plain text of the body, code included (as `Post.text` of `@blogkit/post` is). May be empty. */
  readonly text: string
  /**
   * The code in `text` (code blocks and inline code), one string or one per block: those words count
   * as the `code` option says and are never given as reasons. When absent, the `<code>` elements of
   * `html` are read instead, so a `Post` from `@blogkit/post` fits as it is.
   */
  readonly code?: string | readonly string[] | null | undefined
  /** HTML of the body; read only to find the code when `code` is absent. */
  readonly html?: string | null | undefined
  /**
   * The post's own embedding (from a model of your choice; every post the same length), blended with
   * the word-based score with `vectorWeight`. Posts without one get no vector part.
   */
  readonly vector?: ArrayLike<number> | null | undefined
  /** Tags; shared tags raise the score, rare tags more than common ones. Compared case-insensitively. */
  readonly tags?: readonly string[] | null | undefined
  /** Categories; like tags, with their own weight. */
  readonly categories?: readonly string[] | null | undefined
  /** Publication date: a `Date`, an ISO 8601 string or epoch milliseconds. */
  readonly date?: Date | string | number | null | undefined
  /** BCP 47 language tag of the post (`en`, `sv-SE`); the index's `lang` option when absent. */
  readonly lang?: string | null | undefined
  /** Drafts are indexed (they get related posts) but are not recommended unless `includeDrafts`. */
  readonly draft?: boolean | null | undefined
}

/** Options of {@link createRelatedIndex}: text analysis and scoring weights, stored with the index. */
export interface RelatedIndexOptions {
  /** Language of posts without `lang`. @default 'en' */
  readonly lang?: string | undefined
  /** How many times a title word counts compared with a body word (BM25F field weight). @default 2 */
  readonly titleWeight?: number | undefined
  /** BM25 term-frequency saturation. @default 1.2 */
  readonly k1?: number | undefined
  /** BM25 length normalisation, 0 (none) to 1 (full). @default 0.75 */
  readonly b?: number | undefined
  /**
   * How many of its most distinctive terms represent each post (query pruning). Posts of ordinary
   * length have fewer; long posts lose the rest. `Infinity` keeps every term: exact, slower. @default 400
   */
  readonly maxTerms?: number | undefined
  /**
   * Terms in more than this share of posts are dropped as too common (ignored below 10 posts); BM25's
   * idf already weighs common terms down. @default 0.7
   */
  readonly maxDocFrequency?: number | undefined
  /** Characters of `title` + `text` analysed per post; the rest is ignored. @default 100000 */
  readonly maxTextLength?: number | undefined
  /** Weight of the content similarity (cosine of BM25-weighted term vectors, 0–1). @default 1 */
  readonly contentWeight?: number | undefined
  /**
   * Weight of the title match: idf-weighted cosine of the two titles' stems (0–1), a second signal
   * beside the content so that short, author-written titles are not drowned by long bodies. @default 0.2
   */
  readonly titleMatchWeight?: number | undefined
  /** Weight of the tag overlap (0–1, rare tags count more). @default 0.5 */
  readonly tagWeight?: number | undefined
  /** Weight of the category overlap (0–1, rare categories count more). @default 0.25 */
  readonly categoryWeight?: number | undefined
  /** Weight of date proximity (0–1, halves every `dateHalfLife` days). Off by default. @default 0 */
  readonly dateWeight?: number | undefined
  /** Days after which the date proximity halves. @default 365 */
  readonly dateHalfLife?: number | undefined
  /**
   * Weight of the cosine of the posts' own embeddings (`vector` on a post, 0–1); only posts that have
   * one get this part. @default 0.5
   */
  readonly vectorWeight?: number | undefined
  /**
   * How words in code count: `'weak'` (a quarter of a prose word), `'ignore'` (not at all) or `'keep'`
   * (like prose). Code is what `code` (or `<code>` in `html`) names, plus identifiers (`group_by`,
   * `fig.alt`, file names) and `@handles` anywhere. Code words are never given as reasons. @default 'weak'
   */
  readonly code?: 'weak' | 'ignore' | 'keep' | undefined
  /** Words never indexed, added to the language's stop words (any inflection of them too). @default [] */
  readonly stopWords?: readonly string[] | undefined
  /**
   * Match the parts of Swedish and German compound words (`kommunikationsstrategier` matches
   * `kommunikation` and `strategi`), using the words of the index as the vocabulary. @default true
   */
  readonly decompound?: boolean | undefined
  /**
   * Share of the collection that may change through `add`/`update`/`remove` before the statistics
   * of every post (idf, average length) are recomputed at the next query. @default 0.05
   */
  readonly refreshThreshold?: number | undefined
}

/** Options of `related` and `relatedAll`. */
export interface RelatedOptions {
  /** Most posts to return. @default 5 */
  readonly limit?: number | undefined
  /**
   * Leave out posts scoring below this, so fewer than `limit` (or none) may come back. `'auto'`: a
   * minimum that falls as the index grows, `0.3 × 10 / (10 + posts)` (0.23 at 3 posts, 0.1 at 20, 0.01
   * at 300), because the word statistics of a few posts cannot tell a generic word from a topical one.
   * `0`: every post with a score above 0. @default 'auto'
   */
  readonly minScore?: number | 'auto' | undefined
  /** Leave out posts dated after the post (stable lists that do not change as you publish). @default false */
  readonly excludeNewer?: boolean | undefined
  /** Recommend drafts too. @default false */
  readonly includeDrafts?: boolean | undefined
  /** Ids never to recommend. */
  readonly exclude?: Iterable<string> | undefined
}

/** Why a post was recommended. */
export interface RelatedReasons {
  /** Shared tags, rarest first, as written in the post asked about. */
  readonly tags: readonly string[]
  /** Shared categories, rarest first. */
  readonly categories: readonly string[]
  /**
   * Strongest shared words (up to 5), in their most frequent written form in the post asked about;
   * only words both posts use in prose (never code, identifiers or `@handles`).
   */
  readonly terms: readonly string[]
  /** Parts of the score, each before its weight, each 0–1: content, title, tags, categories, date, vector. */
  readonly scores: {
    readonly content: number
    readonly title: number
    readonly tags: number
    readonly categories: number
    readonly date: number
    readonly vector: number
  }
}

/** One recommended post. */
export interface RelatedPost {
  /** Id of the recommended post. */
  readonly id: string
  /** Weighted sum of the parts in `reasons.scores`, rounded to 6 decimals. */
  readonly score: number
  /** Why it is related. */
  readonly reasons: RelatedReasons
}

/**
 * The serialisable form of an index, as returned by `toJSON()` (plain JSON data). Version 3 holds the
 * computed state (every post's weighted vector, the statistics and the pending changes), so `fromJSON`
 * restores it without recomputing anything. The numeric columns are base64 strings: unsigned LEB128
 * varints (term ids ascending per post, stored as differences) or little-endian float32.
 */
export interface RelatedIndexJSON {
  readonly format: 'blogkit-related'
  readonly version: 3
  readonly options: {
    readonly [K in Exclude<keyof RelatedIndexOptions, 'maxTerms'>]-?: Exclude<
      RelatedIndexOptions[K],
      undefined
    >
  } & { readonly maxTerms: number | null }
  /** Stems by term id. */
  readonly terms: readonly string[]
  /** Written forms of words by id (for `reasons.terms`). */
  readonly surfaces: readonly string[]
  /** Statistics and change counters, so the restored index refreshes when the saved one would. */
  readonly state: {
    /** Sum of the posts' lengths (BM25's average length). */
    readonly lengthSum: number
    /** Posts at the last refresh, and changes since. */
    readonly refreshedSize: number
    readonly changes: number
  }
  /** One per slot, in index order: a post, or `null` for a post removed since the last refresh. */
  readonly docs: readonly (RelatedDocJSON | null)[]
  /** Numeric data of every slot, in slot order (removed slots: only their vector). */
  readonly columns: RelatedColumnsJSON
}

/** One post inside {@link RelatedIndexJSON}. */
export interface RelatedDocJSON {
  readonly id: string
  readonly lang: string
  readonly date: number | null
  readonly draft: boolean
  readonly tags: readonly string[]
  readonly categories: readonly string[]
  readonly length: number
}

/** The numeric columns of {@link RelatedIndexJSON}, each a base64 string. */
export interface RelatedColumnsJSON {
  /** Per slot, how many terms are kept (varints); the term ids (ascending varints), their weighted term frequencies and their written-form ids (varints). */
  readonly keptLengths: string
  readonly keptTerms: string
  /** Per slot, the kept terms the post uses only in code or as identifiers: their count, then their indices (ascending varints). */
  readonly keptCode: string
  /** Varints when every frequency is a whole number (the usual case), else float32. */
  readonly keptTfsEncoding: 'varint' | 'float32'
  readonly keptTfs: string
  readonly keptSurfaces: string
  /** Per slot, the byte length of its list of every term id, and those lists (ascending varints). */
  readonly allLengths: string
  readonly all: string
  /** Per slot, the title's stems (lengths, ascending ids) and their unit-length idf weights (float32). */
  readonly titleLengths: string
  readonly titleTerms: string
  readonly titleWeights: string
  /** Per slot, the pruned vector: lengths, term ids (ascending), weights (float32; unit length but for the share of words in no other post, see "How it scores"), and the indices of its terms strongest first (varints). */
  readonly vectorLengths: string
  readonly vectorTerms: string
  readonly vectorWeights: string
  readonly vectorOrder: string
  /** Embedding length (0: none), the slots that have one (ascending varints) and their unit vectors (float32). */
  readonly embeddingLength: number
  readonly embeddingSlots: string
  readonly embeddings: string
}

/** A related-posts index; build it with {@link createRelatedIndex} or {@link fromJSON}. */
export interface RelatedIndex {
  /** Number of posts in the index. */
  readonly size: number
  /** Whether a post with this id is indexed. */
  has(id: string): boolean
  /**
   * Posts related to the post `id`, best first; never the post itself.
   * Throws when `id` is not in the index.
   */
  related(id: string, options?: Readonly<RelatedOptions> | null): RelatedPost[]
  /** Related posts of every post, keyed by id in index order. Same results as `related` for each. */
  relatedAll(options?: Readonly<RelatedOptions> | null): Map<string, RelatedPost[]>
  /** Add a post without rebuilding. Throws when its id is already indexed. */
  add(doc: RelatedDoc): void
  /** Replace the post with the same id. Throws when the id is not indexed. */
  update(doc: RelatedDoc): void
  /** Remove a post; returns `false` when the id was not indexed. */
  remove(id: string): boolean
  /** Serialisable data to cache or ship the index; restore it with {@link fromJSON}. */
  toJSON(): RelatedIndexJSON
}
