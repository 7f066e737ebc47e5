import { statSync } from 'node:fs'
import { Worker } from 'node:worker_threads'

/**
 * Files from which `loadPosts` with a cache (which stats every file before it reads any) stats them with
 * `statFiles`, while it reads the cache's pack.
 */
export const statThreadFrom = 4000

// Note: plain CommonJS run with `eval`, no module of this package: it stays right when a bundler moves
// this file (a site's compiled CLI bundles @blogkit/post). Asked `{ id, files }`, it answers `{ id, stats }`:
// per file `size, mtimeMs, ctimeMs, ino`, or a size of -1 when its stat failed.
const source = `
const { parentPort } = require('node:worker_threads')
const { statSync } = require('node:fs')
parentPort.on('message', ({ id, files }) => {
  const stats = new Float64Array(files.length * 4)
  for (let i = 0; i < files.length; i++) {
    let found
    try {
      found = statSync(files[i])
    } catch {
      stats[i * 4] = -1
      continue
    }
    stats[i * 4] = found.size
    stats[i * 4 + 1] = found.mtimeMs
    stats[i * 4 + 2] = found.ctimeMs
    stats[i * 4 + 3] = found.ino
  }
  parentPort.postMessage({ id, stats }, [stats.buffer])
})
`

/** A file's stat as `statFiles` gives it: what tells a file's content changed without reading it. */
export interface FileStats {
  size: number
  mtimeMs: number
  ctimeMs: number
  ino: number
}

/** `statSync` of each file, `undefined` for a file that cannot be stat'ed (for any reason, as the thread). */
function statHere(files: readonly string[]): Array<FileStats | undefined> {
  return files.map((file) => {
    try {
      const found = statSync(file)
      return { size: found.size, mtimeMs: found.mtimeMs, ctimeMs: found.ctimeMs, ino: found.ino }
    } catch {
      // Note: not only a missing file: `ENOTDIR` (a file where a folder was), `ENAMETOOLONG`, `EACCES`.
      return undefined
    }
  })
}

/** Each file's stats from the thread's answer. */
function fromThread(files: readonly string[], stats: Float64Array): Array<FileStats | undefined> {
  return files.map((_, index) => {
    const at = index * 4
    return stats[at]! < 0
      ? undefined
      : { size: stats[at]!, mtimeMs: stats[at + 1]!, ctimeMs: stats[at + 2]!, ino: stats[at + 3]! }
  })
}

/** A request to the thread: its files and what to do with the answer. */
interface Asked {
  files: readonly string[]
  resolve: (stats: Array<FileStats | undefined>) => void
}

/**
 * The process's stat thread, started by the first `statFiles` and kept (keeping the process alive only
 * while it has work) for the next ones, so that a build that stats twice (posts, then its output) or a dev
 * server that stats on every rebuild starts one thread, not one per call.
 */
let thread: { worker: Worker; asked: Map<number, Asked> } | undefined
let nextId = 0

function statThread() {
  if (thread) return thread
  // Note: no options of this process (`--input-type` of `node -e` breaks an `eval` worker).
  const worker = new Worker(source, { eval: true, execArgv: [] })
  worker.unref()
  const current = { worker, asked: new Map<number, Asked>() }
  worker.on('message', ({ id, stats }: { id: number; stats: Float64Array }) => {
    const asked = current.asked.get(id)
    if (!asked) return
    current.asked.delete(id)
    if (current.asked.size === 0) worker.unref()
    asked.resolve(fromThread(asked.files, stats))
  })
  // Note: a thread that fails (it should not) leaves its work to the caller's thread, and the next call
  // starts another.
  const fail = () => {
    if (thread === current) thread = undefined
    for (const asked of current.asked.values()) asked.resolve(statHere(asked.files))
    current.asked.clear()
  }
  worker.on('error', fail)
  worker.on('exit', fail)
  thread = current
  return current
}

/**
 * Stat many files (or folders) in a thread of its own, as git's `core.preloadIndex` does: the caller's
 * thread goes on meanwhile (reading a cache, say), and the answer costs it a message instead of a
 * `statSync` per file (at 10,000 files 50-100 ms of its time). Starting the thread costs about 0.1 s of
 * CPU on another core, once per process: worth it from a few thousand files. Each file's stat in order,
 * `undefined` for a file that cannot be stat'ed (missing, unreadable: stat it yourself for the error);
 * when no thread can start, the files are stat'ed in this thread.
 */
export function statFiles(files: readonly string[]): Promise<Array<FileStats | undefined>> {
  let current: ReturnType<typeof statThread>
  try {
    current = statThread()
  } catch {
    return Promise.resolve(statHere(files))
  }
  const id = nextId++
  return new Promise((resolve) => {
    current.asked.set(id, { files, resolve })
    // Note: held while it has work (a caller awaiting nothing else must get its answer), not after.
    current.worker.ref()
    current.worker.postMessage({ id, files })
  })
}
