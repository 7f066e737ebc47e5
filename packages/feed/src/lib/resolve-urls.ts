import type { Element, Root, RootContent } from 'hast'
import rehypeParse from 'rehype-parse'
import rehypeStringify from 'rehype-stringify'
import { unified } from 'unified'

// Note: a cheap pre-scan. Only HTML where some href/src/srcset/poster value does not start with a scheme
// (`https:`, `mailto:` …) pays for a full parse; `#fragment` links count as relative too (they point into
// the post, which a reader shows away from the site).
const candidate = /\b(?:href|src|srcset|poster)\s*=\s*(?:"\s*([^"]*)"|'\s*([^']*)'|([^\s"'>]+))/gi
const absolute = /^[a-z][a-z\d+.-]*:/i

// Note: one regex pass finds an href/src/poster whose value does not start with a scheme (the lookaheads skip
// the quote and spaces), or any srcset, whose URLs are then checked one by one.
const relativeOrSrcset =
  /\b(?:href|src|poster)\s*=\s*(?:"(?!\s*[a-z][a-z\d+.-]*:)|'(?!\s*[a-z][a-z\d+.-]*:)|(?![\s"'])(?![a-z][a-z\d+.-]*:))|\bsrcset\s*=/gi

/** Whether `html` may hold a relative URL in an attribute that readers follow. */
export function mayHaveRelativeUrl(html: string): boolean {
  if (!html.includes('=')) return false
  relativeOrSrcset.lastIndex = 0
  let match = relativeOrSrcset.exec(html)
  while (match) {
    if (!/^srcset/i.test(match[0])) return true
    candidate.lastIndex = match.index
    const value = candidate.exec(html)
    const text = value ? (value[1] ?? value[2] ?? value[3] ?? '') : ''
    for (const part of text.split(',')) {
      const url = part.trim().split(/\s+/)[0] ?? ''
      if (url && !absolute.test(url)) return true
    }
    relativeOrSrcset.lastIndex = match.index + match[0].length
    match = relativeOrSrcset.exec(html)
  }
  return false
}

const urlAttributes = ['href', 'src', 'poster'] as const

function resolve(value: unknown, base: string): unknown {
  if (typeof value !== 'string') return value
  const trimmed = value.trim()
  if (absolute.test(trimmed)) return value
  try {
    return new URL(trimmed, base).href
  } catch {
    return value
  }
}

function resolveSrcset(value: unknown, base: string): unknown {
  const text = Array.isArray(value) ? value.join(', ') : value
  if (typeof text !== 'string') return value
  return text
    .split(',')
    .map((part) => {
      const [url = '', ...descriptors] = part.trim().split(/\s+/)
      return [resolve(url, base), ...descriptors].join(' ')
    })
    .join(', ')
}

function visit(nodes: RootContent[], base: string): void {
  for (const node of nodes) {
    if (node.type !== 'element') continue
    const element = node as Element
    const properties = element.properties
    for (const name of urlAttributes) {
      if (properties[name] !== undefined) properties[name] = resolve(properties[name], base) as string
    }
    if (properties.srcSet !== undefined) properties.srcSet = resolveSrcset(properties.srcSet, base) as string
    visit(element.children, base)
    if (element.tagName === 'template' && element.content) visit(element.content.children, base)
  }
}

/** Creates a resolver; the unified processor is made once per feed, never at module level. */
export function createUrlResolver(): (html: string, base: string) => string {
  let processor: ReturnType<typeof makeProcessor> | undefined
  return (html, base) => {
    if (!mayHaveRelativeUrl(html)) return html
    processor ??= makeProcessor()
    const tree = processor.parse(html) as Root
    visit(tree.children, base)
    return processor.stringify(tree)
  }
}

function makeProcessor() {
  return unified()
    .use(rehypeParse, { fragment: true })
    .use(rehypeStringify, { characterReferences: { useNamedReferences: true } })
    .freeze()
}
