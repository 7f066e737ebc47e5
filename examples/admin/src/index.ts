// `@blogkit/example-admin`: the moderation pages (`/admin`) of the live blog and the comment service,
// one code for both. Node only (hono, node:crypto), and apart from the theme, so that the static blog does
// not load it. It uses the theme's engine-free pieces (`@blogkit/example-site/parts`), not its main entry
// (which loads @blogkit/post, /feed and /related), so the comment service starts without them.

export { type ModeratedComment, maxBulkComments } from './actions.js'
export { createFailureLimiter, type FailureLimiter } from './failures.js'
export { type AdminMessages, adminLanguages, adminMessagesFor } from './i18n.js'
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
