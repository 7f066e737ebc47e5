import { Parser } from 'htmlparser2'
import { escapeAttribute, parseBase, resolve, resolveSrcset, urlAttributes } from '../src/lib/resolve-urls.js'

/**
 * The reference `resolveHtml` is tested against: the HTML is parsed with htmlparser2's `Parser` (which knows that
 * `<script>`, `<style>` or `<textarea>` content holds no tags, and that SVG and MathML content works differently)
 * and only the changed `href`, `src`, `poster` and `srcset` attributes are spliced in, double-quoted.
 */
export function resolveHtmlWithParser(html: string, baseUrl: string): string {
  const base = parseBase(baseUrl)
  let out = ''
  let at = 0
  const seen = new Set<string>()
  const parser = new Parser({
    onopentagname() {
      seen.clear()
    },
    // Note: while `onattribute` runs, startIndex is the attribute's first character and endIndex the
    // character just after it (after its closing quote), so the slice between them is `name=value`.
    onattribute(name, value) {
      if (seen.has(name)) return // browsers keep the first of duplicate attributes
      seen.add(name)
      if (!urlAttributes.has(name)) return
      const resolved = name === 'srcset' ? resolveSrcset(value, base) : resolve(value, base)
      if (resolved === value) return
      out += `${html.slice(at, parser.startIndex)}${name}="${escapeAttribute(resolved)}"`
      at = parser.endIndex
    },
  })
  parser.end(html)
  return at === 0 ? html : out + html.slice(at)
}
