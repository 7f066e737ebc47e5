import path from 'node:path'
import { SiteError } from '@blogkit/example-site'
import { PostError } from '@blogkit/post'
import { BuildError } from '../build.js'

/** One problem that stops a build, as the dev server shows it. */
export interface BuildProblem {
  /** The file, relative to `cwd` (as typed in a terminal), when known. */
  file?: string | undefined
  line?: number | undefined
  column?: number | undefined
  /** What is wrong and what to do. */
  reason: string
}

/** `file:line:column: reason`, as compilers print (editors and terminals open such places). */
export function formatProblem(problem: BuildProblem): string {
  if (!problem.file) return problem.reason
  const place = problem.line === undefined ? '' : `:${problem.line}:${problem.column ?? 1}`
  return `${problem.file}${place}: ${problem.reason}`
}

/**
 * The problems of a failed build: the posts' (`PostError`, files relative to `postsDir`), missing images
 * with `strict` (`BuildError`), the content folder's (`SiteError`: site.json, comments files, addresses,
 * their places where known); `undefined`
 * for any other error (a bug, not the writer's mistake).
 */
export function problemsOf(error: unknown, postsDir: string, cwd: string): BuildProblem[] | undefined {
  const relative = (file: string) => path.relative(cwd, path.resolve(postsDir, file)) || file
  if (error instanceof PostError)
    return error.messages.map((message) => ({
      file: message.file ? relative(message.file) : undefined,
      line: message.line ?? undefined,
      column: message.column ?? undefined,
      reason: message.reason,
    }))
  if (error instanceof BuildError)
    return error.missingImages.map((image) => ({
      file: relative(image.file),
      line: image.line,
      column: image.column,
      reason: `${image.reason} (--strict)`,
    }))
  // Note: a SiteError's files are relative to the process's working folder (as its lines print them).
  if (error instanceof SiteError)
    return error.places.map(({ file, ...place }) => ({
      ...place,
      file: file ? path.relative(cwd, path.resolve(file)) || file : undefined,
    }))
  return undefined
}
