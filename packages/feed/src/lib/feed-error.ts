/**
 * Error thrown for bad feed input (a relative URL, a date without an offset, an item without `id` and `url` …).
 *
 * The message names the item (index and id, url or title) and the field, says what was found and how to fix it.
 */
export class FeedError extends Error {
  /** Zero-based index of the item at fault, or `undefined` when the problem is in the feed's own fields. */
  readonly itemIndex: number | undefined
  /** Name of the field at fault, such as `date` or `authors[1].url`. */
  readonly field: string

  constructor(message: string, field: string, itemIndex?: number) {
    super(message)
    this.name = 'FeedError'
    this.field = field
    this.itemIndex = itemIndex
  }
}
