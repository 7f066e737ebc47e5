import { commentFields, ordered } from './comment-fields.js'
import { createDisqusIdentifier } from './disqus-ids.js'
import { ImportError } from './errors.js'
import { createHtmlConverter } from './html-to-markdown.js'
import { decodeSlug } from './text.js'
import type { ImportedComment, ImportWarning } from './types.js'
import { child, childText, type ReadXmlOptions, readXmlRecords, type XmlSource } from './xml.js'

/** A Disqus thread: one page of the old site. */
export interface DisqusThread {
  /** Disqus's id (`dsq:id`). */
  id: string
  /** The site's `disqus_identifier` (`<id>`), often empty; `"123 https://…/?p=123"` for WordPress sites. */
  identifier: string
  /** WordPress post id, when `identifier` is the WordPress plugin's `"<id> <guid>"`. */
  wordpressId?: string
  /** URL of the page (`<link>`). */
  link: string
  /** Title of the page. */
  title: string
  /** `true` when the thread was deleted in Disqus. */
  deleted: boolean
  /** `true` when it was closed to new comments. */
  closed: boolean
}

/** Options of `readDisqus` and `fromDisqus`. */
export interface DisqusOptions extends ReadXmlOptions {
  /**
   * Which post (slug) a thread's comments belong to; `undefined` leaves it to the default: the last
   * segment of the thread's link (`https://blog.example/2021/04/sluta-mata/` → `sluta-mata`), else
   * `disqus-<thread id>`.
   */
  postId?: (thread: DisqusThread) => string | undefined
}

/** A Disqus post (comment), with what is needed to place it. */
export interface DisqusComment {
  /** The comment; `postId` from `options.postId`, `parentId` still in Disqus ids until resolved. */
  comment: ImportedComment
  /** The thread it belongs to. */
  thread: DisqusThread
  /** Disqus's id of the post (`dsq:id`; `''` when the export has none). */
  disqusId: string
  /** Disqus id of the parent, when it is a reply. */
  parentDisqusId?: string
  /** WordPress comment id, when Disqus got the comment from WordPress (`<id>wp_id=123</id>`). */
  wordpressId?: string
}

/** One record of a Disqus export, as `readDisqus` yields them. */
export type DisqusRecord =
  | { type: 'thread'; thread: DisqusThread }
  | ({ type: 'comment' } & DisqusComment)
  | { type: 'warning'; warning: ImportWarning }

/** Result of `fromDisqus`. */
export interface DisqusImport {
  /** Every thread. */
  threads: DisqusThread[]
  /** Every comment, parents resolved, in export order. */
  comments: ImportedComment[]
  /** What could not be carried over exactly. */
  warnings: ImportWarning[]
}

const yes = (value: string) => value.trim() === 'true'

/** Default post id of a thread: the last path segment of its link. */
export function defaultThreadPostId(thread: DisqusThread): string {
  try {
    const url = new URL(thread.link)
    const segment = url.pathname.split('/').filter(Boolean).pop()
    if (segment) return decodeSlug(segment).replace(/\.(html?|php)$/i, '')
  } catch {}
  return `disqus-${thread.id}`
}

/**
 * Read a Disqus XML export as a stream of threads, comments and warnings. Comments keep Disqus parent
 * ids; `resolveDisqusComments` turns a post's comments into @blogkit/comments' shape with parents.
 *
 * @throws {ImportError} for XML that is not well-formed (line and column), unsafe XML, and files that
 *   are not Disqus exports.
 */
export async function* readDisqus(
  source: XmlSource,
  options: Readonly<DisqusOptions> = {},
): AsyncGenerator<DisqusRecord> {
  const file = options.file
  const convert = createHtmlConverter()
  const threads = new Map<string, DisqusThread>()
  const identify = createDisqusIdentifier(file)
  let seenRoot = false
  const checkRoot = (root: string) => {
    if (root !== 'disqus') {
      throw new ImportError(
        root === 'rss' ? 'wrong-format' : 'unknown-format',
        root === 'rss'
          ? 'This is a WordPress export or an RSS feed (root element `<rss>`), not a Disqus one: import it with `fromWordPress` (`blogkit-import wordpress`)'
          : `Expected a Disqus export (root element \`<disqus>\`), found \`<${root}>\``,
        { file, line: 1, column: 1 },
      )
    }
    seenRoot = true
  }
  const xmlWarnings: ImportWarning[] = []
  for await (const { node } of readXmlRecords(
    source,
    (name) => (name === 'rss' ? 2 : 1),
    options,
    checkRoot,
    (warning) => xmlWarnings.push(warning),
  )) {
    for (const warning of xmlWarnings.splice(0)) yield { type: 'warning', warning }
    if (node.name === 'thread') {
      const id = node.attributes['dsq:id'] ?? ''
      const identifier = childText(node, 'id').trim()
      const thread: DisqusThread = {
        id,
        identifier,
        link: childText(node, 'link').trim(),
        title: childText(node, 'title').trim(),
        deleted: yes(childText(node, 'isDeleted')),
        closed: yes(childText(node, 'isClosed')),
      }
      const wp = /^(\d+) \S/.exec(identifier)
      if (wp) thread.wordpressId = wp[1]!
      threads.set(id, thread)
      yield { type: 'thread', thread }
    } else if (node.name === 'post') {
      const disqusId = node.attributes['dsq:id']?.trim() ?? ''
      const threadId = child(node, 'thread')?.attributes['dsq:id'] ?? ''
      const identified = identify(node, threadId)
      if (identified.repeat) {
        yield { type: 'warning', warning: identified.repeat }
        continue
      }
      const { id } = identified
      const wordpressId = /^wp_id=(\d+)$/.exec(childText(node, 'id').trim())?.[1]
      const warnings: ImportWarning[] = identified.warnings
      const warn = (w: ImportWarning) => warnings.push(w)
      const author = child(node, 'author')
      let thread = threads.get(threadId)
      if (!thread) {
        thread = { id: threadId, identifier: '', link: '', title: '', deleted: false, closed: false }
        threads.set(threadId, thread)
        yield {
          type: 'warning',
          warning: {
            code: 'missing-thread',
            message: `${file ?? 'export'}:${node.line}: post ${disqusId || id} names thread ${threadId}, which is not in the export (or comes after it)`,
            postId: threadId,
          },
        }
      }
      const body = convert(childText(node, 'message'), { autop: false, shortcodes: false }, (p) =>
        warn({ code: p.code, message: `comment ${id}: ${p.message}`, postId: threadId, commentId: id }),
      )
      const fields = commentFields(
        {
          name: author ? childText(author, 'name') || childText(author, 'username') : '',
          url: author ? childText(author, 'link') : '',
          email: author ? childText(author, 'email') : '',
          body,
        },
        { postId: threadId, commentId: id },
        warn,
      )
      const created = Date.parse(childText(node, 'createdAt').trim())
      if (Number.isNaN(created))
        warn({
          code: 'missing-date',
          message: `comment ${id}: no valid \`createdAt\`: 1970-01-01 is used`,
          postId: threadId,
          commentId: id,
        })
      const status: ImportedComment['status'] = yes(childText(node, 'isDeleted'))
        ? 'deleted'
        : yes(childText(node, 'isSpam'))
          ? 'spam'
          : childText(node, 'isApproved').trim() === 'false'
            ? 'pending'
            : 'approved'
      const comment: ImportedComment = {
        id,
        postId: options.postId?.(thread) ?? defaultThreadPostId(thread),
        author: fields.author,
        createdAt: new Date(Number.isNaN(created) ? 0 : created).toISOString(),
        body: fields.body,
        status,
      }
      const record: { type: 'comment' } & DisqusComment = { type: 'comment', comment, thread, disqusId }
      const parent = child(node, 'parent')?.attributes['dsq:id']
      if (parent) record.parentDisqusId = parent
      if (wordpressId) record.wordpressId = wordpressId
      for (const warning of warnings) yield { type: 'warning', warning }
      yield record
    }
  }
  for (const warning of xmlWarnings.splice(0)) yield { type: 'warning', warning }
  if (!seenRoot)
    throw new ImportError('unknown-format', 'Expected a Disqus export (root element `<disqus>`)', {
      file,
      line: 1,
      column: 1,
    })
}

/**
 * Give the comments of one post their parents: a Disqus parent id becomes the parent's comment id
 * (`wp-<id>` when Disqus got the parent from WordPress); a parent on another post or missing from the
 * export makes the reply top-level, with a warning.
 */
export function resolveDisqusComments(
  records: readonly DisqusComment[],
  warn: (warning: ImportWarning) => void,
): ImportedComment[] {
  // Note: the first post with a Disqus id is the parent its replies mean (a later one with the same id
  // was renamed by `readDisqus`); posts without an id cannot be parents.
  const idOf = new Map<string, ImportedComment>()
  for (const r of records) if (r.disqusId !== '' && !idOf.has(r.disqusId)) idOf.set(r.disqusId, r.comment)
  return records.map((r) => {
    const comment = { ...r.comment }
    delete comment.parentId
    if (r.parentDisqusId !== undefined) {
      const parent = idOf.get(r.parentDisqusId)
      if (parent && parent.id !== comment.id) comment.parentId = parent.id
      else
        warn({
          code: 'missing-parent',
          message: `comment ${comment.id}: its parent dsq-${r.parentDisqusId} is not among the comments of ${comment.postId}: imported as a top-level comment`,
          postId: r.thread.id,
          commentId: comment.id,
        })
    }
    return ordered(comment)
  })
}

/**
 * Import a whole Disqus export: threads, and comments in @blogkit/comments' shape with parents,
 * deleted (`status: 'deleted'`, kept so that replies keep their place) and spam flags.
 *
 * @throws {ImportError} for XML that is not well-formed, unsafe XML, and files that are not Disqus exports.
 */
export async function fromDisqus(
  xml: XmlSource,
  options: Readonly<DisqusOptions> = {},
): Promise<DisqusImport> {
  const threads: DisqusThread[] = []
  const warnings: ImportWarning[] = []
  const byPost = new Map<string, DisqusComment[]>()
  const order: DisqusComment[] = []
  for await (const record of readDisqus(xml, options)) {
    if (record.type === 'thread') threads.push(record.thread)
    else if (record.type === 'warning') warnings.push(record.warning)
    else {
      const list = byPost.get(record.comment.postId) ?? []
      if (list.length === 0) byPost.set(record.comment.postId, list)
      list.push(record)
      order.push(record)
    }
  }
  const resolved = new Map<DisqusComment, ImportedComment>()
  for (const list of byPost.values()) {
    const comments = resolveDisqusComments(list, (w) => warnings.push(w))
    for (const [i, record] of list.entries()) resolved.set(record, comments[i]!)
  }
  return { threads, comments: order.map((record) => resolved.get(record)!), warnings }
}
