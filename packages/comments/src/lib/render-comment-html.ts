import type { Element, ElementContent, Root as HastRoot, Parents, Text } from 'hast'
import type { Schema } from 'hast-util-sanitize'
import type { RootContent as MdastContent, Parent as MdastParent, Root as MdastRoot, Paragraph } from 'mdast'
import { gfmAutolinkLiteralFromMarkdown } from 'mdast-util-gfm-autolink-literal'
import { gfmAutolinkLiteral } from 'micromark-extension-gfm-autolink-literal'
import rehypeSanitize from 'rehype-sanitize'
import rehypeStringify from 'rehype-stringify'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { type Processor, unified } from 'unified'
import { CommentError } from './errors.js'
import { removeUnsafeCharacters } from './text.js'

/** Options of `renderCommentHtml`. */
export interface RenderCommentHtmlOptions {
  /**
   * The comment this one answers: `@Name` in the body (case-insensitive) becomes a link to `href`,
   * e.g. `{ name: 'Magnus', href: '#comment-42' }`. `href` is trusted site output: a fragment, a
   * path or an absolute `http(s)` URL.
   */
  replyTo?: { name: string; href: string } | null
  /** Longest body accepted, in UTF-16 code units; longer bodies throw `body-too-long`. @default 100000 */
  maxLength?: number
}

/** The `rel` put on every link in a comment. */
export const commentLinkRel = 'nofollow ugc noopener'

/**
 * The strict rehype-sanitize schema used by `renderCommentHtml`: the Markdown subset only (paragraphs,
 * emphasis, links, code, quotes, lists), no ids or names, no styles, no media, links `http`, `https`
 * and `mailto` only.
 */
export const commentSanitizeSchema: Schema = {
  tagNames: ['p', 'br', 'em', 'strong', 'a', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'hr'],
  attributes: { a: ['href'], ol: ['start'], code: [['className', /^language-[\w-]{1,40}$/]] },
  protocols: { href: ['http', 'https', 'mailto'] },
  ancestors: { li: ['ol', 'ul'] },
  required: {},
  clobber: [],
  clobberPrefix: 'user-content-',
  strip: [
    'script',
    'style',
    'template',
    'textarea',
    'title',
    'noscript',
    'iframe',
    'svg',
    'math',
    'xmp',
    'noembed',
    'noframes',
  ],
  allowComments: false,
  allowDoctypes: false,
}

/** Remark plugin: GFM autolink literals only (`https://…`, `www.…`, e-mail addresses), not the rest of GFM. */
function remarkAutolinkLiteral(this: Processor) {
  const data = this.data()
  data.micromarkExtensions ??= []
  data.micromarkExtensions.push(gfmAutolinkLiteral())
  data.fromMarkdownExtensions ??= []
  data.fromMarkdownExtensions.push(gfmAutolinkLiteralFromMarkdown())
}

/**
 * Remark plugin: keep comments to the subset. Raw HTML becomes visible text (nothing is lost, nothing runs),
 * headings become paragraphs, images become links to the image (so the link rules apply).
 */
function remarkCommentSubset() {
  return (tree: MdastRoot) => {
    const stack: Array<[MdastParent, number]> = [[tree, 0]]
    while (stack.length > 0) {
      const [parent, depth] = stack.pop()!
      const inline = parent.type !== 'root' && parent.type !== 'blockquote' && parent.type !== 'listItem'
      const asText = (value: string): MdastContent => {
        const text: MdastContent = { type: 'text', value }
        // Note: block-level content sits directly in a container; wrap it so it reads as a paragraph.
        return inline ? text : { type: 'paragraph', children: [text] }
      }
      parent.children = parent.children.map((child): MdastContent => {
        if (child.type === 'html') return asText(child.value)
        if ('children' in child && depth >= maxNesting) {
          // Note: the HTML stringifier recurses; very deep nesting (`>>>>…`) would overflow the stack.
          return asText(plainText(child))
        }
        if (child.type === 'heading') {
          const paragraph: Paragraph = { type: 'paragraph', children: child.children }
          stack.push([paragraph, depth + 1])
          return paragraph
        }
        if (child.type === 'image') {
          return { type: 'link', url: child.url, children: [{ type: 'text', value: child.alt || child.url }] }
        }
        if (child.type === 'imageReference') {
          return { type: 'text', value: child.alt ?? '' }
        }
        if ('children' in child) stack.push([child, depth + 1])
        return child
      }) as typeof parent.children
    }
  }
}

/** Nesting depth kept; deeper content is flattened to its text. */
const maxNesting = 32

const containerMarker = /[ \t]*(?:>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))[ \t]?/y
const maxIndent = 4 * maxNesting

/**
 * Bound the container nesting before parsing: the Markdown parser's time grows quadratically or worse with
 * nested lists and quotes (1,000 nested list lines take ~50 s), so a short body could stall a server.
 * Markers past `maxNesting` on a line are escaped (shown as text) and indentation is capped at
 * `4 * maxNesting` columns.
 */
function limitNesting(text: string): string {
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    let line = lines[i]!
    const indent = /^[ \t]*/.exec(line)![0]
    if (indent.length > maxIndent) line = indent.slice(0, maxIndent) + line.slice(indent.length)
    let pos = 0
    for (let count = 1; ; count++) {
      containerMarker.lastIndex = pos
      const m = containerMarker.exec(line)
      if (m === null || m[0].length === 0) break
      if (count > maxNesting) {
        const at = pos + m[0].search(/\S/)
        line = `${line.slice(0, at)}\\${line.slice(at)}`
        break
      }
      pos += m[0].length
    }
    lines[i] = line
  }
  return lines.join('\n')
}

/** Plain text of a node, without recursion. */
function plainText(node: MdastContent): string {
  const parts: string[] = []
  const stack: MdastContent[] = [node]
  while (stack.length > 0) {
    const n = stack.pop()!
    if ('value' in n && typeof n.value === 'string') parts.push(n.value)
    if ('children' in n)
      for (let i = n.children.length - 1; i >= 0; i--) stack.push(n.children[i] as MdastContent)
  }
  return parts.join(' ')
}

function safeHref(href: unknown): string | undefined {
  if (typeof href !== 'string') return undefined
  if (/^mailto:[^\s<>"']+@[^\s<>"']+$/i.test(href)) return href
  if (!/^https?:\/\//i.test(href)) return undefined
  try {
    const url = new URL(href)
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined
    return url.href
  } catch {
    return undefined
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** Rehype plugin run after sanitizing: only absolute http(s)/mailto links survive, each with `rel`; `@Name` linked. */
function rehypeCommentLinks(replyTo: { name: string; href: string } | undefined) {
  const mention =
    replyTo && replyTo.name.trim() !== ''
      ? new RegExp(
          `(^|[^\\p{L}\\p{N}_@])(@${escapeRegExp(replyTo.name.trim().normalize('NFC'))})(?![\\p{L}\\p{N}_])`,
          'giu',
        )
      : undefined
  return (tree: HastRoot) => {
    // Note: iterative walk, so deeply nested quotes or lists cannot overflow the stack.
    const stack: Parents[] = [tree]
    while (stack.length > 0) {
      const parent = stack.pop()!
      const next: Array<ElementContent | HastRoot['children'][number]> = []
      for (const child of parent.children) {
        if (child.type === 'element' && child.tagName === 'a') {
          const href = safeHref(child.properties.href)
          if (href === undefined) {
            // Unwrap: keep the text, drop the link.
            next.push(...child.children)
            stack.push({ ...child, children: [] })
            continue
          }
          child.properties = { href, rel: commentLinkRel.split(' ') }
          next.push(child)
          continue
        }
        if (child.type === 'element') {
          if (child.tagName !== 'code' && child.tagName !== 'pre') stack.push(child)
          next.push(child)
          continue
        }
        if (child.type === 'text') {
          const previous = next[next.length - 1]
          // Note: raw HTML turned to text leaves neighbouring text nodes; merge them so `@Name` matches across.
          if (previous?.type === 'text') previous.value += child.value
          else next.push({ ...child })
          continue
        }
        next.push(child)
      }
      parent.children = (
        mention && replyTo
          ? next.flatMap((n): typeof next =>
              n.type === 'text' ? linkMentions(n, mention, replyTo.href) : [n],
            )
          : next
      ) as typeof parent.children
    }
  }
}

function linkMentions(node: Text, mention: RegExp, href: string): ElementContent[] {
  const out: ElementContent[] = []
  const text = node.value
  let last = 0
  mention.lastIndex = 0
  for (let m = mention.exec(text); m !== null; m = mention.exec(text)) {
    const start = m.index + (m[1]?.length ?? 0)
    if (start > last) out.push({ type: 'text', value: text.slice(last, start) })
    const link: Element = {
      type: 'element',
      tagName: 'a',
      properties: { href, className: ['mention'] },
      children: [{ type: 'text', value: m[2]! }],
    }
    out.push(link)
    last = start + m[2]!.length
  }
  if (last === 0) return [node]
  if (last < text.length) out.push({ type: 'text', value: text.slice(last) })
  return out
}

function checkReplyTo(replyTo: RenderCommentHtmlOptions['replyTo']) {
  if (replyTo === undefined || replyTo === null) return undefined
  if (typeof replyTo.name !== 'string' || typeof replyTo.href !== 'string') {
    throw new TypeError('Expected `replyTo` to be `{ name: string, href: string }`')
  }
  const scheme = /^([a-z][a-z\d+.-]*):/i.exec(replyTo.href.trim())?.[1]?.toLowerCase()
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    throw new TypeError(
      `Expected \`replyTo.href\` to be a fragment, a path or an http(s) URL, got \`${replyTo.href.slice(0, 60)}\``,
    )
  }
  return replyTo
}

/**
 * Render a comment body (a Markdown subset: paragraphs, emphasis, links, inline and block code, quotes,
 * lists) to safe HTML.
 *
 * Raw HTML is shown as text (escaped: nothing runs, and nothing the commenter wrote disappears), the result
 * is sanitized with a strict allow-list (`commentSanitizeSchema`), links are kept only for `http`, `https`
 * and `mailto` (others are unwrapped to their text) and get `rel="nofollow ugc noopener"`, bare URLs are
 * linked, control and bidi-override characters are removed, and `@Name` links to the answered comment.
 *
 * @param body Markdown source of the comment.
 * @param options The answered comment (for `@Name`) and the length limit.
 * @returns An HTML fragment, safe to put in a page as is.
 * @throws {CommentError} `body-too-long` when the body exceeds `maxLength`.
 */
export function renderCommentHtml(body: string, options?: Readonly<RenderCommentHtmlOptions> | null): string {
  if (typeof body !== 'string') {
    throw new TypeError(`Expected \`body\` to be a string, got \`${typeof body}\``)
  }
  const maxLength = options?.maxLength ?? 100_000
  if (!(Number.isInteger(maxLength) && maxLength > 0)) {
    throw new TypeError(`Expected \`maxLength\` to be a positive integer, got \`${String(maxLength)}\``)
  }
  if (body.length > maxLength) {
    throw new CommentError(
      'body-too-long',
      `Expected \`body\` to be at most ${maxLength} characters, got ${body.length}; shorten it or raise \`maxLength\``,
      'body',
    )
  }
  const replyTo = checkReplyTo(options?.replyTo)
  const clean = removeUnsafeCharacters(body.replace(/\r\n?/g, '\n')).normalize('NFC')
  const file = unified()
    .use(remarkParse)
    .use(remarkAutolinkLiteral)
    .use(remarkCommentSubset)
    .use(remarkRehype)
    .use(rehypeSanitize, commentSanitizeSchema)
    .use(rehypeCommentLinks, replyTo)
    .use(rehypeStringify)
    .processSync(limitNesting(clean))
  return String(file)
}
