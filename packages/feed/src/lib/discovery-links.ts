import type { FeedUrls } from './types.js'
import { escapeAttribute } from './xml.js'

/** What `discoveryLinks` needs: a `Feed`, or the same fields of a `FeedMeta`. */
export interface DiscoveryLinksInput {
  /** Feed title, shown by browsers and readers next to the subscription choice. */
  title: string
  /** Absolute URLs of the documents. */
  feedUrls?: Readonly<FeedUrls> | undefined
}

const types = [
  ['rss', 'application/rss+xml'],
  ['atom', 'application/atom+xml'],
  ['json', 'application/feed+json'],
] as const

// Note: an absolute URL is written in its serialization (`new URL(href).href`), as in the feeds themselves; a
// relative one (`/feed.xml`), which a page may use, is written as given.
function serialize(href: string): string {
  return URL.parse(href)?.href ?? href
}

/**
 * The `<link rel="alternate">` tags that let browsers and readers find the feeds from any page.
 *
 * @param feed
 *   A `Feed` (from `createFeed`) or `{ title, feedUrls }`.
 * @returns
 *   HTML for the page's `<head>`, one tag per line, for each format that has a URL (RSS, Atom, JSON Feed, in that
 *   order, so readers that take the first pick RSS); `''` when there is none.
 */
export function discoveryLinks(feed: Readonly<DiscoveryLinksInput>): string {
  const title = escapeAttribute(feed.title)
  const lines: string[] = []
  for (const [format, type] of types) {
    const href = feed.feedUrls?.[format]
    if (href)
      lines.push(
        `<link rel="alternate" type="${type}" title="${title}" href="${escapeAttribute(serialize(href))}">`,
      )
  }
  return lines.join('\n')
}
