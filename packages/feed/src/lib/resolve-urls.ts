import { Parser, type QuoteType, Tokenizer } from 'htmlparser2'

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

const urlAttributes = new Set(['href', 'src', 'poster', 'srcset'])

/** The URL that relative references are resolved against, parsed once per item. */
interface Base {
  href: string
  /** `https://host[:port]` for an http(s) base without credentials: the fast path for `/path` references. */
  origin: string | undefined
}

function parseBase(href: string): Base {
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

function resolve(value: string, base: Base): string {
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

function resolveSrcset(value: string, base: Base): string {
  return value
    .split(',')
    .map((part) => {
      const [url = '', ...descriptors] = part.trim().split(/\s+/)
      return [resolve(url, base), ...descriptors].join(' ')
    })
    .join(', ')
}

function escapeAttribute(value: string): string {
  if (!value.includes('&') && !value.includes('"')) return value
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;')
}

/**
 * Resolves the URL attributes of `html` against `base`, changing nothing else: the HTML is parsed with
 * htmlparser2's `Parser` (which knows that `<script>`, `<style>` or `<textarea>` content holds no tags, and
 * that SVG and MathML content works differently) and only the changed `href`, `src`, `poster` and `srcset`
 * attributes are spliced in, double-quoted. The slow, general path; see `resolveHtml`.
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

const quotes = ['', '', "'", '"']

const noop = () => undefined

/** Decode the character references in an attribute value exactly as htmlparser2's `Parser` does. */
function decodeAttribute(raw: string, quote: QuoteType): string {
  let value = ''
  const q = quotes[quote] ?? ''
  const source = `<a v=${q}${raw}${q}>`
  const tokenizer = new Tokenizer(
    {},
    {
      onattribdata(start, end) {
        value += source.slice(start, end)
      },
      onattribentity(codePoint) {
        value += String.fromCodePoint(codePoint)
      },
      onattribend: noop,
      onattribname: noop,
      oncdata: noop,
      onclosetag: noop,
      oncomment: noop,
      ondeclaration: noop,
      onend: noop,
      onopentagend: noop,
      onopentagname: noop,
      onprocessinginstruction: noop,
      onselfclosingtag: noop,
      ontext: noop,
      ontextentity: noop,
    },
  )
  tokenizer.write(source)
  tokenizer.end()
  return value
}

/** State of the one `resolveHtml` run in progress (runs are synchronous, so one tokenizer serves them all). */
const run = {
  html: '',
  base: { href: '', origin: undefined } as Base,
  out: '',
  at: 0,
  /** ` href  src ` …: the URL attributes of the current tag so far (browsers keep the first of duplicates). */
  seen: '',
  name: '',
  nameStart: 0,
  wanted: false,
  valueStart: -1,
  valueEnd: -1,
  /** SVG, MathML or `<form>` seen: the `Parser` must do it (see `resolveHtml`). */
  needsParser: false,
}

// Note: what the `Parser` adds to its tokenizer that matters here: SVG and MathML (foreign content, where
// `<style>` holds tags and `<![CDATA[` is a section) and a nested `<form>` (ignored, so its attributes count as
// the previous tag's). Up to the first such start tag the bare tokenizer sees exactly what the `Parser` sees;
// when one comes, the run is thrown away and the `Parser` does the whole HTML.
const foreignOrForm = new Set(['svg', 'math', 'form'])

const tokenizer = new Tokenizer(
  { decodeEntities: false },
  {
    onopentagname(start, end) {
      run.seen = ''
      const length = end - start
      if ((length === 3 || length === 4) && foreignOrForm.has(run.html.slice(start, end).toLowerCase())) {
        run.needsParser = true
      }
    },
    onattribname(start, end) {
      run.nameStart = start
      run.name = run.html.slice(start, end).toLowerCase()
      run.valueStart = -1
      run.wanted = urlAttributes.has(run.name) && !run.seen.includes(` ${run.name} `)
    },
    onattribdata(start, end) {
      if (run.valueStart === -1) run.valueStart = start
      run.valueEnd = end
    },
    onattribend(quote, end) {
      if (!run.wanted || run.needsParser) return
      const { html, name, base } = run
      run.seen += ` ${name} `
      const raw = run.valueStart === -1 ? '' : html.slice(run.valueStart, run.valueEnd)
      const value = raw.includes('&') ? decodeAttribute(raw, quote) : raw
      const resolved = name === 'srcset' ? resolveSrcset(value, base) : resolve(value, base)
      if (resolved === value) return
      run.out += `${html.slice(run.at, run.nameStart)}${name}="${escapeAttribute(resolved)}"`
      run.at = end
    },
    onattribentity: noop,
    oncdata: noop,
    onclosetag: noop,
    oncomment: noop,
    ondeclaration: noop,
    onend: noop,
    onopentagend: noop,
    onprocessinginstruction: noop,
    onselfclosingtag: noop,
    ontext: noop,
    ontextentity: noop,
  },
)

/**
 * Resolves the URL attributes of `html` against `base` with htmlparser2's `Tokenizer` alone, entity decoding off
 * (it then skips text and quoted values in tight loops instead of stopping at every `&`): only `href`, `src`,
 * `poster` and `srcset` values are read, and decoded when they hold a `&`. Same result as
 * `resolveHtmlWithParser` (tested on generated HTML) at about half the cost.
 */
export function resolveHtmlWithTokenizer(html: string, base: string): string {
  run.html = html
  run.base = parseBase(base)
  run.out = ''
  run.at = 0
  run.seen = ''
  run.needsParser = false
  try {
    tokenizer.reset()
    tokenizer.write(html)
    tokenizer.end()
    if (run.needsParser) return resolveHtmlWithParser(html, base)
    return run.at === 0 ? html : run.out + html.slice(run.at)
  } finally {
    run.html = ''
    run.out = ''
  }
}

const leftToHtmlparser2 = new Set([
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
  'svg',
  'math',
  'form',
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

/**
 * The fast path for the usual post: HTML made of text, start tags and end tags only. It follows htmlparser2's
 * tokenizer state by state for those (tag name, attribute name, `=`, quoted, unquoted and valueless values,
 * `/`, a document cut off inside a tag), but finds `<` and closing quotes with the native `indexOf` instead of
 * looking at every character. At the first comment, `<!DOCTYPE`, `<?`, CDATA, raw-text or RCDATA element
 * (`<script>`, `<style>`, `<textarea>`, `<title>` …), SVG, MathML or `<form>` it gives up (`undefined`) and
 * htmlparser2 does the whole HTML. Tested against htmlparser2's `Parser` on generated HTML.
 */
function resolveSimpleHtml(html: string, baseUrl: string): string | undefined {
  const length = html.length
  let base: Base | undefined
  // Note: the pieces are joined once at the end into a flat string (a rope of `+=` would be copied later anyway).
  const out: string[] = []
  let at = 0
  let seen = ''
  let lt = html.indexOf('<')
  while (lt !== -1) {
    let i = lt + 1
    if (i >= length) break
    let c = html.charCodeAt(i)
    if (c === 33 || c === 63) return undefined // `<!` comment, doctype, CDATA; `<?`
    if (c === 47) {
      // Note: an end tag, or `</` + anything else, which htmlparser2 reads as a bogus comment: both end at `>`.
      const gt = html.indexOf('>', i + 1)
      if (gt === -1) break
      lt = html.indexOf('<', gt + 1)
      continue
    }
    if (!isAsciiLetter(c)) {
      lt = html.indexOf('<', i) // text; this character may be the next `<`
      continue
    }
    const tagStart = i
    while (i < length && !endsTagName(html.charCodeAt(i))) i++
    if (i >= length) break
    if (
      i - tagStart >= 3 &&
      i - tagStart <= 9 &&
      leftToHtmlparser2.has(html.slice(tagStart, i).toLowerCase())
    ) {
      return undefined
    }
    seen = ''
    let ended = false
    while (i < length) {
      c = html.charCodeAt(i)
      if (c === 62) {
        ended = true
        break
      }
      if (isHtmlSpace(c) || c === 47) {
        // Note: a `/` not followed by `>` is skipped like whitespace (htmlparser2's self-closing state).
        i++
        continue
      }
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
      let quote: QuoteType
      let end: number
      if (html.charCodeAt(i) !== 61) {
        // A valueless attribute; this character starts the next one (or is `/` or `>`).
        quote = 0
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
          quote = c === 34 ? 3 : 2
          if (wanted) raw = html.slice(i + 1, close)
          end = close + 1
          i = end
        } else {
          const valueStart = i
          while (i < length && !endsUnquotedValue(html.charCodeAt(i))) i++
          if (i >= length) break
          quote = 1
          if (wanted) raw = html.slice(valueStart, i)
          end = i
        }
      }
      if (!wanted) continue
      seen += ` ${name} `
      base ??= parseBase(baseUrl)
      const value = raw.includes('&') ? decodeAttribute(raw, quote) : raw
      const resolved = name === 'srcset' ? resolveSrcset(value, base) : resolve(value, base)
      if (resolved === value) continue
      out.push(html.slice(at, nameStart), name, '="', escapeAttribute(resolved), '"')
      at = end
    }
    if (!ended) break
    lt = html.indexOf('<', i + 1)
  }
  if (at === 0) return html
  out.push(html.slice(at))
  return out.join('')
}

/**
 * Resolves the URL attributes of `html` against `base`, changing nothing else: the `href`, `src`, `poster` and
 * `srcset` attributes that change are spliced in, double-quoted, and the rest of the HTML stays byte for byte.
 * Plain HTML takes `resolveSimpleHtml`; anything else htmlparser2's `Tokenizer` or, for SVG, MathML and
 * `<form>`, its `Parser`. All three give the same result.
 */
export function resolveHtml(html: string, base: string): string {
  return resolveSimpleHtml(html, base) ?? resolveHtmlWithTokenizer(html, base)
}

/** Creates a resolver for a feed's items. */
export function createUrlResolver(): (html: string, base: string) => string {
  return (html, base) => (mayHaveRelativeUrl(html) ? resolveHtml(html, base) : html)
}
