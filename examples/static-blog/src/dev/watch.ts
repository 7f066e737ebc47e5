import { existsSync } from 'node:fs'
import path from 'node:path'

/** Options of `watchFolders`. */
export interface WatchFoldersOptions {
  /** Folders to watch, with everything under them. */
  dirs: readonly string[]
  /** Called with the absolute path of each changed, added or removed file (several times for one save). */
  onChange: (file: string) => void
  /** Folders under a watched one whose changes are not reported (the output and cache folders). */
  ignore?: readonly string[] | undefined
}

/**
 * Names editors write beside the file they save and remove again (vim's `4913` and `.swp`, Emacs' `#a#`
 * and `.#a`, `a~` backups, atomic-write temporaries): a change to them alone changes nothing.
 */
const scratch = /(^|[\\/])(4913|\.#[^\\/]*|#[^\\/]*#|[^\\/]*~|[^\\/]*\.(swp|swx|tmp))$/

const inside = (file: string, dir: string) => file === dir || file.startsWith(dir + path.sep)

/**
 * Watch folders recursively with @parcel/watcher (inotify on Linux, FSEvents on macOS, Windows' own API;
 * its native code keeps the tree and sends events in batches). Not `fs.watch(dir, { recursive: true })`:
 * on Linux, Node.js 20 stops reporting a file once it was replaced by a rename (how `sed -i`, vim and
 * other "safe write" editors save), so the second save of a post went unseen. Not chokidar, used before:
 * after each change in a folder it listed the folder again with an `lstat` per file (at 10,000 posts
 * 120–300 ms of the main thread in every rebuild's window; README, "npm run dev"). Reports paths, not
 * what happened: the builder finds out by reading. Folders in `dirs` that do not exist are not watched.
 *
 * @returns A function that stops watching.
 */
export async function watchFolders(options: Readonly<WatchFoldersOptions>): Promise<() => Promise<void>> {
  const skip = (options.ignore ?? []).map((dir) => path.resolve(dir))
  const dirs = options.dirs.map((dir) => path.resolve(dir)).filter((dir) => existsSync(dir))
  // Note: loaded here, not at the top: `build` and `preview` (the same compiled CLI) never watch.
  const { default: watcher } = await import('@parcel/watcher')
  const report = (error: Error | null, events: readonly { path: string }[]) => {
    // Note: an error (a folder that cannot be read, too many watches) is reported as a change of the
    // first folder: the next build, a full pass, says what is wrong.
    if (error) options.onChange(dirs[0] ?? path.resolve('.'))
    for (const { path: file } of events) {
      if (scratch.test(file) || skip.some((dir) => inside(file, dir))) continue
      options.onChange(file)
    }
  }
  const subscriptions = await Promise.all(
    dirs.map((dir) =>
      watcher.subscribe(dir, report, { ignore: skip.filter((ignored) => inside(ignored, dir)) }),
    ),
  )
  return async () => {
    await Promise.all(subscriptions.map((subscription) => subscription.unsubscribe()))
  }
}
