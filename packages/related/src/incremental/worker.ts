// Worker thread of `openRelatedCache` (related-cache.ts), started when a rank finds changed posts:
// restores the saved related index and applies the changes of the journal, then this build's changes,
// ranks the lists that can change, sends them back, and, when asked to, saves the whole index.
// Bundled by tsup to `dist/worker.js` (beside `dist/incremental.js`, which starts it); the tests, which
// run the source, start that built file too (see worker-client.ts).
import { readFile, rename, writeFile } from 'node:fs/promises'
import { parentPort, workerData } from 'node:worker_threads'
import type { RelatedIndex } from '../lib/types.js'
import { indexFileBytes, indexFromFile } from './index-file.js'
import type { RankRequest, RelatedChanges } from './worker-client.js'

const { indexFile, generation, changes } = workerData as {
  indexFile: string
  generation: string | undefined
  changes: RelatedChanges[]
}
const port = parentPort!

/** Apply one build's changes, as that build did: added or changed posts in order, then removed ones. */
function apply(index: RelatedIndex, step: RelatedChanges): void {
  for (const doc of step.changed) {
    if (index.has(doc.id)) index.update(doc)
    else index.add(doc)
  }
  for (const id of step.removed) index.remove(id)
}

// Note: any failure (no file, a damaged one, one saved by another version of @blogkit/related) means
// "no index": the main thread then ranks every list afresh and saves a new one.
const restored: Promise<RelatedIndex | undefined> = readFile(indexFile)
  .then((bytes) => {
    const index = indexFromFile(bytes, generation)
    if (index) for (const step of changes) apply(index, step)
    return index
  })
  .catch(() => undefined)

// Note: one request at a time, in order (with `keepOpen` a cache asks again after each change, the index
// kept here with every change applied).
let queue = Promise.resolve()
port.on('message', (request: RankRequest) => {
  queue = queue.then(() => answer(request))
})

async function answer(request: RankRequest): Promise<void> {
  try {
    const index = await restored
    if (!index) {
      port.postMessage({ ok: false })
      return
    }
    const { lists, limit, neighbourhood, save } = request
    apply(index, request)
    const again = new Set(lists)
    for (const doc of request.changed) {
      again.add(doc.id)
      for (const hit of index.related(doc.id, { limit: neighbourhood })) again.add(hit.id)
    }
    const results = []
    for (const id of again) if (index.has(id)) results.push([id, index.related(id, { limit })])
    port.postMessage({ ok: true, results })
    if (save === undefined) return
    // Note: written beside, then renamed, so a build stopped halfway never leaves half an index.
    const temporary = `${indexFile}.${process.pid}.tmp`
    await writeFile(temporary, indexFileBytes(save, index))
    await rename(temporary, indexFile)
    port.postMessage({ saved: true })
  } catch (error) {
    port.postMessage({ ok: false, error: String(error) })
  }
}
