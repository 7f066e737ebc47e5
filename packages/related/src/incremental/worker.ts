// Worker thread of `openRelatedCache` (related-cache.ts), started when a rank finds changed posts and
// the saved index is big (see `workerAbove`): restores the saved related index and applies the changes
// of the journal, then this build's changes, ranks the lists that can change, sends them back, and, when
// asked to, saves the whole index (index-holder.ts, which a small index runs in the caller's thread).
// Bundled by tsup to `dist/worker.js` (beside `dist/incremental.js`, which starts it); the tests, which
// run the source, start that built file too (see worker-client.ts).
import { parentPort, workerData } from 'node:worker_threads'
import { readWhole } from './read-whole.js'
import type { RankRequest, WorkerData } from './worker-client.js'

const port = parentPort!
const data = workerData as WorkerData
// Note: the index file is read while the index's code loads (about 0.1 s of a thread's start); requests
// that come meanwhile wait in order.
const bytes = readWhole(data.indexFile)
const early: RankRequest[] = []
let ask = (request: RankRequest) => {
  early.push(request)
}
port.on('message', (request: RankRequest) => ask(request))
const { serveIndex } = await import('./worker-serve.js')
ask = serveIndex(data, (message) => port.postMessage(message), bytes)
for (const request of early.splice(0)) ask(request)
