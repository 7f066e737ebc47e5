/** Elements without content (no closing tag). */
const voids = new Set([
  'area',
  'base',
  'br',
  'col',
  'embed',
  'hr',
  'img',
  'input',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
])
/** Elements whose content is text up to their closing tag. */
const rawText = new Set([
  'script',
  'style',
  'textarea',
  'title',
  'xmp',
  'iframe',
  'noembed',
  'noframes',
  'noscript',
  'plaintext',
])
/** Elements that close an open `<p>`, as the HTML parser does. */
const closesParagraph = new Set([
  'address',
  'article',
  'aside',
  'blockquote',
  'details',
  'div',
  'dl',
  'fieldset',
  'figcaption',
  'figure',
  'footer',
  'form',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'header',
  'main',
  'nav',
  'ol',
  'p',
  'pre',
  'section',
  'table',
  'ul',
])
/** An element that closes an open element of its own kind (`<li>` after `<li>`), as the HTML parser does. */
const closesSame: Record<string, readonly string[]> = {
  li: ['li'],
  dt: ['dt', 'dd'],
  dd: ['dt', 'dd'],
  td: ['td', 'th'],
  th: ['td', 'th'],
  tr: ['td', 'th', 'tr'],
  option: ['option'],
}

const tag = /<(\/?)([a-zA-Z][a-zA-Z0-9:-]*)[^>]*>/y

/**
 * Unwrap elements nested deeper than `max`: their tags are removed, their content stays (text,
 * images, line breaks). The HTML → Markdown libraries recurse once or more per level, so a few
 * thousand nested elements (a damaged or hostile post) would overflow the stack.
 *
 * Depth is found by a scan of the tags, not a full HTML parse: it follows void and raw-text elements,
 * closing tags that close their open children, and the implied ends of `<p>`, `<li>`, `<dt>`/`<dd>`,
 * table cells and rows and `<option>`, so it counts like the parser on everything but misnested
 * markup. Linear in the length of `html`.
 *
 * @returns The HTML (the same string when nothing is nested deeper than `max`) and the deepest level seen.
 */
export function limitNesting(html: string, max: number): { html: string; depth: number } {
  // The open elements, each with whether its tags are removed.
  const stack: Array<{ name: string; removed: boolean }> = []
  const open = new Map<string, number>()
  const cuts: Array<[number, number]> = []
  let depth = 0
  const pop = () => {
    const top = stack.pop()!
    open.set(top.name, open.get(top.name)! - 1)
    return top
  }
  let at = html.indexOf('<')
  while (at !== -1) {
    if (html.startsWith('<!--', at)) {
      const end = html.indexOf('-->', at + 4)
      if (end === -1) break
      at = html.indexOf('<', end + 3)
      continue
    }
    tag.lastIndex = at
    const match = tag.exec(html)
    if (!match) {
      at = html.indexOf('<', at + 1)
      continue
    }
    const end = at + match[0].length
    const name = match[2]!.toLowerCase()
    if (match[1]) {
      if ((open.get(name) ?? 0) > 0) {
        let top = pop()
        while (top.name !== name) top = pop()
        if (top.removed) cuts.push([at, end])
      }
    } else if (!voids.has(name)) {
      const same = closesSame[name]
      if (same) {
        if (name === 'tr') while (stack.length > 0 && same.includes(stack.at(-1)!.name)) pop()
        else if (stack.length > 0 && same.includes(stack.at(-1)!.name)) pop()
      }
      if (closesParagraph.has(name) && stack.at(-1)?.name === 'p') pop()
      if (rawText.has(name)) {
        // Note: raw text holds no elements (one level more at most, so it is kept); skip to its closing tag.
        depth = Math.max(depth, stack.length + 1)
        const close = new RegExp(`</${name}[\\s/>]`, 'gi')
        close.lastIndex = end
        const found = close.exec(html)
        if (found === null) break
        at = html.indexOf('<', found.index + 1)
        continue
      }
      const removed = stack.length >= max
      if (removed) cuts.push([at, end])
      stack.push({ name, removed })
      open.set(name, (open.get(name) ?? 0) + 1)
      depth = Math.max(depth, stack.length)
    }
    at = html.indexOf('<', end)
  }
  if (cuts.length === 0) return { html, depth }
  let result = ''
  let from = 0
  for (const [start, stop] of cuts) {
    result += html.slice(from, start)
    from = stop
  }
  return { html: result + html.slice(from), depth }
}
