import { statSync } from 'node:fs'
import { Worker } from 'node:worker_threads'

/**
 * Files from which `loadPosts` with a cache (which stats every file before it reads any) stats them with
 * `statFiles`, while it reads the cache's pack.
 */
export const statThreadFrom = 4000

// Note: plain CommonJS run with `eval`, no module of this package: it stays right when a bundler moves
// this file (a site's compiled CLI bundles @blogkit/post). Per file `size, mtimeMs, ctimeMs, ino`, or a
// size of -1 when its stat failed (the load stats that file again itself, to report the error).
const source = `
const { parentPort } = require('node:worker_threads')
const { statSync } = require('node:fs')
parentPort.once('message', (files) => {
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
  parentPort.postMessage(stats, [stats.buffer])
})
`

/** A file's stat as `statFiles` gives it: what tells a file's content changed without reading it. */
export interface FileStats {
  size: number
  mtimeMs: number
  ctimeMs: number
  ino: number
}

/** `statSync` of each file, `undefined` for a file that cannot be stat'ed. */
function statHere(files: readonly string[]): Array<FileStats | undefined> {
  return files.map((file) => {
    const found = statSync(file, { throwIfNoEntry: false })
    return found && { size: found.size, mtimeMs: found.mtimeMs, ctimeMs: found.ctimeMs, ino: found.ino }
  })
}

/**
 * Stat many files (or folders) in a thread of its own, as git's `core.preloadIndex` does: the caller's
 * thread goes on meanwhile (reading a cache, say), and the answer costs it a message instead of a
 * `statSync` per file (at 10,000 files 50-100 ms of its time). Starting the thread costs about 40 ms on
 * another core: worth it from a few thousand files. Each file's stat in order, `undefined` for a file
 * that cannot be stat'ed (missing, unreadable: stat it yourself for the error); when no thread can start,
 * the files are stat'ed in this thread.
 */
export function statFiles(files: readonly string[]): Promise<Array<FileStats | undefined>> {
  let worker: Worker
  try {
    // Note: no options of this process (`--input-type` of `node -e` breaks an `eval` worker).
    worker = new Worker(source, { eval: true, execArgv: [] })
  } catch {
    return Promise.resolve(statHere(files))
  }
  worker.unref()
  return new Promise((resolve) => {
    let answered = false
    worker.once('message', (stats: Float64Array) => {
      answered = true
      const at = (index: number) => index * 4
      resolve(
        files.map((_, index) =>
          stats[at(index)]! < 0
            ? undefined
            : {
                size: stats[at(index)]!,
                mtimeMs: stats[at(index) + 1]!,
                ctimeMs: stats[at(index) + 2]!,
                ino: stats[at(index) + 3]!,
              },
        ),
      )
      void worker.terminate()
    })
    // Note: a thread that fails (it should not) leaves the work to this one.
    const fallBack = () => {
      if (answered) return
      answered = true
      resolve(statHere(files))
    }
    worker.once('error', fallBack)
    worker.once('exit', fallBack)
    worker.postMessage(files)
  })
}
