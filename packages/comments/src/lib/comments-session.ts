import path from 'node:path'
import type { Comment } from './types.js'

/**
 * Comments files kept as parsed between reads in one process (a dev server, a watcher):
 * `readCommentsFile(file, { session })` reads a file again only after `changed` named it, or said that
 * any file may have changed. The session trusts what it is told: a file changed without `changed`
 * saying so keeps its old comments.
 */
export interface CommentsSession {
  /**
   * The files that changed since the last reads (paths, as given to `readCommentsFile` or absolute; a
   * folder stands for every file in it), or none given: any file may have changed. Each is read again
   * when next asked for.
   */
  changed(files?: Iterable<string>): void
}

interface Kept {
  /** What else the comments depend on: the options they were checked with. */
  key: string
  comments: Comment[]
}

const states = new WeakMap<CommentsSession, Map<string, Kept>>()

/** A session for `readCommentsFile`'s `session` option. */
export function createCommentsSession(): CommentsSession {
  const files = new Map<string, Kept>()
  const session: CommentsSession = {
    changed(changed) {
      if (changed === undefined) {
        files.clear()
        return
      }
      for (const changedPath of changed) {
        const where = path.resolve(changedPath)
        files.delete(where)
        // Note: a folder (renamed, or a watcher's error reported as it) holds files kept under it.
        const inside = where.endsWith(path.sep) ? where : where + path.sep
        for (const file of files.keys()) if (file.startsWith(inside)) files.delete(file)
      }
    },
  }
  states.set(session, files)
  return session
}

/** The files kept by `session`, by absolute path; a `TypeError` for what is not a session. */
export function keptFiles(session: CommentsSession): Map<string, Kept> {
  const files = states.get(session)
  if (!files) throw new TypeError('Expected `session` to come from `createCommentsSession()`')
  return files
}
