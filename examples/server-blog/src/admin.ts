// `/admin` of the live blog: the shared moderation pages (`@blogkit/example-admin`, also the comment
// service's), told about this blog: its language and author, its layout, its posts
// (linked by title, the filter's list) and the change stamps a moderation moves.
import type { CommentStore } from '@blogkit/comments'
import { type AdminSessionStore, type AdminSite, createAdminRoutes } from '@blogkit/example-admin'
import { commentAnchor, html, raw, renderLayout, type Site } from '@blogkit/example-site'
import type { Context } from 'hono'
import type { ServerConfig } from './config.js'
import type { WindowCounters } from './limits.js'

export { type Auth, adminFailureLimit } from '@blogkit/example-admin'

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

/** The blog as the admin sees it: posts by title, in the site's layout and language. */
export function blogAdminSite(site: Site): AdminSite {
  /** Where readers see an approved comment: its permalink on the post. */
  const commentHref = (comment: Parameters<AdminSite['commentHref']>[0]) => {
    const item = site.bySlug.get(comment.postId)
    return item && `${item.path}?comment=${encodeURIComponent(comment.id)}#${commentAnchor(comment)}`
  }
  return {
    language: site.config.language,
    secureCookies: site.config.baseUrl.startsWith('https:'),
    author: site.config.author,
    document: ({ title, description, path, head, main }) =>
      renderLayout(site, {
        lang: site.config.language,
        title,
        description,
        path,
        section: 'none',
        noindex: true,
        head,
        main,
      }),
    pageLink(comment) {
      const item = site.bySlug.get(comment.postId)
      if (!item) return html`${comment.postId}`
      const href = comment.status === 'approved' ? commentHref(comment) : item.path
      const lang = item.post.lang === site.config.language ? '' : html` lang="${item.post.lang}"`
      return html`<a href="${href}"${lang}>${item.post.title}</a>`
    },
    commentHref,
    filterField: (state, t) => html`<p class="admin-field"><label for="admin-post">${t.filterPost}</label>
<select id="admin-post" name="post"><option value="">${t.allPosts}</option>${site.posts.map(
      (item) =>
        html`<option value="${item.id}"${item.id === state.post ? raw(' selected') : ''}${item.post.lang === site.config.language ? '' : html` lang="${item.post.lang}"`}>${item.post.title}</option>`,
    )}</select></p>`,
  }
}

/**
 * `/admin`: moderation behind `ADMIN_TOKEN`, in the site's language (see the theme's
 * `createAdminRoutes`); each moderation marks the posts it changed, so their pages are made again.
 */
export function adminRoutes(options: AdminOptions) {
  const { site, config, markChanged } = options
  return createAdminRoutes({
    site: blogAdminSite(site),
    store: options.store,
    base: `${site.urls.root}admin`,
    adminToken: config.adminToken,
    secret: options.secret,
    csrfToken: options.csrfToken,
    clientIp: options.clientIp,
    crossOrigin: options.crossOrigin,
    sessionStore: options.sessionStore,
    counters: options.counters,
    onModerated: async (changes) => {
      for (const postId of new Set(changes.map(({ comment }) => comment.postId))) await markChanged(postId)
    },
  })
}
