import type { StandardSchemaV1 } from '@standard-schema/spec'
import type { PluggableList } from 'unified'
import type { VFileMessage } from 'vfile-message'

/** Reading time of a post. */
export interface ReadingTime {
  /** Words, counted with `Intl.Segmenter` (word-like segments). */
  words: number
  /** Minutes at `wordsPerMinute`, rounded up; `0` when there are no words. */
  minutes: number
}

/** A heading of a post, with the unique GitHub-style `id` set on it in `html`. */
export interface Heading {
  /** Rank, `1` for `<h1>` to `6` for `<h6>`. */
  depth: number
  /** Plain text of the heading. */
  text: string
  /** Unique id (`#id` fragment), as GitHub makes them. */
  id: string
}

/** An image in the post body. */
export interface Image {
  /** `src` as written. */
  src: string
  /** Alternative text, `''` when missing. */
  alt: string
}

/** A link in the post body (footnote links are left out). */
export interface Link {
  /** `href` as written. */
  href: string
  /** Plain text of the link. */
  text: string
  /** `true` for relative URLs, fragments and URLs on `options.siteUrl`. */
  internal: boolean
}

/** Excerpt (summary) of a post. */
export interface Excerpt {
  /** HTML of the excerpt; always well-formed (cut between or inside text nodes, never inside markup). */
  html: string
  /** Plain text of the excerpt. */
  text: string
}

/** Front matter data: the schema's output type, or a plain record without a schema. */
export type PostData<Schema> = Schema extends StandardSchemaV1
  ? StandardSchemaV1.InferOutput<Schema>
  : Record<string, unknown>

/**
 * A parsed post.
 *
 * @typeParam Data
 *   Type of `data`, inferred from `options.schema`.
 */
export interface Post<Data = Record<string, unknown>> {
  /** Same as `slug`; lets `@blogkit/related`'s `createRelatedIndex(posts)` take posts as they are. */
  id: string
  /** URL slug: front matter `slug`, else the file name, else the title. */
  slug: string
  /** Title: front matter `title`, else the text of the first `# heading`. */
  title: string
  /** Publication date: front matter `date`, else the `YYYY-MM-DD-` prefix of the file name. */
  date: Date
  /** Last update: front matter `updated` (or `lastmod`). */
  updated?: Date
  /** `true` when front matter says `draft: true` or `published: false`. */
  draft: boolean
  /** Tags, in front matter order, duplicates removed. */
  tags: string[]
  /** Categories, in front matter order, duplicates removed. */
  categories: string[]
  /**
   * Old addresses of the post (front matter `aliases`), as paths from the site's root with their
   * query (`/2018/11/02/hello/`, `/?p=42`), percent-encoded; `[]` when there are none.
   */
  aliases: string[]
  /** BCP 47 language tag, canonicalized (`sv-SE`): front matter `lang`, else `options.lang`. */
  lang: string
  /** Author (a list of authors is joined with `, `). */
  author?: string
  /** Front matter `description` (or `summary`). */
  description?: string
  /** HTML of the body. */
  html: string
  /** Plain text of the body, for search and ranking. */
  text: string
  /** Excerpt: text before `<!-- more -->`, else `description`, else the first paragraphs. */
  excerpt: Excerpt
  /** Headings, in document order. */
  headings: Heading[]
  /** Word count and minutes to read. */
  readingTime: ReadingTime
  /** Images in the body. */
  images: Image[]
  /** Links in the body. */
  links: Link[]
  /** The whole front matter (the schema's output when `options.schema` is given). */
  data: Data
  /** Path of the file (relative to the `loadPosts` directory), when known. */
  path?: string
}

/** Options of `parsePost`. */
export interface ParsePostOptions<Schema extends StandardSchemaV1 | undefined = undefined> {
  /**
   * Read front matter (YAML `---`, TOML `+++`, JSON `{`). With `false` the whole input is
   * Markdown, so a leading `---` is a thematic break.
   * @default true
   */
  frontmatter?: boolean
  /** Standard Schema validator (zod, valibot, arktype, …) for the whole front matter. */
  schema?: Schema
  /** Front matter fields used when a post has none of its own (e.g. `{ lang: 'sv' }`). */
  defaults?: Readonly<Record<string, unknown>>
  /**
   * IANA time zone in which dates without an offset (`2024-03-10`, `2024-03-10 09:00`) are read.
   * @default 'UTC'
   */
  timeZone?: string
  /**
   * Language of posts without `lang` in front matter (BCP 47).
   * @default 'en'
   */
  lang?: string
  /**
   * Words per minute for `readingTime`.
   * @default 200
   */
  wordsPerMinute?: number
  /**
   * Word budget of the automatic excerpt (used when there is no `<!-- more -->` and no `description`).
   * @default 70
   */
  excerptWords?: number
  /**
   * Pass raw HTML in Markdown through to `html` and keep URLs as written (for trusted authors).
   * With `false` raw HTML is dropped and URLs with schemes other than `http`, `https`, `mailto`,
   * `irc`, `ircs`, `xmpp` (links) or `http`, `https` and raster `data:image/…` (images) are removed
   * from every element (for content from strangers).
   * @see https://github.com/blogkit/blogkit/tree/main/packages/post#security
   * @default true
   */
  allowDangerousHtml?: boolean
  /**
   * Front matter keys of your own that are close to a built-in field (`data`, `authors`,
   * `category`): no `unknown-field` warning for them.
   * @default []
   */
  customFields?: readonly string[]
  /**
   * Called with each warning (a `VFileMessage` with `fatal: false`, such as `unknown-field` for
   * `tgas:`); the post is made all the same. By default warnings go to `process.emitWarning`
   * (printed on stderr unless Node runs with `--no-warnings`), or `console.warn` where there is no
   * `process.emitWarning`; pass `() => {}` to ignore them.
   */
  onWarning?: (warning: VFileMessage) => void
  /** Site origin (`https://example.com`); links to it count as internal. */
  siteUrl?: string
  /** Extra remark plugins (run after remark-gfm). */
  remarkPlugins?: PluggableList
  /** Extra rehype plugins (run after heading ids are set). */
  rehypePlugins?: PluggableList
}

/** Input of `parsePost`: Markdown text, or a file path with its contents. */
export type PostInput = string | { path: string; value: string | Uint8Array }
