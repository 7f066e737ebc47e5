/** Where in a file a problem is (a `<slug>.comments.json` file read by `parseCommentsFile`). */
export interface CommentErrorPlace {
  /** The file, as the caller named it. */
  file?: string | undefined
  /** 1-based line. */
  line?: number | undefined
  /** 1-based column (UTF-16 code units). */
  column?: number | undefined
}

/**
 * Error thrown for bad input (a comment, an option, a cursor, a stored record, a comments file).
 *
 * `code` is a stable kebab-case identifier (listed in the README), `reason` says what is wrong and how to
 * fix it, and `field` names the offending field (e.g. `author.url`, `comments[3].id`), so callers can show
 * the message next to a form field. Problems in a file also have `file`, `line` and `column`; then
 * `message` is `file:line:column: reason`, else it is `reason`.
 */
export class CommentError extends Error {
  /** Stable kebab-case identifier of the problem, e.g. `duplicate-id`. */
  readonly code: string
  /** The field the problem is in, e.g. `body` or `comments[3].id`, when there is one. */
  readonly field: string | undefined
  /** The message without the place: what was expected, what was found and how to fix it. */
  readonly reason: string
  /** The file the problem is in, when it was read from one. */
  readonly file: string | undefined
  /** 1-based line in `file`, when known. */
  readonly line: number | undefined
  /** 1-based column in `file`, when known. */
  readonly column: number | undefined

  /**
   * @param code Stable kebab-case identifier of the problem.
   * @param reason What was expected, what was found and how to fix it.
   * @param field The offending field, if any.
   * @param place The file, line and column, if the problem is in a file.
   */
  constructor(code: string, reason: string, field?: string, place?: CommentErrorPlace) {
    super(placeText(place) === '' ? reason : `${placeText(place)}: ${reason}`)
    this.name = 'CommentError'
    this.code = code
    this.field = field
    this.reason = reason
    this.file = place?.file
    this.line = place?.line
    this.column = place?.column
  }
}

/** `file:line:column`, `file:line`, `file`, `line L, column C` (no file), or `''`. */
function placeText(place: CommentErrorPlace | undefined): string {
  if (place?.file === undefined) {
    if (place?.line === undefined) return ''
    return place.column === undefined ? `line ${place.line}` : `line ${place.line}, column ${place.column}`
  }
  if (place.line === undefined) return place.file
  return place.column === undefined
    ? `${place.file}:${place.line}`
    : `${place.file}:${place.line}:${place.column}`
}
