import type { Comment, CommentStatus } from '@blogkit/comments'

/**
 * An imported comment: @blogkit/comments' `Comment`, what `threadComments`, `CommentStore.import` and the
 * `<slug>.comments.json` files take. Ids are `wp-<comment_id>` for WordPress comments, `dsq-<dsq:id>` for
 * Disqus posts (`wp-<id>` when Disqus got it from WordPress; `dsq-id-<id>` or `dsq-sha-<digest>` for a
 * post without `dsq:id`); `postId` is the post's slug; `createdAt` is in `toISOString()` form (UTC).
 */
export type ImportedComment = Comment

/** A pingback or trackback: another site linking to a post. Kept apart from comments. */
export interface Mention {
  /** Unique id, `wp-<comment_id>`. */
  id: string
  /** Id (slug) of the post linked to. */
  postId: string
  /** `pingback`, `trackback` or `webmention` (as WordPress's `comment_type` says). */
  type: 'pingback' | 'trackback' | 'webmention'
  /** The linking page, when it is an http(s) URL. */
  url?: string
  /** Name WordPress stored as the author: usually the linking site's or page's title. */
  title: string
  /** Excerpt as plain text (WordPress stores `[…] text […]`). */
  excerpt: string
  /** When it arrived, `toISOString()` form. */
  createdAt: string
  /** Moderation state, as for comments. */
  status: CommentStatus
}

/** An attachment (media library item) of a post. */
export interface Attachment {
  /** WordPress post id of the attachment. */
  id: string
  /** Title of the attachment. */
  title: string
  /** URL of the file (`wp:attachment_url`). */
  url: string
  /** WordPress post id of the post it is attached to, when it is attached. */
  parentId?: string
}

/** Where an imported post came from. */
export interface PostSource {
  /** `wordpress`. */
  type: 'wordpress'
  /** WordPress post id (`wp:post_id`). */
  id: string
  /** Permalink on the old site (`<link>`). */
  link?: string
  /** `<guid>`. */
  guid?: string
  /** `wp:post_type`: `post` or `page`. */
  postType: 'post' | 'page'
  /** `wp:status`: `publish`, `draft`, `future`, `pending`, `private`, `trash`, … */
  status: string
  /** The Disqus thread id the WordPress Disqus plugin stored (`dsq_thread_id` post meta). */
  disqusThreadId?: string
  /**
   * The slugs the old blog gave the post's categories and tags (WordPress's `nicename`, as the export
   * writes it: `c-plus-plus`, `sm%c3%b6rg%c3%a5s`), by name: their old archives were
   * `/category/<nicename>/` and `/tag/<nicename>/`. From the item's `<category nicename>`, else the
   * channel's `<wp:category>` and `<wp:tag>`; a name with none is left out (and the whole field when
   * no name has one).
   */
  nicenames?: { category: Map<string, string>; tag: Map<string, string> }
}

/**
 * A post in @blogkit/post's shape: the front matter fields of `Post` (`id`, `slug`, `title`, `date`,
 * `draft`, `tags`, `categories`, `lang`, …) and `data`, the front matter written; plus the Markdown
 * `body` that `parsePost` turns into `html`, `text` and `excerpt`.
 */
export interface ImportedPost {
  /** Same as `slug`. */
  id: string
  /** URL slug (`wp:post_name`, percent-decoded; from the title when empty; `-2` added when taken). */
  slug: string
  /** Title, plain text. */
  title: string
  /** Publication date. */
  date: Date
  /** Last modification, when later than `date`. */
  updated?: Date
  /** `true` for drafts, pending, private and trashed posts. */
  draft: boolean
  /** Tags (`post_tag` terms), by name. */
  tags: string[]
  /** Categories, by name. */
  categories: string[]
  /** Language of the site (`<language>` of the channel), or `options.lang`. */
  lang: string
  /** Display name of the author (from `wp:author`), else the login. */
  author?: string
  /** The post's hand-written excerpt (`excerpt:encoded`), as plain text. */
  description?: string
  /** Markdown body; `<!--more-->` became `<!-- more -->`. */
  body: string
  /** The front matter written for the post (dates as RFC 3339 strings with the post's offset). */
  data: Record<string, unknown>
  /** Where it came from. */
  source: PostSource
  /** Attachments of the post (filled in by `fromWordPress`; the stream yields them as records). */
  attachments: Attachment[]
}

/** Something the import could not carry over exactly, or chose to change. Never silent. */
export interface ImportWarning {
  /** Stable kebab-case identifier, e.g. `kept-html`, `unknown-shortcode`, `missing-parent`. */
  code: string
  /** What happened and what to do. */
  message: string
  /** Source id of the post concerned (WordPress post id, Disqus thread id), when there is one. */
  postId?: string
  /** Id of the comment concerned, when there is one. */
  commentId?: string
}
