// `/admin`, the moderation pages shared by the live blog (examples/server-blog) and the comment service
// (examples/comment-service): sign-in, the lists, the actions. Each host says what it moderates through
// an `AdminSite` and mounts the routes where it likes.
import { CommentError, type CommentStore } from '@blogkit/comments'
import type { WindowCounters } from '@blogkit/comments/http'
import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { type ModeratedComment, moderationRoutes, tooMany } from './actions.js'
import { createFailureLimiter } from './failures.js'
import { renderListPage } from './list.js'
import { type AdminAction, type AdminSite, adminPages, adminWords } from './pages.js'
import { type AdminSessions, createAdminSessions, createCsrf } from './security.js'
import type { AdminSessionStore } from './sessions.js'
import { formField, readListState } from './state.js'
import { adminStylesheet } from './styles.js'

/** What the admin routes need from the host. */
export interface AdminOptions {
  /** What is moderated: language, author, documents, links to posts or pages, the filter's field. */
  site: AdminSite
  store: CommentStore
  /** The path the routes are mounted at, e.g. `/admin` (links and forms point there). */
  base: string
  /** The moderators' token (`ADMIN_TOKEN`); without one, every admin page answers 503 and says how to set it. */
  adminToken: string | undefined
  /** Signs the form tokens' check and the session cookies. */
  secret: string
  /** The visitor's anti-forgery token (the host sets its nonce cookie: `createCsrfCookie`). */
  csrfToken: (c: Context) => string
  /** The reader's address (for the sign-in limit). */
  clientIp: (c: Context) => string
  /** Whether the browser says another site sent the request (`isCrossOrigin`). */
  crossOrigin: (c: Context) => boolean
  /** Where the signed-in moderators' sessions are kept. */
  sessionStore: AdminSessionStore
  /** Where wrong admin tokens are counted per address (shared through PostgreSQL by several servers). */
  counters: WindowCounters
  /**
   * Called once the comments of an action are stored (one call per request, before its answer): the
   * host's "comment moderated" event, e.g. to make pages again, or to say that a comment was approved.
   * Each change has the comment as it is now; a failure makes the request fail (500).
   */
  onModerated?: ((changes: readonly ModeratedComment[]) => Promise<void>) | undefined
}

/** Wrong admin tokens one address may send per minute (sign-in form and bearer tokens together). */
export const adminFailureLimit = { max: 10, windowMs: 60_000 }

/** Who sent a request: a moderator (`bearer` token or signed-in `cookie`), nobody, or an address locked out. */
export type Auth = { by: 'bearer' | 'cookie' } | { by: undefined } | { by: 'locked'; retryAfter: number }

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

/**
 * The notice after an action, from the address (`done=<action>` with `id=<comment>` or `n=<count>`,
 * `done=reply&id=<reply>`, `done=none`): only these, about comments as they are stored now.
 */
async function doneNotice(c: Context, site: AdminSite, store: CommentStore): Promise<string | undefined> {
  const [done, id, n] = [c.req.query('done'), c.req.query('id'), c.req.query('n')]
  const t = adminWords(site)
  if (done === 'none') return t.noneSelected
  if (done === 'reply' && id !== undefined) {
    const reply = await store.get(id)
    const parent = reply?.byAuthor && reply.parentId ? await store.get(reply.parentId) : undefined
    return parent ? t.replied(parent.author.name) : undefined
  }
  if (done === undefined || !Object.hasOwn(t.done, done)) return undefined
  if (n !== undefined && /^\d{1,4}$/.test(n)) {
    const skipped = c.req.query('skipped')
    const rest =
      skipped !== undefined && /^[1-9]\d{0,3}$/.test(skipped) ? ` ${t.skipped(Number(skipped))}` : ''
    return `${t.doneMany(t.done[done as AdminAction], Number(n))}${rest}`
  }
  if (id === undefined) return undefined
  const comment = await store.get(id)
  if (!comment || (done === 'purge' && comment.purgedAt === undefined)) return undefined
  if (comment.purgedAt !== undefined) return t.purgedNotice(t.done.purge)
  return t.doneNotice(t.done[done as AdminAction], comment.author.name, t.statuses[comment.status])
}

/**
 * `/admin`: moderation behind `ADMIN_TOKEN`, in the site's language. A moderator signs in with the token
 * (a form that sets an HttpOnly cookie, or `Authorization: Bearer <token>` on every request), sees the
 * comments of one status (tabs with counts), of all posts or one, found by a search, newest first, and
 * approves, marks spam, deletes, restores or purges them, one or many at once, or replies as the site's
 * author (POST forms with an anti-forgery token; no JavaScript). Without `ADMIN_TOKEN`, `/admin`
 * answers 503 and says how to turn it on.
 */
export function createAdminRoutes(options: AdminOptions): Hono {
  const { site, store, base } = options
  const admin = new Hono()
  const t = adminWords(site)
  const csrf = createCsrf(options.secret)
  const sessions =
    options.adminToken === undefined
      ? undefined
      : createAdminSessions(options.secret, options.adminToken, options.sessionStore)
  const { checkToken, authOf } = adminAuth(options, sessions)
  const pages = adminPages(site, base, options.csrfToken)

  admin.use('*', bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('Request body too large', 413) }))
  // Every POST (sign-in, sign-out, moderation) comes from this site's own pages, or from a script.
  admin.use('*', async (c, next) => {
    if (c.req.method !== 'POST' || !options.crossOrigin(c)) return next()
    c.header('Cache-Control', 'no-store')
    return c.text(t.crossOrigin, 403)
  })

  admin.get('/admin.css', (c) =>
    c.body(adminStylesheet, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }),
  )

  admin.get('/', async (c) => {
    if (!sessions) return pages.disabled(c)
    const auth = await authOf(c)
    if (auth.by === 'locked') return tooMany(c, t, auth.retryAfter)
    if (!auth.by) return pages.login(c)
    const state = readListState((name) => c.req.query(name))
    if (!state) {
      return c.text(`Unknown view \`${c.req.query('view')}\`: use pending, spam, approved or deleted`, 400)
    }
    const filter = {
      ...(site.storeFilter ? site.storeFilter(state) : state.post ? { postId: state.post } : {}),
      ...(state.q ? { search: state.q } : {}),
    }
    const before = c.req.query('before')
    try {
      const [counts, page] = await Promise.all([
        store.moderationCounts(filter),
        store.moderationQueue({
          ...filter,
          statuses: [state.view],
          limit: 50,
          ...(before ? { before } : {}),
        }),
      ])
      const parentIds = [...new Set(page.items.flatMap(({ comment }) => comment.parentId ?? []))]
      const parents = new Map(
        (await Promise.all(parentIds.map((id) => store.get(id)))).flatMap((p) => (p ? [[p.id, p]] : [])),
      )
      const notice = await doneNotice(c, site, store)
      return renderListPage(site, base, pages, c, options.csrfToken(c), {
        state,
        counts,
        page,
        parents,
        notice,
      })
    } catch (error) {
      if (error instanceof CommentError || error instanceof TypeError) return c.text(error.message, 400)
      throw error
    }
  })

  admin.post('/login', async (c) => {
    if (!sessions) return pages.disabled(c)
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
      secure: site.secureCookies,
    })
    return c.redirect(`${base}`, 303)
  })

  admin.post('/logout', async (c) => {
    if (!sessions) return pages.disabled(c)
    const field = await formField(c)
    if (!csrf.verify(getCookie(c, csrf.cookieName), field('csrf'))) {
      return c.text(t.expiredSignOut, 403)
    }
    await sessions.revoke(getCookie(c, sessions.cookieName))
    deleteCookie(c, sessions.cookieName, { path: base })
    return c.redirect(`${base}`, 303)
  })

  if (sessions) moderationRoutes(admin, { ...options, base, pages, csrf, authOf })
  else admin.all('/*', (c) => pages.disabled(c))
  return admin
}
