// The facade: `createRelatedIndex` and `fromJSON`, and the index they return. The work is done by the
// parts: build.ts (analysis, weights, postings), rank.ts (queries), reasons.ts, serialize.ts and
// restore.ts (saving and loading), over the state in state.ts.

import {
  compoundSplits,
  ensureFresh,
  ingest,
  keep,
  load,
  postLabels,
  postTerms,
  weigh,
  withParts,
} from './build.js'
import { codeSegments } from './code.js'
import { ColumnError } from './columns.js'
import { describe } from './describe.js'
import { checkDoc, labelList, parseDate, postWhere } from './doc-input.js'
import { unitEmbedding } from './embeddings.js'
import { RelatedError } from './errors.js'
import { relatedTo, scratchFor } from './rank.js'
import { restoreIndex } from './restore.js'
import { saveIndex } from './serialize.js'
import { resolveQuery, resolveSettings } from './settings.js'
import { IndexState } from './state.js'
import type {
  RelatedDoc,
  RelatedIndex,
  RelatedIndexJSON,
  RelatedIndexOptions,
  RelatedOptions,
  RelatedPost,
} from './types.js'
import { decodeAscending } from './varint.js'

class Index implements RelatedIndex {
  readonly #state: IndexState

  constructor(state: IndexState) {
    this.#state = state
  }

  /** The state of an index made here (for the incremental cache's snapshot; see `stateOf`). */
  static stateOf(index: RelatedIndex): IndexState {
    if (!(index instanceof Index)) throw new TypeError('Expected an index made by @blogkit/related')
    return index.#state
  }

  get size(): number {
    return this.#state.size
  }

  has(id: string): boolean {
    return this.#state.slots.has(id)
  }

  add(doc: RelatedDoc): void {
    const state = this.#state
    checkDoc(doc, { text: 'the post passed to `add`' })
    if (state.slots.has(doc.id)) {
      throw new RelatedError(
        'duplicate-id',
        `Cannot add post \`${doc.id}\`: the index already has a post with this id; use \`update\``,
        { field: 'id', post: doc.id },
      )
    }
    const whole = ingest(state, doc)
    const ingested = withParts(state, whole, compoundSplits(state, [whole])[0])
    const slot = state.entries.length
    state.slots.set(ingested.id, slot)
    const entry = keep(state, ingested)
    state.entries.push(entry)
    state.changes++
    // Note: the new post is weighed with today's statistics; the others keep theirs until the next refresh.
    weigh(state, entry)
    postTerms(state, slot)
    postLabels(state, slot, entry)
  }

  update(doc: RelatedDoc): void {
    const state = this.#state
    checkDoc(doc, { text: 'the post passed to `update`' })
    if (!state.slots.has(doc.id)) {
      throw new RelatedError(
        'unknown-id',
        `Cannot update post \`${doc.id}\`: it is not in the index; use \`add\``,
        { field: 'id', post: doc.id },
      )
    }
    // Note: validate the new doc fully before removing the old one, so a bad update changes nothing.
    const where = postWhere(doc.id)
    labelList(doc.tags, 'tags', where)
    labelList(doc.categories, 'categories', where)
    parseDate(doc.date, where)
    codeSegments(doc, where)
    unitEmbedding(doc.vector, state.size === 1 ? 0 : state.embeddingLength, where)
    this.remove(doc.id)
    this.add(doc)
  }

  remove(id: string): boolean {
    const state = this.#state
    const slot = state.slots.get(id)
    if (slot === undefined) return false
    const entry = state.entries[slot]!
    decodeAscending(entry.all, (term) => {
      state.df[term]!--
    })
    state.countLabels(entry.tagIds, entry.categoryIds, -1)
    state.lengthSum -= entry.length
    state.entries[slot] = undefined
    state.vectors.flags[slot] = 0
    state.slots.delete(id)
    state.changes++
    return true
  }

  related(id: string, options?: Readonly<RelatedOptions> | null): RelatedPost[] {
    const state = this.#state
    if (typeof id !== 'string') {
      throw new RelatedError('invalid-id', `Expected \`id\` to be a string, got \`${describe(id)}\``, {
        field: 'id',
      })
    }
    const query = resolveQuery(options)
    if (!state.slots.has(id)) {
      throw new RelatedError(
        'unknown-id',
        `Unknown post id \`${id}\`: it is not in the index (check the slug, or \`add\` it first)`,
        { field: 'id', post: id },
      )
    }
    ensureFresh(state)
    return relatedTo(state, state.slots.get(id)!, query, scratchFor(state))
  }

  relatedAll(options?: Readonly<RelatedOptions> | null): Map<string, RelatedPost[]> {
    const state = this.#state
    const query = resolveQuery(options)
    ensureFresh(state)
    const scratch = scratchFor(state)
    const out = new Map<string, RelatedPost[]>()
    state.entries.forEach((entry, slot) => {
      if (entry !== undefined) out.set(entry.id, relatedTo(state, slot, query, scratch))
    })
    return out
  }

  toJSON(): RelatedIndexJSON {
    return saveIndex(this.#state)
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
 * @throws {RelatedError} On a malformed post or option (the message names the post and field), or on
 *   duplicate ids.
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
    throw new RelatedError(
      'invalid-docs',
      `Expected \`docs\` to be an array of posts, got \`${describe(docs)}\``,
      { field: 'docs' },
    )
  }
  const state = new IndexState(resolveSettings(options))
  load(state, Array.from(docs))
  return new Index(state)
}

/** A `RelatedError` about a saved index that cannot be read, asking for a rebuild. */
function damagedIndex(what: string, field?: string): RelatedError {
  return new RelatedError(
    'damaged-index',
    `The saved related index is damaged (${what}); rebuild it with \`createRelatedIndex\``,
    { field },
  )
}

/**
 * Restore an index saved with `toJSON()` (the object, or its `JSON.stringify` text), without analysing
 * the posts again.
 *
 * @param data What `toJSON()` returned, or that as a JSON string.
 * @returns The index, giving the same results as a fresh build of the same posts.
 * @throws {RelatedError} When `data` is not a saved index of this version, or is damaged.
 */
export function fromJSON(data: RelatedIndexJSON | string): RelatedIndex {
  let value: unknown = data
  if (typeof data === 'string') {
    try {
      value = JSON.parse(data)
    } catch (error) {
      throw new RelatedError(
        'invalid-json',
        `Expected a saved related index as JSON text: ${(error as Error).message}`,
      )
    }
  }
  const record = value as Partial<RelatedIndexJSON> | null
  if (record === null || typeof record !== 'object' || record.format !== 'blogkit-related') {
    throw new RelatedError(
      'invalid-json',
      'Expected the output of `toJSON()` of a related index (`format: "blogkit-related"`)',
      { field: 'format' },
    )
  }
  const version: unknown = record.version
  if (version !== 3) {
    const which =
      typeof version === 'number' && version < 3
        ? `was saved by an older version of @blogkit/related (format version ${version})`
        : `has format version \`${describe(version)}\`, which this version of @blogkit/related cannot read (it reads version 3)`
    throw new RelatedError(
      'unsupported-version',
      `The saved related index ${which}; rebuild the index with \`createRelatedIndex\` and save it again`,
      { field: 'version' },
    )
  }
  const options = record.options
  if (options === null || typeof options !== 'object') throw damagedIndex('`options` is missing', 'options')
  const { maxTerms, ...rest } = options
  const state = new IndexState(resolveSettings({ ...rest, maxTerms: maxTerms ?? Number.POSITIVE_INFINITY }))
  try {
    restoreIndex(state, record as RelatedIndexJSON)
  } catch (error) {
    if (!(error instanceof ColumnError)) throw error
    throw damagedIndex(error.message, error.field)
  }
  return new Index(state)
}

/**
 * Internal (not exported by the package): the state of `index`, and an index over a state, for the
 * incremental cache's snapshot (snapshot.ts), which saves and restores the state itself.
 */
export const stateOf = (index: RelatedIndex): IndexState => Index.stateOf(index)
export const indexOver = (state: IndexState): RelatedIndex => new Index(state)
