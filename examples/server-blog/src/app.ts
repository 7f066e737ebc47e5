import type { CommentStore } from '@blogkit/comments'
import { messagesFor, type Site } from '@blogkit/example-site'
import { type Context, Hono } from 'hono'
import { adminRoutes } from './admin.js'
import { type AdminSessionStore, memoryAdminSessions } from './admin-sessions.js'
import type { ChangeStamps } from './changes.js'
import { createCommentState } from './comment-state.js'
import type { ServerConfig } from './config.js'
import { createLatestPosts } from './latest-posts.js'
import { createRateLimiter, memoryCounters, type WindowCounters } from './limits.js'
import { requestLogLine } from './log.js'
import { apiRoute } from './routes/api.js'
import { commentRoutes } from './routes/comments.js'
import { feedRoutes } from './routes/feeds.js'
import { contentFiles, themeFiles } from './routes/files.js'
import type { GetRoute } from './routes/get.js'
import { healthRoute } from './routes/health.js'
import { pageRoutes } from './routes/pages.js'
import { redirectRoutes } from './routes/redirects.js'
import { createCsrf, createSubmissions } from './security.js'
import { createVisitor } from './visitor.js'

/** What `createApp` needs: the loaded site, an open store and the settings. */
export interface CreateAppOptions {
  site: Site
  store: CommentStore
  config: Pick<ServerConfig, 'adminToken' | 'trustProxy' | 'limits' | 'latestPost'>
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

/**
 * The blog as a Hono app: every page of the static example rendered live from the shared theme, with
 * comments read from the store, the comment form (`POST <post>/comments`), feeds with conditional GET,
 * and `/admin` for moderators.
 */
export function createApp(options: CreateAppOptions) {
  const { site, store, config } = options
  const root = site.urls.root
  const csrf = createCsrf(options.secret)
  const submissions = createSubmissions(options.secret)
  const counters = options.counters ?? memoryCounters()
  const postLimiter = createRateLimiter(counters, {
    name: 'post',
    max: config.limits.rateLimit,
    windowMs: config.limits.windowMs,
  })
  const state = createCommentState({ site, store, changes: options.changes })
  const visitor = createVisitor({ site, config, csrf })
  const { clientIp, crossOrigin, csrfToken } = visitor
  const { pages, slashRedirect, renderPost, notFound } = pageRoutes({
    site,
    store,
    config,
    state,
    visitor,
    submissions,
  })
  const markChanged = state.markChanged
  const latestPosts = createLatestPosts({ config: config.latestPost, store, markChanged, log: options.log })

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
    return c.text(messagesFor(site.config.language).server.internalError, 500)
  })

  app.get(`${root}healthz`, healthRoute(store))

  // The comment API (JSON, HTML fragments, counts, posting from scripts): @blogkit/comments/http's handler.
  // Note: before the comment form, whose `<post>/comments` would take `api/comments` for a post named api.
  app.all(
    `${root}api/*`,
    apiRoute({ site, store, config, counters, clientIp, markChanged: (postId) => markChanged(postId) }),
  )

  // The comment form.
  app.route(
    `${root}:post{.+}/comments`,
    commentRoutes({
      site,
      store,
      config,
      csrf,
      latestPosts,
      submissions,
      approvedComments: state.refresh,
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

  // Every other GET and HEAD: the first part that knows the path answers.
  const notFoundRoute: GetRoute = (c) => notFound(c)
  const routes: GetRoute[] = [
    // Note: first, so that an old address with a query (`/?p=42`) is not taken for the home page.
    redirectRoutes(site),
    themeFiles(site),
    feedRoutes(site, state),
    pages,
    contentFiles(site, notFoundRoute),
    slashRedirect,
  ]
  app.on(['GET', 'HEAD'], '*', async (c: Context) => {
    const pathname = c.req.path
    if (!pathname.startsWith(root)) return notFound(c)
    for (const route of routes) {
      const response = await route(c, pathname)
      if (response) return response
    }
    return notFound(c)
  })

  app.all('*', (c) => c.text('Method not allowed', 405, { Allow: 'GET, HEAD' }))

  // Note: the server closes the reads of latest posts before the store.
  return Object.assign(app, { latestPosts })
}
