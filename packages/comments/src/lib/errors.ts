/**
 * Error thrown for bad input (a comment, an option, a cursor, a stored record).
 *
 * `code` is a stable kebab-case identifier (listed in the README) and `field` names the offending field
 * (e.g. `author.url`, `comments[3].id`), so callers can show the message next to a form field.
 */
export class CommentError extends Error {
  /** Stable kebab-case identifier of the problem, e.g. `duplicate-id`. */
  readonly code: string
  /** The field the problem is in, e.g. `body` or `comments[3].id`, when there is one. */
  readonly field: string | undefined

  /**
   * @param code Stable kebab-case identifier of the problem.
   * @param message What was expected, what was found and how to fix it.
   * @param field The offending field, if any.
   */
  constructor(code: string, message: string, field?: string) {
    super(message)
    this.name = 'CommentError'
    this.code = code
    this.field = field
  }
}
