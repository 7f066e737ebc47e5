import type { Element, Properties, Root } from 'hast'

// Note: the schemes of hast-util-sanitize's default schema (`protocols`; the unified ecosystem's
// sanitizer, modelled on GitHub's), written out rather than imported for six words.
const linkSchemes: ReadonlySet<string> = new Set(['http', 'https', 'irc', 'ircs', 'mailto', 'xmpp'])
const sourceSchemes: ReadonlySet<string> = new Set(['http', 'https'])

/** URL-bearing properties (hast names) and the schemes each may use. */
const urlProperties: Record<string, ReadonlySet<string>> = {
  href: linkSchemes,
  xLinkHref: linkSchemes,
  action: linkSchemes,
  formAction: linkSchemes,
  ping: sourceSchemes,
  src: sourceSchemes,
  srcSet: sourceSchemes,
  poster: sourceSchemes,
  cite: sourceSchemes,
  longDesc: sourceSchemes,
  data: sourceSchemes,
  background: sourceSchemes,
  codeBase: sourceSchemes,
  manifest: sourceSchemes,
}

/** Raster images as `data:` URLs: an `<img>` cannot run them (SVG, which can hold script, is not among them). */
const dataImage = /^data:image\/(?:png|gif|jpe?g|webp|avif)[;,]/i

/**
 * Whether a URL is relative or uses an allowed scheme. Anything before the first `:` that is not
 * preceded by `/`, `?` or `#` counts as a scheme, and must be one of `schemes` exactly (ignoring
 * case): so `JaVaScRiPt:`, ` javascript:` and `java\tscript:` (which browsers read as
 * `javascript:`) are all refused rather than recognized, and entities are already decoded here.
 */
export function isSafeUrl(value: string, schemes: ReadonlySet<string>, image = false): boolean {
  const colon = value.indexOf(':')
  if (colon === -1) return true
  for (const mark of ['/', '?', '#']) {
    const at = value.indexOf(mark)
    if (at !== -1 && at < colon) return true
  }
  const scheme = value.slice(0, colon).toLowerCase()
  if (schemes.has(scheme)) return true
  return image && scheme === 'data' && dataImage.test(value)
}

function safeValue(element: Element, key: string, value: Properties[string]): boolean {
  const schemes = urlProperties[key]
  if (schemes === undefined) return true
  const image = element.tagName === 'img' && key === 'src'
  if (typeof value === 'string') {
    if (key === 'srcSet') return value.split(',').every((candidate) => isSafeUrl(candidate.trim(), schemes))
    return isSafeUrl(value, schemes, image)
  }
  if (Array.isArray(value)) return value.every((item) => typeof item !== 'string' || isSafeUrl(item, schemes))
  return true
}

/**
 * Rehype plugin of `allowDangerousHtml: false`: remove URLs with schemes that can run script or
 * load unexpected content (`javascript:`, `vbscript:`, `data:` other than raster images in
 * `<img src>`, `file:`, …) from every element, whatever made it (links, images, reference
 * definitions, autolinks, other plugins). The element stays: a link without `href` shows its text.
 */
export function rehypeSafeUrls() {
  return (tree: Root): undefined => {
    // Note: iterative, so a deeply nested tree cannot overflow the stack.
    const stack: Array<Root | Element> = [tree]
    while (stack.length > 0) {
      const node = stack.pop()!
      if (node.type === 'element') {
        const properties = node.properties
        for (const key in properties) {
          if (!safeValue(node, key, properties[key])) delete properties[key]
        }
      }
      for (const child of node.children) if (child.type === 'element') stack.push(child)
    }
  }
}
