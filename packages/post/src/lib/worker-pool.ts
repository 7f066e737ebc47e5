import { Worker } from 'node:worker_threads'
import type { VFileMessage } from 'vfile-message'
import { createMessage } from './errors.js'
import type { Post } from './types.js'

/** A file sent to a worker. */
export interface WorkerRequest {
  id: number
  path: string
  value: Uint8Array
}

/** A diagnostic as sent between threads. */
export interface WireMessage {
  reason: string
  ruleId: string
  line: number
  column: number
  warning: boolean
  expected?: string[] | undefined
  actual?: string | undefined
}

/** A diagnostic made fit to send to another thread. */
export function toWire(message: VFileMessage): WireMessage {
  return {
    reason: message.reason,
    ruleId: message.ruleId ?? 'unknown',
    line: message.line ?? 1,
    column: message.column ?? 1,
    warning: message.fatal === false,
    ...(message.expected ? { expected: message.expected } : {}),
    ...(message.actual === undefined ? {} : { actual: message.actual }),
  }
}

/** A worker's answer: a post with its raw front matter, problems, or a crash; warnings either way. */
export type WorkerReply =
  | { id: number; post: Post; raw: Record<string, unknown>; warnings: WireMessage[] }
  | { id: number; messages: WireMessage[]; warnings: WireMessage[] }
  | { id: number; error: string }

/** Outcome of a file parsed in a worker. */
export type PoolResult = (
  | { post: Post; raw: Record<string, unknown> }
  | { post: undefined; messages: VFileMessage[] }
) & { warnings: VFileMessage[] }

interface Job {
  id: number
  path: string
  value: Uint8Array
  resolve: (result: PoolResult) => void
  reject: (error: Error) => void
}

/**
 * Files a worker holds at once: one being parsed and one waiting, so that it never idles while
 * its next file is on the way, and no worker gets a long queue while another runs dry.
 */
const inFlight = 2

/**
 * Start one worker thread. It inherits the process's options (Node.js leaves out the V8 ones, such as
 * `--max-old-space-size`), except `--input-type` (of `node -e`), which makes a worker started from a file
 * fail to start: then the options are given without it, and, when Node.js refuses some of them (V8
 * options given explicitly), none are.
 */
function startWorker(url: URL, workerData: Record<string, unknown>): Worker {
  if (!process.execArgv.some((arg) => arg.startsWith('--input-type'))) return new Worker(url, { workerData })
  try {
    const execArgv = process.execArgv.filter((arg) => !arg.startsWith('--input-type'))
    return new Worker(url, { workerData, execArgv })
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ERR_WORKER_INVALID_EXEC_ARGV') throw error
    return new Worker(url, { workerData, execArgv: [] })
  }
}

/**
 * Start `size` worker threads that parse posts with `options` (structured-cloneable options only).
 *
 * Note: files wait in one shared queue and go to whichever worker has room (work sharing), not
 * to a worker chosen up front: post sizes say little about their cost (a page of code blocks
 * parses slower than a page of prose), and with fixed queues one thread ended with much of the
 * work while the other waited.
 */
export function createWorkerPool(size: number, options: Record<string, unknown>) {
  const url = new URL('./worker.js', import.meta.url)
  const queue: Job[] = []
  let head = 0
  let failure: Error | undefined

  const slots = Array.from({ length: size }, () => {
    const worker = startWorker(url, options)
    const slot = { worker, pending: new Map<number, Job>() }
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.pending.get(reply.id)
      if (!job) return
      slot.pending.delete(reply.id)
      feed(slot)
      if ('error' in reply) {
        job.reject(new Error(`Parsing \`${job.path}\` crashed a worker: ${reply.error}`))
        return
      }
      const fromWire = (message: WireMessage) =>
        createMessage(message.reason, {
          ruleId: message.ruleId,
          place: { line: message.line, column: message.column },
          file: job.path,
          warning: message.warning,
          expected: message.expected,
          actual: message.actual,
        })
      const warnings = reply.warnings.map(fromWire)
      if ('post' in reply) job.resolve({ post: reply.post, raw: reply.raw, warnings })
      else job.resolve({ post: undefined, messages: reply.messages.map(fromWire), warnings })
    })
    const fail = (error: Error) => {
      // Note: a dead worker takes no more work; its files and everything queued fail with it.
      failure ??= error
      for (const job of slot.pending.values()) job.reject(error)
      slot.pending.clear()
      const index = slots.indexOf(slot)
      if (index === -1) return
      slots.splice(index, 1)
      if (slots.length === 0) {
        for (const job of queue.slice(head)) job.reject(failure)
        queue.length = 0
        head = 0
      }
    }
    worker.on('error', fail)
    // A worker that exits with work left would leave `loadPosts` waiting forever.
    worker.on('exit', (code) =>
      fail(new Error(`A \`loadPosts\` worker thread exited (code ${code}) before finishing`)),
    )
    return slot
  })

  function feed(slot: (typeof slots)[number]) {
    while (slot.pending.size < inFlight && head < queue.length) {
      const job = queue[head]!
      queue[head++] = undefined as unknown as Job
      if (head === queue.length) {
        queue.length = 0
        head = 0
      }
      slot.pending.set(job.id, job)
      const { id, path, value } = job
      // Note: a buffer of its own (as `readFile` gives) is moved to the worker, not copied.
      const { buffer } = value
      const own =
        buffer instanceof ArrayBuffer && value.byteOffset === 0 && value.byteLength === buffer.byteLength
      slot.worker.postMessage({ id, path, value } satisfies WorkerRequest, own ? [buffer] : [])
    }
  }

  let next = 0

  return {
    /** Parse one file in the next worker with room. The bytes of `value` may be moved away. */
    parse(path: string, value: Uint8Array): Promise<PoolResult> {
      return new Promise<PoolResult>((resolve, reject) => {
        if (slots.length === 0) {
          reject(failure ?? new Error('The `loadPosts` worker threads are closed'))
          return
        }
        queue.push({ id: next++, path, value, resolve, reject })
        for (const slot of slots) if (slot.pending.size < inFlight) feed(slot)
      })
    },
    /** Stop every worker. */
    async close(): Promise<void> {
      await Promise.all(slots.map((slot) => slot.worker.terminate()))
    },
  }
}
