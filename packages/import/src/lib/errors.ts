/**
 * Error thrown for input that cannot be imported: XML that is not well-formed, unsafe XML (entity
 * declarations, external entities), a file that is not a WordPress or Disqus export, an empty file.
 *
 * `String(error)` reads `file:line:column: message` when the place is known; `code` is a stable
 * kebab-case identifier listed in the README.
 */
export class ImportError extends Error {
  /** Stable kebab-case identifier, e.g. `malformed-xml`, `entity-declaration`. */
  readonly code: string
  /** File the problem is in, when known (`options.file`, or the CLI's argument). */
  readonly file: string | undefined
  /** 1-based line, when known. */
  readonly line: number | undefined
  /** 1-based column, when known. */
  readonly column: number | undefined
  /** The message without the place. */
  readonly reason: string

  /**
   * @param code Stable kebab-case identifier.
   * @param reason What was expected, what was found and how to fix it.
   * @param place Where: file, line and column, each optional.
   */
  constructor(
    code: string,
    reason: string,
    place?: { file?: string | undefined; line?: number; column?: number },
  ) {
    const where = [place?.file, place?.line, place?.column].filter((part) => part !== undefined).join(':')
    super(where === '' ? reason : `${where}: ${reason}`)
    this.name = 'ImportError'
    this.code = code
    this.reason = reason
    this.file = place?.file
    this.line = place?.line
    this.column = place?.column
  }

  override toString(): string {
    return this.message
  }
}
