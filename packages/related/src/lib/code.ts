// Which words of a post are code: the code a post names (`code`, or the `<code>` elements of its
// `html`), identifiers and file names anywhere (`group_by`, `fig.alt`, `README.md`), and `@handles`.
// Code words count as the `code` option says and are never given as reasons: a reader looks for the
// topic in the prose, not in `tm_data` or in the contributors thanked at the end.

import { describe } from './describe.js'
import { type PostWhere, postError } from './errors.js'

/** How much a code word counts against a prose word, per `code` option. */
export const codeFactors = { keep: 1, weak: 0.25, ignore: 0 } as const

const entities: Readonly<Record<string, string>> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }

/** Text of HTML content: tags removed, character references decoded. */
function htmlText(html: string): string {
  return html.replace(/<[^>]*>/g, '').replace(/&(#x[\da-f]+|#\d+|[a-z]+);/gi, (whole, name: string) => {
    if (name[0] !== '#') return entities[name.toLowerCase()] ?? whole
    const code =
      name[1] === 'x' || name[1] === 'X' ? Number.parseInt(name.slice(2), 16) : Number(name.slice(1))
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole
  })
}

/**
 * The text of every `<code>` element of `html` (code blocks are `<pre><code>`), in order. Note: a
 * pattern, not a parser: it reads HTML as Markdown renderers write it (`<code>` never nested), which is
 * what `@blogkit/post` gives.
 */
export function codeFromHtml(html: string): string[] {
  const out: string[] = []
  for (const match of html.matchAll(/<code\b[^>]*>([\s\S]*?)<\/code\s*>/gi)) out.push(htmlText(match[1]!))
  return out
}

/** The code segments of a post: its `code`, else the code of its `html`. Throws naming a bad field. */
export function codeSegments(
  doc: { readonly code?: unknown; readonly html?: unknown },
  where: PostWhere,
): string[] {
  const { code, html } = doc
  if (typeof code === 'string') return [code]
  if (Array.isArray(code)) {
    code.forEach((segment: unknown, i) => {
      if (typeof segment !== 'string') {
        throw postError(
          `code[${i}]`,
          `Expected \`code[${i}]\` of ${where.text} to be a string, got \`${describe(segment)}\``,
          where,
        )
      }
    })
    return code as string[]
  }
  if (code !== undefined && code !== null) {
    throw postError(
      'code',
      `Expected \`code\` of ${where.text} to be a string or an array of strings, got \`${describe(code)}\``,
      where,
    )
  }
  if (typeof html === 'string') return html.includes('<code') ? codeFromHtml(html) : []
  if (html !== undefined && html !== null) {
    throw postError(
      'html',
      `Expected \`html\` of ${where.text} to be a string, got \`${describe(html)}\``,
      where,
    )
  }
  return []
}

/**
 * Whether a (lower-cased) word is an identifier or a file name rather than a word a reader would use:
 * it has a `_`, or a `.` between letters (`fig.alt`, `readme.md`; not `e.g`, two single letters).
 */
export function identifierLike(word: string): boolean {
  if (word.includes('_')) return true
  const dot = word.indexOf('.')
  if (dot < 0) return false
  return !/^(?:\p{L}\.)+\p{L}?$/u.test(word)
}
