// The comment service on Node: `@blogkit/comments/http`'s Fetch API handler served by @hono/node-server
// (the adapter the server example uses), with the reader's address taken from the connection.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Comment, CommentStore } from '@blogkit/comments'
import { createCommentHandler, memoryCounters } from '@blogkit/comments/http'
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server'
import { openServiceAdmin } from './admin.js'
import type { ServiceConfig } from './config.js'
import { readEmbedScript } from './embed-script.js'
import { openMail } from './mail/index.js'
import { openCommentStore } from './store.js'

/** A running comment service. */
export interface CommentService {
  /** Where it listens, e.g. `http://127.0.0.1:3100/`. */
  url: string
  port: number
  store: CommentStore
  /**
   * Tell the service a comment became visible in a way `store` did not see (approvals through `store`
   * are heard): its reply mail goes to the confirmed author of the comment it answers, once.
   */
  commentApproved(comment: Pick<Comment, 'id'>): Promise<void>
  /** Resolves when no mail or webhook is being sent or waits to be tried again. */
  mailIdle(): Promise<void>
  /** Stop: accept no new connections, let requests in flight finish, close the database. */
  close(): Promise<void>
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
const plainAddress = (address: string | undefined) => address?.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1')

/** More options of `startService`. */
export interface StartOptions {
  /** Where mail and webhook failures go (one line each). @default console.error */
  problems?: (line: string) => void
  /** Waits before trying a failed mail or webhook again, in ms. @default [10 s, 1 min, 5 min] */
  retryDelays?: readonly number[]
}

/**
 * Open the store and listen.
 * @param log Where the one line per request goes.
 * @param options Where mail failures go, and how mail is retried.
 */
export async function startService(
  config: ServiceConfig,
  log: ((line: string) => void) | undefined = undefined,
  options: StartOptions = {},
): Promise<CommentService> {
  const embedScript = await readEmbedScript()
  const counters = memoryCounters()
  const store = await openCommentStore(config, counters)
  let publicUrl = config.mail.publicUrl ?? ''
  const mail = await openMail({
    config,
    store,
    publicUrl: () => publicUrl,
    log: options.problems ?? ((line) => console.error(line)),
    ...(options.retryDelays === undefined ? {} : { retryDelays: options.retryDelays }),
  }).catch(async (error: unknown) => {
    await store.close()
    throw error
  })
  const addresses = new WeakMap<Request, string>()
  // Note: the admin moderates through the mail's store, so that approving there sends the reply mails
  // and the ON_APPROVE_URL webhook as the form's approvals do.
  const admin = await openServiceAdmin({
    config,
    store: mail.store,
    counters,
    clientIp: (request) => addresses.get(request),
  }).catch(async (error: unknown) => {
    await mail.close()
    await store.close()
    throw error
  })
  const handler = createCommentHandler({
    allowedOrigins: config.allowedOrigins,
    clientIp: (request) => addresses.get(request),
    rateLimit: { max: config.rateLimit, windowMs: config.windowMs, counters },
    commentsPerPage: config.commentsPerPage,
    maxLinks: config.maxLinks,
    language: config.language,
    reservedNames: config.reservedNames,
    store: mail.store,
    onPosted: (posted) => mail.posted(posted),
    replyMail: mail.replyMail,
    embedScript,
  })
  let server: Server
  try {
    server = serve({
      fetch: async (request: Request, env: HttpBindings | Http2Bindings) => {
        const address = plainAddress(env.incoming?.socket.remoteAddress)
        if (address !== undefined) addresses.set(request, address)
        const started = performance.now()
        const response = admin.handles(request)
          ? await admin.fetch(request)
          : ((await mail.route(request)) ?? (await handler(request)))
        log?.(
          `${request.method} ${new URL(request.url).pathname} ${response.status} ${Math.round(performance.now() - started)} ms`,
        )
        return response
      },
      port: config.port,
      hostname: config.host,
    }) as Server
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
  } catch (error) {
    await admin.close()
    await mail.close()
    await store.close()
    throw error
  }
  const port = (server.address() as AddressInfo).port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  let closing: Promise<void> | undefined
  const url = `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}/`
  publicUrl ||= url
  return {
    url,
    port,
    store: mail.store,
    commentApproved: (comment) => mail.approved(comment),
    mailIdle: () => mail.idle(),
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      })
        .then(() => admin.close())
        .then(() => mail.close())
        .then(() => counters.close())
        .then(() => store.close())
      return closing
    },
  }
}
