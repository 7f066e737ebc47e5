// `@blogkit/example-site/admin`: the moderation pages (`/admin`) of the live blog and the comment
// service, one code for both. Node only (hono, node:crypto); not part of the theme's main entry, so
// the static blog does not load it.
// Note: the theme's pieces a host needs to describe its pages (`AdminSite`) without loading the whole
// theme (its main entry loads @blogkit/post, /feed and /related).
export { stylesheet, stylesheetVersion } from '../assets.js'
export { commentAnchor } from '../comments.js'
export { type Child, type Html, html, raw } from '../html.js'
export { readableUrl } from '../readable-url.js'
export { type ModeratedComment, maxBulkComments } from './actions.js'
export { createFailureLimiter, type FailureLimiter } from './failures.js'
export { actionsFor, canReply } from './list.js'
export { type AdminAction, type AdminSite, adminWords, purgeConfirmation } from './pages.js'
export { openPostgresTable } from './pg-table.js'
export { reasonInWords } from './reasons.js'
export { type AdminOptions, type Auth, adminFailureLimit, createAdminRoutes } from './routes.js'
export {
  type AdminSessions,
  type Csrf,
  type CsrfCookie,
  createAdminSessions,
  createCsrf,
  createCsrfCookie,
  isCrossOrigin,
  safeEqual,
  sign,
} from './security.js'
export { type AdminSessionStore, memoryAdminSessions, openPostgresAdminSessions } from './sessions.js'
export { type ListState, listQuery, readListState, views } from './state.js'
export { adminStylesheet, adminStylesheetVersion } from './styles.js'
