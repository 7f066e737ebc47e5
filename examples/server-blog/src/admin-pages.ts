import {
  type Comment,
  type CommentStatus,
  type CommentStore,
  type ModerationAction,
  renderCommentHtml,
} from '@blogkit/comments'
import {
  commentAnchor,
  type Html,
  html,
  type Messages,
  messagesFor,
  raw,
  renderLayout,
  type Site,
} from '@blogkit/example-site'
import type { Context } from 'hono'

/** What a moderator can do to a comment: the store's moderation actions, and purging it (erasure requests). */
export type AdminAction = ModerationAction | 'purge'

/** The lists of the moderation page: which statuses each shows (labels in the catalog's `admin.views`). */
export const views: Record<string, CommentStatus[]> = {
  queue: ['pending', 'spam'],
  pending: ['pending'],
  spam: ['spam'],
  deleted: ['deleted'],
  approved: ['approved'],
}

/** Actions offered per status. */
const actionsFor: Record<CommentStatus, ModerationAction[]> = {
  pending: ['approve', 'spam', 'delete'],
  spam: ['approve', 'restore', 'delete'],
  deleted: ['restore'],
  approved: ['spam', 'delete'],
}

/** The value of the hidden `confirm` field of the purge confirmation form. */
export const purgeConfirmation = 'purge'

/** The admin's words for this request: the moderator's browser language when the catalog has it, else English. */
export const adminWords = (c: Context): Messages['admin'] => messagesFor(c.get('language') ?? 'en').admin

type ModerationQueue = Awaited<ReturnType<CommentStore['moderationQueue']>>

/** The pages of `/admin` (mounted at `base`), in the moderator's language. */
export function adminPages(site: Site, base: string, csrfToken: (c: Context) => string) {
  const page = (c: Context, title: string, main: Html, status = 200) => {
    c.header('Cache-Control', 'no-store')
    c.header('X-Robots-Tag', 'noindex')
    const t = adminWords(c)
    return c.html(
      renderLayout(site, {
        lang: c.get('language') ?? 'en',
        title,
        description: t.heading,
        path: `${base}`,
        section: 'none',
        noindex: true,
        main: html`<div class="admin">${main}</div>`,
      }),
      status as 200,
    )
  }
  const shortDate = (iso: string) =>
    html`<time datetime="${iso}">${iso.replace('T', ' ').slice(0, 16)}</time>`
  const postCell = (comment: Comment) => {
    const item = site.bySlug.get(comment.postId)
    return html`<a href="${item ? `${item.path}#${commentAnchor(comment)}` : '#'}">${item?.post.title ?? comment.postId}</a><br>${shortDate(comment.createdAt)}`
  }
  const authorCell = (comment: Comment) =>
    html`<strong>${comment.author.name}</strong>${comment.author.email ? html`<br>${comment.author.email}` : ''}${comment.author.url ? html`<br><a href="${comment.author.url}" rel="nofollow ugc noopener">${comment.author.url}</a>` : ''}`
  const headings = (t: Messages['admin'], actions: boolean) =>
    html`<thead><tr><th scope="col">${t.columns.post}</th><th scope="col">${t.columns.author}</th><th scope="col">${t.columns.comment}</th><th scope="col">${t.columns.status}</th>${actions ? html`<th scope="col">${t.columns.actions}</th>` : ''}</tr></thead>`

  const row = (
    t: Messages['admin'],
    token: string,
    viewName: string,
    { comment, reasons }: ModerationQueue['items'][number],
  ) => {
    const at = `${base}/comments/${encodeURIComponent(comment.id)}`
    if (comment.purgedAt !== undefined) {
      return html`<tr id="${commentAnchor(comment)}">
<td>${postCell(comment)}</td>
<td><em>${t.done.purge}</em></td>
<td><p>${t.erasedOn(shortDate(comment.purgedAt))}</p></td>
<td>${t.statusPurged(t.statuses[comment.status])}</td>
<td class="admin-actions"></td>
</tr>
`
    }
    return html`<tr id="${commentAnchor(comment)}">
<td>${postCell(comment)}</td>
<td>${authorCell(comment)}</td>
<td><div class="comment-body">${raw(renderCommentHtml(comment.body))}</div>${reasons.length > 0 ? html`<p class="admin-reasons">${t.held(reasons.join('; '))}</p>` : ''}</td>
<td>${t.statuses[comment.status]}</td>
<td class="admin-actions">${actionsFor[comment.status].map(
      (action) =>
        html`<form method="post" action="${at}"><input type="hidden" name="csrf" value="${token}"><input type="hidden" name="action" value="${action}"><input type="hidden" name="view" value="${viewName}"><button type="submit">${t.actions[action]}</button></form> `,
    )}<form method="get" action="${at}/purge"><input type="hidden" name="view" value="${viewName}"><button type="submit">${t.actions.purge}</button></form></td>
</tr>
`
  }

  return {
    /** Without `ADMIN_TOKEN`: 503, and how to turn moderation on. */
    disabled: (c: Context) => {
      const t = adminWords(c)
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

    login: (c: Context, error?: string, status = 401) => {
      const t = adminWords(c)
      return page(
        c,
        t.signIn,
        html`<h1>${t.heading}</h1>
${error ? html`<p class="comment-form-error" role="alert">${error}</p>` : ''}
<form class="comment-form" method="post" action="${base}/login">
<input type="hidden" name="csrf" value="${csrfToken(c)}">
<p class="comment-form-field"><label for="admin-token">${t.token}</label>
<input id="admin-token" name="token" type="password" autocomplete="current-password" required></p>
<p><button type="submit">${t.signIn}</button></p>
</form>`,
        status,
      )
    },

    /** A list of comments (`view`), newest first, with the actions each can take. */
    queue: (c: Context, viewName: string, result: ModerationQueue, notice: string | undefined) => {
      const t = adminWords(c)
      const token = csrfToken(c)
      const rows = result.items.map((item) => row(t, token, viewName, item))
      const label = t.views[viewName as keyof typeof t.views]
      return page(
        c,
        t.moderation,
        html`<h1>${t.heading}</h1>
<nav aria-label="${t.lists}"><ul class="term-list">${Object.keys(views).map(
          (name) =>
            html`<li><a href="${base}?view=${name}"${name === viewName ? raw(' aria-current="page"') : ''}>${t.views[name as keyof typeof t.views]}</a></li>`,
        )}</ul></nav>
${notice ? html`<p class="comment-form-notice" role="status">${notice}</p>` : ''}
<h2>${label}</h2>
${
  rows.length === 0
    ? html`<p>${t.nothing}</p>`
    : html`<table class="admin-table">
${headings(t, true)}
<tbody>
${rows}</tbody>
</table>`
}
${result.next ? html`<p><a href="${base}?view=${viewName}&amp;before=${result.next}">${t.older}</a></p>` : ''}
<form method="post" action="${base}/logout"><input type="hidden" name="csrf" value="${token}"><button type="submit">${t.signOut}</button></form>`,
      )
    },

    /** The confirmation step of a purge: what will be erased and what stays, then a POST form. */
    purge: (c: Context, comment: Comment, view: string) => {
      const t = adminWords(c)
      const back = `${base}?view=${view}#${commentAnchor(comment)}`
      if (comment.purgedAt !== undefined) {
        return page(
          c,
          t.done.purge,
          html`<h1>${t.done.purge}</h1>
<p>${t.purgedOn(shortDate(comment.purgedAt))}</p>
<p><a href="${back}">${t.back}</a></p>`,
        )
      }
      return page(
        c,
        t.purgeTitle,
        html`<h1>${t.purgeQuestion}</h1>
<p>${t.purgeWhat}</p>
<p>${t.purgeKeeps}</p>
<table class="admin-table">
${headings(t, false)}
<tbody><tr><td>${postCell(comment)}</td><td>${authorCell(comment)}</td><td><div class="comment-body">${raw(renderCommentHtml(comment.body))}</div></td><td>${t.statuses[comment.status]}</td></tr></tbody>
</table>
<form method="post" action="${base}/comments/${encodeURIComponent(comment.id)}">
<input type="hidden" name="csrf" value="${csrfToken(c)}"><input type="hidden" name="action" value="purge"><input type="hidden" name="confirm" value="${purgeConfirmation}"><input type="hidden" name="view" value="${view}">
<p><button type="submit">${t.purgeButton}</button> <a href="${back}">${t.cancel}</a></p>
</form>`,
      )
    },
  }
}
