import type { FolderListing } from './list-files.js'
import type { PackState } from './pack.js'
import { writePack } from './pack-store.js'
import { warmUpParser } from './post-parser.js'

/**
 * What a process that loads the same posts again and again (a dev server, a watcher) keeps between
 * `loadPosts` calls given this session: the parsed posts of each directory and options, in memory, so
 * that a load stats the files and parses only the changed ones without reading the cache's pack again;
 * and the packs to write, written `writeDelay` ms after a load changed them (not on every load), by
 * `flush()`, and by `close()`; and the last listing of each folder given to `listFiles`.
 */
export interface PostsSession {
  /**
   * Load the Markdown and front matter engine in this thread and parse one small post with it, so that
   * the first post a later load parses does not pay for loading and first compiling them (about 0.25 s
   * of CPU on a 2-core machine; a load whose posts all came from the cache loaded neither). For a dev
   * server or watcher right after its first build. Done once per thread; never rejects.
   */
  prepare(): Promise<void>
  /** Write now the caches' packs that changed since they were last written. */
  flush(): Promise<void>
  /**
   * `flush()`, then forget the posts and listings kept (a later load with the session reads the cache
   * again).
   */
  close(): Promise<void>
}

/** Options of `createPostsSession`. */
export interface PostsSessionOptions {
  /**
   * Milliseconds after a load that changed a cache before its pack is written (in the background:
   * the timer does not keep the process alive, so call `close()` before exiting). `0` writes right
   * after each load that changed it.
   * @default 5000
   */
  writeDelay?: number
}

interface KeptPack {
  state: PackState
  /** Changed since written (only for a pack with a cache folder). */
  dirty: boolean
}

interface SessionState {
  packs: Map<string, KeptPack>
  /** `listFiles`' last listing of each folder (by absolute path). */
  listings: Map<string, FolderListing>
  /** The post files (relative, sorted) each load found, by its pack key: what a `changed` hint updates. */
  postFiles: Map<string, readonly string[]>
  writeDelay: number
  /** The loads of this session, one after the other. */
  queue: Promise<unknown>
  timer: ReturnType<typeof setTimeout> | undefined
  writing: Promise<void>
  /** A write in the background that failed: thrown by the next `flush()` or `close()`. */
  failed: unknown[]
}

const states = new WeakMap<PostsSession, SessionState>()

/**
 * A session for `loadPosts`'s `session` option: parsed posts kept in memory between loads.
 *
 * @see https://github.com/blogkit/blogkit/tree/main/packages/post#createpostssessionoptions
 */
export function createPostsSession(options?: Readonly<PostsSessionOptions> | null): PostsSession {
  const writeDelay = options?.writeDelay ?? 5000
  if (typeof writeDelay !== 'number' || !Number.isFinite(writeDelay) || writeDelay < 0)
    throw new TypeError(
      `Expected \`writeDelay\` to be a number of milliseconds, got \`${String(writeDelay)}\``,
    )
  const state: SessionState = {
    packs: new Map(),
    listings: new Map(),
    postFiles: new Map(),
    writeDelay,
    queue: Promise.resolve(),
    timer: undefined,
    writing: Promise.resolve(),
    failed: [],
  }
  const session: PostsSession = {
    prepare: warmUpParser,
    flush: () => flush(state),
    async close() {
      // Note: after the loads under way.
      await state.queue.catch(() => undefined)
      try {
        await flush(state)
      } finally {
        state.packs.clear()
        state.listings.clear()
        state.postFiles.clear()
      }
    },
  }
  states.set(session, state)
  return session
}

function stateOf(session: PostsSession): SessionState {
  const state = states.get(session)
  if (!state) throw new TypeError('Expected `session` to come from `createPostsSession()`')
  return state
}

/** Run `job` after the session's loads under way (one load at a time per session). */
export function inSession<Value>(session: PostsSession, job: () => Promise<Value>): Promise<Value> {
  const state = stateOf(session)
  const run = state.queue.then(job, job)
  state.queue = run.catch(() => undefined)
  return run
}

/** The pack kept under `key` by the last load. */
export function keptPack(session: PostsSession, key: string): PackState | undefined {
  return stateOf(session).packs.get(key)?.state
}

/** The listing of `dir` (absolute) kept by the last `listFiles` of it. */
export function keptListing(session: PostsSession, dir: string): FolderListing | undefined {
  return stateOf(session).listings.get(dir)
}

/**
 * The post files the last load under `key` found, forgotten until `keepPostFiles` (a load that fails
 * half-way leaves none, so the next one lists the folder).
 */
export function takePostFiles(session: PostsSession, key: string): readonly string[] | undefined {
  const postFiles = stateOf(session).postFiles
  const files = postFiles.get(key)
  postFiles.delete(key)
  return files
}

/** Keep the post files of a load that got to its end, for the next load's `changed` hint. */
export function keepPostFiles(session: PostsSession, key: string, files: readonly string[]): void {
  stateOf(session).postFiles.set(key, files)
}

/** Forget the listing of `dir` (absolute) while it is listed again (kept again when that succeeds). */
export function forgetListing(session: PostsSession, dir: string): void {
  stateOf(session).listings.delete(dir)
}

/** Keep a listing for the next `listFiles` of its folder. */
export function keepListing(session: PostsSession, listing: FolderListing): void {
  stateOf(session).listings.set(listing.dir, listing)
}

/** Keep the pack of a load; `write`: it has a cache folder, to be written when `changed`. */
export function keepPack(
  session: PostsSession,
  key: string,
  pack: { state: PackState; changed: boolean },
  write: boolean,
): void {
  const state = stateOf(session)
  const dirty = write && (pack.changed || state.packs.get(key)?.dirty === true)
  state.packs.set(key, { state: pack.state, dirty })
  if (!dirty || state.timer) return
  state.timer = setTimeout(() => {
    state.timer = undefined
    flush(state).catch((error: unknown) => {
      state.failed.push(error)
    })
  }, state.writeDelay)
  state.timer.unref?.()
}

/** Write the dirty packs (after any write under way); throws what failed, also in the background. */
function flush(state: SessionState): Promise<void> {
  if (state.timer) {
    clearTimeout(state.timer)
    state.timer = undefined
  }
  const run = state.writing.then(async () => {
    for (const kept of state.packs.values()) {
      if (!kept.dirty) continue
      kept.dirty = false
      try {
        await writePack(kept.state)
      } catch (error) {
        kept.dirty = true
        throw error
      }
    }
  })
  state.writing = run.catch(() => undefined)
  return run.then(() => {
    const [error] = state.failed.splice(0)
    if (error !== undefined) throw error
  })
}
