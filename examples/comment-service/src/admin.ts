// `/admin` of the comment service: the live blog's moderation pages (`@blogkit/example-admin`, the
// same code), for the comments of every page of every allowed site.
// Pages are their URLs (or the identifiers imported comments were kept under): each comment shows its
// page's address, and the list is filtered by site (ALLOWED_ORIGINS) or by page.
import { createHash, randomBytes } from 'node:crypto'
import type { Comment, CommentStore } from '@blogkit/comments'
import { normalizePageUrl, type WindowCounters } from '@blogkit/comments/http'
import {
  type AdminSessionStore,
  type AdminSite,
  adminWords,
  createAdminRoutes,
  createCsrf,
  createCsrfCookie,
  isCrossOrigin,
  type ModeratedComment,
  memoryAdminSessions,
  openPostgresAdminSessions,
} from '@blogkit/example-admin'
// Note: the theme's engine-free pieces (its main entry would load @blogkit/post, /feed and /related).
import {
  commentAnchor,
  type Html,
  html,
  raw,
  readableUrl,
  stylesheet,
  stylesheetVersion,
} from '@blogkit/example-site/parts'
import { Hono } from 'hono'
import type { ServiceConfig } from './config.js'

/** Where the admin is: `/admin` on the service's own origin. */
export const adminBase = '/admin'

/** What the service's admin needs. */
export interface ServiceAdminOptions {
  config: Pick<
    ServiceConfig,
    'adminToken' | 'allowedOrigins' | 'language' | 'reservedNames' | 'databaseUrl' | 'databaseSchema' | 'mail'
  >
  store: CommentStore
  /** Where wrong admin tokens are counted per address. */
  counters: WindowCounters
  /** The address a request came from (the connection's). */
  clientIp: (request: Request) => string | undefined
  /**
   * The "comment moderated" hook: called once the comments of a moderator's action are stored, before
   * the answer (approvals, the moderator's replies, spam, deletions, restores, purges; see
   * `ModeratedComment`).
   */
  onModerated?: ((changes: readonly ModeratedComment[]) => Promise<void>) | undefined
}

/** The admin of a running service. */
export interface ServiceAdmin {
  /** Whether a request is for the admin (`/admin` and below). */
  handles(request: Request): boolean
  /** Answer an admin request. */
  fetch(request: Request): Promise<Response>
  /** Release the sessions' database connections. */
  close(): Promise<void>
}

/** Headers of every admin answer: no scripts, no frames, forms only to the service itself. */
const securityHeaders: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; img-src 'self' data:; script-src 'none'; style-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'same-origin',
  'X-Frame-Options': 'DENY',
}

/**
 * The secret of the admin's form tokens and session cookies. Derived from `ADMIN_TOKEN`, so that every
 * instance with the same token (PostgreSQL) accepts the others' cookies and forms, and changing the
 * token signs every moderator out; without a token (the admin is off) a random one.
 */
export const adminSecret = (adminToken: string | undefined) =>
  adminToken === undefined
    ? randomBytes(32).toString('base64url')
    : createHash('sha256').update(`blogkit comment service admin\0${adminToken}`).digest('base64url')

/** The page a comment is on: its URL as readers read it, or the identifier it was imported under. */
function pageName(postId: string): Html {
  const url = normalizePageUrl(postId)
  return url === undefined ? html`<code>${postId}</code>` : html`${readableUrl(postId)}`
}

/** The service's pages as the admin sees them: addresses of the allowed sites, filtered by site or page. */
export function serviceAdminSite(
  config: Pick<ServiceConfig, 'allowedOrigins' | 'language' | 'reservedNames' | 'mail'>,
): AdminSite {
  const t = adminWords({ language: config.language })
  /** Where readers see a comment: its page at its anchor (pages kept by URL only). */
  const commentHref = (comment: Comment) =>
    normalizePageUrl(comment.postId) === undefined ? undefined : `${comment.postId}#${commentAnchor(comment)}`
  return {
    language: config.language,
    // Note: the cookies are Secure when the service's public address (PUBLIC_URL) is https.
    secureCookies: config.mail.publicUrl?.startsWith('https:') ?? false,
    author: { name: config.reservedNames[0] ?? t.moderator },
    document: ({ title, description, head, main }) =>
      html`<!doctype html>
<html lang="${config.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="robots" content="noindex">
<title>${title}</title>
<meta name="description" content="${description}">
<link rel="stylesheet" href="${adminBase}/theme.css?v=${stylesheetVersion}">
${head}
</head>
<body>
<main id="main" class="wrap">
${main}
</main>
</body>
</html>
`.toString(),
    pageLink(comment) {
      const href = normalizePageUrl(comment.postId) === undefined ? undefined : comment.postId
      if (href === undefined) return pageName(comment.postId)
      const to = comment.status === 'approved' ? commentHref(comment) : href
      return html`<a href="${to}">${pageName(comment.postId)}</a>`
    },
    commentHref,
    filterField: (
      state,
      words,
    ) => html`<p class="admin-field"><label for="admin-site">${words.filterSite}</label>
<select id="admin-site" name="site"><option value="">${words.allSites}</option>${config.allowedOrigins.map(
      (origin) =>
        html`<option value="${origin}"${origin === state.site ? raw(' selected') : ''}>${readableUrl(origin)}</option>`,
    )}</select></p>
<p class="admin-field"><label for="admin-page">${words.filterPage}</label>
<input id="admin-page" name="post" type="text" inputmode="url" maxlength="2000" value="${state.post ?? ''}" aria-describedby="admin-page-hint">
<span id="admin-page-hint" class="admin-hint">${words.filterPageHint}</span></p>`,
    // Note: a page typed as readers see it (with a fragment, `utm_*`, `index.html`) is looked up as kept.
    storeFilter: (state) => ({
      ...(state.post ? { postId: normalizePageUrl(state.post) ?? state.post } : {}),
      ...(state.site ? { postIdPrefix: `${state.site}/` } : {}),
    }),
  }
}

/**
 * The service's `/admin`: sign in with `ADMIN_TOKEN` (or send it as a bearer token), then the lists of
 * every allowed site's comments. Sessions are kept in memory with SQLite, and in the table
 * `comment_service_admin_sessions` with PostgreSQL (shared by every instance on it).
 */
export async function openServiceAdmin(options: ServiceAdminOptions): Promise<ServiceAdmin> {
  const { config } = options
  const sessionStore: AdminSessionStore =
    config.databaseUrl !== undefined && config.adminToken !== undefined
      ? await openPostgresAdminSessions({
          connectionString: config.databaseUrl,
          schema: config.databaseSchema,
          table: 'comment_service_admin_sessions',
        })
      : memoryAdminSessions()
  const secret = adminSecret(config.adminToken)
  const publicOrigin = config.mail.publicUrl === undefined ? '' : new URL(config.mail.publicUrl).origin
  const site = serviceAdminSite(config)
  const csrfCookie = createCsrfCookie(createCsrf(secret), { path: adminBase, secure: site.secureCookies })
  const app = new Hono()
  app.use('*', async (c, next) => {
    await next()
    for (const [name, value] of Object.entries(securityHeaders)) {
      if (!c.res.headers.has(name)) c.res.headers.set(name, value)
    }
  })
  app.get(`${adminBase}/theme.css`, (c) =>
    c.body(stylesheet, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' }),
  )
  app.route(
    adminBase,
    createAdminRoutes({
      site,
      store: options.store,
      base: adminBase,
      adminToken: config.adminToken,
      secret,
      csrfToken: csrfCookie.token,
      clientIp: (c) => options.clientIp(c.req.raw) ?? 'unknown',
      // Note: the admin's forms are the service's own pages (its PUBLIC_URL, or the host the request
      // was sent to): the sites in ALLOWED_ORIGINS may post comments, never moderate.
      crossOrigin: (c) => isCrossOrigin(c.req.raw.headers, publicOrigin),
      sessionStore,
      counters: options.counters,
      onModerated: options.onModerated,
    }),
  )
  return {
    handles(request) {
      const { pathname } = new URL(request.url)
      return pathname === adminBase || pathname.startsWith(`${adminBase}/`)
    },
    fetch: async (request) => app.fetch(request),
    close: () => sessionStore.close(),
  }
}
