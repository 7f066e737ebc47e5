import {
  type Comment,
  CommentError,
  type CommentStatus,
  type CommentStore,
  type ModerationAction,
  renderCommentHtml,
} from '@blogkit/comments'
import { commentAnchor, type Html, html, raw, renderLayout, type Site } from '@blogkit/example-site'
import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { AdminSessionStore } from './admin-sessions.js'
import type { ServerConfig } from './config.js'
import { createFailureLimiter, type WindowCounters } from './limits.js'
import { createAdminSessions, createCsrf } from './security.js'

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

/** The lists of the moderation page: which statuses each shows. */
const views: Record<string, { label: string; statuses: CommentStatus[] }> = {
  queue: { label: 'Waiting (pending and spam)', statuses: ['pending', 'spam'] },
  pending: { label: 'Pending', statuses: ['pending'] },
  spam: { label: 'Spam', statuses: ['spam'] },
  deleted: { label: 'Deleted', statuses: ['deleted'] },
  approved: { label: 'Approved', statuses: ['approved'] },
}

/** Actions offered per status. */
const actionsFor: Record<CommentStatus, ModerationAction[]> = {
  pending: ['approve', 'spam', 'delete'],
  spam: ['approve', 'restore', 'delete'],
  deleted: ['restore'],
  approved: ['spam', 'delete'],
}
/** What a moderator can do to a comment: the store's moderation actions, and purging it (erasure requests). */
type AdminAction = ModerationAction | 'purge'
const actionLabels: Record<AdminAction, string> = {
  approve: 'Approve',
  spam: 'Mark spam',
  delete: 'Delete',
  restore: 'Restore',
  purge: 'Purge…',
}
const actionDone: Record<AdminAction, string> = {
  approve: 'Approved',
  spam: 'Marked as spam',
  delete: 'Deleted',
  restore: 'Restored',
  purge: 'Purged',
}
const purgeConfirmation = 'purge'

/** Who sent a request: a moderator (`bearer` token or signed-in `cookie`), nobody, or an address locked out. */
type Auth = { by: 'bearer' | 'cookie' } | { by: undefined } | { by: 'locked'; retryAfter: number }

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
  const failures = createFailureLimiter(options.counters, { name: 'admin-login', ...adminFailureLimit })
  const sessions =
    config.adminToken === undefined
      ? undefined
      : createAdminSessions(options.secret, config.adminToken, options.sessionStore)

  const page = (c: Context, title: string, main: Html, status = 200) => {
    c.header('Cache-Control', 'no-store')
    c.header('X-Robots-Tag', 'noindex')
    return c.html(
      renderLayout(site, {
        lang: 'en',
        title,
        description: 'Comment moderation',
        path: `${base}`,
        section: 'none',
        noindex: true,
        main: html`<div class="admin">${main}</div>`,
      }),
      status as 200,
    )
  }

  const bearer = (c: Context) => /^Bearer\s+(.+)$/i.exec(c.req.header('authorization') ?? '')?.[1]?.trim()

  /**
   * Check an admin token, counting only wrong ones against the address: once it sent
   * `adminFailureLimit.max` wrong tokens, every token it sends (right or wrong) is refused until the
   * window ends, so the limit cannot be probed; an address that sends the right token is never limited.
   */
  const checkToken = async (c: Context, token: string): Promise<Auth> => {
    const ip = options.clientIp(c)
    const locked = await failures.lockedFor(ip)
    if (locked > 0) return { by: 'locked', retryAfter: locked }
    if (sessions?.checkToken(token)) return { by: 'bearer' }
    const retryAfter = await failures.fail(ip)
    return retryAfter > 0 ? { by: 'locked', retryAfter } : { by: undefined }
  }

  /** `bearer` (no CSRF needed: browsers never add it by themselves), `cookie`, or nobody. */
  const authOf = async (c: Context): Promise<Auth> => {
    if (!sessions) return { by: undefined }
    const token = bearer(c)
    if (token !== undefined) return checkToken(c, token)
    return (await sessions.verify(getCookie(c, sessions.cookieName))) ? { by: 'cookie' } : { by: undefined }
  }

  const tooMany = (c: Context, retryAfter: number) => {
    c.header('Retry-After', String(retryAfter))
    c.header('Cache-Control', 'no-store')
    return c.text(
      `Too many wrong admin tokens from this address: wait ${retryAfter} seconds and try again.`,
      429,
    )
  }

  const disabled = (c: Context) =>
    page(
      c,
      'Moderation is off',
      html`<h1>Moderation is off</h1>
<p>This server was started without <code>ADMIN_TOKEN</code>, so <code>/admin</code> is disabled. Start it with a secret token to moderate comments, for example:</p>
<pre tabindex="0"><code>ADMIN_TOKEN=$(openssl rand -hex 16) npm start</code></pre>
<p>then open <code>/admin</code> and sign in with that token.</p>`,
      503,
    )

  const loginPage = (c: Context, error?: string, status = 401) =>
    page(
      c,
      'Sign in',
      html`<h1>Comment moderation</h1>
${error ? html`<p class="comment-form-error" role="alert">${error}</p>` : ''}
<form class="comment-form" method="post" action="${base}/login">
<input type="hidden" name="csrf" value="${options.csrfToken(c)}">
<p class="comment-form-field"><label for="admin-token">Admin token</label>
<input id="admin-token" name="token" type="password" autocomplete="current-password" required></p>
<p><button type="submit">Sign in</button></p>
</form>`,
      status,
    )

  admin.use('*', bodyLimit({ maxSize: 16 * 1024, onError: (c) => c.text('Request body too large', 413) }))
  // Every POST (sign-in, sign-out, moderation) comes from this site's own pages, or from a script.
  admin.use('*', async (c, next) => {
    if (c.req.method !== 'POST' || !options.crossOrigin(c)) return next()
    c.header('Cache-Control', 'no-store')
    return c.text(
      'Refused: the form was sent from another site. Use the forms of this site’s /admin page.',
      403,
    )
  })

  admin.get('/', async (c) => {
    if (!sessions) return disabled(c)
    const auth = await authOf(c)
    if (auth.by === 'locked') return tooMany(c, auth.retryAfter)
    if (!auth.by) return loginPage(c)
    const viewName = c.req.query('view') ?? 'queue'
    const view = views[viewName]
    if (!view) return c.text(`Unknown view \`${viewName}\`: use one of ${Object.keys(views).join(', ')}`, 400)
    const before = c.req.query('before')
    let result: Awaited<ReturnType<CommentStore['moderationQueue']>>
    try {
      result = await store.moderationQueue({
        statuses: view.statuses,
        limit: 50,
        ...(before ? { before } : {}),
      })
    } catch (error) {
      if (error instanceof CommentError) return c.text(`${error.message}`, 400)
      throw error
    }
    const token = options.csrfToken(c)
    const rows = result.items.map(({ comment, reasons }) => {
      const at = `${base}/comments/${encodeURIComponent(comment.id)}`
      if (comment.purgedAt !== undefined) {
        return html`<tr id="${commentAnchor(comment)}">
<td>${postCell(comment)}</td>
<td><em>Purged</em></td>
<td><p>Author and text erased on <time datetime="${comment.purgedAt}">${shortDate(comment.purgedAt)}</time>.</p></td>
<td>${comment.status} (purged)</td>
<td class="admin-actions"></td>
</tr>
`
      }
      return html`<tr id="${commentAnchor(comment)}">
<td>${postCell(comment)}</td>
<td>${authorCell(comment)}</td>
<td><div class="comment-body">${raw(renderCommentHtml(comment.body))}</div>${reasons.length > 0 ? html`<p class="admin-reasons">Held: ${reasons.join('; ')}</p>` : ''}</td>
<td>${comment.status}</td>
<td class="admin-actions">${actionsFor[comment.status].map(
        (action) =>
          html`<form method="post" action="${at}"><input type="hidden" name="csrf" value="${token}"><input type="hidden" name="action" value="${action}"><input type="hidden" name="view" value="${viewName}"><button type="submit">${actionLabels[action]}</button></form> `,
      )}<form method="get" action="${at}/purge"><input type="hidden" name="view" value="${viewName}"><button type="submit">${actionLabels.purge}</button></form></td>
</tr>
`
    })
    const notice = await doneNotice(c.req.query('done'), c.req.query('id'))
    return page(
      c,
      'Moderation',
      html`<h1>Comment moderation</h1>
<nav aria-label="Lists"><ul class="term-list">${Object.entries(views).map(
        ([name, v]) =>
          html`<li><a href="${base}?view=${name}"${name === viewName ? raw(' aria-current="page"') : ''}>${v.label}</a></li>`,
      )}</ul></nav>
${notice ? html`<p class="comment-form-notice" role="status">${notice}</p>` : ''}
<h2>${view.label}</h2>
${
  rows.length === 0
    ? html`<p>Nothing here.</p>`
    : html`<table class="admin-table">
<thead><tr><th scope="col">Post</th><th scope="col">Author</th><th scope="col">Comment</th><th scope="col">Status</th><th scope="col">Actions</th></tr></thead>
<tbody>
${rows}</tbody>
</table>`
}
${result.next ? html`<p><a href="${base}?view=${viewName}&amp;before=${result.next}">Older comments</a></p>` : ''}
<form method="post" action="${base}/logout"><input type="hidden" name="csrf" value="${token}"><button type="submit">Sign out</button></form>`,
    )
  })

  const shortDate = (iso: string) => iso.replace('T', ' ').slice(0, 16)
  const postCell = (comment: Comment) => {
    const item = site.bySlug.get(comment.postId)
    return html`<a href="${item ? `${item.path}#${commentAnchor(comment)}` : '#'}">${item?.post.title ?? comment.postId}</a><br><time datetime="${comment.createdAt}">${shortDate(comment.createdAt)}</time>`
  }
  const authorCell = (comment: Comment) =>
    html`<strong>${comment.author.name}</strong>${comment.author.email ? html`<br>${comment.author.email}` : ''}${comment.author.url ? html`<br><a href="${comment.author.url}" rel="nofollow ugc noopener">${comment.author.url}</a>` : ''}`

  /** The notice after a moderation action: only the known ones, about a comment as it is stored now. */
  const doneNotice = async (done: string | undefined, id: string | undefined) => {
    if (done === undefined || id === undefined || !Object.hasOwn(actionDone, done)) return undefined
    const comment = await store.get(id)
    if (!comment || (done === 'purge' && comment.purgedAt === undefined)) return undefined
    if (comment.purgedAt !== undefined) {
      return `${actionDone.purge}: the comment's author, e-mail, site and text are erased; its replies keep their place.`
    }
    return `${actionDone[done as AdminAction]}: the comment by ${comment.author.name} is now ${comment.status}.`
  }

  const formField = async (c: Context) => {
    const body = await c.req.parseBody()
    return (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '')
  }

  admin.post('/login', async (c) => {
    if (!sessions) return disabled(c)
    const field = await formField(c)
    if (!csrf.verify(getCookie(c, csrf.cookieName), field('csrf'))) {
      return loginPage(c, 'The form expired (or cookies are off). Sign in again.', 403)
    }
    const auth = await checkToken(c, field('token'))
    if (auth.by === 'locked') {
      c.header('Retry-After', String(auth.retryAfter))
      return loginPage(
        c,
        `Too many wrong tokens from this address. Wait ${auth.retryAfter} seconds and try again.`,
        429,
      )
    }
    if (!auth.by) return loginPage(c, 'That is not the admin token.')
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
    if (!sessions) return disabled(c)
    const field = await formField(c)
    if (!csrf.verify(getCookie(c, csrf.cookieName), field('csrf'))) {
      return c.text('The form expired: reload /admin and sign out again.', 403)
    }
    await sessions.revoke(getCookie(c, sessions.cookieName))
    deleteCookie(c, sessions.cookieName, { path: base })
    return c.redirect(`${base}`, 303)
  })

  admin.post('/comments/:id', async (c) => {
    if (!sessions) return disabled(c)
    const auth = await authOf(c)
    if (auth.by === 'locked') return tooMany(c, auth.retryAfter)
    if (!auth.by) return c.text('Sign in at /admin first, or send Authorization: Bearer <ADMIN_TOKEN>.', 401)
    const field = await formField(c)
    if (auth.by === 'cookie' && !csrf.verify(getCookie(c, csrf.cookieName), field('csrf'))) {
      return c.text('The form expired: reload /admin and try again.', 403)
    }
    const action = field('action') as AdminAction
    if (!Object.hasOwn(actionLabels, action)) {
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
        return c.text(`No comment has id ${c.req.param('id')}.`, 404)
      }
      if (error instanceof CommentError && error.code === 'purged') {
        return c.text('This comment was purged: its author and text are erased, so it stays deleted.', 409)
      }
      throw error
    }
  })

  // The confirmation step of a purge: what will be erased and what stays, then a POST form.
  admin.get('/comments/:id/purge', async (c) => {
    if (!sessions) return disabled(c)
    const auth = await authOf(c)
    if (auth.by === 'locked') return tooMany(c, auth.retryAfter)
    if (!auth.by) return loginPage(c)
    const id = c.req.param('id')
    const comment = await store.get(id)
    if (!comment) return c.text(`No comment has id ${id}.`, 404)
    const view = views[c.req.query('view') ?? ''] ? c.req.query('view')! : 'queue'
    const back = `${base}?view=${view}#${commentAnchor(comment)}`
    if (comment.purgedAt !== undefined) {
      return page(
        c,
        'Purged',
        html`<h1>Purged</h1>
<p>This comment was purged on <time datetime="${comment.purgedAt}">${shortDate(comment.purgedAt)}</time>: its author and text are erased.</p>
<p><a href="${back}">Back to moderation</a></p>`,
      )
    }
    return page(
      c,
      'Purge a comment',
      html`<h1>Purge this comment?</h1>
<p>For erasure requests. Purging erases for good the author’s name, e-mail address and site, and the text of the comment, with why it was held. It cannot be undone: a purged comment cannot be restored.</p>
<p>What stays: that a comment was here (post, date, its place in the thread), as a “comment deleted” placeholder, so the replies keep their place. Replies by others are not changed.</p>
<table class="admin-table">
<thead><tr><th scope="col">Post</th><th scope="col">Author</th><th scope="col">Comment</th><th scope="col">Status</th></tr></thead>
<tbody><tr><td>${postCell(comment)}</td><td>${authorCell(comment)}</td><td><div class="comment-body">${raw(renderCommentHtml(comment.body))}</div></td><td>${comment.status}</td></tr></tbody>
</table>
<form method="post" action="${base}/comments/${encodeURIComponent(comment.id)}">
<input type="hidden" name="csrf" value="${options.csrfToken(c)}"><input type="hidden" name="action" value="purge"><input type="hidden" name="confirm" value="${purgeConfirmation}"><input type="hidden" name="view" value="${view}">
<p><button type="submit">Purge: erase author and text for good</button> <a href="${back}">Cancel</a></p>
</form>`,
    )
  })

  return admin
}
