// Note: XML 1.0 `Char` is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; with the
// `u` flag a lone surrogate is one code point in D800–DFFF and so is removed too. DEL and the C1 controls
// (#x7F-#x9F) are allowed but discouraged by XML 1.0 §2.2, and the W3C Feed Validator warns about them
// (`BadCharacters`), so they go as well.
const notXmlChar = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu
const notXmlCharTest = /[^\t\n\r\u0020-\u007E\u00A0-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

// Note: the fast check. Most text needs no cleaning, so it is only tested, with cheap passes: one class for the
// C0 controls, DEL and the C1 controls (one pass over 5 KB of HTML costs about as much as a one-range class, and
// less than the two classes it replaces), `includes` for U+FFFE/U+FFFF (a `memchr` on a byte that text rarely
// holds), and the native `isWellFormed` for lone surrogates. The `u` class above, several times slower, only
// runs on a hit.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding C0 control characters is the point
const controlCharacter = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/

// Note: `String#isWellFormed` is ES2024 (Node.js 20+); the ES2022 lib typings do not know it yet.
type WellFormed = string & { isWellFormed(): boolean }

/** Whether `value` holds a character that XML 1.0 does not allow (or that the W3C validator flags). */
function needsCleaning(value: string): boolean {
  return (
    controlCharacter.test(value) ||
    value.includes('\uFFFE') ||
    value.includes('\uFFFF') ||
    !(value as WellFormed).isWellFormed()
  )
}

/** Remove every character that XML 1.0 does not allow. */
export function cleanText(value: string): string {
  if (!needsCleaning(value)) return value
  return notXmlCharTest.test(value) ? value.replace(notXmlChar, '') : value
}

const attributeSpecial = /[&<>"]/

const textSpecial = /[&<]/g

function textReplacement(match: string): string {
  return match === '&' ? '&amp;' : '&lt;'
}

/**
 * Escape text content for XML: `&` and `<`, and the `>` of `]]>` (the only `>` XML forbids in text). Leaving the
 * other `>` alone saves a pass over long HTML.
 */
// Note: one regex pass with a replacer builds one flat string; two `replaceAll` calls built a rope of slices that
// the next search (and the document join) flattened again, so long HTML was copied three times in the young
// generation instead of once. A string without `&` or `<` comes back as it is.
export function escapeText(value: string): string {
  const out = value.replace(textSpecial, textReplacement)
  return out.includes(']]>') ? out.replaceAll(']]>', ']]&gt;') : out
}

/**
 * HTML content (RSS `description` and `content:encoded`, Atom `content type="html"`) as a CDATA section: the
 * HTML as it is, and each `]]>` in it split across two sections (`]]]]><![CDATA[>`), so no post can end the
 * section early. Characters outside XML 1.0 are removed before (`cleanText`), as in every field.
 */
// Note: a CDATA section takes the post's HTML without a copy; escaping `&` and `<` made a second copy of every
// post's HTML for each document and was the biggest part of writing one after the joins (issue 17).
export function cdata(value: string): string {
  return `<![CDATA[${value.includes(']]>') ? value.replaceAll(']]>', ']]]]><![CDATA[>') : value}]]>`
}

const plainSpecial = /[&<>]/

/**
 * Escape plain text that no reader treats as HTML (Atom `type="text"`, RSS `category` and `dc:creator`): `&`,
 * `<` and `>` as the hexadecimal character references `&#x26;`, `&#x3C;` and `&#x3E;` that the RSS Advisory
 * Board's Best Practices Profile recommends. They are plain text to an XML parser.
 */
export function escapePlainText(value: string): string {
  if (!plainSpecial.test(value)) return value
  let out = value
  if (out.includes('&')) out = out.replaceAll('&', '&#x26;')
  if (out.includes('<')) out = out.replaceAll('<', '&#x3C;')
  if (out.includes('>')) out = out.replaceAll('>', '&#x3E;')
  return out
}

// Note: what HTML reads as markup in text: a `<` (the start of a tag, or text that naive tag strippers eat up to
// the next `>`), and an `&` followed by a letter, digit or `#` (a character reference, such as `&nbsp;`, or
// `&copy` without its semicolon). An `&` before a space or punctuation is text in HTML (WHATWG HTML's
// character reference state), so `Tips & tricks` stays as it is.
const htmlMarkup = /<|&(?=[A-Za-z\d#])/g

/**
 * Escape plain text for RSS fields that readers treat as HTML (`title`, the channel `description`,
 * `copyright`): first for HTML, where HTML would read markup (`<` as `&lt;`, `&nbsp;` as `&amp;nbsp;`), then
 * for XML. Python feedparser hands such a title on as `text/html` (`HTML entities &amp;nbsp;`), and a reader
 * that shows it as HTML shows the text as written; written for XML only (`&#x26;nbsp;`), the same reader
 * shows a no-break space instead. Text with nothing HTML would read (`Tips & tricks`) is written for XML only,
 * so it does not draw the W3C validator's "should not contain HTML" warning.
 */
export function escapeRssText(value: string): string {
  const html =
    value.includes('<') || value.includes('&')
      ? value.replace(htmlMarkup, (match) => (match === '<' ? '&lt;' : '&amp;'))
      : value
  return escapeText(html)
}

/** Escape plain text as HTML (`&`, `<`, `>`), for fields that readers treat as HTML. */
export function escapeHtml(value: string): string {
  let out = escapeText(value)
  if (out.includes('>')) out = out.replaceAll('>', '&gt;')
  return out
}

/** Escape an attribute value (double-quoted) for XML. */
export function escapeAttribute(value: string): string {
  if (!attributeSpecial.test(value)) return value
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
}
