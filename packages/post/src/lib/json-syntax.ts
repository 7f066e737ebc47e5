// Where and why a text stops being JSON, in words a person editing the file understands: jsonc-parser's
// error codes (with strict settings, so it reads exactly JSON) to a reason and a place. `JSON.parse`'s
// messages differ between Node versions and on Node 20 often give no position.
import { type ParseError, type ParseOptions, parse, printParseErrorCode } from 'jsonc-parser'
import type { Point } from './errors.js'
import { createLocator } from './positions.js'

/** jsonc-parser's settings for strict JSON: a comment, a trailing comma or no value at all is an error. */
export const strictJson: ParseOptions = {
  disallowComments: true,
  allowTrailingComma: false,
  allowEmptyContent: false,
}

const reasons: Record<string, string> = {
  InvalidSymbol: 'an unexpected character (a name or text needs double quotes)',
  InvalidNumberFormat: 'a malformed number',
  UnexpectedEndOfNumber: 'a malformed number',
  PropertyNameExpected: 'a name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: '`:` was expected',
  CommaExpected: '`,` was expected',
  CloseBraceExpected: '`}` was expected',
  CloseBracketExpected: '`]` was expected',
  EndOfFileExpected: 'the JSON ends before this',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'a text in double quotes is not closed on its line',
  InvalidUnicode: 'a bad `\\u` escape',
  InvalidEscapeCharacter: 'a bad escape after `\\` (write `\\\\` for a backslash)',
  InvalidCharacter: 'a tab or other control character in a text (write it escaped, e.g. `\\t`)',
}

/**
 * What `error` (jsonc-parser's, for `text`) means, and where: a comma before `}` or `]` is named as such,
 * at the comma (jsonc-parser reports the bracket).
 */
export function jsonSyntaxProblem(text: string, error: ParseError): { reason: string; offset: number } {
  const name = printParseErrorCode(error.error)
  if (
    (name === 'ValueExpected' || name === 'PropertyNameExpected') &&
    /^[\]}]/.test(text.slice(error.offset))
  ) {
    const comma = text.slice(0, error.offset).trimEnd().length - 1
    if (text[comma] === ',')
      return { reason: 'a comma before a closing bracket (JSON allows no trailing comma)', offset: comma }
  }
  return { reason: reasons[name] ?? name, offset: error.offset }
}

/** Where and why a text is not strict JSON (`jsonSyntaxError`). */
export interface JsonSyntaxError extends Point {
  /** What is wrong there, in words for the person editing the file (`\`,\` was expected`). */
  reason: string
  /** Its offset in the text (UTF-16 code units; `line` and `column` are 1-based). */
  offset: number
}

/**
 * Where and why `text` stops being strict JSON (no comments, no trailing commas), in words a person editing
 * the file understands, the same on every Node.js version (`JSON.parse`'s messages are not, and on Node.js
 * 20 often give no position); `undefined` when it is JSON. For a file that `JSON.parse` refused.
 */
export function jsonSyntaxError(text: string): JsonSyntaxError | undefined {
  const errors: ParseError[] = []
  try {
    parse(text, errors, strictJson)
  } catch (error) {
    // Note: jsonc-parser recurses once per level of nesting.
    if (!(error instanceof RangeError)) throw error
    return { reason: 'it is nested too deeply', offset: 0, line: 1, column: 1 }
  }
  const first = errors[0]
  if (first === undefined) return undefined
  const { reason, offset } = jsonSyntaxProblem(text, first)
  return { reason, offset, ...createLocator(text)(offset) }
}
