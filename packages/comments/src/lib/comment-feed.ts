// A page's comment feed, as WordPress offers one per post: its approved comments, newest first, each with
// its body as the page shows it (the "@Name" of the comment it answers linked), links made absolute.
import {
  createFeed,
  type Feed,
  type FeedAuthor,
  type FeedDate,
  type FeedItem,
  type FeedUrls,
} from '@blogkit/feed'
import { commentAnchor } from './anchors.js'
import { commentBodyHtml } from './comment-body.js'
import type { Comment } from './types.js'

/** Options of `commentFeed`. */
export interface CommentFeedOptions {
  /** Every comment of the page, any status: only `approved` ones go in the feed. */
  comments: Iterable<Comment>
  /** Absolute URL of the page the comments are on: the feed's link, and each item's before `#comment-<id>`. */
  pageUrl: string
  /** Title of the feed (`Comments on “Hello”`). */
  title: string
  /** Title of a comment's item. @default (comment) => `By: ${comment.author.name}` (as WordPress) */
  itemTitle?: ((comment: Comment) => string) | undefined
  /** Absolute URLs of the feed's documents (RSS, Atom, JSON Feed), as `createFeed` takes them. */
  feedUrls?: FeedUrls | undefined
  /** Language of the feed and its items (BCP 47). */
  language?: string | undefined
  /** Authors of the feed (the site's author). */
  authors?: readonly FeedAuthor[] | undefined
  /** When the feed changed when it has no approved comment (the page's date); else the newest comment's date. */
  updated?: FeedDate | undefined
}

/** A value for a double-quoted HTML attribute: `&` and `"` escaped. */
const attribute = (value: string) => value.replaceAll('&', '&amp;').replaceAll('"', '&quot;')

/**
 * A page's comment feed (`@blogkit/feed`'s `Feed`: write it with `.rss()`, `.atom()`, `.json()`): its
 * approved comments, newest first. Each item is `pageUrl#comment-<id>` (id and link), `itemTitle`, the
 * body from `commentBodyHtml` with the "@Name" of an approved parent linked (a reply to a comment not
 * approved, or gone, has no reply link) and its fragment links made absolute on `pageUrl`, the comment's
 * date, its author (name and site) and `language`.
 *
 * @throws {FeedError} For a `pageUrl`, `feedUrls` or date that `createFeed` refuses (not absolute, not a date).
 * @throws {CommentError} `body-too-long` for a body over 100,000 characters (`renderCommentHtml`).
 */
export function commentFeed(options: CommentFeedOptions): Feed {
  if (typeof options !== 'object' || options === null)
    throw new TypeError('Expected `commentFeed` to get an object with `comments`, `pageUrl` and `title`')
  const { pageUrl, language } = options
  const comments = [...options.comments]
  const itemTitle = options.itemTitle ?? ((comment: Comment) => `By: ${comment.author.name}`)
  const byId = new Map(comments.map((comment) => [comment.id, comment]))
  const visible = comments
    .filter((comment) => comment.status === 'approved')
    .sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))
  // Note: the reply link is a fragment; made absolute here, the feed has no relative URL to resolve
  // (which would cost it an HTML parse per comment).
  const fragmentBase = `href="${typeof pageUrl === 'string' ? attribute(pageUrl) : ''}#comment-`
  return createFeed({
    title: options.title,
    siteUrl: pageUrl,
    feedUrls: options.feedUrls,
    language,
    authors: options.authors,
    updated: visible[0]?.createdAt ?? options.updated,
    items: visible.map((comment): FeedItem => {
      const url = `${pageUrl}#${commentAnchor(comment)}`
      const parent = comment.parentId === undefined ? undefined : byId.get(comment.parentId)
      const replyTo =
        parent && parent.status === 'approved' ? { id: parent.id, name: parent.author.name } : undefined
      return {
        id: url,
        url,
        title: itemTitle(comment),
        contentHtml: commentBodyHtml(comment, replyTo).replaceAll('href="#comment-', fragmentBase),
        date: comment.createdAt,
        authors: [{ name: comment.author.name, url: comment.author.url }],
        language,
      }
    }),
  })
}
