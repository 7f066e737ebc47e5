import { type Comment, commentFeed } from '@blogkit/comments'
import { createFeed, type Feed, type FeedItem } from '@blogkit/feed'
import { messagesFor } from './i18n.js'
import type { Site, SitePost } from './load-site.js'
import { postDescription } from './pages/post.js'

/** Posts in the site feeds. */
export const feedItemLimit = 20

/** Absolute URLs of a post's comment feed in RSS, Atom and JSON Feed. */
export function commentFeedUrls(site: Site, item: SitePost): { rss: string; atom: string; json: string } {
  const { urls } = site
  return {
    rss: urls.absolute(urls.commentFeed(item.path, 'rss')),
    atom: urls.absolute(urls.commentFeed(item.path, 'atom')),
    json: urls.absolute(urls.commentFeed(item.path, 'json')),
  }
}

/** A post as a feed item: full HTML, excerpt, dates, author, tags, language and its comments. */
export function postFeedItem(site: Site, item: SitePost, commentCount = item.threads.total): FeedItem {
  const { post } = item
  return {
    id: item.url,
    url: item.url,
    title: post.title,
    summary: postDescription(item),
    contentHtml: post.html,
    date: post.date,
    updated: post.updated && post.updated > post.date ? post.updated : undefined,
    authors: [
      post.author === undefined || post.author === site.config.author.name
        ? site.config.author
        : { name: post.author },
    ],
    tags: [...post.categories, ...post.tags],
    language: post.lang,
    commentsUrl: `${item.url}#comments`,
    commentsFeedUrl: commentFeedUrls(site, item),
    commentCount,
  }
}

/**
 * The site's feed (RSS, Atom and JSON Feed from one `Feed`) with the newest `feedItemLimit` posts.
 * Write it with `feed.rss()`, `feed.atom()`, `feed.json()`.
 */
export function createSiteFeed(site: Site): Feed {
  const { config, urls } = site
  return createFeed({
    title: config.title,
    description: config.description || undefined,
    siteUrl: urls.absolute(urls.home()),
    feedUrls: {
      rss: urls.absolute(urls.feed('rss')),
      atom: urls.absolute(urls.feed('atom')),
      json: urls.absolute(urls.feed('json')),
    },
    language: config.language,
    authors: [config.author],
    favicon: urls.absolute(urls.favicon()),
    copyright: `© ${config.author.name}`,
    items: site.posts.slice(0, feedItemLimit).map((item) => postFeedItem(site, item)),
  })
}

/**
 * A post's comment feed, as WordPress offers: its visible (approved) comments, newest first. Write it with
 * `.rss()` (`comments.rss`), `.atom()` (`comments.xml`) and `.json()` (`comments.json`).
 *
 * @param comments
 *   Every comment of the post (other statuses are left out); `item.comments` by default.
 */
export function createCommentFeed(
  site: Site,
  item: SitePost,
  comments: readonly Comment[] = item.comments,
): Feed {
  const { post } = item
  const t = messagesFor(post.lang)
  return commentFeed({
    comments,
    pageUrl: item.url,
    title: t.commentFeedOf(post.title),
    itemTitle: (comment) => t.commentOn(comment.author.name, post.title),
    feedUrls: commentFeedUrls(site, item),
    language: post.lang,
    authors: [site.config.author],
    updated: post.date,
  })
}
