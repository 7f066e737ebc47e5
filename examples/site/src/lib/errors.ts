import { PostError } from '@blogkit/post'

/** One problem of a `SiteError`: what is wrong, and where, when known. */
export interface SiteProblem {
  /** The file, relative to the working folder (`content/posts/a.md`). */
  file?: string | undefined
  /** 1-based line in `file`. */
  line?: number | undefined
  /** 1-based column in `file`. */
  column?: number | undefined
  /** What is wrong and what to do. */
  reason: string
}

/** A problem as @blogkit/post reports it (a `VFileMessage`: its string is `file:line:column: reason`). */
interface PostMessage {
  file?: string | undefined
  line?: number | undefined
  column?: number | undefined
  reason: string
}

/**
 * A problem with the content folder (site.json, a comments file, a missing folder). `problems` holds one
 * line per problem, each starting with the file it is about (`posts/a.comments.json: …`); `places` holds
 * the same problems with the file, line and column apart where they are known (the dev server shows them).
 */
export class SiteError extends Error {
  readonly problems: string[]
  readonly places: SiteProblem[]
  /**
   * @param problems One line per problem.
   * @param places The same problems, located (default: each line as the reason, with no place).
   */
  constructor(problems: string[], places?: SiteProblem[]) {
    super(problems.join('\n'))
    this.name = 'SiteError'
    this.problems = problems
    this.places = places ?? problems.map((reason) => ({ reason }))
  }

  /** The problems of a `PostError` (its `messages`), their places kept. */
  static of(messages: readonly PostMessage[]): SiteError {
    return new SiteError(
      messages.map(String),
      messages.map(({ file, line, column, reason }) => ({
        file: file || undefined,
        line: line ?? undefined,
        column: column ?? undefined,
        reason,
      })),
    )
  }
}

/** `run`, its @blogkit/post error made the site's one error for its content folder, a problem a line. */
export function asSiteError<T>(run: () => T): T {
  try {
    return run()
  } catch (error) {
    if (error instanceof PostError) throw SiteError.of(error.messages)
    throw error
  }
}
