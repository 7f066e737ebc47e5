// `@blogkit/feed/node`: what needs Node.js (streams, `node:crypto`). The main entry runs anywhere.
import { Readable } from 'node:stream'
import { createFeedParts, type Feed } from './lib/create-feed.js'
import type { FeedFormat, FeedItem, FeedMeta, FeedOutputOptions } from './lib/types.js'

export { feedHeaders } from './lib/feed-headers.js'

/** A `Feed` that can also stream its documents as Node.js `Readable`s. */
export interface NodeFeed extends Feed {
  /** Add an item at the end (see `Feed#add`); returns the feed, for chaining. */
  add(item: FeedItem): NodeFeed
  /**
   * Stream a document of any size: items are checked, resolved and written one at a time, so memory stays
   * bounded when `items` is a (async) generator.
   */
  stream(format: FeedFormat, options?: Readonly<FeedOutputOptions> | null): Readable
}

/**
 * `createFeed` from `@blogkit/feed`, plus `stream(format, options?)`: the same document as a Node.js `Readable`,
 * written item by item.
 *
 * @param meta
 *   As for `createFeed` from `@blogkit/feed`; `items` may be a sync or async iterable.
 * @returns
 *   A `NodeFeed`.
 * @throws {FeedError}
 *   As `createFeed` from `@blogkit/feed`.
 */
export function createFeed(meta: Readonly<FeedMeta>): NodeFeed {
  const { feed, chunks } = createFeedParts(meta)
  const nodeFeed = feed as NodeFeed
  nodeFeed.stream = (format, options) => Readable.from(chunks(format, options), { objectMode: false })
  return nodeFeed
}
