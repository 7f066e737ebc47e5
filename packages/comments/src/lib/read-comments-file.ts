// Reading a `<slug>.comments.json` file from disk (Node): the one reader of the site, the static build and
// the import. The format's rules are `parseCommentsFile`'s, in the main entry.
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { type ParseCommentsFileOptions, parseCommentsFile } from './comments-file.js'
import { type CommentsSession, keptFiles } from './comments-session.js'
import type { Comment } from './types.js'

/** Options of `readCommentsFile`. */
export interface ReadCommentsFileOptions extends Omit<ParseCommentsFileOptions, 'file'> {
  /** The file as errors name it (e.g. relative to the working folder). @default the path read */
  shownAs?: string | undefined
  /**
   * Keep the file's comments between reads (`createCommentsSession()`): read again only after
   * `session.changed` named the file. The same array comes back until then: treat it as read-only.
   */
  session?: CommentsSession | undefined
}

/**
 * Read and check a comments file (`parseCommentsFile`); `[]` when there is no such file (a post without
 * comments has none).
 *
 * @throws {CommentError} When the file is not a JSON array of valid comments: its code and reason with
 *   `file` (`shownAs`), `line` and `column`.
 * @throws {Error} The file system's error when the file is there but cannot be read (a folder, no access).
 */
export async function readCommentsFile(
  file: string,
  options: Readonly<ReadCommentsFileOptions> = {},
): Promise<Comment[]> {
  if (typeof file !== 'string' || file === '')
    throw new TypeError(`Expected \`file\` to be a path, got \`${String(file)}\``)
  const { shownAs, session, ...parse } = options
  const kept = session ? keptFiles(session) : undefined
  const where = path.resolve(file)
  const key = kept ? JSON.stringify([shownAs, parse]) : ''
  const found = kept?.get(where)
  if (found?.key === key) return found.comments
  // Note: forgotten first, so that a file that is gone or fails to parse is read again next time.
  kept?.delete(where)
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  const comments = parseCommentsFile(text, { ...parse, file: shownAs ?? file })
  kept?.set(where, { key, comments })
  return comments
}
