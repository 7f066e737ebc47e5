import { holdIndex } from './index-holder.js'
import { warmUp } from './warm-up.js'
import type { HolderMessage, RankRequest, WorkerData } from './worker-client.js'

/**
 * The worker thread's work once its code is loaded (worker.ts): hold the index of `bytes` (read meanwhile),
 * warm the thread for its first rank when asked to (`RelatedCache.prepare()`, ahead of the first change),
 * and give the function that answers rank requests.
 */
export function serveIndex(
  data: WorkerData,
  reply: (message: HolderMessage) => void,
  bytes: Promise<Uint8Array | undefined>,
): (request: RankRequest) => void {
  const holder = holdIndex(data, reply, bytes)
  // Note: while the saved index is read.
  if (data.warmUp) warmUp(data.warmUp)
  return holder.ask
}
