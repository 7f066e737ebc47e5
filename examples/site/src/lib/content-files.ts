// Reading the content folder's own files (site.json, redirects.json, comment files): one rule for a file
// that is not there (it is optional) and one for a JSON object that is not one.
import { readFile } from 'node:fs/promises'
import { jsonSyntaxError } from '@blogkit/post'
import { SiteError } from './errors.js'

/** The text of an optional file of the content folder, or `undefined` when there is no such file. */
export async function readOptionalFile(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}

/**
 * The JSON object an optional file holds (`undefined` without the file).
 *
 * @throws {SiteError}
 *   When it is not valid JSON (at the line and column where it stops being JSON) or not an object, naming
 *   `shown` (the file as the user sees it) and saying what it should hold (`expected`, e.g. `a JSON object
 *   of old addresses and new paths`).
 */
export async function readJsonObjectFile(
  file: string,
  shown: string,
  expected = 'a JSON object',
): Promise<Record<string, unknown> | undefined> {
  const read = await readOptionalFile(file)
  if (read === undefined) return undefined
  // Note: a byte order mark (some Windows editors write one) is allowed, as in redirects.json.
  const text = read.charCodeAt(0) === 0xfeff ? read.slice(1) : read
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    // Note: in the same words and at the same place on every Node.js version (@blogkit/post's).
    const problem = jsonSyntaxError(text)
    const place = problem ? `:${problem.line}:${problem.column}` : ''
    const reason = `not valid JSON: ${problem?.reason ?? (error as Error).message}; fix the file`
    throw new SiteError(
      [`${shown}${place}: ${reason}`],
      [{ file: shown, line: problem?.line, column: problem?.column, reason }],
    )
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new SiteError([`${shown}: should hold ${expected}, got \`${JSON.stringify(data)}\``])
  return data as Record<string, unknown>
}
