// Worker thread of `openRelatedCache` (related-cache.ts), started when a rank finds changed posts and
// the saved index is big (see `workerAbove`): restores the saved related index and applies the changes
// of the journal, then this build's changes, ranks the lists that can change, sends them back, and, when
// asked to, saves the whole index (index-holder.ts, which a small index runs in the caller's thread).
// Bundled by tsup to `dist/worker.js` (beside `dist/incremental.js`, which starts it); the tests, which
// run the source, start that built file too (see worker-client.ts).
import { parentPort, workerData } from 'node:worker_threads'
import { holdIndex } from './index-holder.js'
import { warmUp } from './warm-up.js'
import type { WorkerData } from './worker-client.js'

const port = parentPort!
const data = workerData as WorkerData
const holder = holdIndex(data, (message) => port.postMessage(message))
port.on('message', holder.ask)
// Note: while the saved index is read (`RelatedCache.prepare()` asks for it: ahead of the first change).
if (data.warmUp) warmUp(data.warmUp)
