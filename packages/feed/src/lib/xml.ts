// Note: XML 1.0 `Char` is #x9 | #xA | #xD | [#x20-#xD7FF] | [#xE000-#xFFFD] | [#x10000-#x10FFFF]; with the
// `u` flag a lone surrogate is one code point in D800–DFFF and so is removed too.
const notXmlChar = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu
const notXmlCharTest = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u

/** Remove every character that XML 1.0 does not allow. */
export function cleanText(value: string): string {
  return notXmlCharTest.test(value) ? value.replace(notXmlChar, '') : value
}

const textSpecial = /[&<>]/
const attributeSpecial = /[&<>"]/

/** Escape text content for XML. */
export function escapeText(value: string): string {
  if (!textSpecial.test(value)) return value
  return value.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;')
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

/** Turn plain text into HTML that shows it literally. */
export function textToHtml(value: string): string {
  return escapeText(value)
}
