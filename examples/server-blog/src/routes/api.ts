// The comment API of the live blog: @blogkit/comments/http's `createCommentHandler` (the same handler the
// comment service runs) at `<root>api/`: a post's threads as JSON or an HTML fragment
// (`GET api/comments?page=<post URL>`), comment counts (`api/counts`), and `POST api/comments`
// for scripts and apps on the blog's own origin. Comments are kept under the posts' ids, as the form keeps
// them; a page that is not a post is refused. The form on the post pages (no JavaScript) stays at
// `<post>/comments`, on the same engine (`submitComment`).
import type { CommentStore } from '@blogkit/comments'
import { createCommentHandler, normalizePageUrl, type WindowCounters } from '@blogkit/comments/http'
import type { Site } from '@blogkit/example-site'
import type { Context } from 'hono'
import type { ServerConfig } from '../config.js'

export function apiRoute(options: {
  site: Site
  store: CommentStore
  config: Pick<ServerConfig, 'limits'>
  counters: WindowCounters
  clientIp: (c: Context) => string | undefined
  /** After a comment is stored: record the change (kept pages, other instances). */
  markChanged: (postId: string) => Promise<void>
}): (c: Context) => Promise<Response> {
  const { site, store, config } = options
  const { limits } = config
  const postOf = new Map<string, string>()
  for (const item of site.posts) {
    const page = normalizePageUrl(item.url)
    if (page !== undefined) postOf.set(page, item.id)
  }
  const addresses = new WeakMap<Request, string>()
  const handler = createCommentHandler({
    store,
    allowedOrigins: [new URL(site.urls.absolute(site.urls.root)).origin],
    basePath: `${site.urls.root}api`,
    pageIdentifier: (page) => postOf.get(page) ?? page,
    pageExists: (identifier) => site.bySlug.has(identifier),
    clientIp: (request) => addresses.get(request),
    rateLimit: { max: limits.rateLimit, windowMs: limits.windowMs, counters: options.counters },
    commentsPerPage: limits.commentsPerPage,
    maxLinks: limits.maxLinks,
    bodyLimit: limits.bodyLimit,
    language: site.config.language,
    reservedNames: [site.config.author.name],
    onPosted: ({ comment }) => options.markChanged(comment.postId),
  })
  return (c) => {
    const ip = options.clientIp(c)
    if (ip !== undefined) addresses.set(c.req.raw, ip)
    return handler(c.req.raw)
  }
}
