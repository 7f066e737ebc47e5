/** Stable kebab-case identifiers of what was wrong (listed in the README, “Errors”). */
export type RelatedErrorCode =
  /** `docs` is not an array (or other iterable) of posts. */
  | 'invalid-docs'
  /** A post has a field of the wrong type or value (`field` names it). */
  | 'invalid-post'
  /** Two posts have the same `id`, or `add` is given an id already in the index. */
  | 'duplicate-id'
  /** `related` or `update` is given an id that is not in the index. */
  | 'unknown-id'
  /** `related` is given an id that is not a string. */
  | 'invalid-id'
  /** An index, query or `openRelatedCache` option has a wrong type or value (`field` names it). */
  | 'invalid-option'
  /** An index option that does not exist (a typo). */
  | 'unknown-option'
  /** `fromJSON` is given something that is not a saved related index. */
  | 'invalid-json'
  /** `fromJSON` is given an index saved in another format version. */
  | 'unsupported-version'
  /** `fromJSON` is given a saved index that does not decode (`field` names the part). */
  | 'damaged-index'

/** Where an error points, besides the field. */
export interface RelatedErrorPlace {
  /** The field at fault: an option (`limit`), a post field (`tags[1]`) or a part of a saved index. */
  readonly field?: string | undefined
  /** Id of the post at fault, when it has one. */
  readonly post?: string | undefined
  /** Zero-based position of the post at fault in the `docs` given to `createRelatedIndex`. */
  readonly itemIndex?: number | undefined
}

/**
 * Error thrown by `createRelatedIndex`, `fromJSON` and the index methods for bad input (a malformed post,
 * option or saved index, an unknown or repeated id).
 *
 * `message` is `reason`: one sentence naming the post and field, what was found and what to do.
 */
export class RelatedError extends Error {
  /** What was wrong, stable across versions (see {@link RelatedErrorCode}). */
  readonly code: RelatedErrorCode
  /** What is wrong and what to do; the same as `message`. */
  readonly reason: string
  /** The field at fault, when there is one. */
  readonly field: string | undefined
  /** Id of the post at fault, when there is one. */
  readonly post: string | undefined
  /** Position of the post at fault in the `docs` given to `createRelatedIndex`, when there is one. */
  readonly itemIndex: number | undefined

  constructor(code: RelatedErrorCode, reason: string, place: RelatedErrorPlace = {}) {
    super(reason)
    this.name = 'RelatedError'
    this.code = code
    this.reason = reason
    this.field = place.field
    this.post = place.post
    this.itemIndex = place.itemIndex
  }
}

/** A post as an error names it: `text` goes in the sentence, `post` and `itemIndex` on the error. */
export interface PostWhere {
  /** How the sentence names the post: ``post `intro` ``, `post at index 3`. */
  readonly text: string
  readonly post?: string | undefined
  readonly itemIndex?: number | undefined
}

/** An `invalid-post` error about `field` of the post `where` names. */
export function postError(field: string | undefined, reason: string, where: PostWhere): RelatedError {
  return new RelatedError('invalid-post', reason, { field, post: where.post, itemIndex: where.itemIndex })
}

/** An `invalid-option` error about option `field`. */
export function optionError(field: string, reason: string): RelatedError {
  return new RelatedError('invalid-option', reason, { field })
}
