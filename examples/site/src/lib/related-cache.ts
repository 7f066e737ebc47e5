import { randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import v8 from 'node:v8'
import { Worker } from 'node:worker_threads'
import type { Post } from '@blogkit/post'
import { createRelatedIndex, type RelatedPost } from '@blogkit/related'
import type { SiteConfig } from './config.js'
import { postDigests } from './fingerprint.js'

// The related-posts cache of a content folder, three files in the cache folder:
//
// - `related-lists.json`, the base: every post's related list and a digest of what the index reads of
//   each post (`PostDigests.related`), with a `generation` (a random id);
// - `related-index.bin`, the index (`toJSON()` of @blogkit/related, `v8.serialize`d) with the same
//   `generation`: lists and index written by different builds are never used together;
// - `related-journal.bin`, what the builds since the base changed: the posts added, changed and
//   removed (in order, to be applied to the saved index again), and the lists ranked again.
//
// A rebuild after a few posts changed writes only the journal (a few kB) instead of the 10,000-post
// index and lists (tens of MB, over a second of work); when the journal has grown past a share of the
// posts, the base is written again and the journal deleted.

/** The saved base lists: the settings they were ranked with, each post's digest, each post's list. */
interface SavedRelatedLists {
  version: 5
  /** Written with the index too (see above). */
  generation: string
  lang: string
  limit: number
  /**
   * The index options of @blogkit/related (defaults included) the lists were ranked with: a new
   * version of the package with other defaults ranks afresh instead of keeping the old lists and index.
   */
  options: string
  hashes: Record<string, string>
  results: Record<string, RelatedPost[]>
}

/** What the related index reads of a post (sent to the worker thread, kept in the journal). */
export type RelatedDocData = ReturnType<typeof relatedDoc>

/** One build's changes to the index: posts added or changed (in this order), then posts removed. */
export interface RelatedChanges {
  changed: RelatedDocData[]
  removed: string[]
}

/** The changes since the base (see above). */
interface RelatedJournal {
  version: 1
  /** Generation of the base lists and index it follows. */
  base: string
  /** Each build's changes to the index, oldest first. */
  changes: RelatedChanges[]
  /** Digests of the posts changed since the base, `null` for posts removed. */
  hashes: Record<string, string | null>
  /** Lists ranked again since the base, `null` for posts removed. */
  results: Record<string, RelatedPost[] | null>
}

/** The options (with the package's defaults) of the index this site builds, as JSON. */
function indexOptions(config: SiteConfig): string {
  return JSON.stringify(createRelatedIndex([], relatedIndexOptions(config)).toJSON().options)
}

/** Options of the site's related index. */
function relatedIndexOptions(config: SiteConfig) {
  return { lang: config.language }
}

/** How far around a changed post to look for lists it may enter (its own related posts, this many). */
const neighbourhood = 50

/**
 * When the journal holds more changed posts than this share of all posts (or more lists than
 * `listsShare`), the base is written again (internal; tests change them). Each change in the journal is applied to the saved index
 * on every rebuild, and @blogkit/related refreshes its weights after 5 % of the posts changed.
 */
export const relatedCacheLimits = { changesShare: 0.005, listsShare: 0.1 }

/** Names of the related-posts cache files in the cache folder. */
const files = { lists: 'related-lists.json', index: 'related-index.bin', journal: 'related-journal.bin' }

/** A reply of the worker thread, or `undefined` when it failed or stopped. */
type Reply = { ok: true; results: Array<[string, RelatedPost[]]> } | { ok: false } | { saved: true }

/** The worker thread that restores the index (see related-worker.mjs). */
interface RelatedWorker {
  send(request: unknown): void
  /** The next message, or `undefined` once the worker failed or stopped. */
  next(): Promise<Reply | undefined>
  stop(): Promise<void>
}

function startWorker(workerData: unknown): RelatedWorker {
  const worker = new Worker(new URL('./related-worker.mjs', import.meta.url), { workerData })
  // Note: listeners from the start, so that a worker that fails before it is asked (a damaged file, a
  // missing module) neither throws in the main thread nor leaves a caller waiting for an event that
  // already happened.
  const messages: Reply[] = []
  const waiting: Array<(reply: Reply | undefined) => void> = []
  let ended = false
  const end = () => {
    ended = true
    for (const resolve of waiting.splice(0)) resolve(undefined)
  }
  worker.on('message', (reply: Reply) => {
    const resolve = waiting.shift()
    if (resolve) resolve(reply)
    else messages.push(reply)
  })
  worker.on('error', end)
  worker.on('exit', end)
  return {
    send: (request) => worker.postMessage(request),
    next: () => {
      const reply = messages.shift()
      if (reply || ended) return Promise.resolve(reply)
      return new Promise((resolve) => waiting.push(resolve))
    },
    stop: async () => {
      await worker.terminate()
    },
  }
}

/** The related cache of a content folder: the saved lists and journal, the index being restored. */
export interface RelatedCache {
  dir: string
  saved: SavedRelatedLists | undefined
  journal: RelatedJournal | undefined
  worker: RelatedWorker | undefined
  start(): RelatedWorker
  /** Stop the worker when it is not needed (no post changed). */
  close(): Promise<void>
}

async function readJson<T>(file: string): Promise<T | undefined> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as T
  } catch {
    return undefined
  }
}

async function readJournal(file: string, base: string): Promise<RelatedJournal | undefined> {
  try {
    const journal = v8.deserialize(await readFile(file)) as RelatedJournal
    return journal?.version === 1 && journal.base === base && Array.isArray(journal.changes)
      ? journal
      : undefined
  } catch {
    return undefined
  }
}

/** Write a file beside, then rename it: a build stopped halfway never leaves half a file. */
export async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, data)
  await rename(temporary, file)
}

/**
 * Read the saved related lists and journal, and when posts changed since they were saved, start
 * restoring the saved index in a worker thread right away, so that it is ready when the posts are (it
 * takes seconds for thousands of posts, as long as reading the cached posts).
 */
export async function openRelatedCache(
  cacheDir: string,
  config: SiteConfig,
  postsChanged: boolean,
): Promise<RelatedCache> {
  let saved = await readJson<SavedRelatedLists>(path.join(cacheDir, files.lists))
  if (
    saved?.version !== 5 ||
    typeof saved.hashes !== 'object' ||
    typeof saved.results !== 'object' ||
    saved.lang !== config.language ||
    saved.limit !== config.relatedLimit ||
    saved.options !== indexOptions(config)
  )
    saved = undefined
  const journal = saved && (await readJournal(path.join(cacheDir, files.journal), saved.generation))
  const cache: RelatedCache = {
    dir: cacheDir,
    saved,
    journal,
    worker: undefined,
    start() {
      cache.worker ??= startWorker({
        indexFile: path.join(cacheDir, files.index),
        generation: saved?.generation,
        changes: journal?.changes ?? [],
      })
      return cache.worker
    },
    async close() {
      await cache.worker?.stop()
    },
  }
  if (saved && postsChanged) cache.start()
  return cache
}

/** What the related index reads of a post. */
function relatedDoc(post: Post) {
  const { id, title, text, tags, categories, date, lang, draft } = post
  return { id, title, text, tags, categories, date, lang, draft }
}

/**
 * Related posts of every post. Without a cache, a new index ranks every post (`relatedAll`). With one,
 * the last build's lists are reused: when no post changed, as they are (the index is not even read);
 * when some did, the saved index is restored (in a worker thread, while the posts are read), the
 * changes recorded since it was saved and the added, changed and removed posts are applied (`add`,
 * `update`, `remove`), and only the lists that can change are ranked again: those of the changed
 * posts, of posts whose list held one of them, and of the posts most related to them. The changes and
 * new lists go to the journal; when it is big, the worker saves the whole index in the background
 * (`settle` gets the promise of that) and the lists are written whole.
 *
 * Note: this is the trade a rebuild makes for speed: a post far from every change keeps its list even
 * though term statistics moved a little; `--no-cache` (no cache folder) ranks everything afresh.
 */
export async function rankRelated(
  posts: readonly Post[],
  config: SiteConfig,
  cache: RelatedCache | undefined,
  settle: (done: Promise<void>) => void,
): Promise<Map<string, readonly RelatedPost[]>> {
  const limit = config.relatedLimit
  const hashes = new Map(posts.map((post) => [post.slug, postDigests(post).related]))
  const generation = randomUUID()
  const saveLists = async (results: ReadonlyMap<string, readonly RelatedPost[]>) => {
    if (!cache) return
    const saved: SavedRelatedLists = {
      version: 5,
      generation,
      lang: config.language,
      limit,
      options: indexOptions(config),
      hashes: Object.fromEntries(hashes),
      results: Object.fromEntries(results) as Record<string, RelatedPost[]>,
    }
    // Note: the journal of the old base goes first (a journal never follows a base it was not made for).
    await rm(path.join(cache.dir, files.journal), { force: true })
    await writeAtomically(path.join(cache.dir, files.lists), JSON.stringify(saved))
  }

  const saved = cache?.saved
  if (cache && saved) {
    const journal = cache.journal
    const before = new Map(Object.entries(saved.hashes))
    const results = new Map<string, readonly RelatedPost[]>(Object.entries(saved.results))
    if (journal) {
      for (const [id, hash] of Object.entries(journal.hashes)) {
        if (hash === null) before.delete(id)
        else before.set(id, hash)
      }
      for (const [id, list] of Object.entries(journal.results)) {
        if (list === null) results.delete(id)
        else results.set(id, list)
      }
    }
    const changed = posts.filter((post) => before.get(post.slug) !== hashes.get(post.slug))
    const removed = [...before.keys()].filter((id) => !hashes.has(id))
    if (changed.length === 0 && removed.length === 0) {
      await cache.close()
      return results
    }
    const touched = new Set([...changed.map((post) => post.slug), ...removed])
    const lists: string[] = []
    for (const [id, list] of results) if (list.some((hit) => touched.has(hit.id))) lists.push(id)
    const changes: RelatedChanges = { changed: changed.map(relatedDoc), removed }
    const journalChanges = [...(journal?.changes ?? []), changes]
    const counted = journalChanges.reduce((sum, step) => sum + step.changed.length + step.removed.length, 0)
    const rewrite =
      counted > relatedCacheLimits.changesShare * posts.length ||
      Object.keys(journal?.results ?? {}).length > relatedCacheLimits.listsShare * posts.length
    const worker = cache.start()
    worker.send({ ...changes, lists, limit, neighbourhood, save: rewrite ? generation : undefined })
    const reply = await worker.next()
    if (reply && 'ok' in reply && reply.ok) {
      const ranked = new Map<string, RelatedPost[] | null>()
      for (const id of removed) {
        results.delete(id)
        ranked.set(id, null)
      }
      for (const [id, list] of reply.results) {
        // Note: only lists that changed go to the journal (most lists ranked again come out the same).
        if (!isDeepStrictEqual(results.get(id), list)) ranked.set(id, list)
        results.set(id, list)
      }
      if (rewrite) {
        settle(worker.next().then(() => worker.stop()))
        await saveLists(results)
      } else {
        await worker.stop()
        const next: RelatedJournal = {
          version: 1,
          base: saved.generation,
          changes: journalChanges,
          hashes: { ...journal?.hashes },
          results: { ...journal?.results },
        }
        for (const post of changed) next.hashes[post.slug] = hashes.get(post.slug)!
        for (const id of removed) next.hashes[id] = null
        for (const [id, list] of ranked) next.results[id] = list
        await writeAtomically(path.join(cache.dir, files.journal), v8.serialize(next))
      }
      return results
    }
    // Note: a missing or damaged index, or one of another version of @blogkit/related: rank afresh.
    await worker.stop()
  }
  const index = createRelatedIndex(posts, relatedIndexOptions(config))
  const results: Map<string, readonly RelatedPost[]> = index.relatedAll({ limit })
  if (cache) {
    await writeAtomically(
      path.join(cache.dir, files.index),
      v8.serialize({ generation, index: index.toJSON() }),
    )
    await saveLists(results)
  }
  return results
}
