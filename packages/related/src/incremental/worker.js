// Worker thread of `openRelatedCache` (related-cache.ts): restores the saved related index and applies
// the changes of the journal while the main thread reads the posts, then applies this build's changes,
// ranks the lists that can change, sends them back, and, when asked to, saves the whole index.
// Plain JavaScript, so that it runs from the source (tests) as from the built package (`dist/worker.js`),
// without a TypeScript loader; it imports the package by its own name (the built `dist/index.js`).
import { readFile, rename, writeFile } from 'node:fs/promises'
import v8 from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'
import { fromJSON } from '@blogkit/related'

/**
 * @typedef {import('./worker-client.js').RelatedChanges} Changes
 * @type {{ indexFile: string, generation: string | undefined, changes: Changes[] }}
 */
const { indexFile, generation, changes } = workerData
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort)

/**
 * Apply one build's changes, as that build did: added or changed posts in order, then removed ones.
 * @param {import('@blogkit/related').RelatedIndex} index
 * @param {Changes} step
 */
function apply(index, step) {
  for (const doc of step.changed) {
    if (index.has(doc.id)) index.update(doc)
    else index.add(doc)
  }
  for (const id of step.removed) index.remove(id)
}

// Note: any failure (no file, a damaged one, one saved by another version of @blogkit/related, which
// `fromJSON` refuses) means "no index": the main thread then ranks every list afresh and saves a new one.
const restored = readFile(indexFile)
  .then((buffer) => {
    const saved = v8.deserialize(buffer)
    if (generation === undefined || saved?.generation !== generation) return undefined
    const index = fromJSON(saved.index)
    for (const step of changes) apply(index, step)
    return index
  })
  .catch(() => undefined)

// Note: one request at a time, in order (with `keepOpen` a cache asks again after each change, the index
// kept here with every change applied).
let queue = Promise.resolve()
port.on('message', (/** @type {import('./worker-client.js').RankRequest} */ request) => {
  queue = queue.then(() => answer(request))
})

/** @param {import('./worker-client.js').RankRequest} request */
async function answer(request) {
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
    await writeFile(temporary, v8.serialize({ generation: save, index: index.toJSON() }))
    await rename(temporary, indexFile)
    port.postMessage({ saved: true })
  } catch (error) {
    port.postMessage({ ok: false, error: String(error) })
  }
}
