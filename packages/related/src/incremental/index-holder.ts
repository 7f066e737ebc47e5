import { rename, writeFile } from 'node:fs/promises'
import { stateOf } from '../lib/related-index.js'
import type { RelatedIndex, RelatedIndexOptions, RelatedPost } from '../lib/types.js'
import { indexFileBytes, indexFromFile } from './index-file.js'
import { readWhole } from './read-whole.js'
import { warmRanks } from './warm-up.js'
import type { HolderMessage, RankRequest, RelatedChanges } from './worker-client.js'

/**
 * Where the saved index is, which save it must be, and the journal's changes to apply to it; with `warmUp`
 * (the index's options, set by `RelatedCache.prepare()`, ahead of a change), the restored index is also
 * readied for its first change (`IndexState.prepareForChanges`), and the thread warmed (warm-up.ts).
 */
export interface HolderData {
  indexFile: string
  generation: string | undefined
  changes: RelatedChanges[]
  warmUp?: RelatedIndexOptions | undefined
}

/** Apply one build's changes, as that build did: added or changed posts in order, then removed ones. */
function apply(index: RelatedIndex, step: RelatedChanges): void {
  for (const doc of step.changed) {
    if (index.has(doc.id)) index.update(doc)
    else index.add(doc)
  }
  for (const id of step.removed) index.remove(id)
}

/**
 * The saved index, restored (its file read, the journal's changes applied) and kept to answer rank
 * requests, one at a time, in order: the work of the worker thread (worker.ts), or of the caller's own
 * thread for a small index (see `workerAbove`). `reply` is given each answer, and `{ restored: true }` once
 * the restore is done (before any answer). `bytes`: the index file's bytes, when their read started
 * already (`undefined`: it could not be read).
 */
export function holdIndex(
  data: HolderData,
  reply: (message: HolderMessage) => void,
  bytes: Promise<Uint8Array | undefined> = readWhole(data.indexFile),
) {
  let asked = false
  // Note: any failure (no file, a damaged one, one saved by another version of @blogkit/related) means
  // "no index": the caller then ranks every list afresh and saves a new one.
  const restored: Promise<RelatedIndex | undefined> = bytes
    .then(async (bytes) => {
      const index = bytes && indexFromFile(bytes, data.generation)
      if (!index) return index
      for (const step of data.changes) apply(index, step)
      // Note: the first change's own preparations done now, not by the rank of the first edit (about 0.3 s
      // at 10,000 posts): a dev server's index waits for its first change. And its ranks warmed, unless a
      // rank is asked for already (a build's, which `prepare` started as soon as it found a changed post):
      // warming ranks as many lists as that rank does, so it would wait for twice the work.
      if (data.warmUp) {
        stateOf(index).prepareForChanges()
        await new Promise((resolve) => setImmediate(resolve))
        if (!asked) warmRanks(stateOf(index))
      }
      return index
    })
    .catch(() => undefined)
  void restored.then(() => reply({ restored: true }))

  async function answer(request: RankRequest): Promise<void> {
    try {
      const index = await restored
      if (!index) {
        reply({ ok: false })
        return
      }
      const { lists, limit, neighbourhood, save } = request
      apply(index, request)
      const again = new Set(lists)
      for (const doc of request.changed) {
        again.add(doc.id)
        for (const hit of index.related(doc.id, { limit: neighbourhood })) again.add(hit.id)
      }
      const results: Array<[string, RelatedPost[]]> = []
      for (const id of again) if (index.has(id)) results.push([id, index.related(id, { limit })])
      reply({ ok: true, results })
      if (save === undefined) return
      // Note: written beside, then renamed, so a build stopped halfway never leaves half an index.
      const temporary = `${data.indexFile}.${process.pid}.tmp`
      await writeFile(temporary, indexFileBytes(save, index))
      await rename(temporary, data.indexFile)
      reply({ saved: true })
    } catch (error) {
      reply({ ok: false, error: String(error) })
    }
  }

  let queue = Promise.resolve()
  return {
    ask(request: RankRequest): void {
      asked = true
      queue = queue.then(() => answer(request))
    },
  }
}
