export {
  type ArchiveFeedsOptions,
  archiveFeeds,
  type FeedArchive,
  type FeedArchivePage,
} from './lib/archive-feeds.js'
export { createFeed, type Feed } from './lib/create-feed.js'
export { type DiscoveryLinksInput, discoveryLinks } from './lib/discovery-links.js'
export { FeedError, type FeedErrorCode, type FeedErrorInit } from './lib/feed-error.js'
export {
  type FeedHeaders,
  type FeedHeadersOptions,
  feedContentType,
  isNotModified,
  type RequestHeaders,
} from './lib/http.js'
export type { FeedPaging, FeedPagingLink } from './lib/paging.js'
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
