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

const postFile = /\.(?:md|markdown)$/i

/**
 * Where the problems are, for the error's first line: `posts` for post files (or no file known), and
 * the other files by name (`content/site.json`, `redirects.json`): `posts and redirects.json`.
 */
function where(messages: readonly VFileMessage[]): string {
  const files = new Set(messages.map((message) => message.file))
  const others = [...files].filter((file) => file && !postFile.test(file))
  const posts = others.length < files.size ? ['posts'] : []
  const named = others.length <= 3 ? others : [`${others.length} other files`]
  return [...posts, ...named].join(' and ')
}

/**
 * Error thrown by `parsePost` and `loadPosts` when posts have problems (and by the address and redirect
 * helpers, for the settings and redirect files).
 *
 * `messages` holds one `VFileMessage` per problem; `String(message)` reads
 * `path:line:column: message`, and `message.ruleId` is a stable kebab-case id
 * (see the README, “Diagnostics”). `code`, `reason`, `file`, `line` and `column` are those of the
 * first problem.
 */
export class PostError extends Error {
  /** Every problem found, in file order. */
  readonly messages: VFileMessage[]
  /** The `ruleId` of the first problem, such as `invalid-date` (see the README, “Diagnostics”). */
  readonly code: string
  /** The first problem without its place: `field: what is wrong and how to fix it`. */
  readonly reason: string
  /** Path of the file of the first problem, when known. */
  readonly file: string | undefined
  /** 1-based line of the first problem, when known. */
  readonly line: number | undefined
  /** 1-based column of the first problem, when known. */
  readonly column: number | undefined

  /**
   * @param messages
   *   Problems to report; the error message lists them all, one per line.
   */
  constructor(messages: VFileMessage[]) {
    const count = messages.length
    super(
      `${count} problem${count === 1 ? '' : 's'} in ${where(messages)}:\n${messages.map((message) => `  ${String(message)}`).join('\n')}`,
    )
    this.name = 'PostError'
    this.messages = messages
    const first = messages[0]
    this.code = first?.ruleId ?? 'invalid-posts'
    this.reason = first?.reason ?? 'no problems given'
    this.file = first?.file || undefined
    this.line = first?.line ?? undefined
    this.column = first?.column ?? undefined
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

/** The part of Node's `process` that `emitWarning` uses; absent in browsers and some edge runtimes. */
interface WarningProcess {
  emitWarning(warning: string, options: { type: string; code?: string }): void
}

/**
 * Default of `onWarning`: Node's warning channel (printed on stderr as
 * `(node:1234) BlogkitPostWarning: posts/a.md:2:1: tgas: …`, silenced by `--no-warnings`, seen by
 * `process.on('warning')`); where there is no `process.emitWarning` (browsers, edge runtimes),
 * `console.warn`.
 */
export function emitWarning(warning: VFileMessage): void {
  const host = (globalThis as { process?: Partial<WarningProcess> }).process
  if (typeof host?.emitWarning === 'function') {
    host.emitWarning(String(warning), {
      type: 'BlogkitPostWarning',
      ...(warning.ruleId ? { code: warning.ruleId } : {}),
    })
  } else {
    console.warn(`BlogkitPostWarning: ${String(warning)}`)
  }
}
