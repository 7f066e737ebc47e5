import type { Element, ElementContent, Root, RootContent } from 'hast'
import { fromHtml } from 'hast-util-from-html'
import { toHtml } from 'hast-util-to-html'

// Block elements around which whitespace does not matter (as in the spec's own normalize.py).
const blocks = new Set(
  'article aside blockquote body dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr html li main nav ol p pre section table tbody td tfoot th thead title tr ul'.split(
    ' ',
  ),
)

function isBlock(node: RootContent | ElementContent | undefined): boolean {
  return node?.type === 'element' && blocks.has(node.tagName)
}

function clean(parent: Root | Element, inPre: boolean): void {
  const children: Array<RootContent | ElementContent> = []
  const list = parent.children as Array<RootContent | ElementContent>
  for (const [index, node] of list.entries()) {
    if (node.type === 'comment') {
      children.push(node)
      continue
    }
    if (node.type === 'text') {
      if (inPre) {
        children.push(node)
        continue
      }
      let value = node.value.replace(/\s+/g, ' ')
      if (index === 0 || isBlock(list[index - 1])) value = value.replace(/^ /, '')
      if (index === list.length - 1 || isBlock(list[index + 1])) value = value.replace(/ $/, '')
      if (value !== '') children.push({ ...node, value })
      continue
    }
    if (node.type === 'element') {
      // Heading ids are set aside: the spec has none, `parsePost` adds GitHub-style ones.
      if (/^h[1-6]$/.test(node.tagName)) delete node.properties.id
      const sorted: Element['properties'] = {}
      for (const key of Object.keys(node.properties).sort()) sorted[key] = node.properties[key]
      node.properties = sorted
      clean(node, inPre || node.tagName === 'pre')
      if (node.tagName === 'template' && node.content) clean(node.content, inPre)
    }
    children.push(node)
  }
  parent.children = children as typeof parent.children
}

/** Normalize HTML for comparison, like the CommonMark spec runner's `normalize.py`. */
export function normalizeHtml(html: string): string {
  // Note: trailing white space makes the HTML parser re-open unclosed `<a>` elements of raw
  // HTML examples, so the spec's trailing newline would add an `<a>` our output lacks.
  const tree = fromHtml(html.trim(), { fragment: true })
  clean(tree, false)
  return toHtml(tree)
}
