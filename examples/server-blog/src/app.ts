import { randomUUID } from 'node:crypto'
import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { type Comment, CommentError, type CommentStore } from '@blogkit/comments'
import {
  type CommentFormField,
  type CommentFormValues,
  commentAnchor,
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
import { bodyLimit } from 'hono/body-limit'
import { getCookie, setCookie } from 'hono/cookie'
import { adminRoutes } from './admin.js'
import { type AdminSessionStore, memoryAdminSessions } from './admin-sessions.js'
import type { ChangeStamp, ChangeStamps } from './changes.js'
import { createClientAddress } from './client-ip.js'
import type { ServerConfig } from './config.js'
import { createCsrf, createRateLimiter } from './security.js'

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
}

/** Name of the hidden honeypot field. */
export const honeypotName = 'website'

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

/** A page state for the post page's form. */
interface FormState {
  values?: CommentFormValues
  errors?: Partial<Record<CommentFormField, string>>
  notice?: string
  replyTo?: string | undefined
}

const errorWords = {
  sv: {
    nameMissing: 'Skriv ditt namn.',
    bodyMissing: 'Skriv en kommentar.',
    csrf: 'Formuläret har gått ut (eller din webbläsare skickar inga kakor). Skicka det igen.',
    rate: (seconds: number) =>
      `Du har skickat många kommentarer på kort tid. Vänta ${seconds} sekunder och skicka igen.`,
    tooLarge: 'Kommentaren är för lång.',
    parent: 'Kommentaren du svarar på finns inte längre. Skicka din kommentar utan att svara.',
    failed: 'Kommentaren kunde inte sparas just nu. Försök igen om en stund.',
  },
  en: {
    nameMissing: 'Enter your name.',
    bodyMissing: 'Write a comment.',
    csrf: 'The form has expired (or your browser sends no cookies). Please send it again.',
    rate: (seconds: number) =>
      `You have sent many comments in a short time. Wait ${seconds} seconds and send again.`,
    tooLarge: 'The comment is too long.',
    parent: 'The comment you are replying to is gone. Send your comment without replying.',
    failed: 'The comment could not be saved just now. Please try again in a moment.',
  },
}
const wordsFor = (lang: string) => (lang.toLowerCase().startsWith('sv') ? errorWords.sv : errorWords.en)

/** `www.example.se` → `https://www.example.se`: readers often leave the scheme out. */
function normalizeUrl(url: string): string {
  const trimmed = url.trim()
  if (trimmed === '' || /^[a-z][a-z\d+.-]*:/i.test(trimmed)) return trimmed
  return /^[\w-]+(\.[\w-]+)+([/?#].*)?$/.test(trimmed) ? `https://${trimmed}` : trimmed
}

const fieldOf = (error: CommentError): CommentFormField => {
  const field = error.field ?? ''
  if (field.startsWith('author.name')) return 'name'
  if (field.startsWith('author.email')) return 'email'
  if (field.startsWith('author.url')) return 'url'
  if (field === 'body') return 'body'
  return 'form'
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
  const postLimiter = createRateLimiter({ max: config.limits.rateLimit, windowMs: config.limits.windowMs })
  const css = `${stylesheet}\n${commentFormStylesheet}`

  // The plain post page (no reply target, errors or notice) is kept for a moment, with a placeholder
  // where each visitor's form token goes: comments posted or moderated here, or through another
  // instance that shares the change stamps (`options.changes`), drop it at once; other changes (a
  // script writing to the database) show within `pageCacheMs`. Requests that arrive while a page is being made
  // wait for that one instead of making it again (200 readers of a fresh post render it once).
  const tokenSlot = `csrf-slot-${randomUUID()}`
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

  /** The visitor's anti-forgery nonce; a new one is set as a cookie when missing. */
  const csrfToken = (c: Context): string => {
    let nonce = getCookie(c, csrf.cookieName)
    if (!nonce || !/^[\w-]{16,64}$/.test(nonce)) {
      nonce = csrf.newNonce()
      setCookie(c, csrf.cookieName, nonce, {
        httpOnly: true,
        sameSite: 'Lax',
        path: root,
        secure: site.config.baseUrl.startsWith('https:'),
      })
    }
    return csrf.tokenFor(nonce)
  }

  const htmlPage = (c: Context, body: string, status = 200, cache = 'no-cache') => {
    c.header('Cache-Control', cache)
    return c.html(body, status as 200)
  }

  const notFound = (c: Context) => htmlPage(c, renderNotFoundPage(site), 404)

  const makePostPage = async (item: SitePost, state: FormState, csrfToken: string): Promise<string> => {
    const comments = await refresh(item)
    const parent =
      state.replyTo === undefined
        ? undefined
        : comments.find((comment) => comment.id === state.replyTo && comment.status === 'approved')
    const form = renderCommentForm({
      lang: item.post.lang,
      action: `${item.path}comments`,
      csrfToken,
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
    const page = makePostPage(item, {}, tokenSlot)
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
    const page = plain
      ? (await plainPostPage(item)).replaceAll(tokenSlot, csrfToken(c))
      : await makePostPage(item, state, csrfToken(c))
    // Note: the page holds a token bound to this visitor's cookie: no shared caches.
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
        `${new Date().toISOString()} ${clientIp(c)} ${c.req.method} ${c.req.path} ${c.res.status} ${(performance.now() - started).toFixed(1)}ms`,
      )
    }
  })

  app.onError((error, c) => {
    console.error(error)
    c.header('Cache-Control', 'no-store')
    return c.text('Internal server error: the request could not be handled; it was logged.', 500)
  })

  app.get(`${root}healthz`, (c) => c.text('ok'))

  // The comment form.
  const commentPath = `${root}posts/:slug/comments`
  app.post(
    commentPath,
    bodyLimit({
      maxSize: config.limits.bodyLimit,
      onError: (c) => {
        c.header('Cache-Control', 'no-store')
        return c.text(
          `Request body too large: comments are limited to ${config.limits.bodyLimit} bytes. Go back and shorten it.`,
          413,
        )
      },
    }),
    async (c) => {
      const item = site.bySlug.get(c.req.param('slug') ?? '')
      if (!item) return notFound(c)
      const words = wordsFor(item.post.lang)
      const type = c.req.header('content-type') ?? ''
      if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
        return c.text('Expected a form (application/x-www-form-urlencoded) from the comment form.', 415)
      }
      const form = await c.req.parseBody()
      const field = (name: string) => {
        const value = form[name]
        return typeof value === 'string' ? value : ''
      }
      const values: CommentFormValues = {
        name: field('name'),
        email: field('email'),
        url: field('url'),
        body: field('body'),
      }
      const parentId = field('parentId').trim() || undefined
      const again = (errors: FormState['errors'], status: number) =>
        renderPost(c, item, { values, errors: errors ?? {}, replyTo: parentId }, status)

      if (!csrf.verify(getCookie(c, csrf.cookieName), field('csrf'))) {
        return again({ form: words.csrf }, 403)
      }
      const ip = clientIp(c)
      const limit = postLimiter.hit(ip)
      if (!limit.ok) {
        c.header('Retry-After', String(limit.retryAfter))
        return again({ form: words.rate(limit.retryAfter) }, 429)
      }
      const errors: FormState['errors'] = {}
      if (values.name!.trim() === '') errors.name = words.nameMissing
      if (values.body!.trim() === '') errors.body = words.bodyMissing
      if (Object.keys(errors).length > 0) return again(errors, 422)

      const url = normalizeUrl(values.url!)
      const email = values.email!.trim()
      try {
        const { comment } = await store.add(
          {
            postId: item.post.slug,
            ...(parentId === undefined ? {} : { parentId }),
            author: {
              name: values.name!.trim(),
              ...(url === '' ? {} : { url }),
              ...(email === '' ? {} : { email }),
            },
            body: values.body!,
          },
          {
            client: {
              ip,
              honeypot: field(honeypotName),
              userAgent: c.req.header('user-agent') ?? '',
              referrer: c.req.header('referer') ?? '',
              permalink: item.url,
            },
          },
        )
        await markChanged(item.post.slug)
        c.header('Cache-Control', 'no-store')
        if (comment.status === 'approved') {
          return c.redirect(`${item.path}#${commentAnchor(comment)}`, 303)
        }
        return c.redirect(`${item.path}?held=${encodeURIComponent(comment.id)}#${commentFormId}`, 303)
      } catch (error) {
        if (error instanceof CommentError) {
          const at = fieldOf(error)
          const message =
            error.code === 'missing-parent' || error.code === 'deleted-parent'
              ? words.parent
              : error.code === 'too-long' && at === 'body'
                ? words.tooLarge
                : error.message.replace(/`/g, '')
          return again({ [at]: message }, 422)
        }
        console.error(error)
        return again({ form: words.failed }, 503)
      }
    },
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
      markChanged,
      sessionStore: options.adminSessions ?? memoryAdminSessions(),
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
