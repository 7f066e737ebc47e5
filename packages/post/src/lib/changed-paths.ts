import { statSync } from 'node:fs'
import path from 'node:path'

/**
 * The `changed` option of `loadPosts` and `listFiles`, checked: each path absolute and inside `dir`
 * (absolute), made relative to it. `undefined` without the option.
 */
export function checkChanged(
  dir: string,
  changed: Iterable<string> | null | undefined,
  hasSession: boolean,
): string[] | undefined {
  if (changed === undefined || changed === null) return undefined
  if (typeof changed === 'string' || typeof (changed as Iterable<string>)[Symbol.iterator] !== 'function')
    throw new TypeError(
      `Expected \`changed\` to be a list (or set) of absolute paths, got \`${String(changed)}\``,
    )
  if (!hasSession)
    throw new TypeError(
      'Expected a `session` with `changed`: the paths are what changed since the last load with that session',
    )
  const relative: string[] = []
  for (const file of changed) {
    if (typeof file !== 'string' || !path.isAbsolute(file))
      throw new TypeError(
        `Expected each path of \`changed\` to be absolute, got \`${String(file)}\`: resolve it against the folder the watcher watches`,
      )
    const inside = path.relative(dir, path.resolve(file))
    if (inside.startsWith(`..${path.sep}`) || inside === '..' || path.isAbsolute(inside))
      throw new TypeError(
        `Expected each path of \`changed\` to be inside \`${dir}\`, got \`${file}\`: pass only the changes under that folder`,
      )
    relative.push(inside)
  }
  return relative
}

/** A kept listing updated with a hint: the files (sorted) and those named by it that are in them. */
export interface HintedListing {
  files: string[]
  named: Set<string>
}

/**
 * Apply the relative paths of a hint (`checkChanged`) to the files (relative, native separators) of the
 * last listing of `dir`: a named file that exists is added when `accept` takes it, one that does not is
 * removed. `undefined` (list again) when a named path is, or was, a folder (renamed, added or removed
 * with what it holds), or is `dir` itself.
 */
export function applyHint(
  dir: string,
  kept: readonly string[],
  hint: readonly string[],
  accept: (relative: string) => boolean,
): HintedListing | undefined {
  const files = new Set(kept)
  const named = new Set<string>()
  let added = false
  for (const relative of hint) {
    if (relative === '') return undefined
    let isFolder: boolean | undefined
    try {
      // Note: `statSync` costs a few microseconds, the promise version tens.
      isFolder = statSync(path.join(dir, relative)).isDirectory()
    } catch {
      isFolder = undefined
    }
    if (isFolder) return undefined
    if (isFolder === undefined) {
      // Gone: a folder removed or renamed takes the files in it along.
      const prefix = relative + path.sep
      for (const file of files) if (file.startsWith(prefix)) return undefined
      files.delete(relative)
      continue
    }
    if (!accept(relative)) continue
    if (!files.has(relative)) {
      files.add(relative)
      added = true
    }
    named.add(relative)
  }
  const list = [...files]
  if (added) list.sort()
  return { files: list, named }
}

/** Whether a relative path is skipped by every listing (`node_modules`, dot files or folders). */
export function skippedPath(relative: string): boolean {
  return relative.split(path.sep).some((part) => part.startsWith('.') || part === 'node_modules')
}
