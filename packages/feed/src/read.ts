// `@blogkit/feed/read`: other people's feeds (RSS, Atom, JSON Feed) read back into items. An entry of its own,
// so that a program that only writes feeds (a site build) does not load a feed parser.
export { type ReadFeedItem, type ReadFeedResult, readFeed } from './lib/read-feed.js'
