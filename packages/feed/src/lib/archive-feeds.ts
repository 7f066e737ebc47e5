import { createFeed, type Feed } from './create-feed.js'
import type { FeedItem, FeedMeta, FeedUrls } from './types.js'

/** Options for `archiveFeeds`. */
export interface ArchiveFeedsOptions {
  /** Items per archive document; the subscription document holds the newest 1…`pageSize` items. */
  pageSize: number
  /** Absolute URLs of archive document `page` (1 is the oldest), such as `https://blog.example/archive/3.xml`. */
  archiveUrls: (page: number) => FeedUrls
}

/** One archive document. */
export interface FeedArchivePage {
  /** Page number, 1 for the oldest items. */
  page: number
  /** Where to publish it (from `archiveUrls`). */
  feedUrls: FeedUrls
  /** The archive feed (`fh:archive`, with `current`, `prev-archive` and `next-archive` links). */
  feed: Feed
}

/** What `archiveFeeds` returns. */
export interface FeedArchive {
  /** The subscription document: the newest items, with a `prev-archive` link. */
  current: Feed
  /** The archive documents, oldest first. */
  archives: FeedArchivePage[]
}

/**
 * Split a blog's whole history into an RFC 5005 archived feed: a small subscription document plus archive
 * documents that never change once full (page 1 holds the oldest items, so new posts do not shift them).
 *
 * @param meta
 *   The feed, with `feedUrls` (the subscription documents) and `items` as an array, newest first.
 * @param options
 *   `pageSize` and `archiveUrls(page)`.
 * @returns
 *   `{ current, archives }`; write each archive's formats to its `feedUrls`.
 */
export function archiveFeeds(meta: Readonly<FeedMeta>, options: Readonly<ArchiveFeedsOptions>): FeedArchive {
  const { pageSize, archiveUrls } = options ?? {}
  if (!Number.isInteger(pageSize) || pageSize < 1) {
    throw new TypeError(`Expected \`pageSize\` to be a whole number ≥ 1, got \`${String(pageSize)}\``)
  }
  if (typeof archiveUrls !== 'function')
    throw new TypeError('Expected `archiveUrls` to be a function of the page number')
  if (!Array.isArray(meta.items)) {
    throw new TypeError('Expected `items` to be an array, newest first: archives need to count them')
  }
  const feedUrls = meta.feedUrls
  if (!feedUrls || !(feedUrls.rss || feedUrls.atom || feedUrls.json)) {
    throw new TypeError(
      'Expected `feedUrls`: archive documents link back to the subscription documents (`current`)',
    )
  }
  const oldestFirst = [...(meta.items as readonly FeedItem[])].reverse()
  const count = oldestFirst.length === 0 ? 0 : Math.floor((oldestFirst.length - 1) / pageSize)
  const id = meta.id ?? feedUrls.atom ?? meta.siteUrl
  const archives: FeedArchivePage[] = []
  for (let page = 1; page <= count; page++) {
    const urls = archiveUrls(page)
    const items = oldestFirst.slice((page - 1) * pageSize, page * pageSize).reverse()
    const feed = createFeed({
      ...meta,
      id,
      feedUrls: urls,
      items,
      paging: {
        current: feedUrls,
        prevArchive: page > 1 ? archiveUrls(page - 1) : undefined,
        nextArchive: page < count ? archiveUrls(page + 1) : undefined,
        archive: true,
      },
    })
    archives.push({ page, feedUrls: urls, feed })
  }
  const current = createFeed({
    ...meta,
    id,
    items: oldestFirst.slice(count * pageSize).reverse(),
    paging: { prevArchive: count > 0 ? archiveUrls(count) : undefined },
  })
  return { current, archives }
}
