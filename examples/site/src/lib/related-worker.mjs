// Worker thread of `loadSite` (see rankRelated in load-site.ts): restores the saved related index while
// the main thread reads the posts, then applies the changed posts, ranks the lists that can change,
// sends them back, and saves the index. Plain JavaScript: it runs without a TypeScript loader.
import { readFile, rename, writeFile } from 'node:fs/promises'
import v8 from 'node:v8'
import { parentPort, workerData } from 'node:worker_threads'
import { fromJSON } from '@blogkit/related'

/** @type {{ indexFile: string, generation: string }} */
const { indexFile, generation } = workerData
const port = /** @type {import('node:worker_threads').MessagePort} */ (parentPort)

const restored = readFile(indexFile).then(
  (buffer) => {
    const saved = v8.deserialize(buffer)
    return saved?.generation === generation ? fromJSON(saved.index) : undefined
  },
  () => undefined,
)

port.once('message', async (request) => {
  try {
    const index = await restored
    if (!index) {
      port.postMessage({ ok: false })
      return
    }
    const { changed, existing, removed, lists, limit, neighbourhood, nextGeneration } = request
    const known = new Set(existing)
    for (const doc of changed) {
      if (known.has(doc.id)) index.update(doc)
      else index.add(doc)
    }
    for (const id of removed) index.remove(id)
    const again = new Set(lists)
    for (const doc of changed) {
      again.add(doc.id)
      for (const hit of index.related(doc.id, { limit: neighbourhood })) again.add(hit.id)
    }
    const results = []
    for (const id of again) if (index.has(id)) results.push([id, index.related(id, { limit })])
    port.postMessage({ ok: true, results })
    // Note: written beside, then renamed, so a build stopped halfway never leaves half an index.
    const temporary = `${indexFile}.${process.pid}.tmp`
    await writeFile(temporary, v8.serialize({ generation: nextGeneration, index: index.toJSON() }))
    await rename(temporary, indexFile)
    port.postMessage({ saved: true })
  } catch (error) {
    port.postMessage({ ok: false, error: String(error) })
  }
})
