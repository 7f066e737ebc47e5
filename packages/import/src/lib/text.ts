import { DecodingMode, decodeHTML } from 'entities'

/**
 * Decode HTML character references as HTML does (`entities`, the decoder under parse5 and htmlparser2):
 * every named reference of the HTML standard that ends in `;` (`&eacute;`, `&hellip;`, `&nbsp;` …), and
 * numeric ones with the standard's fixes (`&#146;`, a Windows-1252 code that old WordPress posts pasted from
 * Word hold, is `’`; `&#0;` and surrogates are U+FFFD). A reference without `;` (`&copy`) stays as written.
 */
export function decodeEntities(value: string): string {
  return value.includes('&') ? decodeHTML(value, DecodingMode.Strict) : value
}

/** Plain text of a little HTML (excerpts, pingback bodies): tags removed, references decoded, white space collapsed. */
export function htmlToText(html: string): string {
  return decodeEntities(html.replace(/<!--[\s\S]*?-->/g, '').replace(/<[^>]*>/g, ' '))
    .replace(/\s+/g, ' ')
    .trim()
}

// C0/C1 controls except tab and newlines, and bidi overrides (what @blogkit/comments refuses).
// Note: a string, not a literal, because Biome rejects control characters in regex literals; finding them is the point.
const controlSource =
  '[\\u0000-\\u0008\\u000B\\u000C\\u000E-\\u001F\\u007F-\\u009F\\u202A-\\u202E\\u2066-\\u2069]'
const controls = new RegExp(controlSource, 'g')

/** Remove the control characters @blogkit/comments refuses; `true` in `changed` when some were. */
export function stripControls(value: string): { value: string; changed: boolean } {
  const stripped = value.replace(controls, '')
  return { value: stripped, changed: stripped !== value }
}

/** An absolute http(s) URL without credentials, normalized, or `undefined`. */
export function httpUrl(value: string): string | undefined {
  const text = value.trim()
  if (text === '') return undefined
  try {
    const url = new URL(text)
    if (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      url.username === '' &&
      url.password === '' &&
      url.hostname !== ''
    )
      return url.href
  } catch {}
  return undefined
}

/** Percent-decode a slug (`l%c3%a4s` → `läs`); malformed escapes are left as they are. */
export function decodeSlug(value: string): string {
  try {
    return decodeURIComponent(value)
  } catch {
    return value
  }
}
