import { slugify } from '@blogkit/post'
import { resolveDate } from './dates.js'
import { ImportError } from './errors.js'
import { safeSlug } from './file-names.js'
import { createHtmlConverter, type HtmlConverter } from './html-to-markdown.js'
import { decodeEntities, decodeSlug, htmlToText } from './text.js'
import type {
  Attachment,
  ImportedComment,
  ImportedPost,
  ImportWarning,
  Mention,
  PostSource,
} from './types.js'
import { readComments } from './wordpress-comments.js'
import { childText, type ReadXmlOptions, readXmlRecords, type XmlNode, type XmlSource } from './xml.js'

/** Options of `readWordPress` and `fromWordPress`. */
export interface WordPressOptions extends ReadXmlOptions {
  /**
   * IANA time zone of the site, for dates WordPress stored without their GMT twin (drafts). Dates with
   * both are exact without it.
   * @default 'UTC'
   */
  timeZone?: string
  /** Language of the posts when the export has no `<language>` (BCP 47). @default 'en' */
  lang?: string
}

/** The blog, from the export's `<channel>`. */
export interface WordPressSite {
  /** Blog title. */
  title: string
  /** Blog URL. */
  link: string
  /** Tagline. */
  description: string
  /** `<language>`, e.g. `sv-SE`. */
  language: string
  /** WXR version (`1.0`, `1.1`, `1.2`). */
  wxrVersion: string
  /** Authors by login: display name and e-mail. */
  authors: Record<string, { name: string; email?: string }>
}

/** One record of a WordPress export, as `readWordPress` yields them. */
export type WordPressRecord =
  | { type: 'site'; site: WordPressSite }
  | { type: 'post'; post: ImportedPost; comments: ImportedComment[]; mentions: Mention[] }
  | { type: 'attachment'; attachment: Attachment }
  | { type: 'warning'; warning: ImportWarning }

/** Result of `fromWordPress`. */
export interface WordPressImport {
  /** The blog. */
  site: WordPressSite
  /** Posts and pages (`post.source.postType`), in export order, with their attachments. */
  posts: ImportedPost[]
  /** Comments of all posts, in export order (parents may come after replies; `threadComments` does not mind). */
  comments: ImportedComment[]
  /** Pingbacks, trackbacks and webmentions, apart from comments. */
  mentions: Mention[]
  /** Every attachment, attached or not. */
  attachments: Attachment[]
  /** What could not be carried over exactly. */
  warnings: ImportWarning[]
}

const publicStatuses = new Set(['publish', 'future'])

/**
 * Read a WordPress export (WXR 1.0–1.2) as a stream: first a `site` record, then one record per post or
 * page (with its comments and pingbacks), per attachment, and per warning, as they are read. Memory
 * holds one `<item>` at a time, so an export of any size can be read.
 *
 * @param source The export: text, bytes, or chunks (a Node `Readable`, `fs.createReadStream(file)`).
 * @param options Configuration.
 * @throws {ImportError} for XML that is not well-formed (with line and column), unsafe XML, and files
 *   that are not WordPress exports.
 */
export async function* readWordPress(
  source: XmlSource,
  options: Readonly<WordPressOptions> = {},
): AsyncGenerator<WordPressRecord> {
  const file = options.file
  const timeZone = options.timeZone
  checkTimeZone(timeZone)
  const convert = createHtmlConverter()
  const site: WordPressSite = {
    title: '',
    link: '',
    description: '',
    language: '',
    wxrVersion: '',
    authors: {},
  }
  let siteSent = false
  let sawChannel = false
  const slugs = { post: new Set<string>(), page: new Set<string>() }
  const attachmentUrls = new Map<string, string>()
  const skipped = new Map<string, number>()
  /** The slug (nicename) of each category and tag by name, from the channel's `<wp:category>` and `<wp:tag>`. */
  const nicenames: Nicenames = { category: new Map(), tag: new Map() }
  let warnedZone = false

  const checkRoot = (root: string) => {
    if (root !== 'rss') {
      throw new ImportError(
        root === 'disqus' ? 'wrong-format' : 'unknown-format',
        root === 'disqus'
          ? 'This is a Disqus export (root element `<disqus>`), not a WordPress one: import it with `fromDisqus` (`blogkit-import disqus`)'
          : `Expected a WordPress export (WXR: \`<rss>\` with a \`<channel>\`), found root element \`<${root}>\``,
        { file, line: 1, column: 1 },
      )
    }
  }
  // Warnings of the XML reader, yielded after the site record, before the records read after them.
  const xmlWarnings: ImportWarning[] = []
  const flush = function* (): Generator<WordPressRecord> {
    for (const warning of xmlWarnings.splice(0)) yield { type: 'warning', warning }
  }
  for await (const { parents, node } of readXmlRecords(
    source,
    (name) => (name === 'rss' ? 2 : 1),
    options,
    checkRoot,
    (warning) => xmlWarnings.push(warning),
  )) {
    if (siteSent) yield* flush()
    if (parents[0] !== 'channel') continue
    sawChannel = true
    if (node.name !== 'item') {
      readSiteField(site, node)
      readChannelTerm(nicenames, node)
      continue
    }
    if (!siteSent) {
      if (site.wxrVersion === '') throw notWordPress(file, node.line, node.column)
      siteSent = true
      yield { type: 'site', site }
      yield* flush()
    }
    const postType = childText(node, 'wp:post_type').trim() || 'post'
    const id = childText(node, 'wp:post_id').trim()
    if (postType === 'attachment') {
      const attachment = readAttachment(node, id)
      attachmentUrls.set(id, attachment.url)
      yield { type: 'attachment', attachment }
      continue
    }
    if (postType !== 'post' && postType !== 'page') {
      skipped.set(postType, (skipped.get(postType) ?? 0) + 1)
      continue
    }
    const warnings: ImportWarning[] = []
    const warn = (w: ImportWarning) => warnings.push(w)
    const item = readItem(node, {
      id,
      postType,
      site,
      slugs,
      timeZone,
      lang: options.lang,
      convert,
      attachmentUrls,
      nicenames,
      warn,
    })
    if (item.noGmt && !warnedZone && timeZone === undefined) {
      warnedZone = true
      warn({
        code: 'missing-time-zone',
        message: `post ${id}: WordPress stored no GMT date (a draft): its local time is read as UTC; give \`timeZone\` (\`--time-zone\`) for the site's zone`,
        postId: id,
      })
    }
    for (const warning of warnings) yield { type: 'warning', warning }
    yield { type: 'post', post: item.post, comments: item.comments, mentions: item.mentions }
  }
  if (!sawChannel)
    throw new ImportError(
      'missing-channel',
      'Expected `<channel>` inside `<rss>`: this is not a complete WordPress export',
      {
        file,
        line: 1,
        column: 1,
      },
    )
  if (!siteSent) {
    if (site.wxrVersion === '') throw notWordPress(file, 1, 1)
    yield { type: 'site', site }
  }
  yield* flush()
  for (const [type, count] of [...skipped].sort(([a], [b]) => a.localeCompare(b))) {
    yield {
      type: 'warning',
      warning: {
        code: 'skipped-items',
        message: `${count} item${count === 1 ? '' : 's'} of type \`${type}\` not imported (only posts, pages and attachments are)`,
      },
    }
  }
}

/** Throws a `TypeError` for a `timeZone` option that is not an IANA time zone. */
function checkTimeZone(timeZone: string | undefined) {
  if (timeZone === undefined) return
  try {
    new Intl.DateTimeFormat('en', { timeZone })
  } catch {
    throw new TypeError(
      `Expected \`timeZone\` to be an IANA time zone such as \`Europe/Stockholm\`, got \`${timeZone}\``,
    )
  }
}

/** The error for an RSS file without `<wp:wxr_version>` (a feed), at the place named. */
function notWordPress(file: string | undefined, line: number, column: number) {
  return new ImportError(
    'not-wordpress',
    'This RSS file has no `<wp:wxr_version>`: it is a feed, not a WordPress export. Export from WordPress with Tools → Export → All content',
    { file, line, column },
  )
}

/** Reads one child of `<channel>` other than `<item>` into `site` (title, link, authors…); others are ignored. */
function readSiteField(site: WordPressSite, node: XmlNode) {
  switch (node.name) {
    case 'title':
      site.title = node.text.trim()
      return
    case 'link':
      site.link = node.text.trim()
      return
    case 'description':
      site.description = node.text.trim()
      return
    case 'language':
      site.language = node.text.trim()
      return
    case 'wp:wxr_version':
      site.wxrVersion = node.text.trim()
      return
    case 'wp:author': {
      const login = childText(node, 'wp:author_login').trim()
      const name = childText(node, 'wp:author_display_name').trim() || login
      const email = childText(node, 'wp:author_email').trim()
      if (login) site.authors[login] = email ? { name, email } : { name }
      return
    }
  }
}

/** The old blog's slug of each category and tag, by name (`PostSource.nicenames`). */
type Nicenames = NonNullable<PostSource['nicenames']>

/** A `<wp:category>` or `<wp:tag>` of the channel: its slug (nicename) into `nicenames`, by name. */
function readChannelTerm(nicenames: Nicenames, node: XmlNode) {
  const [kind, slug, name] =
    node.name === 'wp:category'
      ? (['category', 'wp:category_nicename', 'wp:cat_name'] as const)
      : node.name === 'wp:tag'
        ? (['tag', 'wp:tag_slug', 'wp:tag_name'] as const)
        : []
  if (kind === undefined) return
  const nicename = childText(node, slug).trim()
  const termName = decodeEntities(childText(node, name).trim())
  if (nicename !== '' && termName !== '' && !nicenames[kind].has(termName))
    nicenames[kind].set(termName, nicename)
}

/**
 * Whether a term's slug can be the last segment of its old archive's address (WordPress's are: letters,
 * digits, `-`, `_`, percent-encoded UTF-8); else it is left out, with a warning, and the name guessed.
 */
function pathSegment(nicename: string): boolean {
  let decoded: string
  try {
    decoded = decodeURIComponent(nicename)
  } catch {
    return false
  }
  return decoded !== '' && decoded !== '.' && decoded !== '..' && !/[\s/\\?#%\p{Cc}]/u.test(decoded)
}

/** An `<item>` of type `attachment`. */
function readAttachment(node: XmlNode, id: string): Attachment {
  const url = childText(node, 'wp:attachment_url').trim() || childText(node, 'guid').trim()
  const parent = childText(node, 'wp:post_parent').trim()
  const attachment: Attachment = { id, title: childText(node, 'title').trim(), url }
  if (parent && parent !== '0') attachment.parentId = parent
  return attachment
}

interface ItemContext {
  id: string
  postType: string
  site: WordPressSite
  slugs: { post: Set<string>; page: Set<string> }
  timeZone: string | undefined
  lang: string | undefined
  convert: HtmlConverter
  attachmentUrls: ReadonlyMap<string, string>
  /** The channel's slugs of categories and tags, for those an item names without one. */
  nicenames: Nicenames
  warn: (warning: ImportWarning) => void
}

function readItem(node: XmlNode, context: ItemContext) {
  const { id, warn } = context
  const postType = context.postType as 'post' | 'page'
  const text = (name: string) => childText(node, name)
  const status = text('wp:status').trim() || 'publish'
  let title = decodeEntities(text('title').trim())
  if (title === '') {
    title = `(no title ${id})`
    warn({ code: 'missing-title', message: `post ${id}: no title; written as \`${title}\``, postId: id })
  }

  const slug = uniqueSlug(text('wp:post_name'), title, postType, context)

  const date = resolveDate(text('wp:post_date'), text('wp:post_date_gmt'), context.timeZone)
  const noGmt = text('wp:post_date_gmt').trim().startsWith('0000') || text('wp:post_date_gmt').trim() === ''
  const modified = resolveDate(text('wp:post_modified'), text('wp:post_modified_gmt'), context.timeZone)
  const resolved = date ?? modified
  if (!date)
    warn({
      code: 'missing-date',
      message: `post ${id}: no date${resolved ? ': the modification date is used' : ': 1970-01-01 is used'}`,
      postId: id,
    })
  const when = resolved ?? { date: new Date(0), text: '1970-01-01T00:00:00Z' }

  const { tags, categories, nicenames, terms, meta, rawComments } = readItemChildren(node, context)

  const login = text('dc:creator').trim()
  const author = login ? (context.site.authors[login]?.name ?? login) : undefined
  const excerpt = htmlToText(text('excerpt:encoded'))
  const lang = context.site.language || context.lang || 'en'

  const content = text('content:encoded')
  const { body, more } = convertBody(content, context)

  let draft = !publicStatuses.has(status)
  const password = text('wp:post_password')
  if (password !== '' && !draft) {
    draft = true
    warn({
      code: 'password-protected',
      message: `post ${id}: protected by a password in WordPress: written as a draft so that it is not published openly`,
      postId: id,
    })
  }
  if (
    !['publish', 'future', 'draft', 'pending', 'private', 'trash', 'auto-draft', 'inherit'].includes(status)
  )
    warn({
      code: 'unknown-status',
      message: `post ${id}: status \`${status}\` is not known: written as a draft`,
      postId: id,
    })

  const link = text('link').trim()
  const guid = text('guid').trim()
  const source: ImportedPost['source'] = { type: 'wordpress', id, postType, status }
  if (link) source.link = link
  if (guid) source.guid = guid
  if (meta.dsq_thread_id) source.disqusThreadId = meta.dsq_thread_id.trim()
  if (nicenames.category.size > 0 || nicenames.tag.size > 0) source.nicenames = nicenames

  const data: Record<string, unknown> = { title, slug, date: when.text }
  let updated: Date | undefined
  if (modified && date && modified.date.getTime() > date.date.getTime() && !draft) {
    updated = modified.date
    data.updated = modified.text
  }
  if (author) data.author = author
  if (excerpt) data.description = excerpt
  data.lang = lang
  if (tags.length > 0) data.tags = tags
  if (categories.length > 0) data.categories = categories
  if (draft) data.draft = true
  const wordpress: Record<string, unknown> = { id: Number(id) || id, type: postType, status }
  if (link) wordpress.link = link
  if (guid && guid !== link) wordpress.guid = guid
  const commentStatus = text('wp:comment_status').trim()
  if (commentStatus) wordpress.comment_status = commentStatus
  if (text('wp:is_sticky').trim() === '1') wordpress.sticky = true
  const parent = text('wp:post_parent').trim()
  if (parent && parent !== '0') wordpress.parent = Number(parent) || parent
  if (meta._thumbnail_id) {
    wordpress.thumbnail_id = Number(meta._thumbnail_id) || meta._thumbnail_id
    const url = context.attachmentUrls.get(meta._thumbnail_id)
    if (url) data.image = url
  }
  // Note: `<!--more Read the rest-->` names the teaser's link; `<!--noteaser-->` hides the teaser on the
  // post's own page. Neither has a place in Markdown, so both are kept for a theme to use.
  const moreText = more?.[1] ? decodeEntities(more[1].trim()) : ''
  if (moreText) wordpress.more_text = moreText
  if (more && content.slice(more.index + more[0].length).startsWith('<!--noteaser-->'))
    wordpress.noteaser = true
  if (source.disqusThreadId) wordpress.disqus_thread_id = source.disqusThreadId
  if (Object.keys(terms).length > 0) wordpress.terms = terms
  data.wordpress = wordpress

  const post: ImportedPost = {
    id: slug,
    slug,
    title,
    date: when.date,
    draft,
    tags,
    categories,
    lang,
    body,
    data,
    source,
    attachments: [],
  }
  if (updated) post.updated = updated
  if (author) post.author = author
  if (excerpt) post.description = excerpt

  const { comments, mentions } = readComments(rawComments, slug, id, context, when.text)
  return { post, comments, mentions, noGmt }
}

/**
 * The post's slug: WordPress's `<wp:post_name>` (percent-decoded), or one made of the title; made safe to
 * name files and unique among the posts (or pages) read so far, with a warning for each change.
 */
function uniqueSlug(postName: string, title: string, postType: 'post' | 'page', context: ItemContext) {
  const { id, warn } = context
  // Slug: WordPress percent-encodes non-ASCII slugs (`l%c3%a4s`); drafts often have none.
  const used = context.slugs[postType]
  let slug = decodeSlug(postName.trim())
  if (/[\s/?#]/.test(slug) || slug === '') slug = slugify(slug || title)
  // Note: the slug names the post's files: never hidden (`.bashrc`), `..`, a device name or with NUL.
  const safe = safeSlug(slug, id)
  if (safe.changes.length > 0) {
    const fallback = safe.slug || safeSlug(slugify(title), id).slug || `${postType}-${id}`
    warn({
      code: 'unsafe-slug',
      message: `post ${id}: slug ${JSON.stringify(slug)} cannot name a file (${safe.changes.join(', ')}): written as \`${fallback}\``,
      postId: id,
    })
    slug = fallback
  }
  if (slug === '') slug = `${postType}-${id}`
  // Note: compared without case and in one Unicode form, as file systems on macOS and Windows do.
  const key = (value: string) => value.normalize('NFC').toLowerCase()
  if (used.has(key(slug))) {
    let n = 2
    while (used.has(key(`${slug}-${n}`))) n++
    warn({
      code: 'duplicate-slug',
      message: `post ${id}: slug \`${slug}\` is taken: written as \`${slug}-${n}\``,
      postId: id,
    })
    slug = `${slug}-${n}`
  }
  used.add(key(slug))
  return slug
}

/**
 * The item's tags, categories (with the slugs it gives them, else the channel's), other taxonomies'
 * terms, post meta and `<wp:comment>` elements.
 */
function readItemChildren(node: XmlNode, context: Pick<ItemContext, 'id' | 'nicenames' | 'warn'>) {
  const tags: string[] = []
  const categories: string[] = []
  const nicenames: Nicenames = { category: new Map(), tag: new Map() }
  const terms: Record<string, string[]> = {}
  const meta: Record<string, string> = {}
  const rawComments: XmlNode[] = []
  for (const c of node.children) {
    if (c.name === 'category') {
      const name = decodeEntities(c.text.trim())
      const domain = c.attributes.domain ?? 'category'
      if (domain !== 'post_tag' && domain !== 'category') terms[domain] ??= []
      const list = domain === 'post_tag' ? tags : domain === 'category' ? categories : terms[domain]!
      if (name && !list.includes(name)) list.push(name)
      const kind = domain === 'post_tag' ? 'tag' : domain === 'category' ? 'category' : undefined
      const nicename = c.attributes.nicename?.trim() ?? ''
      if (kind === undefined || name === '' || nicename === '' || nicenames[kind].has(name)) continue
      if (pathSegment(nicename)) nicenames[kind].set(name, nicename)
      else
        context.warn({
          code: 'bad-term-slug',
          message: `post ${context.id}: the ${kind} ${JSON.stringify(name)} has the slug (nicename) ${JSON.stringify(nicename)}, which cannot be a segment of an address: its old archive is guessed from its name`,
          postId: context.id,
        })
    } else if (c.name === 'wp:postmeta') {
      meta[childText(c, 'wp:meta_key')] = childText(c, 'wp:meta_value')
    } else if (c.name === 'wp:comment') rawComments.push(c)
  }
  for (const [kind, names] of [
    ['category', categories],
    ['tag', tags],
  ] as const)
    for (const name of names) {
      const known = context.nicenames[kind].get(name)
      if (known !== undefined && !nicenames[kind].has(name) && pathSegment(known))
        nicenames[kind].set(name, known)
    }
  return { tags, categories, nicenames, terms, meta, rawComments }
}

/**
 * The post's HTML as Markdown: split at `<!--more-->` first (as WordPress's teaser does), then each part
 * converted. Returns the body and the `<!--more-->` match, if any.
 */
function convertBody(content: string, context: ItemContext) {
  const { id, warn } = context
  const report = (p: { code: string; message: string }) =>
    warn({ code: p.code, message: `post ${id}: ${p.message}`, postId: id })
  const options = { autop: true, shortcodes: true, attachments: context.attachmentUrls }
  // Note: WordPress's PHP pattern is `<!--more(.*?)?-->`; in JavaScript an optional group may not match
  // empty, so that pattern runs on to the next `-->` (eating the text up to a later comment).
  const more = /<!--more(.*?)-->/.exec(content)
  if (!more) return { body: context.convert(content, options, report), more }
  const before = context.convert(content.slice(0, more.index), options, report)
  const after = context.convert(
    content.slice(more.index + more[0].length).replace(/^<!--noteaser-->/, ''),
    options,
    report,
  )
  return { body: [before, '<!-- more -->', after].filter((part) => part !== '').join('\n\n'), more }
}

/**
 * Import a whole WordPress export (WXR): posts and pages with Markdown bodies and front matter,
 * comments, pingbacks and trackbacks, attachments and warnings. For large exports use
 * `readWordPress`, which does not keep everything in memory.
 *
 * @param xml The export as text or bytes (or chunks).
 * @param options Configuration.
 * @returns Everything in the export.
 * @throws {ImportError} for XML that is not well-formed, unsafe XML, and files that are not WordPress exports.
 */
export async function fromWordPress(
  xml: XmlSource,
  options: Readonly<WordPressOptions> = {},
): Promise<WordPressImport> {
  const result: WordPressImport = {
    site: { title: '', link: '', description: '', language: '', wxrVersion: '', authors: {} },
    posts: [],
    comments: [],
    mentions: [],
    attachments: [],
    warnings: [],
  }
  for await (const record of readWordPress(xml, options)) {
    if (record.type === 'site') result.site = record.site
    else if (record.type === 'post') {
      result.posts.push(record.post)
      result.comments.push(...record.comments)
      result.mentions.push(...record.mentions)
    } else if (record.type === 'attachment') result.attachments.push(record.attachment)
    else result.warnings.push(record.warning)
  }
  const byId = new Map(result.posts.map((post) => [post.source.id, post]))
  for (const attachment of result.attachments) {
    if (attachment.parentId !== undefined) byId.get(attachment.parentId)?.attachments.push(attachment)
  }
  return result
}
