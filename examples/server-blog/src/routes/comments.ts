import {
  type Comment,
  CommentError,
  type CommentStore,
  checkReservedName,
  type NewComment,
} from '@blogkit/comments'
import { formFieldOf, honeypotField, mentionedParent } from '@blogkit/comments/http'
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

/** Whether a stored comment is the one `input` would store (the same form sent again). */
const sameComment = (stored: Comment, input: NewComment) =>
  stored.postId === input.postId &&
  (stored.parentId ?? '') === (input.parentId ?? '') &&
  stored.author.name === input.author.name &&
  stored.body === input.body.replace(/\r\n?/g, '\n')

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
      const form = await c.req.parseBody()
      const field = (name: string) => {
        const value = form[name]
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
      const ip = options.clientIp(c)
      // Note: the store reads the website as typed (`www.åsaöberg.example`: https added, punycode stored).
      const url = values.url!.trim()
      const email = values.email!.trim()
      const input: NewComment = {
        postId: item.id,
        ...(parentId === undefined ? {} : { parentId }),
        author: {
          name: values.name!.trim(),
          ...(url === '' ? {} : { url }),
          ...(email === '' ? {} : { email }),
        },
        body: values.body!,
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
      /** The comment stored for this submission already, when it is this one. */
      const storedBefore = async (id: string | undefined) => {
        const comment = id === undefined ? undefined : await store.get(id)
        return comment && sameComment(comment, input) ? comment : undefined
      }
      try {
        // "@Name:" at the start of a new top-level comment answers that reader's latest comment here.
        if (input.parentId === undefined && values.body!.trimStart().startsWith('@')) {
          const parent = mentionedParent(await options.approvedComments(item), input)
          if (parent !== undefined) Object.assign(input, { parentId: parent, parentInferred: true })
        }
        // A form sent again: the comment of its first sending (no second comment, no rate limit hit).
        let id = submission === undefined ? undefined : submissions.commentId(submission)
        const holder = id === undefined ? undefined : await store.get(id)
        if (holder && sameComment(holder, input)) return stored(holder)
        // Note: another comment holds the id (a reader went back and wrote another comment in the same
        // form): this one gets an id of its own.
        if (holder) id = undefined

        const limit = await options.postLimiter.hit(ip)
        if (!limit.ok) {
          c.header('Retry-After', String(limit.retryAfter))
          return again({ form: words.rate(limit.retryAfter) }, 429)
        }
        const errors: FormState['errors'] = {}
        if (values.name!.trim() === '') errors.name = words.nameMissing
        if (values.body!.trim() === '') errors.body = words.bodyMissing
        if (Object.keys(errors).length > 0) return again(errors, 422)
        // Readers may not write as the site's author (or a look-alike of the name): checked before storing.
        await checkReservedName(input.author.name, { reservedNames: [site.config.author.name] })

        const client = {
          ip,
          honeypot: field(honeypotField),
          userAgent: c.req.header('user-agent') ?? '',
          referrer: c.req.header('referer') ?? '',
          permalink: item.url,
        }
        // Note: the comment of a submission is stored under the id derived from it; the store refuses a
        // second one with that id (`duplicate-id`).
        const add = (commentId: string | undefined) =>
          store.add(input, commentId === undefined ? { client } : { client, id: commentId })
        let result: { comment: Comment; reasons: string[] }
        try {
          result = await add(id)
        } catch (error) {
          if (!(error instanceof CommentError && error.code === 'duplicate-id' && id !== undefined))
            throw error
          // The same form arrived twice at once and the other one was stored first.
          const first = await storedBefore(id)
          if (first) return stored(first)
          result = await add(undefined)
        }
        await options.markChanged(item.id)
        // Note: in the background; ignored without a website.
        if (values.latestPost) options.latestPosts?.request(result.comment)
        return stored(result.comment, result.reasons)
      } catch (error) {
        if (error instanceof CommentError) {
          const at = formFieldOf(error)
          return again({ [at]: commentErrorMessage(error, at, item.post.lang) }, 422)
        }
        console.error(error)
        return again({ form: words.failed }, 503)
      }
    },
  )
  return route
}
