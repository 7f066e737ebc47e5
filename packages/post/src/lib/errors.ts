import { VFileMessage } from 'vfile-message'

/** Where a diagnostic points: a 1-based line and column in the post file. */
export interface Point {
  /** 1-based line. */
  line: number
  /** 1-based column. */
  column: number
}

/** Source of every diagnostic made by this package (`message.source`). */
export const source = '@blogkit/post'

/**
 * Error thrown by `parsePost` and `loadPosts` when posts have problems.
 *
 * `messages` holds one `VFileMessage` per problem; `String(message)` reads
 * `path:line:column: message`, and `message.ruleId` is a stable kebab-case id
 * (see the README, “Diagnostics”).
 */
export class PostError extends Error {
  /** Every problem found, in file order. */
  readonly messages: VFileMessage[]

  /**
   * @param messages
   *   Problems to report; the error message lists them all, one per line.
   */
  constructor(messages: VFileMessage[]) {
    const count = messages.length
    super(
      `${count} problem${count === 1 ? '' : 's'} in posts:\n${messages.map((message) => `  ${String(message)}`).join('\n')}`,
    )
    this.name = 'PostError'
    this.messages = messages
  }
}

/** Fields shared by every diagnostic we make. */
export interface DiagnosticInit {
  ruleId: string
  place?: Point | { start: Point; end: Point } | undefined
  field?: string | undefined
  file?: string | undefined
  expected?: string[] | undefined
  actual?: string | undefined
  /** A warning (`message.fatal` is `false`): the post is still made. */
  warning?: boolean | undefined
}

/**
 * Create a diagnostic for a post: fatal (a problem), or a warning with `init.warning`.
 *
 * @param reason
 *   What is wrong and how to fix it.
 * @param init
 *   Rule id, place, field and file.
 * @returns
 *   A `VFileMessage` printing as `file:line:column: field: reason`.
 */
export function createMessage(reason: string, init: DiagnosticInit): VFileMessage {
  const text = init.field ? `${init.field}: ${reason}` : reason
  const message = new VFileMessage(text, { place: init.place, ruleId: init.ruleId, source })
  message.fatal = !init.warning
  if (init.file) {
    message.file = init.file
    message.name = `${init.file}:${message.name}`
  }
  if (init.expected) message.expected = init.expected
  if (init.actual !== undefined) message.actual = init.actual
  return message
}

/**
 * Default of `onWarning`: Node's warning channel (printed on stderr as
 * `(node:1234) BlogkitPostWarning: posts/a.md:2:1: tgas: …`, silenced by `--no-warnings`, seen by
 * `process.on('warning')`).
 */
export function emitWarning(warning: VFileMessage): void {
  process.emitWarning(String(warning), {
    type: 'BlogkitPostWarning',
    ...(warning.ruleId ? { code: warning.ruleId } : {}),
  })
}
