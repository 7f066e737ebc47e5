import type { Comment, LatestPost } from './types.js'

/** Options of `inferReplies`. */
export interface InferRepliesOptions {
  /** Split a CommentLuv trailer (".-= Name's last post: Title =-.") off the body into `author.latestPost`. @default true */
  splitCommentLuv?: boolean
}

/** Case- and Unicode-insensitive form of a name: NFKC, lower case, single spaces. */
function nameKey(name: string): string {
  return name.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
}

// "@Name:" or "@Name," at the start of the body; the name may hold spaces ("@Maria på MIKU:").
const mentionPrefix = /^\s*@([^\n:,@]{1,80}?)\s*[:,]/u
// Last line ".-= … =-." (CommentLuv), e.g. ".-= Magnuss senaste postning: PageRank ändras idag =-.".
const commentLuvTrailer = /\n?[ \t]*\.-=[ \t]*([^\n]*?)[ \t]*=-\.[ \t]*\s*$/u

function parseTrailer(inner: string): LatestPost | undefined {
  const separator = /:\s+|\.\.+\s*/u.exec(inner)
  let title = (separator ? inner.slice(separator.index + separator[0].length) : inner).trim()
  let url: string | undefined
  const link = /^\[([^\]]+)\]\((https?:\/\/[^\s)]+)\)$/u.exec(title)
  if (link) {
    title = link[1]!.trim()
    url = link[2]!
  }
  if (title === '') return undefined
  return url === undefined ? { title } : { title, url }
}

/**
 * Restore the reply structure of flat, imported threads that write replies as "@Name: …" (as old blogs
 * did), and split CommentLuv trailers off the bodies.
 *
 * A comment without `parentId` whose body starts with "@Name:" gets the nearest earlier comment on the
 * same post by that name as parent: full name first, else a first name that only one earlier commenter
 * has; names compare case- and Unicode-insensitively (NFKC). Never a later comment, never itself; an
 * explicit `parentId` always wins. Inferred links get `parentInferred: true`.
 *
 * @param comments Comments of one or more posts; the input is not changed.
 * @param options Whether to split CommentLuv trailers.
 * @returns New comment objects in the input order.
 */
export function inferReplies(
  comments: readonly Comment[],
  options?: Readonly<InferRepliesOptions> | null,
): Comment[] {
  const split = options?.splitCommentLuv ?? true
  const result = comments.map((c): Comment => ({ ...c, author: { ...c.author } }))
  if (split) {
    for (const c of result) {
      const m = commentLuvTrailer.exec(c.body)
      if (!m) continue
      const latest = parseTrailer(m[1]!)
      if (!latest) continue
      c.body = c.body.slice(0, m.index).trimEnd()
      c.author.latestPost = latest
    }
  }

  // Earlier = older `createdAt`, then earlier in the input.
  const time = result.map((c) => Date.parse(c.createdAt))
  const order = result.map((_, i) => i)
  order.sort((a, b) => time[a]! - time[b]! || 0 || a - b)

  interface PostState {
    byName: Map<string, number>
    byFirstName: Map<string, Set<string>>
  }
  const posts = new Map<string, PostState>()
  for (const i of order) {
    const c = result[i]!
    let state = posts.get(c.postId)
    if (!state) {
      state = { byName: new Map(), byFirstName: new Map() }
      posts.set(c.postId, state)
    }
    if (c.parentId === undefined) {
      const m = mentionPrefix.exec(c.body)
      if (m) {
        const key = nameKey(m[1]!)
        let parent = state.byName.get(key)
        if (parent === undefined && !key.includes(' ')) {
          const names = state.byFirstName.get(key)
          if (names && names.size === 1) parent = state.byName.get([...names][0]!)
        }
        if (parent !== undefined) {
          c.parentId = result[parent]!.id
          c.parentInferred = true
        }
      }
    }
    const key = nameKey(c.author.name)
    if (key !== '') {
      state.byName.set(key, i)
      const first = key.split(' ')[0]!
      let names = state.byFirstName.get(first)
      if (!names) {
        names = new Set()
        state.byFirstName.set(first, names)
      }
      names.add(key)
    }
  }
  return result
}

/**
 * The form of the answered comment's author name that a reply's "@Name" uses, for `renderCommentHtml`'s
 * `replyTo.name` (which links the name it is given): "@Henrik:" answers "Henrik Sandmark", so the reply
 * links the first name when its body starts with it and not with the full name. Names compare as
 * `inferReplies` compares them (case- and Unicode-insensitively, NFKC).
 *
 * @param body The reply's body (Markdown source).
 * @param name The name of the author of the comment it answers.
 * @returns `name`, or its first word when the body starts with "@" and that word.
 */
export function mentionedName(body: string, name: string): string {
  if (typeof body !== 'string' || typeof name !== 'string')
    throw new TypeError(`Expected \`body\` and \`name\` to be strings, got ${typeof body} and ${typeof name}`)
  const text = body.trimStart()
  if (!text.startsWith('@')) return name
  if (nameKey(text.slice(1, name.length + 1)) === nameKey(name)) return name
  const first = name.split(/\s+/)[0] ?? name
  const mention = /^@([^\s:,]+)/u.exec(text)
  return mention && nameKey(mention[1]!) === nameKey(first) ? first : name
}
