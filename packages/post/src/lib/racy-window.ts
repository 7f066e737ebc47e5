/**
 * Milliseconds before the time a stat was taken within which the stat is not trusted. A file (or a
 * folder) changed right after it was stat'ed can keep its size and timestamps when the file system's
 * clock has not ticked yet (Linux stamps files with a clock of a few milliseconds; HFS+ and ext3 keep
 * whole seconds, FAT two), so such a file is compared by content (as git does for “racily clean”
 * entries), and such a folder is listed again.
 */
export const racyWindow = 2000

/**
 * Whether a stat taken at `checkedAt` (ms since the epoch, taken before the stat) vouches for its file
 * or folder while the stat stays the same: its mtime and ctime are at least `racyWindow` older.
 */
export function trustedStat(stat: { mtimeMs: number; ctimeMs: number }, checkedAt: number): boolean {
  return Math.max(stat.mtimeMs, stat.ctimeMs) < checkedAt - racyWindow
}
