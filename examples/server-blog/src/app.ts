import { randomUUID } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { Comment, CommentStore } from '@blogkit/comments'
import {
  commentFormId,
  commentFormMessages,
  commentFormStylesheet,
  createCommentFeed,
  createSiteFeed,
  favicon,
  homePageCount,
  renderCommentForm,
  renderHomePage,
  renderNotFoundPage,
  renderPostPage,
  renderRobots,
  renderSitemap,
  renderSubscribePage,
  renderTermIndex,
  renderTermPage,
  type Site,
  type SitePost,
  stylesheet,
  type Term,
  type TermKind,
  threadPostComments,
} from '@blogkit/example-site'
import { type FeedFormat, feedHeaders, isNotModified } from '@blogkit/feed'
import { getConnInfo } from '@hono/node-server/conninfo'
import { type Context, Hono } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import { adminRoutes } from './admin.js'
import { type AdminSessionStore, memoryAdminSessions } from './admin-sessions.js'
import type { ChangeStamp, ChangeStamps } from './changes.js'
import { createClientAddress } from './client-ip.js'
import type { ServerConfig } from './config.js'
import { storeProblem } from './health.js'
import { createRateLimiter, memoryCounters, type WindowCounters } from './limits.js'
import { requestLogLine } from './log.js'
import { commentRoutes, type FormState, honeypotName } from './routes/comments.js'
import { createCsrf, createSubmissions, isCrossOrigin } from './security.js'

/** What `createApp` needs: the loaded site, an open store and the settings. */
export interface CreateAppOptions {
  site: Site
  store: CommentStore
  config: Pick<ServerConfig, 'adminToken' | 'trustProxy' | 'limits'>
  /** Secret for form tokens and admin cookies. */
  secret: string
  /** Where request log lines go (one per request); none when absent. */
  log?: ((line: string) => void) | undefined
  /**
   * Change stamps shared with the other server instances on the same database (PostgreSQL): kept pages
   * and feeds are checked against them before they are served, so a change made through another
   * instance shows at once. Without them, changes made by another process show within 2 s.
   */
  changes?: ChangeStamps | undefined
  /**
   * Where moderators' sessions are kept: shared by the instances on one PostgreSQL database, so that
   * signing out through one signs out on all. By default in this process's memory.
   */
  adminSessions?: AdminSessionStore | undefined
  /**
   * Where the per-address limits count (`RATE_LIMIT`, the admin sign-in limit): shared by the instances on
   * one PostgreSQL database, so that N servers allow the limit once. By default in this process's memory.
   * (`HOLD_AFTER` counts in the store's spam checks: give `openCommentStore` the same counters.)
   */
  counters?: WindowCounters | undefined
}

const securityHeaders: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' https: data:; script-src 'none'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
}

const contentTypes: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
}

/**
 * The blog as a Hono app: every page of the static example rendered live from the shared theme, with
 * comments read from the store, the comment form (`POST <post>/comments`), feeds with conditional GET,
 * and `/admin` for moderators.
 */
export function createApp(options: CreateAppOptions) {
  const { site, store, config } = options
  const { urls } = site
  const root = urls.root
  const csrf = createCsrf(options.secret)
  const submissions = createSubmissions(options.secret)
  const counters = options.counters ?? memoryCounters()
  const postLimiter = createRateLimiter(counters, {
    name: 'post',
    max: config.limits.rateLimit,
    windowMs: config.limits.windowMs,
  })
  const css = `${stylesheet}\n${commentFormStylesheet}`

  // The plain post page (no reply target, errors or notice) is kept for a moment, with a placeholder
  // where each visitor's form token goes: comments posted or moderated here, or through another
  // instance that shares the change stamps (`options.changes`), drop it at once; other changes (a
  // script writing to the database) show within `pageCacheMs`. Requests that arrive while a page is being made
  // wait for that one instead of making it again (200 readers of a fresh post render it once).
  const tokenSlot = `csrf-slot-${randomUUID()}`
  const submissionSlot = `submission-slot-${randomUUID()}`
  const pageCacheMs = 2000
  const pageCache = new Map<string, { version: number; at: number; page: Promise<string> }>()
  // Each post's comment version goes up with every change made here; work started on an older version
  // is never handed to a request that came after the change.
  const versions = new Map<string, number>()
  const versionOf = (slug: string) => versions.get(slug) ?? 0

  // Comment counts on lists and feeds come from `item.threads`; posts whose comments changed are read
  // again before such a page is rendered.
  const dirty = new Set<string>(site.posts.map((item) => item.post.slug))
  const reading = new Map<string, { version: number; comments: Promise<Comment[]> }>()
  const applied = new Map<string, number>()
  const readComments = async (item: SitePost, version: number): Promise<Comment[]> => {
    const slug = item.post.slug
    const previous = new Map(item.comments.map((comment) => [comment.id, comment]))
    // Note: the theme keeps each comment's rendered Markdown per comment object; unchanged comments keep
    // their object, so a page view renders only new or edited comments.
    const comments = (await store.list({ postId: slug, moderator: true })).map((comment) => {
      const old = previous.get(comment.id)
      return old &&
        old.status === comment.status &&
        old.body === comment.body &&
        old.parentId === comment.parentId
        ? old
        : comment
    })
    if (version >= (applied.get(slug) ?? -1)) {
      applied.set(slug, version)
      item.comments = comments
      item.threads = threadPostComments(site, slug, comments)
    }
    return comments
  }
  /** A post's comments, read from the store (at most one read per post and version at a time). */
  const refresh = (item: SitePost): Promise<Comment[]> => {
    const slug = item.post.slug
    const version = versionOf(slug)
    const running = reading.get(slug)
    if (running && running.version === version) return running.comments
    dirty.delete(slug)
    const comments = readComments(item, version)
    reading.set(slug, { version, comments })
    const done = () => {
      if (reading.get(slug)?.comments === comments) reading.delete(slug)
    }
    comments.then(done, done)
    return comments
  }
  // Note: comments may also change through another process (a script, or another server instance
  // without shared change stamps); every post is read again at most `pageCacheMs` after the last full read.
  let lastFullRead = performance.now()
  const refreshDirty = async () => {
    await syncAll()
    if (performance.now() - lastFullRead > pageCacheMs) {
      for (const item of site.posts) dirty.add(item.post.slug)
      lastFullRead = performance.now()
    }
    for (const slug of [...dirty]) {
      const item = site.bySlug.get(slug)
      if (item) await refresh(item)
      else dirty.delete(slug)
    }
  }
  // When this server last changed a post's comments (ms): a moderator approving an older comment
  // changes the comment feed without a newer comment date, and Last-Modified must still move.
  const changedAt = new Map<string, number>()
  let anyChangedAt = 0
  const lastModified = (feedUpdated: Date | string | undefined, changed: number | undefined) => {
    const updated = feedUpdated === undefined ? undefined : new Date(feedUpdated).getTime()
    const newest = Math.max(updated ?? 0, changed ?? 0)
    return newest === 0 ? undefined : new Date(newest)
  }
  const invalidate = (postId: string, at: number) => {
    changedAt.set(postId, Math.max(changedAt.get(postId) ?? 0, at))
    anyChangedAt = Math.max(anyChangedAt, at)
    versions.set(postId, versionOf(postId) + 1)
    dirty.add(postId)
    pageCache.delete(postId)
  }
  // The stamp versions this instance has acted on, per post.
  const seen = new Map<string, number>()
  const apply = (postId: string, stamp: ChangeStamp | undefined) => {
    if (stamp === undefined || stamp.version <= (seen.get(postId) ?? 0)) return
    seen.set(postId, stamp.version)
    invalidate(postId, stamp.changedAt)
  }
  const stampError = (error: unknown): undefined => {
    // Note: the comment itself is stored (or the read goes on): other instances show the change within
    // `pageCacheMs` instead of at once.
    console.error(`change stamps: ${(error as Error)?.message ?? String(error)}`)
  }
  /** After a change made here: record it for the other instances, then drop what this one kept. */
  const markChanged = async (postId: string): Promise<void> => {
    const { changes } = options
    if (changes === undefined) return invalidate(postId, Date.now())
    // Note: the stamp is written before this instance drops its copy, so a read started after that
    // also sees every change another instance recorded before this one.
    const stamp = await changes.changed(postId).catch(stampError)
    invalidate(postId, stamp?.changedAt ?? Date.now())
    if (stamp) seen.set(postId, stamp.version)
  }
  /** Before serving a post's page or feed: act on changes recorded by other instances. */
  const syncPost = async (postId: string): Promise<void> => {
    if (options.changes) apply(postId, await options.changes.read(postId).catch(stampError))
  }
  const syncAll = async (): Promise<void> => {
    if (!options.changes) return
    const stamps = await options.changes.readAll().catch(stampError)
    for (const [postId, stamp] of stamps ?? []) apply(postId, stamp)
  }

  const pages = new Map<string, { kind: TermKind; term: Term } | { kind: 'index'; of: TermKind }>()
  for (const term of site.tags) pages.set(term.path, { kind: 'tag', term })
  for (const term of site.categories) pages.set(term.path, { kind: 'category', term })
  for (const term of site.years) pages.set(term.path, { kind: 'year', term })
  pages.set(urls.archive(), { kind: 'index', of: 'year' })
  pages.set(urls.tags(), { kind: 'index', of: 'tag' })
  pages.set(urls.categories(), { kind: 'index', of: 'category' })
  const commentFeeds = new Map<string, { item: SitePost; format: FeedFormat }>()
  for (const item of site.posts) {
    for (const format of ['rss', 'atom', 'json'] as const)
      commentFeeds.set(urls.commentFeed(item.post.slug, format), { item, format })
  }
  const posts = new Map(site.posts.map((item) => [item.path, item]))
  const siteFeeds = new Map<string, FeedFormat>([
    [urls.feed('rss'), 'rss'],
    [urls.feed('atom'), 'atom'],
    [urls.feed('json'), 'json'],
  ])

  const siteOrigin = new URL(site.config.baseUrl).origin
  /** Whether the browser says a page of another origin sent the request (`Sec-Fetch-Site`, `Origin`). */
  const crossOrigin = (c: Context) => isCrossOrigin(c.req.raw.headers, siteOrigin)

  const clientAddress = createClientAddress(config.trustProxy)
  /** The reader's address: the connection's, or the one the trusted proxies appended (`TRUST_PROXY`). */
  const clientIp = (c: Context): string => {
    let remote = 'unknown'
    try {
      remote = getConnInfo(c).remote.address ?? 'unknown'
    } catch {
      // Note: no socket (a request made in a test through app.fetch).
    }
    return clientAddress(remote, config.trustProxy === 0 ? undefined : c.req.header('x-forwarded-for'))
  }

  // Note: the nonce set for a request that came without one, so that its form token and submission id
  // are both bound to the cookie it gets.
  const newNonces = new WeakMap<Request, string>()
  /** The visitor's anti-forgery nonce; a new one is set as a cookie when missing. */
  const visitorNonce = (c: Context): string => {
    const nonce = getCookie(c, csrf.cookieName)
    if (nonce && /^[\w-]{16,64}$/.test(nonce)) return nonce
    let fresh = newNonces.get(c.req.raw)
    if (fresh === undefined) {
      fresh = csrf.newNonce()
      newNonces.set(c.req.raw, fresh)
      setCookie(c, csrf.cookieName, fresh, {
        httpOnly: true,
        sameSite: 'Lax',
        path: root,
        secure: site.config.baseUrl.startsWith('https:'),
      })
    }
    return fresh
  }
  /** The visitor's anti-forgery token (a nonce cookie is set when missing). */
  const csrfToken = (c: Context): string => csrf.tokenFor(visitorNonce(c))

  const htmlPage = (c: Context, body: string, status = 200, cache = 'no-cache') => {
    c.header('Cache-Control', cache)
    return c.html(body, status as 200)
  }

  const notFound = (c: Context) => htmlPage(c, renderNotFoundPage(site), 404)

  const makePostPage = async (
    item: SitePost,
    state: FormState,
    csrfToken: string,
    submissionId: string,
  ): Promise<string> => {
    // Note: a form sent back with what the reader typed is shown even when the comments cannot be read
    // (the database is down): with the comments read last, so that the text is never lost.
    const comments =
      state.values === undefined
        ? await refresh(item)
        : await refresh(item).catch((error: unknown) => {
            console.error(
              `comments of ${item.post.slug} not read, the last ones shown: ${(error as Error)?.message}`,
            )
            return item.comments
          })
    const parent =
      state.replyTo === undefined
        ? undefined
        : comments.find((comment) => comment.id === state.replyTo && comment.status === 'approved')
    const form = renderCommentForm({
      lang: item.post.lang,
      action: `${item.path}comments`,
      csrfToken,
      submissionId,
      honeypotName,
      replyTo: parent
        ? { id: parent.id, name: parent.author.name, cancelHref: `${item.path}#${commentFormId}` }
        : undefined,
      values: state.values,
      errors: state.errors,
      notice: state.notice,
    })
    return renderPostPage(site, item, {
      threads: item.threads,
      comments,
      commentsSlot: form,
      replyHref: (comment) => `${item.path}?replyTo=${encodeURIComponent(comment.id)}#${commentFormId}`,
    })
  }

  /** The plain page of a post, with `tokenSlot` for the form token: kept, or made once for all waiting. */
  const plainPostPage = (item: SitePost): Promise<string> => {
    const slug = item.post.slug
    const version = versionOf(slug)
    const cached = pageCache.get(slug)
    if (cached && cached.version === version && performance.now() - cached.at < pageCacheMs) {
      return cached.page
    }
    const page = makePostPage(item, {}, tokenSlot, submissionSlot)
    const entry = { version, at: Number.POSITIVE_INFINITY, page }
    pageCache.set(slug, entry)
    page.then(
      () => {
        entry.at = performance.now()
      },
      () => {
        if (pageCache.get(slug) === entry) pageCache.delete(slug)
      },
    )
    return page
  }

  const renderPost = async (c: Context, item: SitePost, state: FormState, status = 200) => {
    await syncPost(item.post.slug)
    const plain =
      state.replyTo === undefined &&
      state.values === undefined &&
      state.errors === undefined &&
      state.notice === undefined
    const submission = state.submission ?? submissions.issue(visitorNonce(c))
    const page = plain
      ? (await plainPostPage(item)).replaceAll(tokenSlot, csrfToken(c)).replaceAll(submissionSlot, submission)
      : await makePostPage(item, state, csrfToken(c), submission)
    // Note: the page holds a token and a submission id bound to this visitor's cookie: no shared caches.
    return htmlPage(c, page, status, 'private, no-store')
  }

  const sendFeed = (c: Context, format: FeedFormat, body: string, updated: Date | undefined) => {
    const headers = feedHeaders(updated === undefined ? { format, body } : { format, body, updated })
    const all: Record<string, string> = { ...headers, 'Cache-Control': 'no-cache' }
    if (isNotModified(c.req.raw.headers, headers)) return c.body(null, 304, all)
    return c.body(body, 200, all)
  }

  const app = new Hono()

  // One log line per request, and the security headers.
  app.use('*', async (c, next) => {
    const started = performance.now()
    try {
      await next()
    } finally {
      for (const [name, value] of Object.entries(securityHeaders)) {
        if (!c.res.headers.has(name)) c.res.headers.set(name, value)
      }
      options.log?.(
        requestLogLine({
          at: new Date(),
          ip: clientIp(c),
          method: c.req.method,
          path: c.req.path,
          status: c.res.status,
          ms: performance.now() - started,
        }),
      )
    }
  })

  app.onError((error, c) => {
    console.error(error)
    c.header('Cache-Control', 'no-store')
    return c.text('Internal server error: the request could not be handled; it was logged.', 500)
  })

  // For load balancers and monitors: 200 while the comment store answers a cheap query, else 503.
  app.get(`${root}healthz`, async (c) => {
    c.header('Cache-Control', 'no-store')
    const problem = await storeProblem(store)
    return problem === undefined
      ? c.text('ok')
      : c.text(`unhealthy: the comment store does not answer (${problem})`, 503)
  })

  // The comment form.
  app.route(
    `${root}posts/:slug/comments`,
    commentRoutes({
      site,
      store,
      config,
      csrf,
      submissions,
      postLimiter,
      clientIp,
      crossOrigin,
      renderPost,
      markChanged,
      notFound,
    }),
  )

  app.route(
    `${root}admin`,
    adminRoutes({
      site,
      store,
      csrfToken,
      secret: options.secret,
      config,
      clientIp,
      crossOrigin,
      markChanged,
      sessionStore: options.adminSessions ?? memoryAdminSessions(),
      counters,
    }),
  )

  app.on(['GET', 'HEAD'], '*', async (c) => {
    const pathname = c.req.path
    if (!pathname.startsWith(root)) return notFound(c)

    if (pathname === urls.stylesheet()) {
      return c.body(css, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' })
    }
    if (pathname === urls.favicon()) {
      return c.body(favicon, 200, {
        'Content-Type': 'image/svg+xml',
        'Cache-Control': 'public, max-age=86400',
      })
    }
    if (pathname === urls.robots()) return c.text(renderRobots(site))
    if (pathname === urls.sitemap()) {
      return c.body(renderSitemap(site), 200, { 'Content-Type': 'application/xml; charset=utf-8' })
    }

    const siteFeed = siteFeeds.get(pathname)
    if (siteFeed) {
      await refreshDirty()
      const feed = createSiteFeed(site)
      const body = siteFeed === 'rss' ? feed.rss() : siteFeed === 'atom' ? feed.atom() : feed.json()
      return sendFeed(c, siteFeed, body, lastModified(feed.updated, anyChangedAt))
    }
    const commentFeed = commentFeeds.get(pathname)
    if (commentFeed) {
      const { item, format } = commentFeed
      await syncPost(item.post.slug)
      const feed = createCommentFeed(site, item, await refresh(item))
      return sendFeed(c, format, feed[format](), lastModified(feed.updated, changedAt.get(item.post.slug)))
    }

    const item = posts.get(pathname)
    if (item) {
      const held = c.req.query('held')
      const replyTo = c.req.query('replyTo')
      return renderPost(c, item, {
        replyTo,
        ...(held === undefined ? {} : { notice: commentFormMessages(item.post.lang).awaitsModeration }),
      })
    }

    if (pathname === urls.home()) {
      await refreshDirty()
      return htmlPage(c, renderHomePage(site, 1))
    }
    const pageMatch = new RegExp(`^${root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}page/(\\d+)/$`).exec(
      pathname,
    )
    if (pageMatch) {
      const page = Number(pageMatch[1])
      if (page === 1) return c.redirect(urls.home(), 301)
      if (page < 1 || page > homePageCount(site)) return notFound(c)
      await refreshDirty()
      return htmlPage(c, renderHomePage(site, page))
    }
    if (pathname === urls.subscribe()) {
      await refreshDirty()
      return htmlPage(c, renderSubscribePage(site))
    }
    const listing = pages.get(pathname)
    if (listing) {
      await refreshDirty()
      return htmlPage(
        c,
        listing.kind === 'index'
          ? renderTermIndex(site, listing.of)
          : renderTermPage(site, listing.kind, listing.term),
      )
    }

    // Images and static files of the content folder.
    for (const [from, to] of site.assets) {
      const prefix = `${root}${to === '' ? '' : `${to}/`}`
      if (!pathname.startsWith(prefix) || pathname.endsWith('/')) continue
      let relative: string
      try {
        relative = decodeURIComponent(pathname.slice(prefix.length))
      } catch {
        return notFound(c)
      }
      const file = path.resolve(from, relative)
      if (!file.startsWith(from + path.sep) || relative.split('/').some((part) => part.startsWith('.')))
        continue
      const info = await stat(file).catch(() => undefined)
      if (!info?.isFile()) continue
      const type = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
      return c.body(await readFile(file), 200, {
        'Content-Type': type,
        'Cache-Control': 'public, max-age=3600',
      })
    }

    // Pages without their trailing slash.
    const slashed = `${pathname}/`
    if (
      !pathname.endsWith('/') &&
      (posts.has(slashed) || pages.has(slashed) || slashed === urls.subscribe())
    ) {
      return c.redirect(`${pathname}/`, 301)
    }
    return notFound(c)
  })

  app.all('*', (c) => c.text('Method not allowed', 405, { Allow: 'GET, HEAD' }))

  return app
}
