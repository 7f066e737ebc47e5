import { type Stats, statSync } from 'node:fs'
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { applyHint, checkChanged, skippedPath } from './changed-paths.js'
import { checkDirectory } from './load-posts.js'
import { forgetListing, keepListing, keptListing, type PostsSession } from './posts-session.js'
import { trustedStat } from './racy-window.js'

/** Options of `listFiles`. */
export interface ListFilesOptions {
  /**
   * Keep the listing in this session (`createPostsSession()`) and give it again, without listing the
   * folder, while no folder in it changed (one `stat` per folder).
   */
  session?: PostsSession | undefined
  /**
   * With `session`, from a watcher of `dir` that saw every change: the absolute paths added, changed or
   * removed since the last `listFiles` of `dir` with this session. The kept listing is updated with
   * them alone (no folder is stat'ed or read); a named folder or no earlier listing lists the folder.
   * As `loadPosts`' `changed`: paths outside `dir` are refused; never from a watcher that may have
   * missed events.
   */
  changed?: Iterable<string> | undefined
}

/** What identifies a folder's entries without listing it again (its mtime changes with them). */
interface FolderStat {
  mtimeMs: number
  ctimeMs: number
  ino: number
}

/** A listing of a folder, kept by a session. */
export interface FolderListing {
  /** Absolute. */
  dir: string
  files: readonly string[]
  /** Each folder listed (absolute path), as stat'ed right after it was read. */
  folders: Map<string, FolderStat>
  /**
   * Whether equal stats of the folders will mean unchanged entries: every folder's mtime and ctime
   * were older than the racy window when the listing started (see racy-window.ts).
   */
  trusted: boolean
}

/**
 * The files under `dir` (recursively; `node_modules` and dot files skipped, as `loadPosts` does),
 * relative to it with `/` between folders (as `post.path`), in no set order: comment files, images or
 * other files beside the posts. With a `session`, the last listing of `dir` while no folder in it
 * was added, removed or changed (files added, removed or renamed change their folder's mtime).
 *
 * @throws {PostError}
 *   `missing-directory` when `dir` is not a directory.
 * @see https://github.com/blogkit/blogkit/tree/main/packages/post#listfilesdir-options
 */
export async function listFiles(
  dir: string,
  options?: Readonly<ListFilesOptions> | null,
): Promise<readonly string[]> {
  if (typeof dir !== 'string' || dir === '')
    throw new TypeError(`Expected \`dir\` to be a directory path, got \`${String(dir)}\``)
  const absolute = path.resolve(dir)
  const session = options?.session
  const hint = checkChanged(absolute, options?.changed, session !== undefined)
  const kept = session && keptListing(session, absolute)
  if (kept && hint) {
    const native = path.sep === '/' ? kept.files : kept.files.map((file) => file.split('/').join(path.sep))
    const hinted = applyHint(absolute, native, hint, (relative) => !skippedPath(relative))
    if (hinted) {
      // Note: the folders' stats are not taken again, so a later call without a hint lists the folder.
      const files = Object.freeze(hinted.files.map((file) => file.split(path.sep).join('/')))
      keepListing(session, { ...kept, files, trusted: false })
      return files
    }
  } else if (kept && listingCurrent(kept)) return kept.files
  if (session) forgetListing(session, absolute)
  await checkDirectory(dir)
  if (!session) return (await listFolder(absolute, undefined)).files
  const listing = await listFolder(absolute, Date.now())
  keepListing(session, listing)
  return listing.files
}

/**
 * List `dir` (absolute) with a stat of each folder; `now`: before anything is read (`undefined`: no
 * stats, for a listing that is not kept).
 */
export async function listFolder(dir: string, now: number | undefined): Promise<FolderListing> {
  const files: string[] = []
  const folders = new Map<string, FolderStat>()
  const pending = ['']
  for (let relative = pending.pop(); relative !== undefined; relative = pending.pop()) {
    const folder = path.join(dir, relative)
    const entries = await readdir(folder, { withFileTypes: true }).catch((error: NodeJS.ErrnoException) => {
      // Note: a subfolder removed while listing; its parent's stat changed, so it is not trusted.
      if (relative !== '' && (error.code === 'ENOENT' || error.code === 'ENOTDIR')) return undefined
      throw error
    })
    if (!entries) continue
    if (now !== undefined) {
      const found = statOf(folder)
      // Note: gone since it was read (its parent's stat changed).
      if (!found) continue
      folders.set(folder, found)
    }
    const prefix = relative === '' ? '' : `${relative.split(path.sep).join('/')}/`
    for (const entry of entries) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules') continue
      if (entry.isDirectory()) pending.push(path.join(relative, entry.name))
      else files.push(prefix + entry.name)
    }
  }
  // Note: folders are stat'ed after they are read: one changed since has an mtime after `now`.
  const trusted =
    now !== undefined && folders.has(dir) && [...folders.values()].every((found) => trustedStat(found, now))
  return { dir, files: Object.freeze(files), folders, trusted }
}

/** Whether a trusted listing is still that of its folder (each folder in it stats the same). */
function listingCurrent(listing: FolderListing): boolean {
  if (!listing.trusted) return false
  for (const [folder, kept] of listing.folders) {
    const now = statOf(folder)
    if (!now || now.mtimeMs !== kept.mtimeMs || now.ctimeMs !== kept.ctimeMs || now.ino !== kept.ino)
      return false
  }
  return true
}

/** A folder's stat (`undefined` when it is gone). */
function statOf(folder: string): FolderStat | undefined {
  let found: Stats
  try {
    // Note: `statSync` costs a few microseconds, the promise version tens.
    found = statSync(folder)
  } catch {
    return undefined
  }
  return { mtimeMs: found.mtimeMs, ctimeMs: found.ctimeMs, ino: found.ino }
}
