// Which list the moderation page shows (tab, filter, search), read from and written to its address.
import type { CommentStatus } from '@blogkit/comments'
import { html } from '@blogkit/example-site/parts'
import type { Context } from 'hono'

/** The tabs of the moderation page, one status each (labels in the admin's catalog, `views`). */
export const views: readonly CommentStatus[] = ['pending', 'spam', 'approved', 'deleted']

/** The tab a page shows when the address names none. */
export const defaultView: CommentStatus = 'pending'

/** Which list a moderator looks at: a status tab, and optionally one post (or page) and a search. */
export interface ListState {
  view: CommentStatus
  /**
   * The id the comments are kept under: a post's (its slug) on the live blog, a page's (its URL or
   * identifier) in the comment service.
   */
  post?: string
  /** A site's origin (`https://blog.example`): the comments of all its pages (the comment service). */
  site?: string
  /** What to search for in names, e-mail addresses and texts. */
  q?: string
}

/**
 * The list state from an address's query or a form's fields (`''` for a missing one).
 * @returns `undefined` for an unknown `view`.
 */
export function readListState(field: (name: string) => string | undefined): ListState | undefined {
  const view = field('view') || defaultView
  if (!views.includes(view as CommentStatus)) return undefined
  const state: ListState = { view: view as CommentStatus }
  const post = field('post')?.trim()
  const site = field('site')?.trim()
  const q = field('q')?.trim()
  if (post) state.post = post
  if (site) state.site = site
  if (q) state.q = q
  return state
}

/** The query string of a list (`?view=spam&post=…&q=…`), with `extra` pairs after it. */
export function listQuery(state: ListState, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams({ view: state.view })
  if (state.post) params.set('post', state.post)
  if (state.site) params.set('site', state.site)
  if (state.q) params.set('q', state.q)
  for (const [key, value] of Object.entries(extra)) params.set(key, value)
  return `?${params}`
}

/** Hidden fields that carry the list state through a form, so that its answer returns to the same list. */
export const stateFields = (state: ListState) =>
  html`<input type="hidden" name="view" value="${state.view}">${state.post ? html`<input type="hidden" name="post" value="${state.post}">` : ''}${state.site ? html`<input type="hidden" name="site" value="${state.site}">` : ''}${state.q ? html`<input type="hidden" name="q" value="${state.q}">` : ''}`

/** The fields of a posted form: `field(name)` (`''` for a missing one) and `fields(name)` (all values). */
export async function formField(c: Context) {
  const body = await c.req.parseBody({ all: true })
  const fields = (name: string): string[] => {
    const value = body[name]
    return (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string')
  }
  return Object.assign((name: string) => fields(name)[0] ?? '', { fields })
}
