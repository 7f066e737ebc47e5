export { createFeed, type Feed } from './lib/create-feed.js'
export { FeedError } from './lib/feed-error.js'
export type { FeedPaging } from './lib/paging.js'
export { type ReadFeedItem, type ReadFeedResult, readFeed } from './lib/read-feed.js'
export type {
  FeedAuthor,
  FeedDate,
  FeedEnclosure,
  FeedFormat,
  FeedItem,
  FeedMeta,
  FeedOutputOptions,
  FeedUrls,
} from './lib/types.js'
