import { Worker } from 'node:worker_threads'
import type { RelatedDoc, RelatedPost } from '../lib/types.js'
import { type HolderData, holdIndex } from './index-holder.js'
import { warmUp } from './warm-up.js'

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

/** What a holder tells, unasked: a reply, or that its restore is done (the index held, or none usable). */
export type HolderMessage = Reply | { restored: true }

/**
 * What starts a holder: the saved index to restore, and with `warmUp` (the index's options) a warm-up of
 * the thread for its first rank (warm-up.ts), done on a throwaway index while the saved one is read, and
 * of the restored index for its first change (index-holder.ts).
 */
export type WorkerData = HolderData

/** The worker thread that restores the saved index (see worker.js). */
export interface RelatedWorker {
  /** Resolves once the saved index is restored (or found unusable), or the holder stopped or failed. */
  readonly restored: Promise<void>
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

/** A promise and what resolves it (`Promise.withResolvers` is Node.js 22). */
function signal(): [Promise<void>, () => void] {
  let resolve!: () => void
  const promise = new Promise<void>((done) => {
    resolve = done
  })
  return [promise, resolve]
}

/** Replies as they come, and `next()` waiting for one: the caller's side of a worker or of a holder. */
function inbox() {
  const messages: Reply[] = []
  const waiting: Array<(reply: Reply | undefined) => void> = []
  let ended = false
  return {
    put(reply: Reply) {
      const resolve = waiting.shift()
      if (resolve) resolve(reply)
      else messages.push(reply)
    },
    end() {
      ended = true
      for (const resolve of waiting.splice(0)) resolve(undefined)
    },
    next(): Promise<Reply | undefined> {
      const reply = messages.shift()
      if (reply || ended) return Promise.resolve(reply)
      return new Promise((resolve) => waiting.push(resolve))
    },
  }
}

/**
 * Start the worker thread that restores the saved index from `indexFile` (when its generation is
 * `generation`) and applies `changes`.
 */
export function startWorker(workerData: WorkerData): RelatedWorker {
  const worker = new Worker(workerUrl, { workerData })
  // Note: listeners from the start, so that a worker that fails before it is asked (a damaged file, a
  // missing module) neither throws in the main thread nor leaves a caller waiting for an event that
  // already happened.
  const replies = inbox()
  const [restored, markRestored] = signal()
  worker.on('message', (message: HolderMessage) =>
    'restored' in message ? markRestored() : replies.put(message),
  )
  const ended = () => {
    replies.end()
    markRestored()
  }
  worker.on('error', ended)
  worker.on('exit', ended)
  return {
    restored,
    send: (request) => worker.postMessage(request),
    next: replies.next,
    stop: async () => {
      await worker.terminate()
    },
  }
}

/**
 * The same as `startWorker`, in the caller's thread: for a small index, whose restoring costs less than
 * starting a thread and loading the package in it.
 */
export function holdInThread(data: WorkerData): RelatedWorker {
  const replies = inbox()
  const [restored, markRestored] = signal()
  let stopped = false
  const { warmUp: warmUpFor } = data
  // Note: after the caller's current task (this thread is the caller's), while the saved index is read.
  if (warmUpFor) setImmediate(() => stopped || warmUp(warmUpFor))
  // Note: a holder's replies are its own objects, as a worker's are copies: nothing is shared with the index.
  const holder = holdIndex(data, (message) => {
    if ('restored' in message) markRestored()
    else if (!stopped) replies.put(structuredClone(message))
  })
  return {
    restored,
    send: holder.ask,
    next: replies.next,
    stop: async () => {
      stopped = true
      replies.end()
      markRestored()
    },
  }
}
