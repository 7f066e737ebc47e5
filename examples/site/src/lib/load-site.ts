import { stat } from 'node:fs/promises'
import path from 'node:path'
import {
  type Comment,
  CommentError,
  type CommentThreads,
  commentsFileName,
  inferReplies,
  threadComments,
} from '@blogkit/comments'
import { type CommentsSession, readCommentsFile } from '@blogkit/comments/node'
import {
  createAddressBook,
  filterPosts,
  type Post,
  type Redirect,
  siteTermSlugs,
  sortPosts,
} from '@blogkit/post'
import { listFiles, loadPosts } from '@blogkit/post/node'
import type { RelatedReasons } from '@blogkit/related'
import { openRelatedCache } from '@blogkit/related/incremental'
import { placePosts } from './addresses.js'
import { normalizeBaseUrl, readSiteConfig, type SiteConfig } from './config.js'
import { asSiteError, SiteError } from './errors.js'
import { buildNav, type ContentPage, loadPages, type NavLink } from './load-pages.js'
import { buildArchives } from './site-archives.js'
import { siteRedirects } from './site-redirects.js'
import { attachRelated, rankRelated } from './site-related.js'
import {
  noteChanges,
  type SiteSession,
  sessionComments,
  sessionPosts,
  sessionRelatedCache,
  takeChanges,
} from './site-session.js'
import { createUrls, type SiteUrls } from './urls.js'

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
  /**
   * Its id for comments (`postId`) and related posts: the slug, or, for a post whose slug an older post
   * has too (a dated `permalink` lets them share it), its address without the slashes (`2003/02/01/a`).
   */
  id: string
  /** Path of its page (`postPath`: `/posts/<slug>/` unless site.json sets a `permalink`). */
  path: string
  /** Absolute URL of its page. */
  url: string
  /** Every comment of the post as stored (all statuses), after reply inference. */
  comments: Comment[]
  /** Approved comments, threaded. */
  threads: CommentThreads
  /** Related posts, best first. */
  related: RelatedLink[]
  /** The archive of each of `post.tags`, in that order (`undefined` for a tag without one). */
  tagTerms: Array<Term | undefined>
  /** The archive of each of `post.categories`, in that order (`undefined` for one without). */
  categoryTerms: Array<Term | undefined>
  /** The next older post. */
  previous: SitePost | undefined
  /** The next newer post. */
  next: SitePost | undefined
  /** A draft or a future-dated post, shown because `loadSite` was called with `drafts`. */
  draft: boolean
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
  /** Published posts by `id` (the slug, unless two posts share it). */
  bySlug: Map<string, SitePost>
  /** The content folder's `pages/`, published ones (About, Contact, …). */
  pages: ContentPage[]
  /** The site's navigation: pages with `menu` in front matter, then site.json `nav`. */
  nav: NavLink[]
  /** Tags, most used first. */
  tags: Term[]
  /** Categories, most used first. */
  categories: Term[]
  /** Years, newest first. */
  years: Term[]
  /** Folders copied to the output as they are: `[from, to]`, `to` relative to the site root. */
  assets: Array<[from: string, to: string]>
  /** Old addresses and where they are now: posts' `aliases` and the content folder's `redirects.json`. */
  redirects: Redirect[]
  /**
   * Milliseconds `loadSite` spent reading posts, reading and threading comments, and ranking related
   * posts (on the main thread, and waiting for the worker thread once the comments were read).
   */
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
   * Cache folder: parsed posts (`posts/`, @blogkit/post `cache`) and the related-posts lists and index
   * (@blogkit/related/incremental), so that unchanged posts are neither parsed nor analysed again.
   */
  cacheDir?: string | undefined
  /**
   * Worker threads that parse posts (@blogkit/post `workers`; they start only when enough posts need
   * parsing: `workersFrom` of `loadPosts`). @default 0
   */
  workers?: number | undefined
  /**
   * Keep the parsed posts in memory and the related-posts index open between calls (`createSiteSession`):
   * for a process that loads the site again after each change. The related index only with `cacheDir`.
   */
  session?: SiteSession | undefined
  /**
   * With `session`, from a watcher of the content folder that saw every change: the absolute paths
   * added, changed or removed since the last `loadSite` with the session. Only the posts and files named
   * under the posts folder are stat'ed and read again (@blogkit/post `changed`); without it, every post
   * file is stat'ed. Never from a watcher that may have missed events.
   */
  changed?: Iterable<string> | undefined
  /**
   * The caller's own work that needs neither the site nor its related posts, run while they are ranked
   * (at 10,000 posts the ranking, in a worker thread, leaves this thread idle for about half a second
   * after one post changed): the static blog reads its build record there. Awaited before `loadSite`
   * returns; its error is `loadSite`'s.
   */
  meanwhile?: (() => Promise<void>) | undefined
}

const isDirectory = async (dir: string) => (await stat(dir).catch(() => undefined))?.isDirectory() === true

/** The folder posts are read from: `<contentDir>/posts` when it exists, else the content folder itself. */
export async function findPostsDir(contentDir: string): Promise<string> {
  const posts = path.join(path.resolve(contentDir), 'posts')
  return (await isDirectory(posts)) ? posts : path.resolve(contentDir)
}

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

/**
 * A post's comments file (@blogkit/comments' reader: records may leave out `postId`); comments of a post
 * whose id is not its slug get the id as `postId`. A file with a problem is a `SiteError` naming the file,
 * line and column.
 */
async function readPostComments(
  file: string,
  slug: string,
  id: string,
  session: CommentsSession | undefined,
): Promise<Comment[]> {
  let comments: Comment[]
  try {
    comments = await readCommentsFile(file, {
      postId: id,
      shownAs: path.relative(process.cwd(), file),
      session,
    })
  } catch (error) {
    if (error instanceof CommentError) {
      const { file, line, column, reason } = error
      throw new SiteError([error.message], [{ file, line, column, reason }])
    }
    throw error
  }
  return id === slug ? comments : comments.map((c) => (c.postId === slug ? { ...c, postId: id } : c))
}

/**
 * The site's posts (`published`, newest first) with their comments, read from the comments files beside
 * them (`commentFiles`, names relative to `postsDir`; replies inferred from "@Name:", then threaded).
 * Related posts, archives and neighbours are filled in by `loadSite` after.
 */
async function readSitePosts(
  published: readonly Post[],
  options: {
    config: SiteConfig
    urls: SiteUrls
    postsDir: string
    commentFiles: ReadonlySet<string>
    pathOf: ReadonlyMap<Post, string>
    idOf: ReadonlyMap<Post, string>
    now: Date
    session: CommentsSession | undefined
  },
): Promise<SitePost[]> {
  const { config, urls, postsDir, commentFiles, pathOf, idOf, now, session } = options
  return Promise.all(
    published.map(async (post) => {
      const relative = commentsFileName(post.path ?? `${post.slug}.md`)
      const file = path.join(postsDir, relative)
      const id = idOf.get(post)!
      const comments = commentFiles.has(relative)
        ? inferReplies(await readPostComments(file, post.slug, id, session))
        : []
      let threads: CommentThreads
      try {
        threads = threadPostComments({ config }, id, comments)
      } catch (error) {
        throw new SiteError([`${path.relative(process.cwd(), file)}: ${(error as Error).message}`])
      }
      const pagePath = pathOf.get(post)!
      return {
        post,
        id,
        path: pagePath,
        url: urls.absolute(pagePath),
        comments,
        threads,
        related: [],
        tagTerms: [],
        categoryTerms: [],
        previous: undefined,
        next: undefined,
        draft: post.draft || post.date.getTime() > now.getTime(),
      }
    }),
  )
}

/** The folders copied as they are: `images/` (to `/images/`) and `static/` (to the root), when present. */
async function siteAssets(contentDir: string): Promise<Site['assets']> {
  const assets: Site['assets'] = []
  if (await isDirectory(path.join(contentDir, 'images')))
    assets.push([path.join(contentDir, 'images'), 'images'])
  if (await isDirectory(path.join(contentDir, 'static'))) assets.push([path.join(contentDir, 'static'), ''])
  return assets
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
  if (options.session) noteChanges(options.session, options.changed)
  if (!(await isDirectory(contentDir)))
    throw new SiteError([`${options.contentDir}: no such folder: give a folder of Markdown posts`])
  const config = await readSiteConfig(contentDir)
  if (options.baseUrl !== undefined) config.baseUrl = normalizeBaseUrl(options.baseUrl, '--base-url')
  const urls = createUrls(config.baseUrl)
  const postsDir = await findPostsDir(contentDir)

  const started = performance.now()
  const now = options.now ?? new Date()
  const postOptions = {
    lang: config.language,
    timeZone: config.timeZone,
    siteUrl: new URL(config.baseUrl).origin,
    ignore: postsDir === contentDir ? ['README.md', 'readme.md'] : [],
  }
  // Note: opened first (it reads the saved lists and journal; the index itself is restored, in a worker
  // thread, only once a post changed).
  const relatedOptions = {
    dir: options.cacheDir ?? '',
    index: { lang: config.language },
    limit: config.relatedLimit,
  }
  const relatedCache =
    options.cacheDir === undefined
      ? undefined
      : options.session
        ? await sessionRelatedCache(options.session, relatedOptions)
        : await openRelatedCache(relatedOptions).catch(() => undefined)
  // Note: the worker thread that restores the related index keeps the process alive: stop it when
  // loading fails (a post or comments file with a problem).
  let posts: SitePost[]
  let bySlug: Map<string, SitePost>
  let pages: ContentPage[]
  let categorySlugs: Map<string, string>
  const siteJson = path.relative(process.cwd(), path.join(contentDir, 'site.json'))
  const book = createAddressBook({ permalink: config.permalink, permalinkFile: siteJson })
  let postsLoaded: number
  let commentsLoaded: number
  let rankingStarted: number
  let ranking: ReturnType<typeof rankRelated> | undefined
  try {
    const loaded = await loadPosts(postsDir, {
      ...postOptions,
      ...(options.cacheDir === undefined ? {} : { cache: path.join(options.cacheDir, 'posts') }),
      ...(options.workers === undefined ? {} : { workers: options.workers }),
      ...(options.session
        ? { session: sessionPosts(options.session), changed: takeChanges(options.session, 'posts', postsDir) }
        : {}),
      // Note: two posts may share a slug when their addresses differ: `placePosts` checks addresses.
      unique: false,
      // Note: a changed post means a rank with the saved index: its restore starts now, while the changed
      // files are read and parsed, instead of when `rank` finds them.
      onChanged: () => relatedCache?.prepare(),
    })
    const published = sortPosts(
      filterPosts(loaded, {
        drafts: options.drafts ?? false,
        future: options.drafts ?? false,
        now,
      }),
    )
    pages = await loadPages({ contentDir, config, urls, drafts: options.drafts ?? false, now })
    // Note: one rule for `:category` and the category archives (`C` and `C++`: `c`, `c-2` in both).
    categorySlugs = siteTermSlugs(published, { by: 'category', placed: loaded })
    const placing = { loaded, published, pages, config, urls, postsDir, book, categorySlugs }
    const { pathOf, idOf } = placePosts(placing)
    // Note: the listing runs while the posts are ranked below.
    const listing = listFiles(
      postsDir,
      options.session
        ? { session: sessionPosts(options.session), changed: takeChanges(options.session, 'files', postsDir) }
        : {},
    )
    listing.catch(() => undefined)

    postsLoaded = performance.now()
    // Note: ranked while the comments are read (the worker thread ranks; the main thread reads).
    ranking = published.length > 1 ? rankRelated(published, idOf, config, relatedCache) : undefined
    // Note: a failure here is thrown below, when `ranking` is awaited or by the comments.
    ranking?.catch(() => undefined)
    // Note: without a saved index (or with one that is not usable) the ranking ran right in the call.
    rankingStarted = performance.now()
    // Note: one listing of the folder instead of trying to read a comments file beside every post (most
    // posts of a big site have none; 10,000 failed reads cost more than the listing).
    const commentFiles = new Set((await listing).filter((file) => file.endsWith('.comments.json')))
    posts = await readSitePosts(published, {
      config,
      urls,
      postsDir,
      commentFiles,
      pathOf,
      idOf,
      now,
      session: options.session ? sessionComments(options.session) : undefined,
    })
    bySlug = new Map(posts.map((item) => [item.id, item]))

    commentsLoaded = performance.now()
  } catch (error) {
    await relatedCache?.close()
    throw error
  }
  // Note: `posts` is sorted newest first (same order as `adjacentPosts` uses), so the neighbours are
  // the entries around it; calling `adjacentPosts` per post would sort the list once per post.
  for (const [index, item] of posts.entries()) {
    item.previous = posts[index + 1]
    item.next = posts[index - 1]
  }

  const { tags, categories, years } = buildArchives(posts, { config, urls, book, categorySlugs })

  let nav: NavLink[]
  try {
    asSiteError(() => book.check())
    nav = buildNav(config, pages, siteJson)
  } catch (error) {
    await relatedCache?.close()
    throw error
  }

  const site: Site = {
    config,
    urls,
    contentDir,
    postsDir,
    posts,
    bySlug,
    pages,
    nav,
    tags,
    categories,
    years,
    assets: await siteAssets(contentDir),
    redirects: [],
    timings: { posts: 0, comments: 0, related: 0 },
  }
  let waited: number
  try {
    site.redirects = await siteRedirects(site)
    // Note: awaited last: the archives, navigation and redirects above, and the caller's `meanwhile`, are
    // made while the related index is restored and ranked (in a worker thread when it is big), not after.
    await options.meanwhile?.()
    waited = performance.now()
    attachRelated(posts, ranking && (await ranking), bySlug)
  } catch (error) {
    await relatedCache?.close()
    throw error
  }
  site.timings = {
    posts: postsLoaded - started,
    comments: commentsLoaded - rankingStarted,
    related: rankingStarted - postsLoaded + (performance.now() - waited),
  }
  if (relatedCache) settling.set(site, posts.length > 1 ? relatedCache.settled() : relatedCache.close())
  return site
}
