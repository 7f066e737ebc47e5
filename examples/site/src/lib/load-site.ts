import { createHash, randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import { mkdir, readdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import v8 from 'node:v8'
import { Worker } from 'node:worker_threads'
import {
  type Comment,
  type CommentThreads,
  commentStatuses,
  inferReplies,
  threadComments,
} from '@blogkit/comments'
import { filterPosts, groupPosts, loadPosts, type Post, sortPosts } from '@blogkit/post'
import { createRelatedIndex, type RelatedPost, type RelatedReasons } from '@blogkit/related'
import { normalizeBaseUrl, readSiteConfig, type SiteConfig } from './config.js'
import { SiteError } from './errors.js'
import { createUrls, type SiteUrls, termSlug } from './urls.js'

/** A post that links to another, with why (from @blogkit/related). */
export interface RelatedLink {
  post: SitePost
  score: number
  reasons: RelatedReasons
}

/** A post as the site shows it: the parsed post plus its URLs, comments, related posts and neighbours. */
export interface SitePost {
  /** The post from @blogkit/post. */
  post: Post
  /** Path of its page (`/posts/<slug>/`). */
  path: string
  /** Absolute URL of its page. */
  url: string
  /** Every comment of the post as stored (all statuses), after reply inference. */
  comments: Comment[]
  /** Approved comments, threaded. */
  threads: CommentThreads
  /** Related posts, best first. */
  related: RelatedLink[]
  /** The next older post. */
  previous: SitePost | undefined
  /** The next newer post. */
  next: SitePost | undefined
}

/** A tag, category or year with its posts (newest first). */
export interface Term {
  /** Tag or category as written, or the year (`'2021'`). */
  name: string
  /** URL slug. */
  slug: string
  /** Path of its archive page. */
  path: string
  posts: SitePost[]
}

/** Everything the templates need to render the blog. */
export interface Site {
  config: SiteConfig
  urls: SiteUrls
  /** The content folder (absolute). */
  contentDir: string
  /** The folder the posts were read from (absolute). */
  postsDir: string
  /** Published posts, newest first. */
  posts: SitePost[]
  /** Published posts by slug. */
  bySlug: Map<string, SitePost>
  /** Tags, most used first. */
  tags: Term[]
  /** Categories, most used first. */
  categories: Term[]
  /** Years, newest first. */
  years: Term[]
  /** Folders copied to the output as they are: `[from, to]`, `to` relative to the site root. */
  assets: Array<[from: string, to: string]>
  /** Milliseconds `loadSite` spent reading posts, reading and threading comments, and ranking related posts. */
  timings: { posts: number; comments: number; related: number }
}

/** Options of `loadSite`. */
export interface LoadSiteOptions {
  /** Content folder: `site.json`, `posts/` (or the posts directly), `images/`, `static/`. */
  contentDir: string
  /** Absolute URL the site is published at. @default `baseUrl` of site.json */
  baseUrl?: string | undefined
  /** Include drafts and future-dated posts (for previews). @default false */
  drafts?: boolean | undefined
  /** The present moment, for future-dated posts. @default new Date() */
  now?: Date | undefined
  /**
   * Cache folder: parsed posts (`posts/`, @blogkit/post `cache`) and the related-posts index
   * (`related-index.json`), so that unchanged posts are neither parsed nor analysed again.
   */
  cacheDir?: string | undefined
  /** Worker threads that parse posts (@blogkit/post `workers`). @default 0 */
  workers?: number | undefined
}

const isDirectory = async (dir: string) => (await stat(dir).catch(() => undefined))?.isDirectory() === true

/** The folder posts are read from: `<contentDir>/posts` when it exists, else the content folder itself. */
export async function findPostsDir(contentDir: string): Promise<string> {
  const posts = path.join(path.resolve(contentDir), 'posts')
  return (await isDirectory(posts)) ? posts : path.resolve(contentDir)
}

function checkComment(value: unknown, index: number, file: string, slug: string): Comment {
  const where = `${file}: comment ${index + 1}`
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new SiteError([`${where}: should be an object, got \`${JSON.stringify(value)}\``])
  const c = value as Record<string, unknown>
  const author = c.author as Record<string, unknown> | undefined
  const problems: string[] = []
  if (typeof c.id !== 'string' || c.id === '') problems.push('`id` should be a non-empty string')
  if (c.postId !== undefined && c.postId !== slug)
    problems.push(`\`postId\` should be the post's slug \`${slug}\`, got \`${JSON.stringify(c.postId)}\``)
  if (c.parentId !== undefined && typeof c.parentId !== 'string')
    problems.push('`parentId` should be a string')
  if (typeof author !== 'object' || author === null || typeof author.name !== 'string')
    problems.push('`author.name` should be a string')
  else if (author.url !== undefined && (typeof author.url !== 'string' || !/^https?:\/\//i.test(author.url)))
    problems.push(`\`author.url\` should be an absolute http(s) URL, got \`${JSON.stringify(author.url)}\``)
  if (typeof c.createdAt !== 'string' || Number.isNaN(Date.parse(c.createdAt)))
    problems.push(`\`createdAt\` should be an ISO 8601 date-time, got \`${JSON.stringify(c.createdAt)}\``)
  if (typeof c.body !== 'string') problems.push('`body` should be a string')
  if (!commentStatuses.includes(c.status as Comment['status']))
    problems.push(
      `\`status\` should be one of ${commentStatuses.join(', ')}, got \`${JSON.stringify(c.status)}\``,
    )
  if (problems.length > 0) throw new SiteError(problems.map((problem) => `${where}: ${problem}`))
  return { ...(c as unknown as Comment), postId: slug }
}

/**
 * Read a post's comments from `<name>.comments.json` beside its Markdown file (`[]` when there is none).
 *
 * @throws {SiteError}
 *   When the file is not a JSON array of valid comments.
 */
export async function readCommentsFile(file: string, slug: string, shownAs = file): Promise<Comment[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new SiteError([`${shownAs}: not valid JSON: ${(error as Error).message}`])
  }
  if (!Array.isArray(data)) throw new SiteError([`${shownAs}: should hold a JSON array of comments`])
  return data.map((value, index) => checkComment(value, index, shownAs, slug))
}

/** What the related index knows of a post, hashed: a post whose hash changed is updated in the index. */
function relatedHash(post: Post): string {
  return createHash('sha256')
    .update(
      JSON.stringify([post.title, post.tags, post.categories, post.date.getTime(), post.lang, post.draft]),
    )
    .update(post.text)
    .digest('base64url')
}

/** The saved related lists: the settings they were ranked with, each post's hash, each post's list. */
interface SavedRelatedLists {
  version: 4
  /** Written with the index too: lists and index of different builds are never used together. */
  generation: string
  lang: string
  limit: number
  hashes: Record<string, string>
  results: Record<string, RelatedPost[]>
}

/** How far around a changed post to look for lists it may enter (its own related posts, this many). */
const neighbourhood = 50

/** Names of the related-posts cache files in the cache folder. */
const relatedFiles = { lists: 'related-lists.json', index: 'related-index.bin' }

/** Background work of `loadSite` (the related index being saved), by site; see `siteSettled`. */
const settling = new WeakMap<Site, Promise<void>>()

/**
 * Resolves when `loadSite`'s background work for this site is done (the related index is saved by a
 * worker thread after the lists are ranked). A builder awaits it before it finishes; the process also
 * stays alive until then.
 */
export function siteSettled(site: Site): Promise<void> {
  return settling.get(site) ?? Promise.resolve()
}

/** The related cache of a content folder: the saved lists, and the index being restored in a worker. */
interface RelatedCache {
  listsFile: string
  indexFile: string
  saved: SavedRelatedLists | undefined
  worker: Worker | undefined
  start(): Worker
}

/** A post file (or the posts folder) changed after `since` (ms)? Decides whether to restore early. */
async function postsChangedSince(postsDir: string, since: number): Promise<boolean> {
  if (statSync(postsDir).mtimeMs > since) return true
  for (const file of await readdir(postsDir, { recursive: true })) {
    if (!/\.(md|markdown)$/i.test(file)) continue
    const stats = statSync(path.join(postsDir, file), { throwIfNoEntry: false })
    if (!stats || stats.mtimeMs > since) return true
  }
  return false
}

/**
 * Read the saved related lists, and when posts changed since they were saved, start restoring the
 * saved index in a worker thread right away, so that it is ready when the posts are (it takes seconds
 * for thousands of posts, as long as reading the cached posts).
 */
async function openRelatedCache(
  cacheDir: string,
  config: SiteConfig,
  postsDir: string,
): Promise<RelatedCache> {
  const listsFile = path.join(cacheDir, relatedFiles.lists)
  const indexFile = path.join(cacheDir, relatedFiles.index)
  const [text, stats] = await Promise.all([
    readFile(listsFile, 'utf8').catch(() => undefined),
    stat(listsFile).catch(() => undefined),
  ])
  let saved: SavedRelatedLists | undefined
  try {
    saved = text === undefined ? undefined : (JSON.parse(text) as SavedRelatedLists)
  } catch {
    saved = undefined
  }
  if (saved?.version !== 4 || saved.lang !== config.language || saved.limit !== config.relatedLimit)
    saved = undefined
  const cache: RelatedCache = {
    listsFile,
    indexFile,
    saved,
    worker: undefined,
    start() {
      cache.worker ??= new Worker(new URL('./related-worker.mjs', import.meta.url), {
        workerData: { indexFile, generation: saved?.generation },
      })
      return cache.worker
    },
  }
  if (saved && stats && (await postsChangedSince(postsDir, stats.mtimeMs))) cache.start()
  return cache
}

/** What the related index reads of a post (sent to the worker thread). */
function relatedDoc(post: Post) {
  const { id, title, text, tags, categories, date, lang, draft } = post
  return { id, title, text, tags, categories, date, lang, draft }
}

/**
 * Related posts of every post. Without a cache folder, a new index ranks every post (`relatedAll`).
 * With one, the last build's lists are reused: when no post changed, as they are (the index is not even
 * read); when some did, the saved index is restored (in a worker thread, while the posts are read), the
 * added, changed and removed posts are applied (`add`, `update`, `remove`), and only the lists that can
 * change are ranked again: those of the changed posts, of posts whose list held one of them, and of the
 * posts most related to them. The worker then saves the index (`v8.serialize`) in the background.
 *
 * Note: this is the trade a rebuild makes for speed: a post far from every change keeps its list even
 * though term statistics moved a little; `--no-cache` (no cache folder) ranks everything afresh.
 */
async function rankRelated(
  posts: readonly Post[],
  config: SiteConfig,
  cache: RelatedCache | undefined,
  settle: (done: Promise<void>) => void,
): Promise<Map<string, readonly RelatedPost[]>> {
  const limit = config.relatedLimit
  const hashes = new Map(posts.map((post) => [post.slug, relatedHash(post)]))
  const generation = randomUUID()
  const saveLists = async (results: Map<string, readonly RelatedPost[]>) => {
    if (!cache) return
    const saved: SavedRelatedLists = {
      version: 4,
      generation,
      lang: config.language,
      limit,
      hashes: Object.fromEntries(hashes),
      results: Object.fromEntries(results) as Record<string, RelatedPost[]>,
    }
    await writeFile(cache.listsFile, JSON.stringify(saved))
  }
  const saved = cache?.saved
  if (cache && saved) {
    const before = new Map(Object.entries(saved.hashes))
    const changed = posts.filter((post) => before.get(post.slug) !== hashes.get(post.slug))
    const removed = [...before.keys()].filter((id) => !hashes.has(id))
    const results = new Map<string, readonly RelatedPost[]>(Object.entries(saved.results))
    if (changed.length === 0 && removed.length === 0) {
      await cache.worker?.terminate()
      return results
    }
    const touched = new Set([...changed.map((post) => post.slug), ...removed])
    const lists: string[] = []
    for (const [id, list] of results) if (list.some((hit) => touched.has(hit.id))) lists.push(id)
    const worker = cache.start()
    const reply = await new Promise<{ ok: boolean; results?: Array<[string, RelatedPost[]]> }>((resolve) => {
      worker.once('message', resolve)
      worker.once('error', () => resolve({ ok: false }))
      worker.once('exit', () => resolve({ ok: false }))
      worker.postMessage({
        changed: changed.map(relatedDoc),
        existing: changed.filter((post) => before.has(post.slug)).map((post) => post.slug),
        removed,
        lists,
        limit,
        neighbourhood,
        nextGeneration: generation,
      })
    })
    if (reply.ok && reply.results) {
      for (const id of removed) results.delete(id)
      for (const [id, list] of reply.results) results.set(id, list)
      settle(
        new Promise<void>((resolve) => {
          worker.once('message', () => resolve())
          worker.once('error', () => resolve())
          worker.once('exit', () => resolve())
        }).then(() => worker.terminate().then(() => undefined)),
      )
      await saveLists(results)
      return results
    }
    // Note: a missing or damaged index, or one of another version of @blogkit/related: rank afresh.
    await worker.terminate()
  }
  const index = createRelatedIndex(posts, { lang: config.language })
  const results: Map<string, readonly RelatedPost[]> = index.relatedAll({ limit })
  if (cache) {
    await mkdir(path.dirname(cache.indexFile), { recursive: true })
    const temporary = `${cache.indexFile}.${process.pid}.tmp`
    await writeFile(temporary, v8.serialize({ generation, index: index.toJSON() }))
    await rename(temporary, cache.indexFile)
    await saveLists(results)
  }
  return results
}

/**
 * Thread a post's comments the way the theme shows them: approved comments, oldest first, replies
 * deeper than `commentsMaxDepth` shown at that depth with a label. The server example calls this with
 * comments from its store.
 */
export function threadPostComments(
  site: Pick<Site, 'config'>,
  slug: string,
  comments: readonly Comment[],
): CommentThreads {
  return threadComments(comments, { postId: slug, maxDepth: site.config.commentsMaxDepth })
}

function buildTerms(
  groups: Map<string, SitePost[]>,
  pathOf: (slug: string) => string,
  slugOf: (name: string) => string,
): Term[] {
  const used = new Set<string>()
  const terms: Term[] = []
  for (const [name, posts] of groups) {
    let slug = slugOf(name)
    for (let n = 2; used.has(slug); n++) slug = `${slugOf(name)}-${n}`
    used.add(slug)
    terms.push({ name, slug, path: pathOf(slug), posts })
  }
  return terms
}

/**
 * Read a content folder into the site model: posts through @blogkit/post (drafts and future posts left
 * out), comments beside them through @blogkit/comments (replies inferred from "@Name:", then threaded),
 * related posts through @blogkit/related, tags, categories and years.
 *
 * @throws {PostError}
 *   From @blogkit/post, when posts have problems (`error.messages` print as `file:line:column: message`).
 * @throws {SiteError}
 *   When the folder does not exist, or site.json or a comments file is invalid.
 */
export async function loadSite(options: Readonly<LoadSiteOptions>): Promise<Site> {
  const contentDir = path.resolve(options.contentDir)
  if (!(await isDirectory(contentDir)))
    throw new SiteError([`${options.contentDir}: no such folder: give a folder of Markdown posts`])
  const config = await readSiteConfig(contentDir)
  if (options.baseUrl !== undefined) config.baseUrl = normalizeBaseUrl(options.baseUrl, '--base-url')
  const urls = createUrls(config.baseUrl)
  const postsDir = await findPostsDir(contentDir)

  const started = performance.now()
  const relatedCache =
    options.cacheDir === undefined
      ? undefined
      : await openRelatedCache(options.cacheDir, config, postsDir).catch(() => undefined)
  const loaded = await loadPosts(postsDir, {
    lang: config.language,
    timeZone: config.timeZone,
    siteUrl: new URL(config.baseUrl).origin,
    ignore: postsDir === contentDir ? ['README.md', 'readme.md'] : [],
    ...(options.cacheDir === undefined ? {} : { cache: path.join(options.cacheDir, 'posts') }),
    ...(options.workers === undefined ? {} : { workers: options.workers }),
  })
  const published = sortPosts(
    filterPosts(loaded, {
      drafts: options.drafts ?? false,
      future: options.drafts ?? false,
      now: options.now ?? new Date(),
    }),
  )

  const postsLoaded = performance.now()
  // Note: one listing of the folder instead of trying to read a comments file beside every post (most
  // posts of a big site have none; 10,000 failed reads cost more than the listing).
  const commentFiles = new Set(
    (await readdir(postsDir, { recursive: true })).filter((file) => file.endsWith('.comments.json')),
  )
  const posts: SitePost[] = await Promise.all(
    published.map(async (post) => {
      const relative = (post.path ?? `${post.slug}.md`).replace(/\.(md|markdown)$/i, '.comments.json')
      const file = path.join(postsDir, relative)
      const comments = commentFiles.has(relative.split('/').join(path.sep))
        ? inferReplies(await readCommentsFile(file, post.slug, path.relative(process.cwd(), file)))
        : []
      let threads: CommentThreads
      try {
        threads = threadPostComments({ config }, post.slug, comments)
      } catch (error) {
        throw new SiteError([`${path.relative(process.cwd(), file)}: ${(error as Error).message}`])
      }
      const pagePath = urls.post(post.slug)
      return {
        post,
        path: pagePath,
        url: urls.absolute(pagePath),
        comments,
        threads,
        related: [],
        previous: undefined,
        next: undefined,
      }
    }),
  )
  const bySlug = new Map(posts.map((item) => [item.post.slug, item]))

  const commentsLoaded = performance.now()
  let settled: Promise<void> | undefined
  if (posts.length > 1) {
    const all = await rankRelated(
      posts.map((item) => item.post),
      config,
      relatedCache,
      (done) => {
        settled = done
      },
    )
    for (const item of posts) {
      item.related = (all.get(item.post.slug) ?? []).flatMap((hit) => {
        const other = bySlug.get(hit.id)
        return other ? [{ post: other, score: hit.score, reasons: hit.reasons }] : []
      })
    }
  }
  const relatedDone = performance.now()
  // Note: `posts` is sorted newest first (same order as `adjacentPosts` uses), so the neighbours are
  // the entries around it; calling `adjacentPosts` per post would sort the list once per post.
  for (const [index, item] of posts.entries()) {
    item.previous = posts[index + 1]
    item.next = posts[index - 1]
  }

  const group = (by: 'tag' | 'category' | 'year') => {
    const groups = groupPosts(
      posts.map((item) => ({ ...item.post, item })),
      { by, timeZone: config.timeZone },
    )
    return new Map([...groups].map(([key, list]) => [key, list.map((entry) => entry.item)]))
  }
  const byCount = (a: Term, b: Term) =>
    b.posts.length - a.posts.length || a.name.localeCompare(b.name, config.language)
  const tags = buildTerms(group('tag'), urls.tag, termSlug).sort(byCount)
  const categories = buildTerms(group('category'), urls.category, termSlug).sort(byCount)
  const years = buildTerms(group('year'), urls.year, (name) => name).sort((a, b) =>
    b.name.localeCompare(a.name),
  )

  const assets: Site['assets'] = []
  if (await isDirectory(path.join(contentDir, 'images')))
    assets.push([path.join(contentDir, 'images'), 'images'])
  if (await isDirectory(path.join(contentDir, 'static'))) assets.push([path.join(contentDir, 'static'), ''])

  const timings = {
    posts: postsLoaded - started,
    comments: commentsLoaded - postsLoaded,
    related: relatedDone - commentsLoaded,
  }
  const site: Site = {
    config,
    urls,
    contentDir,
    postsDir,
    posts,
    bySlug,
    tags,
    categories,
    years,
    assets,
    timings,
  }
  if (settled) settling.set(site, settled)
  else await relatedCache?.worker?.terminate()
  return site
}
