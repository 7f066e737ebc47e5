import { createHash, randomUUID } from 'node:crypto'
import { mkdir, rename, rm, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { isDeepStrictEqual } from 'node:util'
import { describe } from '../lib/describe.js'
import { optionError } from '../lib/errors.js'
import { createRelatedIndex } from '../lib/related-index.js'
import type { RelatedDoc, RelatedIndexOptions, RelatedPost } from '../lib/types.js'
import { relatedDocFrom } from './fields.js'
import { indexFileBytes } from './index-file.js'
import { type Journal, journalBytes, readJournal } from './journal.js'
import {
  Lists,
  type ListsSettings,
  listsBody,
  listsFileBytes,
  type RelatedLists,
  readLists,
  type SavedBody,
  type SavedLists,
} from './saved-lists.js'
import {
  holdInThread,
  type RelatedChanges,
  type RelatedWorker,
  startWorker,
  type WorkerData,
} from './worker-client.js'

// The cache is three files in its folder:
//
// - `related-lists.json`, the base: every post's related list (a line each, parsed when asked for: see
//   saved-lists.ts) and a digest of each post, with a `generation` (a random id);
// - `related-index.bin`, the index (its snapshot, see index-file.ts) with the same `generation`: lists
//   and index written by different builds are never used together;
// - `related-journal.bin`, what the builds since the base changed: the posts added, changed and removed
//   (in order, to be applied to the saved index again), and the lists ranked again (see journal.ts).
//
// A rebuild after a few posts changed writes only the journal (a few kB) instead of the 10,000-post
// index and lists (tens of MB, over a second of work); when the journal has grown past a share of the
// posts, the base is written again and the journal deleted. The index is read only when some post
// changed (a rebuild where none did reads the lists' second line and the journal only, and parses no
// list): in a worker thread when it is big (its heap apart from the caller's, its save in the
// background), else in the caller's thread.

/** Options of `openRelatedCache`. */
export interface RelatedCacheOptions {
  /** Folder of the cache's files (created when missing). */
  dir: string
  /** Options of the index (see `createRelatedIndex`); other options than the saved ones rank afresh. */
  index?: RelatedIndexOptions | undefined
  /** Related posts per post. @default 5 */
  limit?: number | undefined
  /** How many posts most related to a changed post get their list ranked again. @default 50 */
  neighbourhood?: number | undefined
  /**
   * When the journal holds more changed posts than `changes` × the posts (or more lists than `lists` ×
   * the posts), the whole index and lists are written again and the journal deleted. Each change in the
   * journal is applied to the saved index on every rebuild. @default { changes: 0.005, lists: 0.1 }
   */
  rewriteAfter?: { changes?: number | undefined; lists?: number | undefined } | undefined
  /**
   * Keep the restored index (in its worker thread, or in this thread: see `workerAbove`) between `rank`
   * calls, so that `rank` can be called again after posts changed (a dev server or watcher, one warm
   * process): each call compares with the previous one, applies only the posts changed since, and saves
   * the journal as a build would. Call `close()` when done. @default false
   */
  keepOpen?: boolean | undefined
  /**
   * Size in bytes of the saved index file above which it is restored in a worker thread (its heap kept
   * apart from the caller's, a whole save written in the background); a smaller one is restored in the
   * caller's thread, without the ~0.1-0.2 s of starting a thread and loading the package there. `0`:
   * a worker for any saved index (without one, nothing is restored). @default 16 MiB (about 2,000 posts)
   */
  workerAbove?: number | undefined
  /**
   * Told when a saved file of the cache is damaged (a truncated journal, lists that are not JSON), before
   * every list is ranked afresh and the cache saved again. @default `console.warn`
   */
  onWarning?: ((message: string) => void) | undefined
}

/** Options of `RelatedCache.rank`. */
export interface RankOptions {
  /**
   * A digest of each post: a post whose digest is the one saved keeps its list unless a changed post
   * enters or leaves it. With @blogkit/post, `postFileState(post)?.digest` (known without reading the
   * post's text). @default a SHA-256 of the fields in `relatedFields`
   */
  digest?: ((post: RelatedDoc) => string | undefined) | undefined
}

/** The related-posts cache of one folder (see `openRelatedCache`). */
export interface RelatedCache {
  /**
   * Related posts of every post, by id. The last call's lists are reused: as they are when no post
   * changed (the index is not even read); when some did, the saved index (restored then; in a worker
   * thread when big) gets the added, changed and removed posts, and only the lists that can
   * change are ranked again: those of the changed posts, of posts whose list held one of them, and of
   * the posts most related to them. Without usable saved files every list is ranked afresh.
   *
   * Call it once per `openRelatedCache` (a build), or again after changes with `keepOpen`.
   *
   * Note: this is the trade a rebuild makes for speed: a post far from every change keeps its list
   * even though the term statistics moved a little; rank without the cache for lists ranked afresh.
   */
  rank(
    posts: readonly RelatedDoc[],
    options?: Readonly<RankOptions> | null,
  ): Promise<Map<string, readonly RelatedPost[]>>
  /**
   * The lists `rank` gives, each read from the saved lists only when asked for (`get`), with each list's
   * digest and ids known without reading it: for a site that renders again only the pages whose related
   * list changed (`digest`), or that needs a few lists. When no post changed, no list is read; when some
   * did, only the lists ranked again are. Counts as the one `rank` of a cache opened without `keepOpen`.
   */
  rankLists(posts: readonly RelatedDoc[], options?: Readonly<RankOptions> | null): Promise<RelatedLists>
  /**
   * Start restoring the saved index now, in the background (in its worker thread when big), so that the
   * next `rank` that finds a changed post uses it instead of restoring it then: for a `keepOpen` cache
   * whose `rank` found nothing changed, e.g. a dev server right after its first build, before the first
   * edit. That `rank` waits for the restore when it is not done; the index is restored once either way.
   * The thread is also warmed up for that rank (its language's analyzer loaded and the analysis and
   * ranking code run once, on a throwaway index of made-up posts: the restored index and every saved file
   * are the same as without it), which the first rank after a start otherwise pays; and its ranks are
   * warmed on the restored index, unless a `rank` is asked for by then (it is served first).
   * Runs after any `rank` under way; does nothing without saved lists, when the index is held already, or
   * after `close()` (which also stops a restore under way). A thread that fails to start is that `rank`'s
   * error (never an unhandled rejection); an index that cannot be restored is ranked afresh, as always.
   *
   * Returns a promise, which a caller may leave alone, that resolves once the restore is done: the index is
   * held (a `rank` now waits for nothing), or none could be restored, or there was nothing to do. It never
   * rejects. A dev server can await it before it says it is ready, so that the first edit does not wait.
   */
  prepare(): Promise<void>
  /**
   * Resolves once the background work of the last `rank` is done: the whole index and, with it, the base
   * lists saved (when the journal was full; a process that exits before leaves the old ones, and its next
   * `rank` ranks every list afresh). Await it before the process exits.
   */
  settled(): Promise<void>
  /**
   * Stop the worker thread or let the index go (when `rank` is not called again, e.g. after an error), once
   * the whole index being saved by the last `rank`, if it is, is written (`settled()`): a cache closed
   * during that save would otherwise leave the old index, and the next open would rank every list afresh.
   */
  close(): Promise<void>
}

/** Share of the posts changed past which `rank` ranks every list afresh (see `rankNow`). */
const afreshShare = 0.1

const files = { lists: 'related-lists.json', index: 'related-index.bin', journal: 'related-journal.bin' }

/** Write the base lists (see `readLists`), after the journal of the old base (it never follows another). */
async function writeLists(
  dir: string,
  header: ListsSettings,
  hashes: Record<string, string>,
  lists: Lists,
): Promise<void> {
  await rm(path.join(dir, files.journal), { force: true })
  await writeAtomically(path.join(dir, files.lists), listsFileBytes(header, hashes, lists))
}

/** Write a file beside, then rename it: a build stopped halfway never leaves half a file. */
async function writeAtomically(file: string, data: string | Uint8Array): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  const temporary = `${file}.${process.pid}.tmp`
  await writeFile(temporary, data)
  await rename(temporary, file)
}

/**
 * What restores the saved index of the cache in `settings.dir` and answers ranks: a worker thread when the
 * file is over `workerAbove` bytes, else the caller's own thread (a missing file: this thread, which finds
 * no index). With `warmUp`, that thread is also warmed for its first rank (warm-up.ts): a worker always,
 * the caller's own thread only for a `keepOpen` cache (a dev server's, idle between edits; a build's own
 * thread has its posts to load: at 350 posts the warm-up cost 0.06 s of a 0.8 s build).
 */
async function holdIndexOf(
  generation: string | undefined,
  changes: RelatedChanges[] | undefined,
  warmUpAsked: boolean,
  settings: Pick<CacheSettings, 'dir' | 'workerAbove' | 'keepOpen' | 'indexOptions'>,
): Promise<RelatedWorker> {
  const { workerAbove, keepOpen, indexOptions } = settings
  const indexFile = path.join(settings.dir, files.index)
  const size = (await stat(indexFile).catch(() => undefined))?.size ?? 0
  const warmUp = warmUpAsked && (keepOpen || size > workerAbove) ? indexOptions : undefined
  const data: WorkerData = { indexFile, generation, changes: changes ?? [], warmUp }
  return size > workerAbove ? startWorker(data) : holdInThread(data)
}

/**
 * The thread holding a cache's saved index, started once by `start` (by `prepare` ahead of a change, and
 * then warmed up for its first rank, or by the `rank` that needs it) and the same until `drop`: a rank
 * after `prepare` waits for its restore.
 */
function indexHolding(start: (warmUp: boolean) => Promise<RelatedWorker>) {
  let holding: Promise<RelatedWorker> | undefined
  let closed = false
  const drop = async () => {
    const current = holding
    holding = undefined
    await (await current?.catch(() => undefined))?.stop()
  }
  return {
    /**
     * Start it unless started or closed; a failure is left for `get` (so never unhandled). Resolves once
     * the holder's restore is done (or it failed to start, or stopped).
     */
    prepare(): Promise<void> {
      if (closed) return Promise.resolve()
      if (!holding) {
        holding = start(true)
        holding.catch(() => undefined)
      }
      return holding.then(
        (holder) => holder.restored,
        () => undefined,
      )
    },
    /** The holder (started now unless it is); one that failed to start is this call's error, then forgotten. */
    async get(): Promise<RelatedWorker> {
      holding ??= start(false)
      const current = holding
      try {
        return await current
      } catch (error) {
        if (holding === current) holding = undefined
        throw error
      }
    },
    /** Stop it when started (after its start, if under way) and forget it: the next `get` starts another. */
    drop,
    /** `drop` once `after` settles, and `prepare` does nothing from now on (from this call). */
    async close(after?: Promise<unknown>): Promise<void> {
      closed = true
      await after?.catch(() => undefined)
      return drop()
    },
  }
}

const fieldsDigest = (post: RelatedDoc) =>
  createHash('sha256')
    .update(JSON.stringify(relatedDocFrom(post)))
    .digest('base64url')

/** The options of `openRelatedCache` with the defaults filled in; a `RelatedError` naming a bad one. */
type CacheSettings = ReturnType<typeof cacheSettings>

function cacheSettings(options: Readonly<RelatedCacheOptions>) {
  if (typeof options !== 'object' || options === null)
    throw optionError(
      'options',
      `Expected options to be an object with \`dir\`, got \`${describe(options)}\``,
    )
  const { dir } = options
  if (typeof dir !== 'string' || dir === '')
    throw optionError('dir', `Expected \`dir\` to be a folder path, got \`${String(dir)}\``)
  const count = (field: string, value: unknown, fallback: number) => {
    if (value === undefined) return fallback
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
      throw optionError(field, `Expected \`${field}\` to be a positive integer, got \`${describe(value)}\``)
    return value
  }
  const bytes = (field: string, value: unknown, fallback: number) => {
    if (value === undefined) return fallback
    if (typeof value !== 'number' || Number.isNaN(value) || value < 0)
      throw optionError(
        field,
        `Expected \`${field}\` to be a size in bytes (0 or more), got \`${describe(value)}\``,
      )
    return value
  }
  const rewriteAfter = options.rewriteAfter ?? {}
  if (typeof rewriteAfter !== 'object' || rewriteAfter === null)
    throw optionError(
      'rewriteAfter',
      `Expected \`rewriteAfter\` to be an object such as \`{ changes: 0.005, lists: 0.1 }\`, got \`${describe(rewriteAfter)}\``,
    )
  const share = (field: 'changes' | 'lists', fallback: number) => {
    const value = rewriteAfter[field]
    if (value === undefined) return fallback
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0)
      throw optionError(
        `rewriteAfter.${field}`,
        `Expected \`rewriteAfter.${field}\` to be a share of the posts (a number from 0, such as 0.1), got \`${describe(value)}\``,
      )
    return value
  }
  return {
    dir,
    indexOptions: options.index ?? {},
    limit: count('limit', options.limit, 5),
    neighbourhood: count('neighbourhood', options.neighbourhood, 50),
    changesShare: share('changes', 0.005),
    listsShare: share('lists', 0.1),
    keepOpen: options.keepOpen === true,
    workerAbove: bytes('workerAbove', options.workerAbove, 16 * 1024 * 1024),
    onWarning: warningHandler(options.onWarning),
  }
}

function warningHandler(onWarning: unknown): (message: string) => void {
  if (onWarning === undefined) return (message) => console.warn(message)
  if (typeof onWarning !== 'function')
    throw optionError(
      'onWarning',
      `Expected \`onWarning\` to be a function taking a message, got \`${describe(onWarning)}\``,
    )
  return onWarning as (message: string) => void
}

/**
 * The saved lists and the journal that follows them, when they were ranked with these options; a
 * damaged file is told to `onWarning` and left out (so every list is ranked afresh).
 */
async function readBase(
  dir: string,
  limit: number,
  optionsKey: string,
  onWarning: (message: string) => void,
): Promise<{ saved?: SavedLists | undefined; journal?: Journal | undefined }> {
  const read = await readLists(path.join(dir, files.lists))
  if (read.damaged) onWarning(damagedFile(dir, files.lists, read.damaged))
  const saved = read.lists
  if (saved === undefined || saved.limit !== limit || saved.options !== optionsKey) return {}
  const found = await readJournal(path.join(dir, files.journal), saved.generation)
  // Note: like lists of another version, a journal of another version (an upgrade) is ranked afresh quietly.
  if (found.otherVersion) return {}
  if (found.damaged) {
    onWarning(damagedFile(dir, files.journal, found.damaged))
    return {}
  }
  return { saved, journal: found.journal }
}

const damagedFile = (dir: string, file: string, reason: string) =>
  `@blogkit/related: the related-posts cache file ${path.join(dir, file)} is damaged (${reason}); ranking every post's related posts afresh and saving the cache again`

/**
 * Open the related-posts cache in a folder: read the saved lists (their first line; the rest is checked by
 * the first `rank`, and each list parsed only when needed) and journal. The saved index is
 * restored (in a worker thread when it is big) only when `rank` finds posts that changed since, or
 * ahead of that by `prepare()`.
 *
 * @see https://github.com/blogkit/blogkit/tree/main/packages/related#incremental-ranking
 */
export async function openRelatedCache(options: Readonly<RelatedCacheOptions>): Promise<RelatedCache> {
  const settings = cacheSettings(options)
  const { dir, indexOptions, limit, neighbourhood, changesShare, listsShare, keepOpen, onWarning } = settings
  // The options with the package's defaults (this also checks them).
  const optionsKey = JSON.stringify(createRelatedIndex([], indexOptions).toJSON().options)

  let { saved, journal } = await readBase(dir, limit, optionsKey, onWarning)
  // Note: the saved generation and journal as they are when the restore starts (after any rank before).
  const worker = indexHolding((warmUp) => holdIndexOf(saved?.generation, journal?.changes, warmUp, settings))
  let settled: Promise<void> = Promise.resolve()
  let ranked = false

  const rankNow = async (
    posts: readonly RelatedDoc[],
    rankOptions?: Readonly<RankOptions> | null,
  ): Promise<Lists> => {
    // Note: the saved lists and journal read by `openRelatedCache` are those of before this call.
    if (ranked && !keepOpen)
      throw new Error(
        'Expected one `rank` per `openRelatedCache`: open the cache again to rank again (or open it with `keepOpen`)',
      )
    ranked = true
    // Note: with `keepOpen`, the whole index being saved by the last call is a reply to wait for first.
    await settled
    const digestOf = rankOptions?.digest
    const hashes = new Map(posts.map((post) => [post.id, digestOf?.(post) ?? fieldsDigest(post)]))
    const generation = randomUUID()
    /** The new base lists: taken as the saved ones now; the returned function writes them. */
    const newBase = (results: Lists) => {
      const header = { generation, limit, options: optionsKey }
      const body = { hashes: Object.fromEntries(hashes), lists: results.copy() }
      // Note: what the next `rank` of a `keepOpen` cache compares with, as `openRelatedCache` would read it
      // (that `rank` first waits for `settled`, which writes them when they are written after this one);
      // the lists not parsed yet stay so (and are written from their bytes).
      saved = { ...header, body }
      journal = undefined
      return () => writeLists(dir, header, body.hashes, body.lists)
    }

    const parsed = saved && listsBody(saved)
    if (parsed?.damaged) {
      onWarning(damagedFile(dir, files.lists, parsed.damaged))
      saved = journal = undefined
    }
    if (saved && parsed?.body) {
      const { before, results } = listsAsRanked(parsed.body, journal)
      const changed = posts.filter((post) => before.get(post.id) !== hashes.get(post.id))
      const removed = [...before.keys()].filter((id) => !hashes.has(id))
      if (changed.length === 0 && removed.length === 0) {
        if (!keepOpen) await worker.close()
        return results
      }
      // Note: past a share of the posts, updating the index post by post costs more than ranking every
      // list afresh (say the digests changed with a new version of the caller).
      if (changed.length + removed.length <= afreshShare * posts.length) {
        const touched = new Set([...changed.map((post) => post.id), ...removed])
        const lists: string[] = []
        for (const id of results.keys()) if (results.ids(id)!.some((hit) => touched.has(hit))) lists.push(id)
        const changes: RelatedChanges = { changed: changed.map(relatedDocFrom), removed }
        const journalChanges = [...(journal?.changes ?? []), changes]
        const counted = journalChanges.reduce(
          (sum, step) => sum + step.changed.length + step.removed.length,
          0,
        )
        const rewrite =
          counted > changesShare * posts.length ||
          Object.keys(journal?.results ?? {}).length > listsShare * posts.length
        const running = await worker.get()
        running.send({ ...changes, lists, limit, neighbourhood, save: rewrite ? generation : undefined })
        const reply = await running.next()
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
            // Note: the base lists are written after this `rank` answers (at 10,000 posts their 13 MB of
            // JSON cost 0.1-0.4 s of this thread): beside the index's save, or with `keepOpen` (a dev
            // server, which shows the saved post first) once the index is saved. `settled()`, `close()`
            // and the next `rank` wait for both.
            const write = newBase(results)
            const indexSaved = running.next().then(() => (keepOpen ? undefined : running.stop()))
            const listsWritten = keepOpen ? indexSaved.then(write) : write()
            settled = Promise.all([indexSaved, listsWritten]).then(() => undefined)
            settled.catch(() => undefined)
          } else {
            if (!keepOpen) await running.stop()
            const next: Journal = {
              version: 2,
              base: saved.generation,
              changes: journalChanges,
              hashes: { ...journal?.hashes },
              results: { ...journal?.results },
            }
            for (const post of changed) next.hashes[post.id] = hashes.get(post.id)!
            for (const id of removed) next.hashes[id] = null
            for (const [id, list] of ranked) next.results[id] = list
            await writeAtomically(path.join(dir, files.journal), journalBytes(next))
            journal = next
          }
          return results
        }
        // Note: a missing or damaged index, or one of another version of @blogkit/related: rank afresh.
        await running.stop()
      }
    }
    // Note: a `keepOpen` cache restores the index saved here on its next `rank`.
    await worker.drop()
    const index = createRelatedIndex(posts, indexOptions)
    const results = Lists.of(index.relatedAll({ limit }))
    await writeAtomically(path.join(dir, files.index), indexFileBytes(generation, index))
    await newBase(results)()
    return results
  }
  const next = inOrder()
  const rankLists = (posts: readonly RelatedDoc[], rankOptions?: Readonly<RankOptions> | null) =>
    next(() => rankNow(posts, rankOptions))
  // Note: every list read (parsed) when it answers, as before `rankLists`.
  const rank = async (posts: readonly RelatedDoc[], rankOptions?: Readonly<RankOptions> | null) =>
    (await rankLists(posts, rankOptions)).toMap()
  // Note: queued, so that it restores what the ranks before it saved (nothing to prepare for after the one
  // rank without `keepOpen`); the queue does not wait for the restore (a rank that finds nothing changed
  // does not need the index), so the restore is handed out in an object.
  const prepare = async (): Promise<void> => {
    const { ready } = await next(() => ({
      ready: saved && (keepOpen || !ranked) ? worker.prepare() : undefined,
    }))
    await ready
  }
  return { rank, rankLists, prepare, settled: () => settled, close: () => worker.close(settled) }
}

/** The saved lists with the journal's changes: each post's digest and list as the last `rank` left them. */
function listsAsRanked(body: SavedBody, journal: Journal | undefined) {
  const before = new Map(Object.entries(body.hashes))
  const results = body.lists.copy()
  for (const [id, hash] of Object.entries(journal?.hashes ?? {})) {
    if (hash === null) before.delete(id)
    else before.set(id, hash)
  }
  for (const [id, list] of Object.entries(journal?.results ?? {})) {
    if (list === null) results.delete(id)
    else results.set(id, list)
  }
  return { before, results }
}

/** Jobs run one at a time, in order (with `keepOpen` a watcher may ask again before the last rank is done). */
function inOrder() {
  let queue: Promise<unknown> = Promise.resolve()
  return <T>(job: () => T | Promise<T>): Promise<T> => {
    const running = queue.then(job)
    queue = running.catch(() => undefined)
    return running
  }
}
