import type { FeedPaging } from './paging.js'

/** A person who wrote a feed or an item. */
export interface FeedAuthor {
  /** Display name. */
  name: string
  /** Email address (RSS readers rarely show it; omit to keep it private). */
  email?: string | undefined
  /** Absolute URL of the author's page. */
  url?: string | undefined
}

/** A file attached to an item (podcast episode, PDF …). */
export interface FeedEnclosure {
  /** Absolute URL of the file. */
  url: string
  /** MIME type, such as `audio/mpeg`. */
  type: string
  /** Size in bytes (`0` when unknown). */
  length: number
}

/** A date: a `Date`, or an RFC 3339 string with an offset (`2021-10-30T10:00:00+02:00`), which is kept. */
export type FeedDate = Date | string

/** One post in a feed. Every field is optional except that an item needs an `id` or a `url`. */
export interface FeedItem {
  /** Stable identifier; defaults to `url`. Keep it when the title or URL changes. */
  id?: string | undefined
  /** Absolute URL of the post. */
  url?: string | undefined
  /** Title, plain text (never HTML). */
  title?: string | undefined
  /** Excerpt, plain text (never HTML). */
  summary?: string | undefined
  /** Full content as HTML; relative URLs are resolved against `url`. */
  contentHtml?: string | undefined
  /** Publication date. */
  date?: FeedDate | undefined
  /** Last modification date (defaults to `date` where a format needs one). */
  updated?: FeedDate | undefined
  /** Authors of this item (defaults to the feed's authors). */
  authors?: readonly FeedAuthor[] | undefined
  /** Tags / categories. */
  tags?: readonly string[] | undefined
  /** Language of this item as a BCP 47 tag (`sv`, `en-GB`), when it differs from the feed's. */
  language?: string | undefined
  /** Absolute URL of the item's main image. */
  image?: string | undefined
  /** Attached files. */
  enclosures?: readonly FeedEnclosure[] | undefined
  /** Absolute URL of the page where the post's comments are shown. */
  commentsUrl?: string | undefined
  /**
   * The post's comment feed: one absolute URL (Atom or RSS), or `{ rss, atom, json }` when it has a document
   * per format, so that RSS links the RSS one (`wfw:commentRss`) and Atom writes a `replies` link per format.
   */
  commentsFeedUrl?: string | Readonly<FeedUrls> | undefined
  /** Number of comments. */
  commentCount?: number | undefined
}

/** Where the feed's own documents are published. */
export interface FeedUrls {
  /** Absolute URL of the RSS document. */
  rss?: string | undefined
  /** Absolute URL of the Atom document. */
  atom?: string | undefined
  /** Absolute URL of the JSON Feed document. */
  json?: string | undefined
}

/** The feed itself: what `createFeed` takes. */
export interface FeedMeta {
  /** Title of the blog, plain text. */
  title: string
  /** One-line description, plain text. */
  description?: string | undefined
  /** Absolute URL of the blog's home page. */
  siteUrl: string
  /** Absolute URLs of the feed documents (used for `rel="self"` links and discovery). */
  feedUrls?: FeedUrls | undefined
  /** Atom `id` of the feed. @default feedUrls.atom ?? siteUrl */
  id?: string | undefined
  /** Language of the feed as a BCP 47 tag (`sv`, `en`). */
  language?: string | undefined
  /** Authors of the blog. */
  authors?: readonly FeedAuthor[] | undefined
  /** When the feed last changed. @default the newest item `updated`/`date` */
  updated?: FeedDate | undefined
  /** Absolute URL of a large square icon (JSON Feed `icon`, Atom `logo`, RSS `image`). */
  icon?: string | undefined
  /** Absolute URL of a small icon (JSON Feed `favicon`, Atom `icon`). */
  favicon?: string | undefined
  /** Copyright notice, plain text. */
  copyright?: string | undefined
  /** WebSub hub URL(s). */
  hub?: string | readonly string[] | undefined
  /** RFC 5005 paging and archive links. */
  paging?: FeedPaging | undefined
  /** Resolve relative URLs in `contentHtml` against the item `url`. @default true */
  resolveRelativeUrls?: boolean | undefined
  /** The items, in the order they should appear (newest first is usual). A sync or async iterable works with `stream`. */
  items?: Iterable<FeedItem> | AsyncIterable<FeedItem> | undefined
}

/** Output format. */
export type FeedFormat = 'rss' | 'atom' | 'json'

/** Options for `feed.rss()`, `feed.atom()`, `feed.json()` and `feed.stream()`. */
export interface FeedOutputOptions {
  /** `'full'` includes `contentHtml`; `'excerpt'` only the `summary`. @default 'full' */
  content?: 'full' | 'excerpt' | undefined
  /** Write at most this many items. @default Infinity */
  limit?: number | undefined
}
