import { Parser } from 'htmlparser2'

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

const urlAttributes = new Set(['href', 'src', 'poster', 'srcset'])

function resolve(value: string, base: string): string {
  const trimmed = value.trim()
  if (absolute.test(trimmed)) return value
  try {
    return new URL(trimmed, base).href
  } catch {
    return value
  }
}

function resolveSrcset(value: string, base: string): string {
  return value
    .split(',')
    .map((part) => {
      const [url = '', ...descriptors] = part.trim().split(/\s+/)
      return [resolve(url, base), ...descriptors].join(' ')
    })
    .join(', ')
}

function escapeAttribute(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
}

/**
 * Resolves the URL attributes of `html` against `base`, changing nothing else: the HTML is tokenized
 * (htmlparser2, which knows that `<script>`, `<style>` or `<textarea>` content holds no tags) and only the
 * changed `href`, `src`, `poster` and `srcset` attributes are spliced in, double-quoted.
 */
function resolveHtml(html: string, base: string): string {
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

/** Creates a resolver for a feed's items. */
export function createUrlResolver(): (html: string, base: string) => string {
  return (html, base) => (mayHaveRelativeUrl(html) ? resolveHtml(html, base) : html)
}
