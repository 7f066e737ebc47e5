import { createCommentFeed, createSiteFeed, type Site, type SitePost } from '@blogkit/example-site'
import { type FeedFormat, isNotModified } from '@blogkit/feed'
import { feedHeaders } from '@blogkit/feed/node'
import type { Context } from 'hono'
import type { CommentState } from '../comment-state.js'
import type { GetRoute } from './get.js'

/** The later of a feed's own date and the last change this server made (ms), or none. */
const lastModified = (feedUpdated: Date | string | undefined, changed: number | undefined) => {
  const updated = feedUpdated === undefined ? undefined : new Date(feedUpdated).getTime()
  const newest = Math.max(updated ?? 0, changed ?? 0)
  return newest === 0 ? undefined : new Date(newest)
}

const sendFeed = (c: Context, format: FeedFormat, body: string, updated: Date | undefined) => {
  const headers = feedHeaders(updated === undefined ? { format, body } : { format, body, updated })
  const all: Record<string, string> = { ...headers, 'Cache-Control': 'no-cache' }
  if (isNotModified(c.req.raw.headers, headers)) return c.body(null, 304, all)
  return c.body(body, 200, all)
}

/** The site's feeds and each post's comment feeds (RSS, Atom, JSON Feed), with conditional GET. */
export function feedRoutes(site: Site, state: CommentState): GetRoute {
  const { urls } = site
  const commentFeeds = new Map<string, { item: SitePost; format: FeedFormat }>()
  for (const item of site.posts) {
    for (const format of ['rss', 'atom', 'json'] as const)
      commentFeeds.set(urls.commentFeed(item.path, format), { item, format })
  }
  const siteFeeds = new Map<string, FeedFormat>([
    [urls.feed('rss'), 'rss'],
    [urls.feed('atom'), 'atom'],
    [urls.feed('json'), 'json'],
  ])
  return async (c, pathname) => {
    const siteFeed = siteFeeds.get(pathname)
    if (siteFeed) {
      await state.refreshDirty()
      const feed = createSiteFeed(site)
      const body = siteFeed === 'rss' ? feed.rss() : siteFeed === 'atom' ? feed.atom() : feed.json()
      return sendFeed(c, siteFeed, body, lastModified(feed.updated, state.changedAt()))
    }
    const commentFeed = commentFeeds.get(pathname)
    if (commentFeed) {
      const { item, format } = commentFeed
      await state.syncPost(item.id)
      const feed = createCommentFeed(site, item, await state.refresh(item))
      const changed = state.changedAt(item.id)
      return sendFeed(c, format, feed[format](), lastModified(feed.updated, changed))
    }
    return undefined
  }
}
