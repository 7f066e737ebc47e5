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
 * Watch folders recursively with chokidar. Not `fs.watch(dir, { recursive: true })`: on Linux, Node.js
 * 20 stops reporting a file once it was replaced by a rename (how `sed -i`, vim and other "safe write"
 * editors save), so the second save of a post went unseen (README, "npm run dev"). Reports paths, not
 * what happened: the builder finds out by reading.
 *
 * @returns A function that stops watching.
 */
export async function watchFolders(options: Readonly<WatchFoldersOptions>): Promise<() => Promise<void>> {
  const skip = (options.ignore ?? []).map((dir) => path.resolve(dir))
  // Note: loaded here, not at the top: `build` and `preview` (the same compiled CLI) never watch.
  const { watch } = await import('chokidar')
  const watcher = watch(
    options.dirs.map((dir) => path.resolve(dir)),
    {
      ignoreInitial: true,
      ignored: (file) => scratch.test(file) || skip.some((dir) => inside(path.resolve(file), dir)),
    },
  )
  watcher.on('all', (_event, file) => options.onChange(path.resolve(file)))
  // Note: a folder that cannot be read is reported as a change; the next build says what is wrong.
  watcher.on('error', () => options.onChange(path.resolve(options.dirs[0] ?? '.')))
  await new Promise<void>((resolve) => watcher.once('ready', resolve))
  return () => watcher.close()
}
