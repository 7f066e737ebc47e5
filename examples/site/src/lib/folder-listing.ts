import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'

/**
 * A recursive listing of a folder (`readdir(dir, { recursive: true })`) with the mtime of each folder
 * in it, so that a process that lists the same folder again and again (a dev server's rebuilds) can tell,
 * by one `stat` per folder, that no file was added, removed or renamed since.
 */
export interface FolderListing {
  dir: string
  /** Files and folders under `dir`, relative to it, as `readdir(dir, { recursive: true })` gives them. */
  entries: string[]
  /** Per folder (absolute), its mtime in ms as listed. */
  folders: Map<string, number>
  /**
   * Whether an equal mtime will mean an unchanged folder: every folder's mtime was at least `racyMs`
   * before the listing started (a change during or right after the listing, on a file system with a
   * coarse clock, could leave a folder's mtime as it was).
   */
  trusted: boolean
}

const racyMs = 2000

/** List `dir` recursively, with the mtime of each folder in it. */
export async function listFolder(dir: string): Promise<FolderListing> {
  const started = Date.now()
  const dirents = await readdir(dir, { recursive: true, withFileTypes: true })
  const folders = new Map<string, number>([[dir, (await stat(dir)).mtimeMs]])
  const entries: string[] = []
  for (const dirent of dirents) {
    const file = path.join(dirent.parentPath, dirent.name)
    entries.push(path.relative(dir, file))
    if (dirent.isDirectory()) folders.set(file, (await stat(file)).mtimeMs)
  }
  // Note: folders stat'ed after the listing: one changed in between has an mtime after `started`.
  const trusted = [...folders.values()].every((mtimeMs) => mtimeMs < started - racyMs)
  return { dir, entries, folders, trusted }
}

/** Whether a trusted listing is still that of its folder (no folder in it has another mtime). */
export async function listingCurrent(listing: FolderListing): Promise<boolean> {
  if (!listing.trusted) return false
  for (const [folder, mtimeMs] of listing.folders) {
    const now = await stat(folder).catch(() => undefined)
    if (now?.mtimeMs !== mtimeMs) return false
  }
  return true
}
