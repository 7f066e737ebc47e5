// The moderation routes of `/admin`: one comment's action, the list's form (one or many), the author's
// reply, and the purge's confirmation step.
import { type Comment, CommentError, type ModerationAction } from '@blogkit/comments'
import { commentAnchor } from '@blogkit/example-site/parts'
import type { Context, Hono } from 'hono'
import { getCookie } from 'hono/cookie'
import { canReply } from './list.js'
import { type AdminAction, type AdminPages, adminWords, purgeConfirmation } from './pages.js'
import type { AdminOptions, Auth } from './routes.js'
import type { Csrf } from './security.js'
import { defaultView, formField, type ListState, listQuery, readListState } from './state.js'

/** 429 for an address that sent too many wrong tokens. */
export function tooMany(c: Context, t: ReturnType<typeof adminWords>, retryAfter: number) {
  c.header('Retry-After', String(retryAfter))
  c.header('Cache-Control', 'no-store')
  return c.text(t.tooMany(retryAfter), 429)
}

/** What the moderation routes need besides `AdminOptions`. */
export interface ModerationContext extends AdminOptions {
  base: string
  pages: AdminPages
  csrf: Csrf
  authOf: (c: Context) => Promise<Auth>
}

const moderationActions: readonly string[] = ['approve', 'spam', 'delete', 'restore']

/**
 * A comment a moderator changed: its action and the comment as stored after it. `reply` is the
 * moderator's reply, a new approved comment (its parent, when it was pending, comes before it, approved).
 */
export interface ModeratedComment {
  comment: Comment
  action: AdminAction | 'reply'
}

/** Most comments one bulk action may name (a page lists 50). */
export const maxBulkComments = 500

/** What every moderation route does: read the signed-in request, answer, and tell of the changes. */
function requestHelpers(options: ModerationContext) {
  const { site, base, csrf, authOf } = options
  const t = adminWords(site)
  return {
    /** Tell the host of the comments an action changed. */
    moderated: async (changes: ModeratedComment[]) => {
      if (changes.length > 0) await options.onModerated?.(changes)
    },
    /** The list to return to after an action. */
    back: (state: ListState, extra: Record<string, string>, anchor = '') =>
      `${base}${listQuery(state, extra)}${anchor ? `#${anchor}` : ''}`,
    /** The signed-in moderator's posted form, or the answer that refuses the request. */
    signedIn: async (c: Context) => {
      const auth = await authOf(c)
      if (auth.by === 'locked') return { refused: tooMany(c, t, auth.retryAfter) }
      if (!auth.by) return { refused: c.text(t.signInFirst, 401) }
      const field = await formField(c)
      if (auth.by === 'cookie' && !csrf.verify(getCookie(c, csrf.cookieName), field('csrf'))) {
        return { refused: c.text(t.expired, 403) }
      }
      const state = readListState(field) ?? { view: defaultView }
      const script = auth.by === 'bearer' && !c.req.header('accept')?.includes('text/html')
      return { field, state, script }
    },
    /** The answer to a comment that is gone or purged (anything else is thrown again). */
    refusal: (c: Context, error: unknown, id: string) => {
      if (error instanceof CommentError && error.code === 'not-found') return c.text(t.noComment(id), 404)
      if (error instanceof CommentError && error.code === 'purged') return c.text(t.purgedStays, 409)
      throw error
    },
  }
}

/**
 * The moderation routes of `/admin` (signed in; a cookie session also needs the form token): one
 * comment's action (`POST /comments/:id`, also for scripts with a bearer token, and the purge after its
 * confirmation page), the list's form (`POST /bulk`: one comment's button, or the ticked comments and
 * the chosen action), and the author's reply (`POST /comments/:id/reply`).
 */
export function moderationRoutes(admin: Hono, options: ModerationContext): void {
  const { site, store, base, pages, authOf } = options
  const t = adminWords(site)
  const { moderated, back, signedIn, refusal } = requestHelpers(options)

  admin.post('/comments/:id', async (c) => {
    const request = await signedIn(c)
    if (request.refused) return request.refused
    const { field, state, script } = request
    const action = field('action') as AdminAction
    if (!Object.hasOwn(t.actions, action)) {
      return c.text(`Unknown action \`${action}\`: use approve, spam, delete, restore or purge.`, 400)
    }
    const id = c.req.param('id')
    // Note: a browser purges only from the confirmation page; a script (bearer token) says so itself.
    if (action === 'purge' && !script && field('confirm') !== purgeConfirmation) {
      return c.redirect(`${base}/comments/${encodeURIComponent(id)}/purge${listQuery(state)}`, 303)
    }
    try {
      const comment = action === 'purge' ? await store.purge({ id }) : await store.moderate({ id, action })
      await moderated([{ comment, action }])
      if (script) {
        return c.json({
          id: comment.id,
          status: comment.status,
          ...(comment.purgedAt === undefined ? {} : { purgedAt: comment.purgedAt }),
        })
      }
      return c.redirect(back(state, { done: action, id: comment.id }), 303)
    } catch (error) {
      return refusal(c, error, id)
    }
  })

  admin.post('/bulk', async (c) => {
    const request = await signedIn(c)
    if (request.refused) return request.refused
    const { field, state, script } = request
    // A row's own button says `<action>:<id>`; else the action menu applies to the ticked boxes.
    const one = field('one')
    const at = one.indexOf(':')
    const action = one ? one.slice(0, at) : field('action')
    const ids = one ? [one.slice(at + 1)] : [...new Set(field.fields('id'))]
    if (!moderationActions.includes(action)) {
      return c.text(`Unknown action \`${action}\`: use approve, spam, delete or restore.`, 400)
    }
    if (ids.length > maxBulkComments) {
      return c.text(`Too many comments at once: at most ${maxBulkComments}.`, 400)
    }
    if (ids.length === 0) return c.redirect(back(state, { done: 'none' }), 303)
    const changed: string[] = []
    const skipped: string[] = []
    const changes: ModeratedComment[] = []
    for (const id of ids) {
      try {
        const comment = await store.moderate({ id, action: action as ModerationAction })
        changed.push(id)
        changes.push({ comment, action: action as ModerationAction })
      } catch (error) {
        if (one) return refusal(c, error, id)
        if (!(error instanceof CommentError && (error.code === 'not-found' || error.code === 'purged'))) {
          throw error
        }
        skipped.push(id)
      }
    }
    await moderated(changes)
    if (script) return c.json({ action, changed, skipped })
    if (one) return c.redirect(back(state, { done: action, id: ids[0]! }), 303)
    const counts: Record<string, string> = { done: action, n: String(changed.length) }
    if (skipped.length > 0) counts.skipped = String(skipped.length)
    return c.redirect(back(state, counts), 303)
  })

  admin.post('/comments/:id/reply', async (c) => {
    const request = await signedIn(c)
    if (request.refused) return request.refused
    const { field, state, script } = request
    const id = c.req.param('id')
    const body = field('body')
    if (body.trim() === '') return c.text(t.replyEmpty, 400)
    const parent = await store.get(id)
    if (!parent) return c.text(t.noComment(id), 404)
    if (!canReply(parent)) return c.text(t.replyClosed, 409)
    // Note: answering a pending comment approves it, so that the reply is not shown under a placeholder.
    const changes: ModeratedComment[] = []
    if (parent.status === 'pending') {
      changes.push({ comment: await store.moderate({ id, action: 'approve' }), action: 'approve' })
    }
    const { author } = site
    let reply: Awaited<ReturnType<typeof store.add>>['comment']
    try {
      const added = await store.add(
        {
          postId: parent.postId,
          parentId: parent.id,
          author: { name: author.name, ...(author.url ? { url: author.url } : {}) },
          body,
        },
        { byAuthor: true },
      )
      // The site's author's reply is published even when a spam check (links, rate) would hold it.
      reply =
        added.comment.status === 'approved'
          ? added.comment
          : await store.moderate({ id: added.comment.id, action: 'approve' })
    } catch (error) {
      await moderated(changes)
      if (error instanceof CommentError && error.code !== 'not-found') {
        return c.text(t.replyRefused(error.message), 400)
      }
      return refusal(c, error, id)
    }
    await moderated([...changes, { comment: reply, action: 'reply' }])
    if (script) return c.json({ id: reply.id, status: reply.status, parentId: parent.id })
    return c.redirect(back(state, { done: 'reply', id: reply.id }, commentAnchor(parent)), 303)
  })

  // The confirmation step of a purge: what will be erased and what stays, then a POST form.
  admin.get('/comments/:id/purge', async (c) => {
    const auth = await authOf(c)
    if (auth.by === 'locked') return tooMany(c, t, auth.retryAfter)
    if (!auth.by) return pages.login(c)
    const id = c.req.param('id')
    const comment = await store.get(id)
    if (!comment) return c.text(t.noComment(id), 404)
    return pages.purge(c, comment, readListState((name) => c.req.query(name)) ?? { view: defaultView })
  })
}
