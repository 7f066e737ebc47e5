import type { Comment, CommentStore } from '@blogkit/comments'
import { submitComment } from '@blogkit/comments/http'
import {
  type CommentFormField,
  type CommentFormValues,
  commentAnchor,
  commentErrorMessage,
  commentFormId,
  messagesFor,
  type Site,
  type SitePost,
} from '@blogkit/example-site'
import { type Context, Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { getCookie } from 'hono/cookie'
import type { ServerConfig } from '../config.js'
import { type HeldWhy, heldWhy } from '../held.js'
import type { LatestPosts } from '../latest-posts.js'
import type { RateLimiter } from '../limits.js'
import { rememberReader } from '../remember.js'
import type { Csrf, Submissions } from '../security.js'
import { orderOf, type PostView, postPageHref } from './pages.js'

/** A page state for the post page's form. */
export interface FormState {
  values?: CommentFormValues
  errors?: Partial<Record<CommentFormField, string>>
  notice?: string
  replyTo?: string | undefined
  /** The submission id the form carries again (a new one when absent). */
  submission?: string | undefined
  /** The page of comments shown. @default page 1, oldest first */
  view?: PostView | undefined
  /** A comment just published by this reader: marked, with a note. */
  published?: string | undefined
}

/** What the comment form's route needs from the app. */
export interface CommentRouteOptions {
  site: Site
  store: CommentStore
  config: Pick<ServerConfig, 'limits'>
  /** The post's approved comments (for "@Name:" at the start of a new comment). */
  approvedComments: (item: SitePost) => Promise<readonly Comment[]>
  csrf: Csrf
  /** Reads the latest post of a commenter who ticked "show my latest post", after the answer. */
  latestPosts?: LatestPosts | undefined
  submissions: Submissions
  postLimiter: RateLimiter
  clientIp: (c: Context) => string
  /** Whether the browser says another site sent the request. */
  crossOrigin: (c: Context) => boolean
  /** The post page with the form in `state`. */
  renderPost: (c: Context, item: SitePost, state: FormState, status?: number) => Promise<Response>
  /** Record a change to a post's comments (resolves once other instances will see it). */
  markChanged: (postId: string) => Promise<void>
  notFound: (c: Context) => Response | Promise<Response>
}

/**
 * `POST <post>/comments` (mounted at `<root>:post{.+}/comments`; `<post>` is a post's path, whatever the
 * site's `permalink` makes it): the comment form. A form whose
 * submission id was stored already (sent twice, or again after a lost connection) is answered with the
 * redirect to the comment stored the first time; nothing is stored twice.
 */
export function commentRoutes(options: CommentRouteOptions) {
  const { site, store, config, csrf, submissions } = options
  const route = new Hono()
  /** Why recent held comments wait (id → reason), for the same form sent again. */
  const heldWhys = new Map<string, HeldWhy>()
  const byPath = new Map(site.posts.map((item) => [item.path, item]))
  const postOf = (c: Context) => byPath.get(c.req.path.slice(0, c.req.path.lastIndexOf('/') + 1))
  route.post(
    '/',
    bodyLimit({
      maxSize: config.limits.bodyLimit,
      onError: (c) => {
        c.header('Cache-Control', 'no-store')
        const lang = postOf(c)?.post.lang ?? site.config.language
        return c.text(messagesFor(lang).server.bodyLimit(config.limits.bodyLimit), 413)
      },
    }),
    async (c) => {
      const item = postOf(c)
      if (!item) return options.notFound(c)
      const words = messagesFor(item.post.lang).server
      const type = c.req.header('content-type') ?? ''
      if (!/^(application\/x-www-form-urlencoded|multipart\/form-data)/i.test(type)) {
        return c.text('Expected a form (application/x-www-form-urlencoded) from the comment form.', 415)
      }
      const form = await c.req.formData()
      const field = (name: string) => {
        const value = form.get(name)
        return typeof value === 'string' ? value : ''
      }
      const values: CommentFormValues = {
        name: field('name'),
        email: field('email'),
        url: field('url'),
        body: field('body'),
      }
      if (field('remember') === 'yes') values.remember = true
      if (field('latestPost') === 'yes') values.latestPost = true
      const pageQuery = Number(c.req.query('page') ?? '1')
      const view: PostView = {
        page: Number.isSafeInteger(pageQuery) && pageQuery >= 1 ? pageQuery : 1,
        order: orderOf(c.req.query('order')),
      }
      const parentId = field('parentId').trim() || undefined
      const nonce = getCookie(c, csrf.cookieName)
      const submitted = field('submission')
      const submission = submissions.verify(nonce, submitted) ? submitted : undefined
      const again = (errors: FormState['errors'], status: number) =>
        options.renderPost(
          c,
          item,
          { values, errors: errors ?? {}, replyTo: parentId, submission, view },
          status,
        )

      if (options.crossOrigin(c)) return again({ form: words.crossOrigin }, 403)
      if (!csrf.verify(nonce, field('csrf')) || (submitted !== '' && submission === undefined)) {
        return again({ form: words.csrf }, 403)
      }
      /** The redirect to the stored comment: on the page that holds it, or the form's page with why it waits. */
      const stored = async (comment: Comment, reasons: readonly string[] = []) => {
        c.header('Cache-Control', 'no-store')
        rememberReader(c, site, values)
        if (comment.status === 'approved') {
          const { page } = await store
            .threadPage({
              postId: item.id,
              order: view.order,
              commentId: comment.id,
              limit: config.limits.commentsPerPage,
            })
            .catch(() => ({ page: 1 }))
          const href = postPageHref(item, { page, order: view.order }, { published: comment.id })
          return c.redirect(`${href}#${commentAnchor(comment)}`, 303)
        }
        // Note: a form sent again gets the comment without the checks' reasons: the reason given the
        // first time, when this server gave it (else the general one).
        const why =
          reasons.length > 0 ? heldWhy(comment.status, reasons) : (heldWhys.get(comment.id) ?? 'other')
        heldWhys.set(comment.id, why)
        if (heldWhys.size > 1000) heldWhys.delete(heldWhys.keys().next().value!)
        const href = postPageHref(item, view, { held: comment.id, why })
        return c.redirect(`${href}#${commentFormId}`, 303)
      }
      const ip = options.clientIp(c)
      try {
        // The package's form rules (@blogkit/comments/http): "@Name:" replies, the same form sent again
        // (the comment of its first sending: no second comment, no rate limit hit), the rate limit, the
        // required fields, the author's name, the store's checks.
        const result = await submitComment(form, {
          store,
          postId: item.id,
          parentField: 'parentId',
          messages: {
            ...words,
            problem: (error, at) => commentErrorMessage(error, at, item.post.lang),
          },
          client: {
            ip,
            userAgent: c.req.header('user-agent') ?? '',
            referrer: c.req.header('referer') ?? '',
            permalink: item.url,
          },
          earlierComments: () => options.approvedComments(item),
          // Note: the comment of a submission is stored under the id derived from it; the store refuses a
          // second one with that id (`duplicate-id`).
          id: () => (submission === undefined ? undefined : submissions.commentId(submission)),
          rateLimit: { limiter: options.postLimiter, key: ip },
          // Readers may not write as the site's author (or a look-alike of the name).
          reservedNames: [site.config.author.name],
        })
        switch (result.status) {
          case 'rate-limited':
            c.header('Retry-After', String(result.retryAfter))
            return again(result.errors, 429)
          case 'invalid':
            return again(result.errors, 422)
          case 'resent':
            return stored(result.comment)
          case 'stored':
            await options.markChanged(item.id)
            // Note: in the background; ignored without a website.
            if (values.latestPost) options.latestPosts?.request(result.comment)
            return stored(result.comment, result.reasons)
        }
      } catch (error) {
        console.error(error)
        return again({ form: words.failed }, 503)
      }
    },
  )
  return route
}
