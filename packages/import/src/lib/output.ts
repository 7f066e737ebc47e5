import { randomBytes } from 'node:crypto'
import { mkdir, readdir, readFile, rename, rm, rmdir, writeFile } from 'node:fs/promises'
import path from 'node:path'

/** What writing a file did. */
export type WriteOutcome = 'created' | 'updated' | 'unchanged'

/** Files of one import, staged until the whole export has been read. */
export interface Output {
  /**
   * Stage `text` for `file` (a path inside the output folder, as the caller names it), unless the file already holds exactly
   * that. Nothing in the output folder changes until `commit`.
   */
  write: (file: string, text: string) => Promise<WriteOutcome>
  /**
   * What this import last wrote to `file` (`write` gave it before): its text and what writing it did,
   * so that it can be written again once the whole export is known.
   */
  read: (file: string) => Promise<{ text: string; outcome: WriteOutcome }>
  /** Move every staged file into place (each by a rename: never half a file), then remove the staging folder. */
  commit: () => Promise<void>
  /** Drop every staged file: the output folder is left as it was (and removed if this import made it). */
  abort: () => Promise<void>
}

/** Prefix of the staging folder's name inside the output folder. */
export const stagingPrefix = '.blogkit-import-'

/**
 * Stage an import's files in a hidden folder inside `out` (so that the final renames stay on one file
 * system), and move them into place only once the whole export has been read: an export that turns
 * out to be broken halfway leaves `out` as it was.
 */
export async function createOutput(out: string): Promise<Output> {
  const root = path.resolve(out)
  const made = await mkdir(root, { recursive: true })
  const staging = path.join(root, `${stagingPrefix}${process.pid}-${randomBytes(4).toString('hex')}`)
  await mkdir(staging)
  /** Staged files by their target, with what writing them does. */
  const staged = new Map<string, WriteOutcome>()

  const inside = (file: string) => {
    const target = path.resolve(file)
    const relative = path.relative(root, target)
    if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative))
      throw new Error(`Refusing to write ${file}: it is outside the output folder ${root}`)
    return { target, relative }
  }

  return {
    async write(file, text) {
      const { target, relative } = inside(file)
      const before = staged.get(target)
      let old: string | undefined
      try {
        old = await readFile(target, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      }
      const temporary = path.join(staging, relative)
      if (old === text) {
        if (before !== undefined) {
          await rm(temporary, { force: true })
          staged.delete(target)
        }
        return 'unchanged'
      }
      await mkdir(path.dirname(temporary), { recursive: true })
      await writeFile(temporary, text)
      const outcome = old === undefined ? 'created' : 'updated'
      staged.set(target, outcome)
      return outcome
    },
    async read(file) {
      const { target, relative } = inside(file)
      const outcome = staged.get(target)
      // Note: a file that was not staged already held exactly what was written.
      const text = await readFile(outcome === undefined ? target : path.join(staging, relative), 'utf8')
      return { text, outcome: outcome ?? 'unchanged' }
    },
    async commit() {
      for (const target of [...staged.keys()].sort()) {
        await mkdir(path.dirname(target), { recursive: true })
        await rename(path.join(staging, path.relative(root, target)), target)
      }
      staged.clear()
      await rm(staging, { recursive: true, force: true })
    },
    async abort() {
      staged.clear()
      await rm(staging, { recursive: true, force: true })
      // Note: folders this import made (`--out a/b/c` where only `a` existed) go again, if still empty.
      if (made === undefined) return
      for (let dir = root; dir.startsWith(made); dir = path.dirname(dir)) {
        if ((await readdir(dir)).length > 0) break
        await rmdir(dir)
        if (dir === made) break
      }
    },
  }
}

/** Files written by one import, by what writing them did. */
export interface Counter {
  created: number
  updated: number
  unchanged: number
}

/** Write through `output` and count what it did. */
export async function write(output: Output, counter: Counter, file: string, text: string): Promise<void> {
  counter[await output.write(file, text)]++
}

/** `N files created, N updated, N unchanged`. */
export function counts(counter: Counter): string {
  return `${counter.created} file${counter.created === 1 ? '' : 's'} created, ${counter.updated} updated, ${counter.unchanged} unchanged`
}
