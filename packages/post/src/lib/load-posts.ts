import { type Stats, statSync } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import picomatch from 'picomatch'
import { glob } from 'tinyglobby'
import type { VFileMessage } from 'vfile-message'
import { type FileStat, hashContent, openCache, optionsKey, type PostCache } from './cache.js'
import { applyHint, checkChanged, skippedPath } from './changed-paths.js'
import { createMessage, emitWarning, PostError } from './errors.js'
import type { PackProblem } from './pack-store.js'
import { createPostDigest, setPostFileState } from './post-files.js'
import { createPostParser, validate } from './post-parser.js'
import {
  inSession,
  keepPack,
  keepPostFiles,
  keptPack,
  type PostsSession,
  takePostFiles,
} from './posts-session.js'
import { type FileStats, statFiles, statThreadFrom } from './stat-thread.js'
import type { ParsePostOptions, Post, PostData } from './types.js'
import { createWorkerPool } from './worker-pool.js'

/** Options of `loadPosts`: those of `parsePost`, plus which files to read. */
export interface LoadPostsOptions<Schema extends StandardSchemaV1 | undefined = undefined>
  extends ParsePostOptions<Schema> {
  /**
   * Glob patterns of post files, relative to the directory.
   * @default ['**\/*.md', '**\/*.markdown']
   */
  include?: string[]
  /**
   * Directory for a cache of parsed posts (created if missing). Posts are re-parsed only when
   * their content, path, the options or the package version change; `schema` runs on every load.
   * Unchanged files are recognised by size, mtime, ctime and inode without being read (files
   * changed less than 2 s before the previous load are compared by content). Big fields of cached
   * posts are decoded when first read. Entries are never deleted: remove the directory to clear it.
   * @see https://github.com/blogkit/blogkit/tree/main/packages/post#caching
   */
  cache?: string
  /**
   * Worker threads to parse with (`0`: parse on the main thread). Not with `remarkPlugins` or
   * `rehypePlugins`: functions cannot be sent to threads. `os.availableParallelism()` is a good value.
   * @default 0
   */
  workers?: number
  /**
   * Fewest files to parse for which the `workers` threads start: fewer are parsed on the main thread,
   * which is faster than starting threads (a rebuild with a `cache` that finds a few changed files).
   * @default 100
   */
  workersFrom?: number
  /**
   * Glob patterns of files to skip (`node_modules` and dot files are always skipped).
   * @default []
   */
  ignore?: string[]
  /**
   * What must differ between any two posts: a key made of each post (two posts with one key are a
   * `duplicate-slug` problem naming both files), or `false` to check nothing, for a caller that checks
   * itself (a site whose addresses have the date can have two posts with one slug).
   * @default (post) => post.slug
   */
  unique?: ((post: Post) => string) | false
  /**
   * Keep the parsed posts in memory between loads (`createPostsSession()`): a load stats the files
   * and parses the changed ones without reading the `cache` again, and the cache's pack is written
   * by the session (`writeDelay` after a load that changed it, `flush()`, `close()`), not by each load.
   * Loads with one session run one after the other. Works without `cache` too (memory only).
   * @see https://github.com/blogkit/blogkit/tree/main/packages/post#watching
   */
  session?: PostsSession | undefined
  /**
   * With `session`, from a watcher of `dir` that saw every change: the absolute paths of the files (and
   * folders) added, changed or removed since the last load of `dir` with this session and the same options
   * (`cache`, `include`, `ignore`, the parse options), not since another load or `listFiles`. The load then
   * stats and reads only these (an unknown one that `include` takes is added, one that no longer exists
   * removed) and takes every other post as the last load left it, without a `stat`; a named folder
   * (renamed, added, removed) or no earlier load means the full pass. Paths outside `dir` are refused:
   * pass only the changes under it. Never pass it from a watcher that may have missed events.
   * @see https://github.com/blogkit/blogkit/tree/main/packages/post#telling-a-session-what-changed
   */
  changed?: Iterable<string> | undefined
  /**
   * Told, once, as soon as the load knows which files it must read, before it reads them: their paths
   * relative to `dir`, with `/`. These are the new files and those whose stat does not show them
   * unchanged since the `cache` or the `session`'s last load (a file changed within 2 s of that load is
   * compared by content, so it may turn out the same). Start there the work that only a change needs
   * (restoring a related-posts index, say), so that it runs while the load reads and parses. Not called
   * when every post comes from the cache or the session (removed files alone do not call it); without
   * either, every file is new. An error it throws fails the load.
   * @see https://github.com/blogkit/blogkit/tree/main/packages/post#starting-work-early
   */
  onChanged?: ((files: readonly string[]) => void) | undefined
}

/** Default of `workersFrom`: starting threads costs about as much as parsing this many posts. */
const defaultWorkersFrom = 100

/** Number of files read at once. */
const readAhead = 64

/**
 * Read every post under a directory (recursively) and parse it with `parsePost`.
 *
 * @param dir
 *   Directory holding the posts.
 * @param options
 *   Configuration (optional): the options of `parsePost`, plus `include` and `ignore`.
 * @returns
 *   Posts in path order (see `sortPosts`); `[]` when the directory holds no post files.
 * @throws {PostError}
 *   With every problem of every file (and duplicate slugs, naming both files), when any post
 *   has a problem, or when `dir` does not exist.
 * @see https://github.com/blogkit/blogkit/tree/main/packages/post#loadpostsdir-options
 */
export async function loadPosts<Schema extends StandardSchemaV1 | undefined = undefined>(
  dir: string,
  options?: Readonly<LoadPostsOptions<Schema>> | null,
): Promise<Array<Post<PostData<Schema>>>> {
  if (typeof dir !== 'string' || dir === '')
    throw new TypeError(`Expected \`dir\` to be a directory path, got \`${String(dir)}\``)
  const session = options?.session
  const hint = checkChanged(path.resolve(dir), options?.changed, session !== undefined)
  return session
    ? inSession(session, () => load(dir, options, session, hint))
    : load(dir, options, undefined, undefined)
}

/** `loadPosts`, with the session of its options (one load at a time per session). */
async function load<Schema extends StandardSchemaV1 | undefined>(
  dir: string,
  options: Readonly<LoadPostsOptions<Schema>> | null | undefined,
  session: PostsSession | undefined,
  hint: readonly string[] | undefined,
): Promise<Array<Post<PostData<Schema>>>> {
  const { parse, frontMatterWarnings, settings } = createPostParser(options)
  const { workers, workersFrom } = workerOptions(options)
  await checkDirectory(dir)

  let pool: WorkerPool | undefined
  const startPool = (size: number) => {
    pool ??= startWorkers(Math.max(1, Math.min(workers, size)), settings)
  }

  const messages: VFileMessage[] = []
  const warnings: VFileMessage[] = []
  const posts: Post[] = []
  try {
    const key = optionsKey(settings, options ?? {})
    const cacheDir = options?.cache ? path.resolve(options.cache) : undefined
    // Note: a session keeps a pack per cache folder, directory and options.
    const kept = session && JSON.stringify([cacheDir ?? null, path.resolve(dir), key])
    const listKey = kept && JSON.stringify([kept, options?.include ?? null, options?.ignore ?? null])
    const hinted = session && listKey ? hintedFiles(dir, options, session, listKey, hint) : undefined
    const files = hinted?.files ?? (await listPostFiles(dir, options))
    const names = files.map((file) => file.split(path.sep).join('/'))
    const postDigest = createPostDigest(key)
    // Note: before any stat (the thread's too): the racy-window rule needs the time before the stats.
    const statsFrom = Date.now()
    const threadStats = statsAhead(dir, files, Boolean(cacheDir || session) && !hinted?.named)
    // Note: without a cache every file will be parsed, so workers start now and load their Markdown
    // parsers while this thread reads the files; with a cache, once the stats tell how many must be.
    if (workers > 0 && !options?.cache && !session && files.length >= Math.max(1, workersFrom))
      startPool(files.length)
    const cache =
      cacheDir || session
        ? await openCache(cacheDir, dir, key, statsFrom, kept ? keptPack(session, kept) : undefined)
        : undefined
    warnings.push(...(cache?.problems ?? []).map(damagedCache))
    // Files are parsed without the schema (in worker threads when asked); the schema then runs here on
    // the raw front matter, the same way for fresh, cached and worker-made posts.
    const bulk = settings.schema ? createPostParser({ ...options, schema: undefined }) : undefined
    const parseRaw = bulk?.parse ?? parse

    // In path order: a settled outcome, or one on its way (read, parsed).
    const outcomes: Array<Outcome | Promise<Outcome>> = []
    const stats: Array<FileStat | undefined> = []
    const misses = cache
      ? cachedByStat(cache, dir, files, names, outcomes, stats, hinted?.named, await threadStats)
      : files.map((_, index) => index)
    if (workers > 0 && misses.length >= Math.max(1, workersFrom)) startPool(misses.length)
    if (misses.length > 0) options?.onChanged?.(misses.map((index) => names[index]!))

    // Then the other files: read `readAhead` at a time, hashed, parsed.
    const ahead: Array<Promise<Uint8Array>> = []
    const fetch = (at: number) => {
      const index = misses[at]
      if (index === undefined) return
      ahead[at] = readFile(path.join(dir, files[index]!))
      // Note: a rejection is handled when its turn comes; do not let it count as unhandled before.
      ahead[at].catch(() => undefined)
    }
    for (let at = 0; at < Math.min(readAhead, misses.length); at++) fetch(at)
    for (const [at, index] of misses.entries()) {
      const name = names[index]!
      let value: Uint8Array
      try {
        value = await ahead[at]!
      } catch (error) {
        outcomes[index] = { post: undefined, messages: [unreadable(name, error)], name }
        continue
      } finally {
        delete ahead[at]
        fetch(at + readAhead)
      }
      const fileStat = stats[index]
      const hash = hashContent(value)
      if (cache) {
        const same = cache.byHash(name, hash)
        if (same) {
          outcomes[index] = { post: same, raw: undefined, cached: true, name, stat: fileStat, hash }
          continue
        }
      }
      const extra = { cached: false, name, stat: fileStat, hash }
      outcomes[index] = pool
        ? pool.parse(name, value).then((result) => ({ ...result, ...extra }))
        : { ...(await parseRaw({ path: name, value })), ...extra }
    }

    for (const pending of outcomes) {
      const outcome = await pending
      if (outcome.post && outcome.cached && cache?.warned(outcome.post))
        await findCachedWarnings(outcome, outcome.post, cache, dir, frontMatterWarnings)
      if (outcome.warnings) warnings.push(...outcome.warnings)
      if (!outcome.post) {
        messages.push(...outcome.messages)
        continue
      }
      const post = outcome.post
      if (settings.schema) {
        // Note: cached posts hold their raw front matter in `data` until the schema replaces it
        // (read only here: it is decoded from the pack when first read).
        const raw = outcome.cached ? post.data : outcome.raw
        const checked = await validate(settings.schema, raw as Record<string, unknown>, {
          file: outcome.name,
          locate: () => undefined,
        })
        if (!checked.ok) {
          // Parse again with the schema for messages at the right lines and columns.
          const again = await parse({
            path: outcome.name,
            value: await readFile(path.join(dir, outcome.name)),
          })
          messages.push(...(again.post ? checked.messages : again.messages))
          continue
        }
        // Note: every post here is a new object of this load (parsed, or made from the pack).
        post.data = checked.value as Record<string, unknown>
      }
      posts.push(post)
      setPostFileState(post, { digest: postDigest(outcome.hash), changed: !outcome.cached })
      // Note: the pack copies cached posts as bytes; `raw` is only read for parsed ones.
      if (cache && outcome.stat)
        cache.keep(
          outcome.name,
          outcome.stat,
          outcome.hash,
          post,
          outcome.raw,
          (outcome.warnings?.length ?? 0) > 0,
          outcome.warnings,
        )
    }
    if (session && kept && cache) {
      keepPack(session, kept, cache.commit(), cacheDir !== undefined)
      if (listKey) keepPostFiles(session, listKey, files)
    } else await cache?.save()
  } finally {
    await pool?.close()
  }

  if (options?.unique !== false) messages.push(...duplicateSlugs(posts, options?.unique))
  const onWarning = options?.onWarning ?? emitWarning
  for (const warning of warnings) onWarning(warning)
  if (messages.length > 0) throw new PostError(messages)
  return posts as Array<Post<PostData<Schema>>>
}

/**
 * The warnings of a cached post that had some: not in the pack, only that there were some, so read from
 * the file again (unless a session has them from an earlier load). Set on `outcome`.
 */
async function findCachedWarnings(
  outcome: Outcome,
  post: Post,
  cache: PostCache,
  dir: string,
  frontMatterWarnings: ReturnType<typeof createPostParser>['frontMatterWarnings'],
) {
  outcome.warnings = cache.warningsOf(post)
  const value = outcome.warnings
    ? undefined
    : await readFile(path.join(dir, outcome.name)).catch(() => undefined)
  if (value) {
    outcome.warnings = await frontMatterWarnings({ path: outcome.name, value })
    cache.noteWarnings(post, outcome.warnings)
  }
}

/** What became of one file: its post (parsed or cached), or the problems that stopped it. */
type Outcome = (
  | { post: Post; raw: unknown; cached: boolean; hash: string }
  | { post: undefined; messages: VFileMessage[] }
) & {
  name: string
  stat?: FileStat | undefined
  /** Of a parsed file (cached posts' warnings are found again from the file). */
  warnings?: VFileMessage[] | undefined
}

type WorkerPool = ReturnType<typeof createWorkerPool>

/** `workers` and `workersFrom`, checked (a `TypeError` for a bad value or plugins with workers). */
function workerOptions(options: Readonly<LoadPostsOptions<StandardSchemaV1 | undefined>> | null | undefined) {
  const workers = options?.workers ?? 0
  if (!Number.isInteger(workers) || workers < 0) {
    throw new TypeError(
      `Expected \`workers\` to be a whole number of threads (0 for none), got \`${String(workers)}\``,
    )
  }
  if (workers > 0 && (options?.remarkPlugins?.length || options?.rehypePlugins?.length)) {
    throw new TypeError(
      'Expected no `remarkPlugins` or `rehypePlugins` with `workers`: plugin functions cannot be sent to worker threads; drop `workers` to use plugins',
    )
  }
  const workersFrom = options?.workersFrom ?? defaultWorkersFrom
  if (!Number.isInteger(workersFrom) || workersFrom < 0) {
    throw new TypeError(
      `Expected \`workersFrom\` to be a whole number of files, got \`${String(workersFrom)}\``,
    )
  }
  return { workers, workersFrom }
}

/** Throws a `PostError` (`missing-directory`) when `dir` is not a directory. */
export async function checkDirectory(dir: string) {
  const exists = await stat(dir).catch(() => undefined)
  if (!exists?.isDirectory()) {
    throw new PostError([
      createMessage(
        exists
          ? 'expected a directory of posts, got a file (use `parsePost` for one file)'
          : 'no such directory: check the path',
        { ruleId: 'missing-directory', file: dir },
      ),
    ])
  }
}

/** A pool of `size` worker threads parsing with `settings` (no schema: it runs on the main thread). */
function startWorkers(size: number, settings: ReturnType<typeof createPostParser>['settings']): WorkerPool {
  return createWorkerPool(size, {
    frontmatter: settings.frontmatter,
    defaults: settings.defaults,
    timeZone: settings.timeZone,
    lang: settings.lang,
    wordsPerMinute: settings.wordsPerMinute,
    excerptWords: settings.excerptWords,
    allowDangerousHtml: settings.allowDangerousHtml,
    customFields: settings.customFields,
    ...(settings.siteUrl === undefined ? {} : { siteUrl: settings.siteUrl }),
  })
}

/** The post files under `dir` (`include` minus `ignore`, node_modules and dot files), sorted. */
async function listPostFiles(
  dir: string,
  options: Readonly<LoadPostsOptions<StandardSchemaV1 | undefined>> | null | undefined,
) {
  return (
    await glob(options?.include ?? ['**/*.md', '**/*.markdown'], {
      cwd: dir,
      ignore: ['**/node_modules/**', ...(options?.ignore ?? [])],
      dot: false,
      onlyFiles: true,
      expandDirectories: false,
    })
  ).sort()
}

/**
 * The post files of the last load under `listKey` updated with a `changed` hint (and the named ones
 * among them), or `undefined` to list the folder: no hint, no earlier load, or a folder named.
 */
function hintedFiles(
  dir: string,
  options: Readonly<LoadPostsOptions<StandardSchemaV1 | undefined>> | null | undefined,
  session: PostsSession,
  listKey: string,
  hint: readonly string[] | undefined,
) {
  // Note: taken, so that a load that stops half-way leaves none and the next one lists the folder.
  const previous = takePostFiles(session, listKey)
  return previous && hint ? applyHint(path.resolve(dir), previous, hint, postFileTest(options)) : undefined
}

/** Whether a file (relative to the directory) is a post file by `include` and `ignore`. */
function postFileTest(
  options: Readonly<LoadPostsOptions<StandardSchemaV1 | undefined>> | null | undefined,
): (relative: string) => boolean {
  const included = picomatch(options?.include ?? ['**/*.md', '**/*.markdown'])
  const ignored = options?.ignore?.length ? picomatch(options.ignore) : () => false
  return (relative) => {
    const name = relative.split(path.sep).join('/')
    return !skippedPath(relative) && included(name) && !ignored(name)
  }
}

/** The warning for a damaged pack or journal of the cache (its posts are parsed again). */
function damagedCache(problem: PackProblem) {
  return createMessage(
    `the cache is ${problem.reason}: the posts it lost are parsed again and the cache is written anew (nothing to do; if this repeats, check the disk or delete the cache folder)`,
    { ruleId: 'damaged-cache', file: problem.file, warning: true },
  )
}

/** The problem of a file that cannot be read. */
function unreadable(name: string, error: unknown) {
  return createMessage(
    `cannot read the file (${(error as NodeJS.ErrnoException).code ?? String(error)}): check that it exists and is readable`,
    { ruleId: 'unreadable-file', place: { line: 1, column: 1 }, file: name },
  )
}

/**
 * With a cache (`cached`), every file is stat'ed before any is read: many are, in a thread, while this one
 * reads the cache's pack (not with a watcher's hint, which names the few files to stat).
 */
function statsAhead(dir: string, files: readonly string[], cached: boolean) {
  return cached && files.length >= statThreadFrom
    ? statFiles(files.map((file) => path.join(dir, file)))
    : undefined
}

/**
 * Every file's stat first: unchanged files come from the cache's pack without being read (their
 * outcomes set), the others get their stat in `stats`. Returns the indexes of the others, to read.
 * With `named` (a watcher's `changed` hint), only the named files and those the pack lacks are stat'ed.
 * With `threadStats`, the files' stats made in a thread (`statFiles`): a file it could not stat is
 * stat'ed here, for the error.
 */
function cachedByStat(
  cache: PostCache,
  dir: string,
  files: readonly string[],
  names: readonly string[],
  outcomes: Array<Outcome | Promise<Outcome>>,
  stats: Array<FileStat | undefined>,
  named: ReadonlySet<string> | undefined,
  threadStats?: ReadonlyArray<FileStats | undefined>,
): number[] {
  const misses: number[] = []
  // Note: `statSync` costs a few microseconds, the promise version tens (10,000 files: 0.5 s).
  for (const [index, name] of names.entries()) {
    const same = named && !named.has(files[index]!) ? cache.unchanged(name) : undefined
    if (same) {
      const { post, stat } = same
      outcomes[index] = { post, raw: undefined, cached: true, name, stat, hash: cache.hashOf(post) }
      continue
    }
    let fileStat = threadStats?.[index]
    if (!fileStat) {
      let found: Stats
      try {
        found = statSync(path.join(dir, files[index]!))
      } catch (error) {
        outcomes[index] = { post: undefined, messages: [unreadable(name, error)], name }
        continue
      }
      fileStat = { size: found.size, mtimeMs: found.mtimeMs, ctimeMs: found.ctimeMs, ino: found.ino }
    }
    const known = cache.byStat(name, fileStat)
    if (known)
      outcomes[index] = {
        post: known,
        raw: undefined,
        cached: true,
        name,
        stat: fileStat,
        hash: cache.hashOf(known),
      }
    else {
      stats[index] = fileStat
      misses.push(index)
    }
  }
  return misses
}

/** A `duplicate-slug` problem for each post whose key (by default its slug) an earlier post has. */
function duplicateSlugs(
  posts: readonly Post[],
  unique: ((post: Post) => string) | undefined,
): VFileMessage[] {
  const messages: VFileMessage[] = []
  const seen = new Map<string, Post>()
  for (const post of posts) {
    const key = unique ? unique(post) : post.slug
    const other = seen.get(key)
    if (other) {
      const why = unique
        ? `${other.path} has the same \`unique\` key ${JSON.stringify(key)} (slug ${JSON.stringify(post.slug)})`
        : `${JSON.stringify(post.slug)} is also the slug of ${other.path}`
      messages.push(
        createMessage(`${why}: give one of them another \`slug\` in front matter`, {
          ruleId: 'duplicate-slug',
          field: 'slug',
          place: { line: 1, column: 1 },
          file: post.path,
        }),
      )
    } else seen.set(key, post)
  }
  return messages
}
