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

/** A worker's answer: a post with its raw front matter, problems, or a crash. */
export type WorkerReply =
  | { id: number; post: Post; raw: Record<string, unknown> }
  | { id: number; messages: Array<{ reason: string; ruleId: string; line: number; column: number }> }
  | { id: number; error: string }

/** Outcome of a file parsed in a worker. */
export type PoolResult =
  | { post: Post; raw: Record<string, unknown> }
  | { post: undefined; messages: VFileMessage[] }

interface Pending {
  path: string
  size: number
  resolve: (result: PoolResult) => void
  reject: (error: Error) => void
}

/**
 * Start `size` worker threads that parse posts with `options` (structured-cloneable options only).
 */
export function createWorkerPool(size: number, options: Record<string, unknown>) {
  const url = new URL('./worker.js', import.meta.url)
  const slots = Array.from({ length: size }, () => {
    const worker = new Worker(url, { workerData: options })
    const slot = { worker, pending: new Map<number, Pending>(), bytes: 0 }
    worker.on('message', (reply: WorkerReply) => {
      const job = slot.pending.get(reply.id)
      if (!job) return
      slot.pending.delete(reply.id)
      slot.bytes -= job.size
      if ('error' in reply) job.reject(new Error(`Parsing \`${job.path}\` crashed a worker: ${reply.error}`))
      else if ('post' in reply) job.resolve({ post: reply.post, raw: reply.raw })
      else
        job.resolve({
          post: undefined,
          messages: reply.messages.map((message) =>
            createMessage(message.reason, {
              ruleId: message.ruleId,
              place: { line: message.line, column: message.column },
              file: job.path,
            }),
          ),
        })
    })
    const fail = (error: Error) => {
      for (const job of slot.pending.values()) job.reject(error)
      slot.pending.clear()
    }
    worker.on('error', fail)
    // A worker that exits with work left would leave `loadPosts` waiting forever.
    worker.on('exit', (code) =>
      fail(new Error(`A \`loadPosts\` worker thread exited (code ${code}) before finishing`)),
    )
    return slot
  })
  let next = 0

  return {
    /** Parse one file in the least busy worker (by bytes waiting). */
    parse(path: string, value: Uint8Array): Promise<PoolResult> {
      const slot = slots.reduce((best, item) => (item.bytes < best.bytes ? item : best))
      const id = next++
      return new Promise<PoolResult>((resolve, reject) => {
        slot.pending.set(id, { path, size: value.byteLength, resolve, reject })
        slot.bytes += value.byteLength
        slot.worker.postMessage({ id, path, value } satisfies WorkerRequest)
      })
    },
    /** Stop every worker. */
    async close(): Promise<void> {
      await Promise.all(slots.map((slot) => slot.worker.terminate()))
    },
  }
}
