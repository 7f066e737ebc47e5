// The pages of `/admin` besides the list (sign-in, moderation off, the purge confirmation) and the parts
// every page shares, in the language of what is moderated, around the host's own document.
import {
  type Comment,
  type ModerationAction,
  type ModerationCountOptions,
  renderCommentHtml,
} from '@blogkit/comments'
import { commentAnchor, type Html, html, raw, readableUrl } from '@blogkit/example-site/parts'
import type { Context } from 'hono'
import { type AdminMessages, adminMessagesFor } from './i18n.js'
import { type ListState, listQuery, stateFields } from './state.js'
import { adminStylesheetVersion } from './styles.js'

/** What a moderator can do to a comment: the store's moderation actions, and purging it (erasure requests). */
export type AdminAction = ModerationAction | 'purge'

/** The value of the hidden `confirm` field of the purge confirmation form. */
export const purgeConfirmation = 'purge'

/**
 * What the admin knows about the place whose comments it moderates: the live blog (its posts) or the
 * comment service (the pages of the allowed sites). Each host gives its own.
 */
export interface AdminSite {
  /** The language of the admin's pages (`en`, `sv`: the catalog's), whatever the browser asks for. */
  language: string
  /** Whether the admin's cookies are `Secure` (the public address is https). */
  secureCookies: boolean
  /** Whom a moderator's reply is published as (stored with `byAuthor`). */
  author: { name: string; url?: string | undefined }
  /** The whole HTML document around one admin page (`head` holds the admin's stylesheet). */
  document(page: { title: string; description: string; path: string; head: Html; main: Html }): string
  /** The post or page a comment is on, linked (to the comment itself when readers see it). */
  pageLink(comment: Comment): Html
  /** Where readers see a comment (for the "in reply to" line), or `undefined` when nowhere. */
  commentHref(comment: Comment): string | undefined
  /** The filter's fields for the post or page (`name="post"`, `name="site"`), before the search. */
  filterField(state: ListState, t: AdminMessages): Html
  /**
   * The store's filter for a list's post, page or site (`moderationQueue`'s `postId`, `postIdPrefix`).
   * @default `{ postId: state.post }`
   */
  storeFilter?(state: ListState): Pick<ModerationCountOptions, 'postId' | 'postIdPrefix'>
}

/** The admin's words, in the site's language. */
export const adminWords = (site: Pick<AdminSite, 'language'>): AdminMessages =>
  adminMessagesFor(site.language)

/** A date and time as a moderator reads it (`2026-12-06 16:40`, UTC). */
export const shortDate = (iso: string) =>
  html`<time datetime="${iso}">${iso.replace('T', ' ').slice(0, 16)}</time>`

/** The pages of `/admin` (mounted at `base`), in the site's language, with the admin's stylesheet. */
export function adminPages(site: AdminSite, base: string, csrfToken: (c: Context) => string) {
  const t = adminWords(site)
  const page = (c: Context, title: string, main: Html, status = 200) => {
    c.header('Cache-Control', 'no-store')
    c.header('X-Robots-Tag', 'noindex')
    return c.html(
      site.document({
        title,
        description: t.heading,
        path: base,
        head: html`<link rel="stylesheet" href="${base}/admin.css?v=${adminStylesheetVersion}">`,
        main: html`<div class="admin">${main}</div>`,
      }),
      status as 200,
    )
  }
  /** Who wrote a comment: name (with the author's badge), e-mail address, site. */
  const authorLine = (comment: Comment) =>
    html`<strong class="admin-name">${comment.author.name}</strong>${comment.byAuthor ? html` <span class="admin-badge">${t.byAuthor}</span>` : ''}${comment.author.email ? html` <span class="admin-email">${comment.author.email}</span>` : ''}${comment.author.url ? html` <a class="admin-url" href="${comment.author.url}" rel="nofollow ugc noopener">${readableUrl(comment.author.url)}</a>` : ''}`

  return {
    /** Wrap a page's content in the site's document (no-store, noindex, the admin's stylesheet). */
    page,
    postLink: (comment: Comment) => site.pageLink(comment),
    authorLine,

    /** Without `ADMIN_TOKEN`: 503, and how to turn moderation on. */
    disabled: (c: Context) => {
      const admin = html`<code>${base}</code>`
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
<p class="admin-post">${t.on} ${site.pageLink(comment)}</p>
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

/** The pages' shared parts, for the list page (`list.ts`). */
export type AdminPages = ReturnType<typeof adminPages>
