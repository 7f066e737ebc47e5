import type { Element, Root as HastRoot } from 'hast'
import { toHtml } from 'hast-util-to-html'
import type { Html, Root as MdastRoot } from 'mdast'
import rehypeParse from 'rehype-parse'
import rehypeRemark, { type Options as RehypeRemarkOptions } from 'rehype-remark'
import remarkGfm from 'remark-gfm'
import remarkStringify from 'remark-stringify'
import { unified } from 'unified'
import { limitNesting } from './html-nesting.js'
import { expandShortcodes } from './shortcodes.js'
import { htmlToText } from './text.js'
import { wpautop } from './wpautop.js'

/**
 * Deepest nesting of HTML elements converted as it is; elements deeper down are unwrapped (their
 * content kept), so that the converter's recursion cannot overflow the stack (it does past a few
 * thousand levels). Real posts stay far below.
 */
export const maxNesting = 256

/** Elements Markdown has no form for: kept as HTML in the Markdown, and reported. */
const keptAsHtml = [
  'iframe',
  'embed',
  'object',
  'script',
  'style',
  'svg',
  'math',
  'form',
  'video',
  'audio',
  'canvas',
  'details',
  'map',
]

/** A piece of content that could not be converted exactly. */
export interface ConversionProblem {
  /** `kept-html`, `unknown-shortcode`, `unresolved-gallery`, `nextpage`. */
  code: string
  /** What was kept or changed. */
  message: string
}

/** Options of a converter. */
export interface ConvertOptions {
  /** Apply WordPress's auto-paragraphs (`wpautop`): yes for post and comment content, no for Disqus HTML. */
  autop: boolean
  /** Expand WordPress shortcodes. */
  shortcodes: boolean
  /** Attachment URLs by id, for `[gallery ids]`. */
  attachments?: ReadonlyMap<string, string>
  /** Take the shortcut for plain text (see `plainTextToMarkdown`). Tests turn it off to compare. @default true */
  fast?: boolean
}

// Note: most comments are plain text with line breaks. Text without HTML, character references,
// Markdown punctuation, list or heading starts, URLs or e-mail-like words comes out of the unified
// pipeline as exactly its paragraphs and hard breaks, so it skips the pipeline (50–100× faster; a
// test checks both give the same Markdown).
const notPlain = /[<>&*_`[\]\\#|~=+{}$^]|\w@\w|:\/\/|www\.|^\s*(?:[-+>]|\d+[.)])|\u00a0/m

/** Markdown of plain text as WordPress shows it (`wpautop`), or `undefined` when it is not plain enough. */
export function plainTextToMarkdown(text: string, autop: boolean): string | undefined {
  if (notPlain.test(text)) return undefined
  const paragraphs: string[] = []
  for (const block of text.split(/\n[ \t]*\n/)) {
    const lines = block
      .split('\n')
      .map((line) => line.replace(/[ \t]+/g, ' ').trim())
      .filter((line) => line !== '')
    if (lines.length > 0) paragraphs.push(lines.join(autop ? '\\\n' : ' '))
  }
  return paragraphs.join('\n\n')
}

/** Turns stored WordPress or Disqus HTML into Markdown. One per import (it holds a unified processor). */
export type HtmlConverter = (
  html: string,
  options: Readonly<ConvertOptions>,
  report: (problem: ConversionProblem) => void,
) => string

/** Create the HTML to Markdown converter: rehype-parse, rehype-remark (with handlers for figures and kept HTML), remark-gfm, remark-stringify. */
export function createHtmlConverter(): HtmlConverter {
  let problems: ConversionProblem[] = []
  const keep = (_state: unknown, node: Element): Html => {
    const marked = node.properties?.dataBlogkitKeep !== undefined
    if (marked) delete node.properties.dataBlogkitKeep
    const value = toHtml(node)
    if (!marked)
      problems.push({
        code: 'kept-html',
        message: `\`<${node.tagName}>\` has no Markdown form: kept as HTML (${value.length > 80 ? `${value.slice(0, 77)}...` : value})`,
      })
    return { type: 'html', value }
  }
  const handlers: NonNullable<RehypeRemarkOptions['handlers']> = Object.fromEntries(
    keptAsHtml.map((name) => [name, keep]),
  )
  handlers.figure = (state, node) => {
    const captionNode = node.children.find(
      (c): c is Element => c.type === 'element' && c.tagName === 'figcaption',
    )
    const rest: HastRoot = { type: 'root', children: node.children.filter((c) => c !== captionNode) }
    const content = state.toFlow(state.all(rest))
    if (captionNode) {
      const caption = state.all(captionNode)
      if (caption.length > 0)
        content.push({ type: 'paragraph', children: [{ type: 'emphasis', children: caption as never }] })
    }
    return content
  }
  const processor = unified()
    .use(rehypeParse, { fragment: true })
    .use(rehypeRemark, { handlers })
    .use(remarkGfm)
    .use(remarkStringify, {
      bullet: '-',
      emphasis: '_',
      strong: '*',
      fences: true,
      listItemIndent: 'one',
      rule: '-',
      resourceLink: false,
    })
    .freeze()

  const toMarkdown = (html: string): string => {
    const hast = processor.parse(html)
    const mdast = processor.runSync(hast) as unknown as MdastRoot
    return String(processor.stringify(mdast as never)).trim()
  }
  // Note: the last resort when the tree is still too deep for the stack: the text, as paragraphs.
  const toParagraphs = (html: string): string => {
    const blocks = html
      .replace(/<br\s*\/?>/gi, '\n')
      .split(
        /<\/?(?:p|div|li|h[1-6]|blockquote|pre|tr|table|ul|ol|dl|dt|dd|section|article|figure)\b[^>]*>|\n\s*\n/i,
      )
      .map((block) => htmlToText(block))
      .filter((text) => text !== '')
    const root: MdastRoot = {
      type: 'root',
      children: blocks.map((value) => ({ type: 'paragraph', children: [{ type: 'text', value }] })),
    }
    return String(processor.stringify(root as never)).trim()
  }

  return (input, options, report) => {
    problems = []
    let html = input.replace(/\r\n?/g, '\n')
    if (options.fast !== false && options.autop) {
      const plain = plainTextToMarkdown(html, true)
      if (plain !== undefined) return plain
    }
    const blocks = html.includes('<!-- wp:')
    if (blocks) html = html.replace(/<!-- \/?wp:[\s\S]*?-->\n?/g, '')
    if (/<!--nextpage-->/.test(html)) {
      problems.push({
        code: 'nextpage',
        message: '`<!--nextpage-->` (a post in pages) became a thematic break',
      })
      html = html.replace(/<!--nextpage-->/g, '\n<hr>\n')
    }
    if (options.shortcodes) {
      html = expandShortcodes(html, {
        ...(options.attachments ? { attachments: options.attachments } : {}),
        report: (p) => problems.push(p),
      })
    }
    // Note: block-editor content already has its paragraphs; WordPress skips wpautop for it too.
    if (options.autop && !blocks) html = wpautop(html)
    const limited = limitNesting(html, maxNesting)
    if (limited.html !== html)
      problems.push({
        code: 'deep-html',
        message: `HTML nested ${limited.depth} levels deep: elements below level ${maxNesting} were unwrapped (their text and images kept)`,
      })
    let markdown: string
    try {
      markdown = toMarkdown(limited.html)
    } catch (error) {
      if (!(error instanceof RangeError)) throw error
      problems.push({
        code: 'deep-html',
        message:
          'HTML too deeply nested to convert: written as plain text paragraphs (its links, images and emphasis are not kept)',
      })
      markdown = toParagraphs(limited.html)
    }
    for (const p of problems) report(p)
    return markdown
  }
}
