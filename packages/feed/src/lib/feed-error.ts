/** Stable id of a `FeedError`'s kind of problem (listed in the README, “FeedError”). */
export type FeedErrorCode =
  | 'not-a-string'
  | 'not-absolute-url'
  | 'invalid-date'
  | 'invalid-language'
  | 'invalid-author'
  | 'invalid-email'
  | 'missing-field'
  | 'missing-id'
  | 'invalid-item'
  | 'invalid-comment-count'
  | 'invalid-comments-feed-url'
  | 'invalid-enclosure'
  | 'stylesheet-removed'
  | 'atom-missing-updated'
  | 'atom-invalid-id'
  | 'atom-missing-date'
  | 'atom-missing-author'
  | 'atom-missing-link'
  | 'unreadable-feed'

/** What a `FeedError` is made from. */
export interface FeedErrorInit {
  code: FeedErrorCode
  /** What is wrong and how to fix it, without the place. */
  reason: string
  /** Name of the field at fault. */
  field: string
  /** Zero-based index of the item at fault. */
  itemIndex?: number | undefined
  /** Where, for the message: `Feed`, or `items[3] (…)`; the message is `place: reason` (or `reason`). */
  place?: string | undefined
}

/**
 * Error thrown for bad feed input (a relative URL, a date without an offset, an item without `id` and `url` …).
 *
 * The message names the item (index and id, url or title) and the field, says what was found and how to fix it.
 */
export class FeedError extends Error {
  /** Stable kebab-case id of the problem, such as `not-absolute-url` (see the README). */
  readonly code: FeedErrorCode
  /** The message without the place (`items[3] (…): `). */
  readonly reason: string
  /** Zero-based index of the item at fault, or `undefined` when the problem is in the feed's own fields. */
  readonly itemIndex: number | undefined
  /** Name of the field at fault, such as `date` or `authors[1].url`. */
  readonly field: string

  constructor(init: Readonly<FeedErrorInit>) {
    super(init.place ? `${init.place}: ${init.reason}` : init.reason)
    this.name = 'FeedError'
    this.code = init.code
    this.reason = init.reason
    this.field = init.field
    this.itemIndex = init.itemIndex
  }
}
