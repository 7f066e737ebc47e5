import { type Comment, type ModerationAction, renderCommentHtml } from '@blogkit/comments'
import {
  commentAnchor,
  type Html,
  html,
  type Messages,
  messagesFor,
  raw,
  readableUrl,
  renderLayout,
  type Site,
} from '@blogkit/example-site'
import type { Context } from 'hono'
import { type ListState, listQuery, stateFields } from './admin-state.js'
import { adminStylesheetVersion } from './admin-styles.js'

/** What a moderator can do to a comment: the store's moderation actions, and purging it (erasure requests). */
export type AdminAction = ModerationAction | 'purge'

/** The value of the hidden `confirm` field of the purge confirmation form. */
export const purgeConfirmation = 'purge'

/**
 * The admin's words: in the site's language (site.json `language`, English when it names none), like
 * the rest of the blog, whatever the moderator's browser asks for.
 */
export const adminWords = (site: Site): Messages['admin'] => messagesFor(site.config.language).admin

/** A date and time as a moderator reads it (`2026-12-06 16:40`, UTC). */
export const shortDate = (iso: string) =>
  html`<time datetime="${iso}">${iso.replace('T', ' ').slice(0, 16)}</time>`

/** The pages of `/admin` (mounted at `base`), in the site's language, with the admin's stylesheet. */
export function adminPages(site: Site, base: string, csrfToken: (c: Context) => string) {
  const t = adminWords(site)
  const page = (c: Context, title: string, main: Html, status = 200) => {
    c.header('Cache-Control', 'no-store')
    c.header('X-Robots-Tag', 'noindex')
    return c.html(
      renderLayout(site, {
        lang: site.config.language,
        title,
        description: t.heading,
        path: `${base}`,
        section: 'none',
        noindex: true,
        head: html`<link rel="stylesheet" href="${base}/admin.css?v=${adminStylesheetVersion}">`,
        main: html`<div class="admin">${main}</div>`,
      }),
      status as 200,
    )
  }
  /** The post a comment is on, linked (to the comment itself when readers can see it). */
  const postLink = (comment: Comment) => {
    const item = site.bySlug.get(comment.postId)
    if (!item) return html`${comment.postId}`
    const href =
      comment.status === 'approved'
        ? `${item.path}?comment=${encodeURIComponent(comment.id)}#${commentAnchor(comment)}`
        : item.path
    const lang = item.post.lang === site.config.language ? '' : html` lang="${item.post.lang}"`
    return html`<a href="${href}"${lang}>${item.post.title}</a>`
  }
  /** Who wrote a comment: name (with the author's badge), e-mail address, site. */
  const authorLine = (comment: Comment) =>
    html`<strong class="admin-name">${comment.author.name}</strong>${comment.byAuthor ? html` <span class="admin-badge">${t.byAuthor}</span>` : ''}${comment.author.email ? html` <span class="admin-email">${comment.author.email}</span>` : ''}${comment.author.url ? html` <a class="admin-url" href="${comment.author.url}" rel="nofollow ugc noopener">${readableUrl(comment.author.url)}</a>` : ''}`

  return {
    /** Wrap a page's content in the site's layout (no-store, noindex, the admin's stylesheet). */
    page,
    postLink,
    authorLine,

    /** Without `ADMIN_TOKEN`: 503, and how to turn moderation on. */
    disabled: (c: Context) => {
      const admin = html`<code>/admin</code>`
      return page(
        c,
        t.off,
        html`<h1>${t.off}</h1>
<p>${t.offText(html`<code>ADMIN_TOKEN</code>`, admin)}</p>
<pre tabindex="0"><code>ADMIN_TOKEN=$(openssl rand -hex 16) npm start</code></pre>
<p>${t.offThen(admin)}</p>`,
        503,
      )
    },

    login: (c: Context, error?: string, status = 401) =>
      page(
        c,
        t.signIn,
        html`<h1>${t.heading}</h1>
${error ? html`<p class="comment-form-error" role="alert">${error}</p>` : ''}
<form class="comment-form admin-login" method="post" action="${base}/login">
<input type="hidden" name="csrf" value="${csrfToken(c)}">
<p class="comment-form-field"><label for="admin-token">${t.token}</label>
<input id="admin-token" name="token" type="password" autocomplete="current-password" required></p>
<p><button type="submit">${t.signIn}</button></p>
</form>`,
        status,
      ),

    /** The confirmation step of a purge: what will be erased and what stays, then a POST form. */
    purge: (c: Context, comment: Comment, state: ListState) => {
      const to = `${base}${listQuery(state)}#${commentAnchor(comment)}`
      if (comment.purgedAt !== undefined) {
        return page(
          c,
          t.done.purge,
          html`<h1>${t.done.purge}</h1>
<p>${t.purgedOn(shortDate(comment.purgedAt))}</p>
<p><a href="${to}">${t.back}</a></p>`,
        )
      }
      return page(
        c,
        t.purgeTitle,
        html`<h1>${t.purgeQuestion}</h1>
<p>${t.purgeWhat}</p>
<p>${t.purgeKeeps}</p>
<div class="admin-item admin-purge-item">
<p class="admin-meta">${authorLine(comment)} · ${shortDate(comment.createdAt)} · ${t.statuses[comment.status]}</p>
<p class="admin-post">${t.on} ${postLink(comment)}</p>
<div class="comment-body">${raw(renderCommentHtml(comment.body))}</div>
</div>
<form class="admin-confirm" method="post" action="${base}/comments/${encodeURIComponent(comment.id)}">
<input type="hidden" name="csrf" value="${csrfToken(c)}"><input type="hidden" name="action" value="purge"><input type="hidden" name="confirm" value="${purgeConfirmation}">${stateFields(state)}
<p><button type="submit" class="admin-danger">${t.purgeButton}</button> <a href="${to}">${t.cancel}</a></p>
</form>`,
      )
    },
  }
}

/** The pages' shared parts, for the list page (`admin-list.ts`). */
export type AdminPages = ReturnType<typeof adminPages>
