// Worker thread of `loadPosts({ workers })`: parses the files it is sent, with the options it was
// started with (no plugins, no schema: those stay on the main thread).
import { parentPort, workerData } from 'node:worker_threads'
import { createPostParser } from './lib/post-parser.js'
import { toWire, type WorkerReply, type WorkerRequest } from './lib/worker-pool.js'

const { parse, prepare } = createPostParser(workerData as Parameters<typeof createPostParser>[0])
const port = parentPort!
// Note: load unified, micromark and the front matter parsers while the main thread lists and
// reads the files; a failure shows again (with its file) on the first parse.
prepare().catch(() => undefined)

port.on('message', async (request: WorkerRequest) => {
  let reply: WorkerReply
  try {
    const result = await parse({ path: request.path, value: request.value })
    const warnings = result.warnings.map(toWire)
    reply = result.post
      ? { id: request.id, post: result.post, raw: result.raw, warnings }
      : { id: request.id, messages: result.messages.map(toWire), warnings }
  } catch (error) {
    reply = { id: request.id, error: error instanceof Error ? (error.stack ?? error.message) : String(error) }
  }
  port.postMessage(reply)
})
