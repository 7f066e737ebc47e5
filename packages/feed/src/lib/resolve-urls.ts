import { decodeHTMLAttribute } from 'entities'
import { OpenElements } from './html-tree.js'

// Note: a cheap pre-scan. Only HTML where some href/src/srcset/poster value does not start with a scheme
// (`https:`, `mailto:` …) pays for a full parse; `#fragment` links count as relative too (they point into
// the post, which a reader shows away from the site).
const candidate = /\b(?:href|src|srcset|poster)\s*=\s*(?:"\s*([^"]*)"|'\s*([^']*)'|([^\s"'>]+))/gi
const absolute = /^[a-z][a-z\d+.-]*:/i

// Note: the pre-scan looks at each `=` (found with the native `indexOf`) instead of running a case-insensitive
// regex over the whole HTML, which cost about twice as much. It answers exactly what the regex
// `\b(?:href|src|poster)\s*=\s*(?:"(?!\s*SCHEME)|'(?!\s*SCHEME)|(?![\s"'])(?!SCHEME))|\bsrcset\s*=` answers
// (SCHEME being `[a-z][a-z\d+.-]*:`, case-insensitive): an href/src/poster whose value does not start with a
// scheme, or a srcset with a URL that does not.

/** JavaScript's `\s`. */
function isSpace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c >= 0xa0 &&
      (c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000 ||
        c === 0xfeff))
  )
}

/** A `\w` character (ASCII letter, digit or `_`). */
function isWord(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95
}

/** Whether `html` ends, at `end`, with `name` (lower case ASCII) preceded by a word boundary. */
function endsWithName(html: string, end: number, name: string): boolean {
  const start = end - name.length
  if (start < 0) return false
  for (let i = 0; i < name.length; i++) {
    if ((html.charCodeAt(start + i) | 0x20) !== name.charCodeAt(i)) return false
  }
  return start === 0 || !isWord(html.charCodeAt(start - 1))
}

/** Whether a scheme (`[a-z][a-z\d+.-]*:`, case-insensitive) starts at `i`. */
function schemeAt(html: string, i: number): boolean {
  let c = html.charCodeAt(i) | 0x20
  if (c < 97 || c > 122) return false
  for (let j = i + 1; j < html.length; j++) {
    c = html.charCodeAt(j)
    if (c === 58) return true
    const lower = c | 0x20
    if (!((lower >= 97 && lower <= 122) || (c >= 48 && c <= 57) || c === 43 || c === 46 || c === 45))
      return false
  }
  return false
}

/** Whether `html` may hold a relative URL in an attribute that readers follow. */
export function mayHaveRelativeUrl(html: string): boolean {
  let equals = html.indexOf('=')
  while (equals !== -1) {
    let end = equals
    while (end > 0 && isSpace(html.charCodeAt(end - 1))) end--
    if (endsWithName(html, end, 'srcset')) {
      if (srcsetHasRelativeUrl(html, end - 6)) return true
    } else if (
      endsWithName(html, end, 'href') ||
      endsWithName(html, end, 'src') ||
      endsWithName(html, end, 'poster')
    ) {
      let i = equals + 1
      while (i < html.length && isSpace(html.charCodeAt(i))) i++
      const c = html.charCodeAt(i)
      if (c === 34 || c === 39) {
        i++
        while (i < html.length && isSpace(html.charCodeAt(i))) i++
        if (!schemeAt(html, i)) return true
      } else if (!schemeAt(html, i)) {
        return true
      }
    }
    equals = html.indexOf('=', equals + 1)
  }
  return false
}

function srcsetHasRelativeUrl(html: string, at: number): boolean {
  candidate.lastIndex = at
  const value = candidate.exec(html)
  const text = value ? (value[1] ?? value[2] ?? value[3] ?? '') : ''
  for (const part of text.split(',')) {
    const url = part.trim().split(/\s+/)[0] ?? ''
    if (url && !absolute.test(url)) return true
  }
  return false
}

export const urlAttributes = new Set(['href', 'src', 'poster', 'srcset'])

/** The URL that relative references are resolved against, parsed once per item. */
export interface Base {
  href: string
  /** `https://host[:port]` for an http(s) base without credentials: the fast path for `/path` references. */
  origin: string | undefined
}

export function parseBase(href: string): Base {
  try {
    const url = new URL(href)
    const web = (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
    return { href, origin: web ? `${url.protocol}//${url.host}` : undefined }
  } catch {
    return { href, origin: undefined }
  }
}

// Note: the fast path. A path-absolute reference (`/posts/1/`, the usual site link) made only of characters the
// URL parser leaves alone (no `%`, which could spell a dot, no `\\`, `?`, `#`, spaces or non-ASCII) and without
// `.` or `..` segments resolves to the base's origin followed by the reference as written; anything else goes
// through `new URL`.
const plainPath = /^\/(?!\/)[\w\-.~!$&'()*+,;=:@/]*$/
const dotSegment = /\/\.\.?(?:\/|$)/

export function resolve(value: string, base: Base): string {
  const trimmed = value.trim()
  if (absolute.test(trimmed)) return value
  if (base.origin !== undefined && plainPath.test(trimmed) && !dotSegment.test(trimmed)) {
    return base.origin + trimmed
  }
  try {
    return new URL(trimmed, base.href).href
  } catch {
    return value
  }
}

export function resolveSrcset(value: string, base: Base): string {
  return value
    .split(',')
    .map((part) => {
      const [url = '', ...descriptors] = part.trim().split(/\s+/)
      return [resolve(url, base), ...descriptors].join(' ')
    })
    .join(', ')
}

export function escapeAttribute(value: string): string {
  if (!value.includes('&') && !value.includes('"')) return value
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
}

/** Elements whose content htmlparser2 reads as raw text (outside SVG and MathML); `plaintext` runs to the end. */
const rawTextElements = new Set([
  'iframe',
  'noembed',
  'noframes',
  'plaintext',
  'script',
  'style',
  'title',
  'textarea',
  'xmp',
])

/** htmlparser2's whitespace: space, tab, line feed, form feed, carriage return. */
function isHtmlSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 12 || c === 13
}

/** Whitespace, `/` or `>`. */
function endsTagName(c: number): boolean {
  return isHtmlSpace(c) || c === 47 || c === 62
}

/** Whitespace, `/`, `>` or `=`. */
function endsAttributeName(c: number): boolean {
  return endsTagName(c) || c === 61
}

/** Whitespace or `>` (a `/` belongs to an unquoted value). */
function endsUnquotedValue(c: number): boolean {
  return isHtmlSpace(c) || c === 62
}

function isAsciiLetter(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90)
}

/** One-letter names (`p`, `a`, `b`, `i` …) as constant strings: no slice, and a `Map` lookup of them is cheap. */
const letters = Array.from({ length: 26 }, (_, k) => String.fromCharCode(97 + k))

/**
 * The lower-case tag name between `start` and `end`; `plain` when it has no upper-case or non-ASCII character
 * (then it needs no `toLowerCase`).
 */
function tagNameOf(html: string, start: number, end: number, plain: boolean): string {
  if (end - start === 1 && plain) return letters[html.charCodeAt(start) - 97] ?? html.slice(start, end)
  const name = html.slice(start, end)
  return plain ? name : name.toLowerCase()
}

/** Reads a tag name from `start` (a letter) up to whitespace, `/` or `>`: its end, and whether it is plain. */
function scanTagName(html: string, start: number): { end: number; plain: boolean } {
  let plain = true
  let i = start
  for (; i < html.length; i++) {
    const c = html.charCodeAt(i)
    if (endsTagName(c)) break
    if ((c >= 65 && c <= 90) || c >= 128) plain = false
  }
  return { end: i, plain }
}

/** Where a comment whose text starts at `from` ends (its `>`), as htmlparser2 reads it; -1 when it does not. */
function commentEnd(html: string, from: number): number {
  // Note: `<!-->` and `<!--->` are empty comments, closed at once.
  if (html.charCodeAt(from) === 62) return from
  if (html.charCodeAt(from) === 45 && html.charCodeAt(from + 1) === 62) return from + 1
  const dashes = html.indexOf('-->', from)
  const bang = html.indexOf('--!>', from)
  if (bang !== -1 && (dashes === -1 || bang + 1 < dashes)) return bang + 3
  return dashes === -1 ? -1 : dashes + 2
}

/**
 * Where the raw text of `name` (`script`, `style`, `title` …) that starts at `from` ends: the `<` of the first
 * `</name` (any case) followed by whitespace, `/` or `>`; -1 when there is none.
 */
function rawTextEnd(html: string, from: number, name: string): number {
  let lt = html.indexOf('</', from)
  while (lt !== -1) {
    const end = lt + 2 + name.length
    if (end < html.length && endsTagName(html.charCodeAt(end))) {
      let same = true
      for (let k = 0; k < name.length; k++) {
        if ((html.charCodeAt(lt + 2 + k) | 0x20) !== name.charCodeAt(k)) {
          same = false
          break
        }
      }
      if (same) return lt
    }
    lt = html.indexOf('</', lt + 1)
  }
  return -1
}

/**
 * Resolves the URL attributes of `html` against `base`, changing nothing else: the `href`, `src`, `poster` and
 * `srcset` attributes that change are spliced in, double-quoted, and the rest of the HTML stays byte for byte.
 *
 * One hand-written pass that reads HTML as htmlparser2's `Parser` does (its tests compare the two on generated
 * HTML): text, start and end tags and their attributes (name, `=`, quoted, unquoted and valueless values, `/`,
 * the first of duplicate attributes), comments, `<!DOCTYPE>`, `<?…>` and CDATA, the raw text of `<script>`,
 * `<style>`, `<textarea>`, `<title>` …, SVG and MathML (see `OpenElements`), and a document cut off anywhere.
 * `<` and closing quotes are found with the native `indexOf` instead of looking at every character, which
 * makes it several times faster than htmlparser2 (see the README, "Dependencies, and why").
 */
export function resolveHtml(html: string, baseUrl: string): string {
  const length = html.length
  let base: Base | undefined
  const open = new OpenElements()
  // Note: the pieces are joined once at the end into a flat string (a rope of `+=` would be copied later anyway).
  const out: string[] = []
  let at = 0
  /** ` href  src ` …: the URL attributes of the current start tag so far (browsers keep the first of duplicates). */
  let seen = ''
  let lt = html.indexOf('<')
  while (lt !== -1) {
    let i = lt + 1
    if (i >= length) break
    let c = html.charCodeAt(i)
    if (c === 33) {
      // `<!`: a comment, CDATA, a doctype or a bogus comment, up to their end.
      let end: number
      if (html.charCodeAt(i + 1) === 45 && html.charCodeAt(i + 2) === 45) end = commentEnd(html, i + 3)
      else if (html.startsWith('[CDATA[', i + 1)) {
        end = html.indexOf(']]>', i + 8)
        if (end !== -1) end += 2
      } else end = html.indexOf('>', i + 1)
      if (end === -1) break
      lt = html.indexOf('<', end + 1)
      continue
    }
    if (c === 63) {
      // `<?`: a bogus comment, up to `>`.
      const end = html.indexOf('>', i + 1)
      if (end === -1) break
      lt = html.indexOf('<', end + 1)
      continue
    }
    if (c === 47) {
      // An end tag; `</` + anything else is a bogus comment and `</>` nothing: all end at `>`.
      i++
      if (i < length && isAsciiLetter(html.charCodeAt(i))) {
        const nameStart = i
        const name = scanTagName(html, i)
        i = name.end
        if (i >= length) break
        if (open.close(tagNameOf(html, nameStart, i, name.plain))) seen = ''
      }
      const gt = html.indexOf('>', i)
      if (gt === -1) break
      lt = html.indexOf('<', gt + 1)
      continue
    }
    if (!isAsciiLetter(c)) {
      lt = html.indexOf('<', i) // text; this character may be the next `<`
      continue
    }
    const tagStart = i
    const scanned = scanTagName(html, i)
    i = scanned.end
    if (i >= length) break
    const tagName = tagNameOf(html, tagStart, i, scanned.plain)
    // Note: whether the content is raw text is decided before the tag itself is opened, as htmlparser2 does.
    const rawText = rawTextElements.has(tagName) && !open.inForeignContent()
    if (open.open(tagName)) seen = ''
    let ended = false
    let selfClosing = false
    while (i < length) {
      c = html.charCodeAt(i)
      if (c === 62) {
        ended = true
        break
      }
      if (c === 47) {
        selfClosing = true
        i++
        continue
      }
      if (isHtmlSpace(c)) {
        i++
        continue
      }
      selfClosing = false
      // Note: the first character belongs to the name whatever it is (even `=`), as in htmlparser2.
      const nameStart = i
      i++
      while (i < length && !endsAttributeName(html.charCodeAt(i))) i++
      if (i >= length) break
      // Note: only names as long as `src`, `href`, `poster` or `srcset` are sliced and compared.
      const size = i - nameStart
      const name = size === 3 || size === 4 || size === 6 ? html.slice(nameStart, i).toLowerCase() : ''
      const wanted = name !== '' && urlAttributes.has(name) && !seen.includes(` ${name} `)
      const nameEnd = i
      while (i < length && isHtmlSpace(html.charCodeAt(i))) i++
      if (i >= length) break
      let raw = ''
      let end: number
      if (html.charCodeAt(i) !== 61) {
        // A valueless attribute; this character starts the next one (or is `/` or `>`).
        end = nameEnd
      } else {
        i++
        while (i < length && isHtmlSpace(html.charCodeAt(i))) i++
        if (i >= length) break
        c = html.charCodeAt(i)
        if (c === 34 || c === 39) {
          const close = html.indexOf(c === 34 ? '"' : "'", i + 1)
          if (close === -1) {
            i = length
            break
          }
          if (wanted) raw = html.slice(i + 1, close)
          end = close + 1
          i = end
        } else {
          const valueStart = i
          while (i < length && !endsUnquotedValue(html.charCodeAt(i))) i++
          if (i >= length) break
          if (wanted) raw = html.slice(valueStart, i)
          end = i
        }
      }
      if (!wanted) continue
      seen += ` ${name} `
      base ??= parseBase(baseUrl)
      const value = raw.includes('&') ? decodeHTMLAttribute(raw) : raw
      const resolved = name === 'srcset' ? resolveSrcset(value, base) : resolve(value, base)
      if (resolved === value) continue
      out.push(html.slice(at, nameStart), name, '="', escapeAttribute(resolved), '"')
      at = end
    }
    if (!ended) break
    if (selfClosing) open.selfClose()
    if (rawText) {
      if (tagName === 'plaintext') break
      const end = rawTextEnd(html, i + 1, tagName)
      if (end === -1) break
      lt = end // the end tag, read as any other
      continue
    }
    lt = html.indexOf('<', i + 1)
  }
  if (at === 0) return html
  out.push(html.slice(at))
  return out.join('')
}

/** Creates a resolver for a feed's items. */
export function createUrlResolver(): (html: string, base: string) => string {
  return (html, base) => (mayHaveRelativeUrl(html) ? resolveHtml(html, base) : html)
}
