import path from 'node:path'
import { type CommentsSession, createCommentsSession } from '@blogkit/comments/node'
import { createPostsSession, type PostsSession } from '@blogkit/post/node'
import { openRelatedCache, type RelatedCache, type RelatedCacheOptions } from '@blogkit/related/incremental'

/**
 * What a process that loads the same site again and again (a dev server, a watcher) keeps between
 * `loadSite` calls: the parsed posts in memory (@blogkit/post's `createPostsSession`: a load stats the
 * files and parses the changed ones, without reading or writing the posts' cache pack each time; and
 * `listFiles` keeps the posts folder's listing, for comment files, while no folder in it changed), the
 * comments files as parsed until a change names them (@blogkit/comments' `createCommentsSession`), and
 * the related-posts cache, open with its index in a worker thread (@blogkit/related/incremental
 * `keepOpen`), so that a load after one post changed ranks only around it instead of restoring the
 * index from the cache folder.
 */
export interface SiteSession {
  /**
   * Start, in the background, what the next load after a change needs and the last load did not: the
   * related-posts index restored (@blogkit/related's `RelatedCache.prepare`; a load where no post changed
   * does not restore it) and the Markdown engine loaded and run once (@blogkit/post's
   * `PostsSession.prepare`; a load whose posts all came from the cache did not load it). Call it once a
   * load is done, e.g. a dev server after its first build, so that the first rebuild after an edit does
   * neither itself. The index: nothing before a load with `cacheDir` (unless the session was made with
   * `prepareEarly`); a failure is the next load's, as if it had restored the index itself.
   *
   * Resolves once both are done (it never rejects): a dev server awaits it before it says it is ready.
   */
  prepare(): Promise<void>
  /** Write the posts' cache and stop the worker thread kept by the session (when the process is done loading). */
  close(): Promise<void>
}

/** Changes given to `loadSite` not yet given to `loadPosts` or `listFiles` (`'all'`: the full pass). */
type Pending = { dir: string | undefined; paths: Set<string> } | 'all'

/** Options of `createSiteSession`. */
export interface SiteSessionOptions {
  /**
   * Start restoring the related-posts index as soon as a load opens the related cache, instead of when
   * `prepare()` is called: the index is then restored while that first load runs (for a dev server,
   * while its first build renders), not after it. @default false
   */
  prepareEarly?: boolean | undefined
}

interface SessionState {
  prepareEarly: boolean
  posts: PostsSession
  /** Comments files as parsed (@blogkit/comments' session: read again once a change names them). */
  comments: CommentsSession
  key: string | undefined
  related: RelatedCache | undefined
  /** For `loadPosts` and for `listFiles` (each takes them when called: a load that stops before keeps them). */
  pending: { posts: Pending; files: Pending }
}

const states = new WeakMap<SiteSession, SessionState>()

function stateOf(session: SiteSession): SessionState {
  const state = states.get(session)
  if (!state) throw new TypeError('Expected `session` to come from `createSiteSession()`')
  return state
}

/** A session for `loadSite`'s `session` option; `close()` it when done. */
export function createSiteSession(options: Readonly<SiteSessionOptions> = {}): SiteSession {
  const state: SessionState = {
    prepareEarly: options.prepareEarly === true,
    posts: createPostsSession(),
    comments: createCommentsSession(),
    key: undefined,
    related: undefined,
    pending: { posts: 'all', files: 'all' },
  }
  const session: SiteSession = {
    async prepare() {
      await Promise.all([state.related?.prepare(), state.posts.prepare().catch(() => undefined)])
    },
    async close() {
      const related = state.related
      state.key = undefined
      state.related = undefined
      await Promise.all([related?.close(), state.posts.close()])
    },
  }
  states.set(session, state)
  return session
}

/** The session's parsed posts and listings (`loadPosts`' and `listFiles`' `session`). */
export function sessionPosts(session: SiteSession): PostsSession {
  return stateOf(session).posts
}

/**
 * The session's related cache for these options (opened again when they changed: another language or
 * number of related posts in site.json), as a `RelatedCache` whose `close` leaves it open: `loadSite`
 * closes its cache after a failed load, the session's stays for the next one.
 */
export async function sessionRelatedCache(
  session: SiteSession,
  options: Readonly<RelatedCacheOptions>,
): Promise<RelatedCache | undefined> {
  const state = stateOf(session)
  const key = JSON.stringify(options)
  if (state.key !== key || !state.related) {
    await state.related?.close()
    state.key = key
    state.related = await openRelatedCache({ ...options, keepOpen: true }).catch(() => undefined)
    if (state.prepareEarly) void state.related?.prepare()
  }
  const related = state.related
  if (!related) return undefined
  return {
    rank: related.rank,
    rankLists: related.rankLists,
    prepare: related.prepare,
    settled: related.settled,
    close: async () => undefined,
  }
}

/** The session's comments files (`readCommentsFile`'s `session`). */
export function sessionComments(session: SiteSession): CommentsSession {
  return stateOf(session).comments
}

/**
 * Note what a watcher says changed (`loadSite`'s `changed`; `undefined`: not known, so the full pass)
 * for the next `loadPosts` and `listFiles` of the session, and for its comments files.
 */
export function noteChanges(session: SiteSession, changed: Iterable<string> | undefined): void {
  const { pending, comments } = stateOf(session)
  const files = changed === undefined ? undefined : [...changed]
  comments.changed(files)
  for (const which of ['posts', 'files'] as const) {
    const kept = pending[which]
    if (files === undefined) pending[which] = 'all'
    else if (kept !== 'all') for (const file of files) kept.paths.add(path.resolve(file))
  }
}

/**
 * The changes noted since `which` was last given any, under `postsDir` (`loadPosts`' or `listFiles`'
 * `changed`), or `undefined` for the full pass: none known, another posts folder than last time, or a
 * change to the folder itself or one holding it (renamed, or a watcher's error reported as it).
 */
export function takeChanges(
  session: SiteSession,
  which: 'posts' | 'files',
  postsDir: string,
): string[] | undefined {
  const { pending } = stateOf(session)
  const kept = pending[which]
  pending[which] = { dir: postsDir, paths: new Set() }
  if (kept === 'all' || kept.dir !== postsDir) return undefined
  const under: string[] = []
  for (const file of kept.paths) {
    if (file === postsDir || postsDir.startsWith(file + path.sep)) return undefined
    if (file.startsWith(postsDir + path.sep)) under.push(file)
  }
  return under
}
