import { randomUUID } from 'node:crypto'
import {
  type ContentPage,
  commentFormId,
  homePageCount,
  messagesFor,
  renderCommentForm,
  renderContentPage,
  renderHomePage,
  renderNotFoundPage,
  renderPostPage,
  renderSubscribePage,
  renderTermIndex,
  renderTermPage,
  type Site,
  type SitePost,
  type Term,
  type TermKind,
} from '@blogkit/example-site'
import type { Context } from 'hono'
import { type CommentState, pageCacheMs } from '../comment-state.js'
import type { Submissions } from '../security.js'
import type { Visitor } from '../visitor.js'
import { type FormState, honeypotName } from './comments.js'
import { type GetRoute, htmlPage } from './get.js'

/** The pages of the blog: posts with their comment form, the home pages, lists, and 404. */
export interface PageRoutes {
  /** The post pages, home pages, lists and the subscribe page. */
  pages: GetRoute
  /** A page asked for without its trailing slash: a redirect to it. */
  slashRedirect: GetRoute
  /** The post page with the form in `state`. */
  renderPost: (c: Context, item: SitePost, state: FormState, status?: number) => Promise<Response>
  notFound: (c: Context) => Response
}

/** A post page with the comment form in `form`, its comments read from the store first. */
async function makePostPage(
  site: Site,
  state: CommentState,
  item: SitePost,
  form: FormState,
  csrfToken: string,
  submissionId: string,
): Promise<string> {
  // Note: a form sent back with what the reader typed is shown even when the comments cannot be read
  // (the database is down): with the comments read last, so that the text is never lost.
  const comments =
    form.values === undefined
      ? await state.refresh(item)
      : await state.refresh(item).catch((error: unknown) => {
          console.error(`comments of ${item.id} not read, the last ones shown: ${(error as Error)?.message}`)
          return item.comments
        })
  const parent =
    form.replyTo === undefined
      ? undefined
      : comments.find((comment) => comment.id === form.replyTo && comment.status === 'approved')
  const slot = renderCommentForm({
    lang: item.post.lang,
    action: `${item.path}comments`,
    csrfToken,
    submissionId,
    honeypotName,
    replyTo: parent
      ? { id: parent.id, name: parent.author.name, cancelHref: `${item.path}#${commentFormId}` }
      : undefined,
    values: form.values,
    errors: form.errors,
    notice: form.notice,
  })
  return renderPostPage(site, item, {
    threads: item.threads,
    comments,
    commentsSlot: slot,
    replyHref: (comment) => `${item.path}?replyTo=${encodeURIComponent(comment.id)}#${commentFormId}`,
  })
}

export function pageRoutes(options: {
  site: Site
  state: CommentState
  visitor: Visitor
  submissions: Submissions
}): PageRoutes {
  const { site, state, visitor, submissions } = options
  const { urls } = site

  // The plain post page (no reply target, errors or notice) is kept for a moment, with a placeholder
  // where each visitor's form token goes: comments posted or moderated here, or through another
  // instance that shares the change stamps, drop it at once; other changes (a script writing to the
  // database) show within `pageCacheMs`. Requests that arrive while a page is being made wait for that
  // one instead of making it again (200 readers of a fresh post render it once).
  const tokenSlot = `csrf-slot-${randomUUID()}`
  const submissionSlot = `submission-slot-${randomUUID()}`
  const pageCache = new Map<string, { version: number; at: number; page: Promise<string> }>()
  state.onChange((postId) => pageCache.delete(postId))

  /** The plain page of a post, with `tokenSlot` for the form token: kept, or made once for all waiting. */
  const plainPostPage = (item: SitePost): Promise<string> => {
    const slug = item.id
    const version = state.versionOf(slug)
    const cached = pageCache.get(slug)
    if (cached && cached.version === version && performance.now() - cached.at < pageCacheMs) {
      return cached.page
    }
    const page = makePostPage(site, state, item, {}, tokenSlot, submissionSlot)
    const entry = { version, at: Number.POSITIVE_INFINITY, page }
    pageCache.set(slug, entry)
    page.then(
      () => {
        entry.at = performance.now()
      },
      () => {
        if (pageCache.get(slug) === entry) pageCache.delete(slug)
      },
    )
    return page
  }

  const renderPost = async (c: Context, item: SitePost, form: FormState, status = 200) => {
    await state.syncPost(item.id)
    const plain =
      form.replyTo === undefined &&
      form.values === undefined &&
      form.errors === undefined &&
      form.notice === undefined
    const submission = form.submission ?? submissions.issue(visitor.nonce(c))
    const page = plain
      ? (await plainPostPage(item))
          .replaceAll(tokenSlot, visitor.csrfToken(c))
          .replaceAll(submissionSlot, submission)
      : await makePostPage(site, state, item, form, visitor.csrfToken(c), submission)
    // Note: the page holds a token and a submission id bound to this visitor's cookie: no shared caches.
    return htmlPage(c, page, status, 'private, no-store')
  }

  // Note: every page that is not a post, by path (pages of the content folder's `pages/` too).
  const lists = new Map<
    string,
    { kind: TermKind; term: Term } | { kind: 'index'; of: TermKind } | { kind: 'page'; page: ContentPage }
  >()
  for (const page of site.pages) lists.set(page.path, { kind: 'page', page })
  for (const term of site.tags) lists.set(term.path, { kind: 'tag', term })
  for (const term of site.categories) lists.set(term.path, { kind: 'category', term })
  for (const term of site.years) lists.set(term.path, { kind: 'year', term })
  lists.set(urls.archive(), { kind: 'index', of: 'year' })
  lists.set(urls.tags(), { kind: 'index', of: 'tag' })
  lists.set(urls.categories(), { kind: 'index', of: 'category' })
  const posts = new Map(site.posts.map((item) => [item.path, item]))
  const notFound = (c: Context) => htmlPage(c, renderNotFoundPage(site), 404)
  const pagePattern = new RegExp(`^${urls.root.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}page/(\\d+)/$`)

  const pages: GetRoute = async (c, pathname) => {
    const item = posts.get(pathname)
    if (item) {
      const held = c.req.query('held')
      const replyTo = c.req.query('replyTo')
      return renderPost(c, item, {
        replyTo,
        ...(held === undefined ? {} : { notice: messagesFor(item.post.lang).form.awaitsModeration }),
      })
    }
    if (pathname === urls.home()) {
      await state.refreshDirty()
      return htmlPage(c, renderHomePage(site, 1))
    }
    const pageMatch = pagePattern.exec(pathname)
    if (pageMatch) {
      const page = Number(pageMatch[1])
      if (page === 1) return c.redirect(urls.home(), 301)
      if (page < 1 || page > homePageCount(site)) return notFound(c)
      await state.refreshDirty()
      return htmlPage(c, renderHomePage(site, page))
    }
    if (pathname === urls.subscribe()) {
      await state.refreshDirty()
      return htmlPage(c, renderSubscribePage(site))
    }
    const list = lists.get(pathname)
    if (list?.kind === 'page') return htmlPage(c, renderContentPage(site, list.page))
    if (list) {
      await state.refreshDirty()
      return htmlPage(
        c,
        list.kind === 'index' ? renderTermIndex(site, list.of) : renderTermPage(site, list.kind, list.term),
      )
    }
    return undefined
  }

  const slashRedirect: GetRoute = (c, pathname) => {
    const slashed = `${pathname}/`
    if (
      !pathname.endsWith('/') &&
      (posts.has(slashed) || lists.has(slashed) || slashed === urls.subscribe())
    ) {
      return c.redirect(`${pathname}/`, 301)
    }
    return undefined
  }

  return { pages, slashRedirect, renderPost, notFound }
}
