import type { Element, ElementContent, Root as HastRoot, RootContent } from 'hast'
import type { Root as MdastRoot } from 'mdast'
import rehypeSlug from 'rehype-slug'
import rehypeStringify from 'rehype-stringify'
import remarkGfm from 'remark-gfm'
import remarkParse from 'remark-parse'
import remarkRehype from 'remark-rehype'
import { type PluggableList, type Processor, unified } from 'unified'
import type { VFile } from 'vfile'
import { rehypeSafeUrls } from './safe-urls.js'
import type { Excerpt, Heading, Image, Link } from './types.js'

declare module 'vfile' {
  interface DataMap {
    /** Offset of the `<!-- more -->` marker, set by `remarkMoreMarker`. */
    moreOffset: number
  }
}

const moreMarker = /^<!--\s*more\s*-->$/i

/**
 * Find the first top-level `<!-- more -->` comment, remember where it was and remove it
 * (it is a marker, not content, as in WordPress and Hugo).
 */
function remarkMoreMarker() {
  return (tree: MdastRoot, file: VFile): undefined => {
    const index = tree.children.findIndex(
      (node) => node.type === 'html' && moreMarker.test(node.value.trim()),
    )
    if (index === -1) return
    const offset = tree.children[index]!.position?.start.offset
    if (offset !== undefined) file.data.moreOffset = offset
    tree.children.splice(index, 1)
  }
}

/** Options of the Markdown pipeline. */
export interface MarkdownOptions {
  allowDangerousHtml: boolean
  remarkPlugins: PluggableList
  rehypePlugins: PluggableList
}

/** The unified processor used for every post. */
export type MarkdownProcessor = Processor<MdastRoot, MdastRoot, HastRoot, HastRoot, string>

/**
 * Create the processor: CommonMark + GFM, user remark plugins, `<!-- more -->`, HTML with
 * GitHub-style heading ids, user rehype plugins; without `allowDangerousHtml`, unsafe URL schemes
 * are removed last (after the user's plugins, so none of them can bring one back).
 */
export function createProcessor(options: MarkdownOptions): MarkdownProcessor {
  const processor = unified()
    .use(remarkParse)
    .use(remarkGfm)
    .use(options.remarkPlugins)
    .use(remarkMoreMarker)
    .use(remarkRehype, { allowDangerousHtml: options.allowDangerousHtml })
    .use(rehypeSlug)
    .use(options.rehypePlugins)
  if (!options.allowDangerousHtml) processor.use(rehypeSafeUrls)
  return processor
    .use(rehypeStringify, { allowDangerousHtml: options.allowDangerousHtml })
    .freeze() as unknown as MarkdownProcessor
}

function isFootnoteLink(node: Element): boolean {
  const props = node.properties
  return props.dataFootnoteRef !== undefined || props.dataFootnoteBackref !== undefined
}

/** Plain text of hast nodes: text only (no raw HTML, no footnote back-links). */
export function textOf(node: HastRoot | RootContent | ElementContent): string {
  if (node.type === 'text') return node.value
  if (node.type !== 'element' && node.type !== 'root') return ''
  if (node.type === 'element') {
    // Note: footnote numbers, back-links and the “Footnotes” label are not prose.
    if (node.tagName === 'a' && isFootnoteLink(node)) return ''
    if (node.properties.id === 'footnote-label') return ''
    if (node.tagName === 'br') return '\n'
  }
  let result = ''
  for (const child of node.children) result += textOf(child)
  return result
}

/** Collapse the blank lines hast keeps between blocks. */
export function tidyText(text: string): string {
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()
}

const headingRanks: Record<string, number> = { h1: 1, h2: 2, h3: 3, h4: 4, h5: 5, h6: 6 }

/** What is read off the HTML tree of a post. */
export interface TreeFacts {
  headings: Heading[]
  images: Image[]
  links: Link[]
}

/**
 * Collect headings, images and links from the HTML tree.
 */
export function collectFacts(tree: HastRoot, isInternal: (href: string) => boolean): TreeFacts {
  const facts: TreeFacts = { headings: [], images: [], links: [] }
  let footnotes = false
  const walk = (node: HastRoot | RootContent): void => {
    if (node.type === 'element') {
      const depth = headingRanks[node.tagName]
      if (node.tagName === 'section' && node.properties.dataFootnotes !== undefined) {
        footnotes = true
      } else if (depth !== undefined) {
        if (footnotes) return
        const id = node.properties.id
        facts.headings.push({ depth, text: tidyText(textOf(node)), id: typeof id === 'string' ? id : '' })
      } else if (node.tagName === 'img' && typeof node.properties.src === 'string') {
        const alt = node.properties.alt
        facts.images.push({ src: node.properties.src, alt: typeof alt === 'string' ? alt : '' })
      } else if (node.tagName === 'a' && typeof node.properties.href === 'string' && !isFootnoteLink(node)) {
        const href = node.properties.href
        facts.links.push({ href, text: tidyText(textOf(node)), internal: isInternal(href) })
      }
    }
    if (node.type === 'element' || node.type === 'root') for (const child of node.children) walk(child)
  }
  walk(tree)
  return facts
}

// Note: `Intl.Segmenter` is slow (about 100x a regular expression), so text in scripts that
// separate words with spaces is counted with an expression that follows the same Unicode word
// rules (UAX #29: `don't`, `e.g`, `3,14`, `foo_bar` are one word); text holding scripts without
// spaces (Chinese, Japanese, Thai, …) goes through the segmenter. A test checks both agree.
const spaceless =
  /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}\p{Script=Tibetan}]/u
const wordChar = '[\\p{L}\\p{M}\\p{Nd}\\p{Pc}]'
const word = new RegExp(
  `[\\p{Pc}\\p{M}]*[\\p{L}\\p{Nd}]${wordChar}*(?:(?:(?<=[\\p{L}\\p{M}])['’.:·\\u2027\\uFE13\\uFE55\\uFF1A](?=\\p{L})|(?<=\\p{Nd})[,;.'’\\u066C\\uFE50\\uFE54\\uFF0C\\uFF1B](?=\\p{Nd}))${wordChar}+)*`,
  'gu',
)

/** Count words as `Intl.Segmenter` does (word-like segments), so Swedish and CJK text count right. */
export function countWords(text: string, segmenter: Intl.Segmenter): number {
  if (spaceless.test(text)) {
    let words = 0
    for (const segment of segmenter.segment(text)) if (segment.isWordLike) words++
    return words
  }
  return text.match(word)?.length ?? 0
}

/**
 * Cut hast content to at most `budget` words, at a word boundary inside a text node, keeping
 * every element whole (so the HTML stays well-formed). Returns the words used.
 */
function truncate(
  node: ElementContent,
  budget: { left: number },
  segmenter: Intl.Segmenter,
): ElementContent | undefined {
  if (budget.left <= 0) return undefined
  if (node.type === 'text') {
    let words = 0
    for (const segment of segmenter.segment(node.value)) {
      if (!segment.isWordLike) continue
      words++
      if (words > budget.left) {
        budget.left = 0
        return { type: 'text', value: `${node.value.slice(0, segment.index).trimEnd()}…` }
      }
    }
    budget.left -= words
    return node
  }
  if (node.type !== 'element') return node
  const children: ElementContent[] = []
  for (const child of node.children) {
    if (budget.left <= 0) break
    const kept = truncate(child, budget, segmenter)
    if (kept) children.push(kept)
  }
  return { ...node, children }
}

/** Remove footnote references (their definitions are not in the excerpt). */
function withoutFootnoteRefs(node: ElementContent): ElementContent | undefined {
  if (node.type !== 'element') return node
  if (
    node.tagName === 'sup' &&
    node.children.some((child) => child.type === 'element' && isFootnoteLink(child))
  )
    return undefined
  const children: ElementContent[] = []
  for (const child of node.children) {
    const kept = withoutFootnoteRefs(child)
    if (kept) children.push(kept)
  }
  return { ...node, children }
}

const escapes: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }

/**
 * Make the excerpt: the content before `<!-- more -->`, else `description`, else the first
 * paragraphs up to `words` words.
 */
export function createExcerpt(
  tree: HastRoot,
  options: {
    moreOffset: number | undefined
    description: string | undefined
    words: number
    segmenter: Intl.Segmenter
    stringify: (tree: HastRoot) => string
  },
): Excerpt {
  let children: RootContent[] = []
  if (options.moreOffset !== undefined) {
    const offset = options.moreOffset
    for (const node of tree.children) {
      const end = node.position?.end.offset
      if (end !== undefined && end > offset) break
      if (
        node.type === 'element' &&
        node.tagName === 'section' &&
        node.properties.dataFootnotes !== undefined
      )
        break
      children.push(node)
    }
  } else if (options.description !== undefined) {
    const text = options.description
    return { html: `<p>${text.replace(/[&<>"]/g, (c) => escapes[c]!)}</p>`, text }
  } else {
    const budget = { left: options.words }
    for (const node of tree.children) {
      if (budget.left <= 0) break
      if (node.type !== 'element' || node.tagName !== 'p') continue
      const kept = truncate(node, budget, options.segmenter)
      if (kept) {
        if (children.length > 0) children.push({ type: 'text', value: '\n' })
        children.push(kept)
      }
    }
  }
  children = children.flatMap((node) => {
    if (node.type === 'doctype') return []
    const kept = withoutFootnoteRefs(node)
    return kept ? [kept] : []
  })
  while (children.at(-1)?.type === 'text' && (children.at(-1) as { value: string }).value.trim() === '')
    children.pop()
  while (children[0]?.type === 'text' && (children[0] as { value: string }).value.trim() === '')
    children.shift()
  const root: HastRoot = { type: 'root', children }
  return { html: options.stringify(root), text: tidyText(textOf(root)) }
}
