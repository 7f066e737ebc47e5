// The moderation page's list: tabs, filter, the comments of one tab with their actions and reply forms.
import {
  type Comment,
  type CommentStatus,
  type ModerationAction,
  type ModerationQueuePage,
  renderCommentHtml,
} from '@blogkit/comments'
import { commentAnchor, firstLine, type Html, html, raw } from '@blogkit/example-site/parts'
import type { Context } from 'hono'
import type { AdminMessages } from './i18n.js'
import { type AdminPages, type AdminSite, adminWords, shortDate } from './pages.js'
import { reasonInWords } from './reasons.js'
import { type ListState, listQuery, stateFields, views } from './state.js'

/** What a moderator can do to the comments of each tab (one at a time or the selected ones). */
export const actionsFor: Record<CommentStatus, readonly ModerationAction[]> = {
  pending: ['approve', 'spam', 'delete'],
  spam: ['approve', 'restore', 'delete'],
  approved: ['spam', 'delete'],
  deleted: ['restore'],
}

/** What the list page shows: one page of a tab, the tabs' counts, and the comments the rows answer. */
export interface ListPage {
  state: ListState
  counts: Record<CommentStatus, number>
  page: ModerationQueuePage
  /** The parents of the page's replies, by id (a missing one is gone). */
  parents: ReadonlyMap<string, Comment>
  notice: string | undefined
}

/**
 * The moderation page (`/admin`): status tabs with counts, a filter by post and a search, and one form
 * around the list for the actions on one comment (its buttons) or on the ticked ones (the action menu),
 * so that all of it works without JavaScript. Each comment shows its post, the comment it answers, why it
 * was held in words, and a form to reply as the site's author.
 */
export function renderListPage(
  site: AdminSite,
  base: string,
  pages: AdminPages,
  c: Context,
  token: string,
  list: ListPage,
) {
  const t = adminWords(site)
  const { state, counts, page } = list
  const label = t.views[state.view]
  const filtered = isFiltered(state)
  const replyable = page.items.filter(({ comment }) => canReply(comment))
  return pages.page(
    c,
    `${label} · ${t.moderation}`,
    html`<h1>${t.heading}</h1>
<nav class="admin-tabs" aria-label="${t.lists}"><ul>${views.map(
      (view) =>
        html`<li><a href="${base}${listQuery({ ...state, view })}" aria-label="${t.viewCount(t.views[view], counts[view])}"${view === state.view ? raw(' aria-current="page"') : ''}>${t.views[view]} <span class="admin-count">${counts[view]}</span></a></li>`,
    )}</ul></nav>
${filterForm(site, base, t, state)}
${list.notice ? html`<p class="comment-form-notice admin-notice" role="status">${list.notice}</p>` : ''}
<h2 id="admin-list-title">${label}</h2>
${filtered ? html`<p class="admin-filtered">${t.filtered(counts[state.view], label)}</p>` : ''}
${
  page.items.length === 0
    ? html`<p class="admin-empty">${filtered ? t.nothingFound : t.nothing}</p>`
    : html`<form id="admin-bulk" class="admin-bulk" method="post" action="${base}/bulk">
<input type="hidden" name="csrf" value="${token}">${stateFields(state)}
<fieldset class="admin-bulkbar"><legend>${t.bulk}</legend>
<label for="admin-action">${t.bulkAction}</label>
<select id="admin-action" name="action">${actionsFor[state.view].map((action) => html`<option value="${action}">${t.actions[action]}</option>`)}</select>
<button type="submit">${t.apply}</button>
</fieldset>
<ol class="admin-list" aria-labelledby="admin-list-title">
${page.items.map(({ comment, reasons }) => row(site, base, pages, t, state, comment, reasons, list.parents))}</ol>
</form>
${replyable.map(
  ({ comment }) =>
    html`<form id="${commentAnchor(comment)}-reply-form" method="post" action="${base}/comments/${encodeURIComponent(comment.id)}/reply"><input type="hidden" name="csrf" value="${token}">${stateFields(state)}</form>
`,
)}`
}
${page.next || c.req.query('before') ? html`<p class="admin-paging">${page.next ? html`<a href="${base}${listQuery(state, { before: page.next })}">${t.older}</a>` : ''}${c.req.query('before') ? html` <a href="${base}${listQuery(state)}">${t.newest}</a>` : ''}</p>` : ''}
<form class="admin-signout" method="post" action="${base}/logout"><input type="hidden" name="csrf" value="${token}"><button type="submit">${t.signOut}</button></form>`,
  )
}

/** Whether the site's author may answer a comment from the admin: pending (approved with the reply) or approved. */
export const canReply = (comment: Comment) =>
  comment.purgedAt === undefined && (comment.status === 'approved' || comment.status === 'pending')

const isFiltered = (state: ListState) =>
  state.post !== undefined || state.site !== undefined || state.q !== undefined

/** The filter form: one post or page (the site's field), a search; the tab stays. */
function filterForm(site: AdminSite, base: string, t: AdminMessages, state: ListState): Html {
  return html`<form class="admin-filter" method="get" action="${base}" role="search" aria-label="${t.filter}">
<input type="hidden" name="view" value="${state.view}">
${site.filterField(state, t)}
<p class="admin-field"><label for="admin-q">${t.search}</label>
<input id="admin-q" name="q" type="search" maxlength="200" value="${state.q ?? ''}" aria-describedby="admin-q-hint">
<span id="admin-q-hint" class="admin-hint">${t.searchHint}</span></p>
<p class="admin-filter-buttons"><button type="submit">${t.filter}</button>${isFiltered(state) ? html` <a href="${base}${listQuery({ view: state.view })}">${t.clearFilter}</a>` : ''}</p>
</form>`
}

/** One comment of the list: select box, who and where, what it answers, the text, why held, actions, reply. */
function row(
  site: AdminSite,
  base: string,
  pages: AdminPages,
  t: AdminMessages,
  state: ListState,
  comment: Comment,
  reasons: readonly string[],
  parents: ReadonlyMap<string, Comment>,
): Html {
  const anchor = commentAnchor(comment)
  const parent = comment.parentId === undefined ? undefined : parents.get(comment.parentId)
  if (comment.purgedAt !== undefined) {
    return html`<li class="admin-item admin-purged" id="${anchor}">
<p class="admin-meta"><em>${t.done.purge}</em> · ${t.statusPurged(t.statuses[comment.status])}</p>
<p class="admin-post">${t.on} ${pages.postLink(comment)}</p>
<p>${t.erasedOn(shortDate(comment.purgedAt))}</p>
</li>
`
  }
  const date = comment.createdAt.replace('T', ' ').slice(0, 16)
  return html`<li class="admin-item" id="${anchor}">
<p class="admin-select"><input type="checkbox" name="id" value="${comment.id}" id="${anchor}-select"><label for="${anchor}-select"><span class="visually-hidden">${t.select(comment.author.name, date)}</span></label></p>
<div class="admin-content">
<p class="admin-meta" id="${anchor}-meta">${pages.authorLine(comment)} <span class="admin-date">${shortDate(comment.createdAt)}</span></p>
<p class="admin-post">${t.on} ${pages.postLink(comment)}</p>
${comment.parentId === undefined ? '' : parentLine(site, t, parent)}
<div class="comment-body">${raw(renderCommentHtml(comment.body))}</div>
${reasons.length > 0 ? html`<p class="admin-reasons">${t.held(reasons.map((reason) => reasonInWords(reason, t)).join('; '))}</p>` : ''}
<p class="admin-actions">${actionsFor[comment.status].map(
    (action) =>
      html`<button type="submit" name="one" value="${action}:${comment.id}" aria-describedby="${anchor}-meta"${action === 'approve' ? raw(' class="admin-primary"') : ''}>${t.actions[action]}</button> `,
  )}<a class="admin-purge" href="${base}/comments/${encodeURIComponent(comment.id)}/purge${listQuery(state)}" aria-describedby="${anchor}-meta">${t.actions.purge}</a></p>
${canReply(comment) ? replyBox(site, t, comment, anchor) : ''}
</div>
</li>
`
}

/** "In reply to Name: first line", linked to the parent where readers see it. */
function parentLine(site: AdminSite, t: AdminMessages, parent: Comment | undefined): Html {
  if (!parent || parent.purgedAt !== undefined) {
    return html`<p class="admin-parent">${t.inReplyTo} ${t.parentGone}</p>`
  }
  const href = parent.status === 'approved' ? site.commentHref(parent) : undefined
  const name =
    href !== undefined
      ? html`<a href="${href}">${parent.author.name}</a>`
      : html`<strong>${parent.author.name}</strong> (${t.statuses[parent.status]})`
  return html`<p class="admin-parent">${t.inReplyTo} ${name}: ${firstLine(parent.body)}</p>`
}

/** The reply form of a row: its fields belong to a form after the list (forms cannot nest). */
function replyBox(site: AdminSite, t: AdminMessages, comment: Comment, anchor: string): Html {
  const form = `${anchor}-reply-form`
  const summary =
    comment.status === 'pending' ? t.approveAndReply(comment.author.name) : t.reply(comment.author.name)
  return html`<details class="admin-reply"><summary>${summary}</summary>
<p class="comment-form-field"><label for="${anchor}-reply">${t.replyAs(site.author.name)}</label>
<textarea id="${anchor}-reply" name="body" form="${form}" rows="4" required></textarea></p>
<p><button type="submit" form="${form}" class="admin-primary">${t.postReply}</button></p>
</details>
`
}
