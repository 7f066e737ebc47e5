import { Worker } from 'node:worker_threads'
import type { RelatedDoc, RelatedPost } from '../lib/types.js'

/** One build's changes to the index: posts added or changed (in this order), then posts removed. */
export interface RelatedChanges {
  changed: RelatedDoc[]
  removed: string[]
}

/** What the worker thread is asked, once: this build's changes, the lists to rank again, and whether to save. */
export interface RankRequest extends RelatedChanges {
  lists: string[]
  limit: number
  neighbourhood: number
  /** Generation to save the whole index with (`undefined`: do not save). */
  save: string | undefined
}

/** A reply of the worker thread. */
export type Reply =
  | { ok: true; results: Array<[string, RelatedPost[]]> }
  | { ok: false; error?: string }
  | { saved: true }

/** The worker thread that restores the saved index (see worker.js). */
export interface RelatedWorker {
  send(request: RankRequest): void
  /** The next message, or `undefined` once the worker failed or stopped. */
  next(): Promise<Reply | undefined>
  stop(): Promise<void>
}

/**
 * The worker's file: `worker.js` beside this module in the built package (`dist/worker.js`, beside the
 * bundle that starts it). Note: run from the source (the tests, `src/incremental/*.ts`), this is the
 * built `dist/worker.js` too: a worker thread has no TypeScript loader (`npm run build` first).
 */
const workerUrl = import.meta.url.endsWith('.ts')
  ? new URL('../../dist/worker.js', import.meta.url)
  : new URL('./worker.js', import.meta.url)

/**
 * Start the worker thread that restores the saved index from `indexFile` (when its generation is
 * `generation`) and applies `changes`, while the caller reads its posts.
 */
export function startWorker(workerData: {
  indexFile: string
  generation: string | undefined
  changes: RelatedChanges[]
}): RelatedWorker {
  const worker = new Worker(workerUrl, { workerData })
  // Note: listeners from the start, so that a worker that fails before it is asked (a damaged file, a
  // missing module) neither throws in the main thread nor leaves a caller waiting for an event that
  // already happened.
  const messages: Reply[] = []
  const waiting: Array<(reply: Reply | undefined) => void> = []
  let ended = false
  const end = () => {
    ended = true
    for (const resolve of waiting.splice(0)) resolve(undefined)
  }
  worker.on('message', (reply: Reply) => {
    const resolve = waiting.shift()
    if (resolve) resolve(reply)
    else messages.push(reply)
  })
  worker.on('error', end)
  worker.on('exit', end)
  return {
    send: (request) => worker.postMessage(request),
    next: () => {
      const reply = messages.shift()
      if (reply || ended) return Promise.resolve(reply)
      return new Promise((resolve) => waiting.push(resolve))
    },
    stop: async () => {
      await worker.terminate()
    },
  }
}
