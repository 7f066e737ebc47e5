import { CommentError, type CommentStore } from '@blogkit/comments'
import { type Site, themeLanguages } from '@blogkit/example-site'
import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { languageDetector } from 'hono/language'
import { type AdminAction, adminPages, adminWords, purgeConfirmation, views } from './admin-pages.js'
import type { AdminSessionStore } from './admin-sessions.js'
import type { ServerConfig } from './config.js'
import { createFailureLimiter, type WindowCounters } from './limits.js'
import { type AdminSessions, createAdminSessions, createCsrf } from './security.js'

/** What the admin routes need from the app. */
export interface AdminOptions {
  site: Site
  store: CommentStore
  config: Pick<ServerConfig, 'adminToken' | 'limits'>
  secret: string
  csrfToken: (c: Context) => string
  clientIp: (c: Context) => string
  /** Whether the browser says another site sent the request. */
  crossOrigin: (c: Context) => boolean
  /** Record a change to a post's comments (resolves once other instances will see it). */
  markChanged: (postId: string) => Promise<void>
  /** Where the signed-in moderators' sessions are kept. */
  sessionStore: AdminSessionStore
  /** Where wrong admin tokens are counted per address (shared through PostgreSQL by several servers). */
  counters: WindowCounters
}

/** Wrong admin tokens one address may send per minute (sign-in form and bearer tokens together). */
export const adminFailureLimit = { max: 10, windowMs: 60_000 }

/** Who sent a request: a moderator (`bearer` token or signed-in `cookie`), nobody, or an address locked out. */
type Auth = { by: 'bearer' | 'cookie' } | { by: undefined } | { by: 'locked'; retryAfter: number }

/**
 * Who sent a request. `checkToken` checks an admin token, counting only wrong ones against the address:
 * once it sent `adminFailureLimit.max` wrong tokens, every token it sends (right or wrong) is refused
 * until the window ends, so the limit cannot be probed; an address that sends the right token is never
 * limited. `authOf`: `bearer` (no CSRF needed: browsers never add it by themselves), `cookie`, or nobody.
 */
function adminAuth(options: AdminOptions, sessions: AdminSessions | undefined) {
  const failures = createFailureLimiter(options.counters, { name: 'admin-login', ...adminFailureLimit })
  const bearer = (c: Context) => /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim()
  const checkToken = async (c: Context, token: string): Promise<Auth> => {
    const ip = options.clientIp(c)
    const locked = await failures.lockedFor(ip)
    if (locked > 0) return { by: 'locked', retryAfter: locked }
    if (sessions?.checkToken(token)) return { by: 'bearer' }
    const retryAfter = await failures.fail(ip)
    return retryAfter > 0 ? { by: 'locked', retryAfter } : { by: undefined }
  }
  const authOf = async (c: Context): Promise<Auth> => {
    if (!sessions) return { by: undefined }
    const token = bearer(c)
    if (token !== undefined) return checkToken(c, token)
    return (await sessions.verify(getCookie(c, sessions.cookieName))) ? { by: 'cookie' } : { by: undefined }
  }
  return { checkToken, authOf }
}

/** The notice after a moderation action: only the known ones, about a comment as it is stored now. */
async function doneNotice(c: Context, store: CommentStore): Promise<string | undefined> {
  const [done, id] = [c.req.query('done'), c.req.query('id')]
  const t = adminWords(c)
  if (done === undefined || id === undefined || !Object.hasOwn(t.done, done)) return undefined
  const comment = await store.get(id)
  if (!comment || (done === 'purge' && comment.purgedAt === undefined)) return undefined
  if (comment.purgedAt !== undefined) return t.purgedNotice(t.done.purge)
  return t.doneNotice(t.done[done as AdminAction], comment.author.name, t.statuses[comment.status])
}

/** 429 for an address that sent too many wrong tokens. */
function tooMany(c: Context, retryAfter: number) {
  c.header('Retry-After', String(retryAfter))
  c.header('Cache-Control', 'no-store')
  return c.text(adminWords(c).tooMany(retryAfter), 429)
}

/** The fields of a posted form (`''` for a missing one). */
async function formField(c: Context) {
  const body = await c.req.parseBody()
  return (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '')
}

/**
 * `/admin`: moderation behind `ADMIN_TOKEN`. A moderator signs in with the token (a form that sets an
 * HttpOnly cookie, or `Authorization: Bearer <token>` on every request), sees pending and spam comments
 * of all posts newest first, and approves, marks spam, deletes or restores them (POST forms with an
 * anti-forgery token). Without `ADMIN_TOKEN`, `/admin` answers 503 and says how to turn it on.
 */
export function adminRoutes(options: AdminOptions) {
  const { site, store, config } = options
  const admin = new Hono()
  const base = `${site.urls.root}admin`
  const csrf = createCsrf(options.secret)
  const sessions =
    config.adminToken === undefined
      ? undefined
      : createAdminSessions(options.secret, config.adminToken, options.sessionStore)
  const { checkToken, authOf } = adminAuth(options, sessions)
  const pages = adminPages(site, base, options.csrfToken)

  // The moderator's language: the first of the browser's (`Accept-Language`) the catalog has, else English.
  admin.use(
    '*',
    languageDetector({
      order: ['header'],
      supportedLanguages: [...themeLanguages],
      fallbackLanguage: 'en',
      caches: false,
    }),
  )
  admin.use('*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('Request body too large', 413) }))
  // Every POST (sign-in, sign-out, moderation) comes from this site's own pages, or from a script.
  admin.use('*', async (c, next) => {
    if (c.req.method !== 'POST' || !options.crossOrigin(c)) return next()
    c.header('Cache-Control', 'no-store')
    return c.text(adminWords(c).crossOrigin, 403)
  })

  admin.get('/', async (c) => {
    if (!sessions) return pages.disabled(c)
    const auth = await authOf(c)
    if (auth.by === 'locked') return tooMany(c, auth.retryAfter)
    if (!auth.by) return pages.login(c)
    const viewName = c.req.query('view') ?? 'queue'
    const statuses = views[viewName]
    if (!statuses) {
      return c.text(`Unknown view \`${viewName}\`: use one of ${Object.keys(views).join(', ')}`, 400)
    }
    const before = c.req.query('before')
    let result: Awaited<ReturnType<CommentStore['moderationQueue']>>
    try {
      result = await store.moderationQueue({ statuses, limit: 50, ...(before ? { before } : {}) })
    } catch (error) {
      if (error instanceof CommentError) return c.text(`${error.message}`, 400)
      throw error
    }
    return pages.queue(c, viewName, result, await doneNotice(c, store))
  })

  admin.post('/login', async (c) => {
    if (!sessions) return pages.disabled(c)
    const t = adminWords(c)
    const field = await formField(c)
    if (!csrf.verify(getCookie(c, csrf.cookieName), field('csrf'))) {
      return pages.login(c, t.expiredSignIn, 403)
    }
    const auth = await checkToken(c, field('token'))
    if (auth.by === 'locked') {
      c.header('Retry-After', String(auth.retryAfter))
      return pages.login(c, t.lockedSignIn(auth.retryAfter), 429)
    }
    if (!auth.by) return pages.login(c, t.wrongToken)
    setCookie(c, sessions.cookieName, await sessions.issue(), {
      httpOnly: true,
      sameSite: 'Strict',
      path: base,
      maxAge: sessions.maxAgeSeconds,
      secure: site.config.baseUrl.startsWith('https:'),
    })
    return c.redirect(`${base}`, 303)
  })

  admin.post('/logout', async (c) => {
    if (!sessions) return pages.disabled(c)
    const field = await formField(c)
    if (!csrf.verify(getCookie(c, csrf.cookieName), field('csrf'))) {
      return c.text(adminWords(c).expiredSignOut, 403)
    }
    await sessions.revoke(getCookie(c, sessions.cookieName))
    deleteCookie(c, sessions.cookieName, { path: base })
    return c.redirect(`${base}`, 303)
  })

  admin.post('/comments/:id', async (c) => {
    if (!sessions) return pages.disabled(c)
    const t = adminWords(c)
    const auth = await authOf(c)
    if (auth.by === 'locked') return tooMany(c, auth.retryAfter)
    if (!auth.by) return c.text(t.signInFirst, 401)
    const field = await formField(c)
    if (auth.by === 'cookie' && !csrf.verify(getCookie(c, csrf.cookieName), field('csrf'))) {
      return c.text(t.expired, 403)
    }
    const action = field('action') as AdminAction
    if (!Object.hasOwn(t.actions, action)) {
      return c.text(`Unknown action \`${action}\`: use approve, spam, delete, restore or purge.`, 400)
    }
    const id = c.req.param('id')
    // Note: a browser purges only from the confirmation page; a script (bearer token) says so itself.
    if (action === 'purge' && auth.by === 'cookie' && field('confirm') !== purgeConfirmation) {
      return c.redirect(`${base}/comments/${encodeURIComponent(id)}/purge`, 303)
    }
    try {
      const comment = action === 'purge' ? await store.purge({ id }) : await store.moderate({ id, action })
      await options.markChanged(comment.postId)
      if (auth.by === 'bearer' && !c.req.header('accept')?.includes('text/html')) {
        return c.json({
          id: comment.id,
          status: comment.status,
          ...(comment.purgedAt === undefined ? {} : { purgedAt: comment.purgedAt }),
        })
      }
      const view = views[field('view')] ? field('view') : 'queue'
      return c.redirect(`${base}?view=${view}&done=${action}&id=${encodeURIComponent(comment.id)}`, 303)
    } catch (error) {
      if (error instanceof CommentError && error.code === 'not-found') {
        return c.text(t.noComment(c.req.param('id')), 404)
      }
      if (error instanceof CommentError && error.code === 'purged') return c.text(t.purgedStays, 409)
      throw error
    }
  })

  // The confirmation step of a purge: what will be erased and what stays, then a POST form.
  admin.get('/comments/:id/purge', async (c) => {
    if (!sessions) return pages.disabled(c)
    const auth = await authOf(c)
    if (auth.by === 'locked') return tooMany(c, auth.retryAfter)
    if (!auth.by) return pages.login(c)
    const id = c.req.param('id')
    const comment = await store.get(id)
    if (!comment) return c.text(adminWords(c).noComment(id), 404)
    const view = views[c.req.query('view') ?? ''] ? c.req.query('view')! : 'queue'
    return pages.purge(c, comment, view)
  })

  return admin
}
