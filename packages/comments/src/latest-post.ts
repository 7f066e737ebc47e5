export type { LatestPostFetcher, LatestPostFetcherOptions } from './lib/latest-post.js'
export { createLatestPostFetcher, findFeedLink } from './lib/latest-post.js'
