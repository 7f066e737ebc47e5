import { randomUUID } from 'node:crypto'
import {
  type Comment,
  CommentError,
  type CommentStore,
  type ThreadPage,
  threadComments,
} from '@blogkit/comments'
import { honeypotField } from '@blogkit/comments/http'
import {
  type CommentOrder,
  type ContentPage,
  commentAnchor,
  commentFormId,
  commentPagePath,
  firstLine,
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
import type { ServerConfig } from '../config.js'
import { heldNotice } from '../held.js'
import { createPageCache, fillPageParts } from '../page-cache.js'
import { rememberedValues } from '../remember.js'
import type { Submissions } from '../security.js'
import type { Visitor } from '../visitor.js'
import type { FormState } from './comments.js'
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

/** Which page of a post's comments a reader sees, in which order. */
export interface PostView {
  /** From 1. */
  page: number
  order: CommentOrder
}

/** The order a query asks for: `?order=newest`, else oldest first. */
export const orderOf = (value: string | undefined): CommentOrder => (value === 'newest' ? 'newest' : 'oldest')

/**
 * The address of a page of a post's comments: the post for page 1, `<post>comments/<n>/` for the others,
 * `?order=newest` when so, and further query parameters.
 */
export function postPageHref(item: SitePost, view: PostView, params: Record<string, string> = {}): string {
  const query = new URLSearchParams()
  if (view.order !== 'oldest') query.set('order', view.order)
  for (const [name, value] of Object.entries(params)) query.set(name, value)
  const search = query.toString()
  return `${commentPagePath(item.path, view.page)}${search === '' ? '' : `?${search}`}`
}

interface PostPageContext {
  site: Site
  store: CommentStore
  config: Pick<ServerConfig, 'limits'> & { latestPost?: Pick<ServerConfig['latestPost'], 'enabled'> }
}

// Note: the theme keeps each comment's rendered Markdown per comment object (the costly part of a
// page); the comments read last are kept by id, and an unchanged one keeps its object, so a page made
// again renders only new or edited comments. At most `keptComments` are kept (the oldest go first).
const keptComments = 20_000
const kept = new Map<string, Comment>()
function keepObjects(comments: readonly Comment[]): Comment[] {
  return comments.map((comment) => {
    const old = kept.get(comment.id)
    if (
      old &&
      old.status === comment.status &&
      old.body === comment.body &&
      old.parentId === comment.parentId &&
      old.author.name === comment.author.name &&
      old.author.url === comment.author.url &&
      // Note: a latest post is stored after its comment (read from the commenter's feed).
      old.author.latestPost?.title === comment.author.latestPost?.title &&
      old.author.latestPost?.url === comment.author.latestPost?.url
    )
      return old
    kept.delete(comment.id)
    kept.set(comment.id, comment)
    if (kept.size > keptComments) kept.delete(kept.keys().next().value!)
    return comment
  })
}

/** A page of a post's threads from the store, or, when the store fails and a form must be shown, none. */
async function readThreads(
  ctx: PostPageContext,
  item: SitePost,
  view: PostView,
  keepForm: boolean,
): Promise<ThreadPage> {
  try {
    const page = await ctx.store.threadPage({
      postId: item.id,
      order: view.order,
      page: view.page,
      limit: ctx.config.limits.commentsPerPage,
    })
    return { ...page, comments: keepObjects(page.comments) }
  } catch (error) {
    // Note: a form sent back with what the reader typed is shown even when the comments cannot be read
    // (the database is down), so that the text is never lost.
    if (!keepForm) throw error
    console.error(`comments of ${item.id} not read: ${(error as Error)?.message}`)
    return { comments: [], page: view.page, pages: view.page, threadCount: 0, total: 0 } satisfies ThreadPage
  }
}

/** The comment a reply form answers: approved, on this post; else none. */
async function parentOf(ctx: PostPageContext, item: SitePost, id: string | undefined) {
  if (id === undefined) return undefined
  const parent = await ctx.store.get(id).catch(() => undefined)
  return parent && parent.status === 'approved' && parent.postId === item.id ? parent : undefined
}

/**
 * A post page (one page of its threads) with the comment form in `form`, or `undefined` when the page
 * is past the last.
 */
async function makePostPage(
  ctx: PostPageContext,
  item: SitePost,
  view: PostView,
  form: FormState,
  csrfToken: string,
  submissionId: string,
): Promise<string | undefined> {
  const { site } = ctx
  const read = await readThreads(ctx, item, view, form.values !== undefined)
  if (view.page > read.pages) return undefined
  const threads = threadComments(read.comments, {
    postId: item.id,
    sort: view.order,
    maxDepth: site.config.commentsMaxDepth,
  })
  // Note: the page holds some threads; the counts are the post's.
  threads.total = read.total
  threads.threadCount = read.threadCount
  const parent = await parentOf(ctx, item, form.replyTo)
  const t = messagesFor(item.post.lang).form
  const viewQuery: Record<string, string> = {}
  if (view.page > 1) viewQuery.page = String(view.page)
  if (view.order !== 'oldest') viewQuery.order = view.order
  const viewSearch = new URLSearchParams(viewQuery).toString()
  const slot = renderCommentForm({
    lang: item.post.lang,
    action: `${item.path}comments${viewSearch === '' ? '' : `?${viewSearch}`}`,
    csrfToken,
    submissionId,
    honeypotName: honeypotField,
    replyTo: parent
      ? {
          id: parent.id,
          name: parent.author.name,
          excerpt: firstLine(parent.body),
          href: `#${commentAnchor(parent)}`,
          cancelHref: `${postPageHref(item, view)}#${commentFormId}`,
        }
      : undefined,
    remember: true,
    latestPost: ctx.config.latestPost?.enabled === true,
    values: form.values,
    errors: form.errors,
    notice: form.notice,
  })
  return renderPostPage(site, item, {
    threads,
    comments: read.comments,
    commentsSlot: slot,
    replyHref: (comment) => `${postPageHref(item, view, { replyTo: comment.id })}#${commentFormId}`,
    commentPaging: {
      page: view.page,
      pages: read.pages,
      order: view.order,
      orders: true,
      href: (page, order) => postPageHref(item, { page, order }),
    },
    highlight: form.published === undefined ? undefined : { id: form.published, notice: t.published },
  })
}

export function pageRoutes(options: {
  site: Site
  store: CommentStore
  config: Pick<ServerConfig, 'limits'> & { latestPost?: Pick<ServerConfig['latestPost'], 'enabled'> }
  state: CommentState
  visitor: Visitor
  submissions: Submissions
}): PageRoutes {
  const { site, state, visitor, submissions } = options
  const ctx: PostPageContext = { site, store: options.store, config: options.config }
  const { urls } = site

  // The plain post page (no reply target, errors or notice; per page of comments and order) is kept
  // (see page-cache.ts) with slots where each visitor's form token and submission id go; a change
  // recorded for a post, here or by another instance that shares the change stamps, drops its pages.
  const tokenSlot = `csrf-slot-${randomUUID()}`
  const submissionSlot = `submission-slot-${randomUUID()}`
  const pageCache = createPageCache<PostView>({
    slots: [tokenSlot, submissionSlot],
    // Note: a store that tells writes made elsewhere drops kept pages through `state` at once; the timed
    // remake is for stores that cannot (PostgreSQL without change stamps from a script).
    maxAgeMs: state.tellsExternalWrites ? Number.POSITIVE_INFINITY : pageCacheMs,
    key: (view) => `${view.order}/${view.page}`,
  })
  state.onChange((postId) => pageCache.drop(postId))

  /** The plain page of a post, in parts around the form's slots. */
  const plainPostPage = (item: SitePost, view: PostView) =>
    pageCache.get(item.id, view, state.versionOf(item.id), () =>
      makePostPage(ctx, item, view, {}, tokenSlot, submissionSlot),
    )

  const renderPost = async (c: Context, item: SitePost, form: FormState, status = 200) => {
    await state.syncPost(item.id)
    const view = form.view ?? { page: 1, order: 'oldest' }
    if (form.values === undefined) {
      const remembered = rememberedValues(c)
      if (remembered) form = { ...form, values: remembered }
    }
    const plain =
      form.replyTo === undefined &&
      form.values === undefined &&
      form.errors === undefined &&
      form.notice === undefined &&
      form.published === undefined
    const submission = form.submission ?? submissions.issue(visitor.nonce(c))
    // Note: the page holds a token and a submission id bound to this visitor's cookie: no shared caches.
    if (plain) {
      const parts = await plainPostPage(item, view)
      if (parts === undefined) return notFound(c)
      const bytes = fillPageParts(parts, [visitor.csrfToken(c), submission])
      c.header('Cache-Control', 'private, no-store')
      return c.body(bytes, status as 200, { 'Content-Type': 'text/html; charset=UTF-8' })
    }
    const page = await makePostPage(ctx, item, view, form, visitor.csrfToken(c), submission)
    if (page === undefined) return notFound(c)
    return htmlPage(c, page, status, 'private, no-store')
  }

  /** `?comment=<id>`: the page of the comments that holds it (a permalink that survives paging). */
  const permalink = async (c: Context, item: SitePost, id: string, order: CommentOrder) => {
    c.header('Cache-Control', 'no-store')
    try {
      const { page } = await options.store.threadPage({
        postId: item.id,
        order,
        commentId: id,
        limit: options.config.limits.commentsPerPage,
      })
      return c.redirect(`${postPageHref(item, { page, order })}#${commentAnchor({ id })}`, 302)
    } catch (error) {
      // A comment that is not shown (held, deleted, unknown): the post's comments.
      if (error instanceof CommentError && error.code === 'not-found') {
        return c.redirect(`${postPageHref(item, { page: 1, order })}#comments`, 302)
      }
      throw error
    }
  }

  /** A post page, or one of its pages of comments (`<post>comments/<n>/`). */
  const postPage = (c: Context, item: SitePost, page: number) => {
    const order = orderOf(c.req.query('order'))
    const comment = c.req.query('comment')
    if (comment !== undefined) return permalink(c, item, comment, order)
    const held = c.req.query('held')
    const published = c.req.query('published')
    return renderPost(c, item, {
      view: { page, order },
      replyTo: c.req.query('replyTo'),
      ...(held === undefined
        ? {}
        : { notice: heldNotice(item.post.lang, c.req.query('why'), options.config.limits) }),
      ...(published === undefined ? {} : { published }),
    })
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
  const commentPagePattern = /^(.*\/)comments\/(\d{1,9})\/$/

  const pages: GetRoute = async (c, pathname) => {
    const item = posts.get(pathname)
    if (item) return postPage(c, item, 1)
    const commentPage = commentPagePattern.exec(pathname)
    const commented = commentPage ? posts.get(commentPage[1]!) : undefined
    if (commented) {
      const page = Number(commentPage![2])
      if (page < 2) {
        const query = new URL(c.req.url).search
        return c.redirect(`${commented.path}${query}`, 301)
      }
      return postPage(c, commented, page)
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
    const commentPage = commentPagePattern.exec(slashed)
    if (
      !pathname.endsWith('/') &&
      (posts.has(slashed) ||
        lists.has(slashed) ||
        slashed === urls.subscribe() ||
        (commentPage !== null && posts.has(commentPage[1]!)))
    ) {
      return c.redirect(`${pathname}/`, 301)
    }
    return undefined
  }

  return { pages, slashRedirect, renderPost, notFound }
}
