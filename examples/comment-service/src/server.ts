// The comment service on Node: `@blogkit/comments/http`'s Fetch API handler served by @hono/node-server
// (the adapter the server example uses), with the reader's address taken from the connection.
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CommentStore } from '@blogkit/comments'
import { createCommentHandler, memoryCounters } from '@blogkit/comments/http'
import { type Http2Bindings, type HttpBindings, serve } from '@hono/node-server'
import type { ServiceConfig } from './config.js'
import { readEmbedScript } from './embed-script.js'
import { openCommentStore } from './store.js'

/** A running comment service. */
export interface CommentService {
  /** Where it listens, e.g. `http://127.0.0.1:3100/`. */
  url: string
  port: number
  store: CommentStore
  /** Stop: accept no new connections, let requests in flight finish, close the database. */
  close(): Promise<void>
}

/** `::ffff:127.0.0.1` → `127.0.0.1`. */
const plainAddress = (address: string | undefined) => address?.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, '$1')

/**
 * Open the store and listen.
 * @param log Where the one line per request goes.
 */
export async function startService(
  config: ServiceConfig,
  log: ((line: string) => void) | undefined = undefined,
): Promise<CommentService> {
  const embedScript = await readEmbedScript()
  const counters = memoryCounters()
  const store = await openCommentStore(config, counters)
  const addresses = new WeakMap<Request, string>()
  const handler = createCommentHandler({
    store,
    allowedOrigins: config.allowedOrigins,
    clientIp: (request) => addresses.get(request),
    rateLimit: { max: config.rateLimit, windowMs: config.windowMs, counters },
    commentsPerPage: config.commentsPerPage,
    maxLinks: config.maxLinks,
    language: config.language,
    reservedNames: config.reservedNames,
    embedScript,
  })
  let server: Server
  try {
    server = serve({
      fetch: async (request: Request, env: HttpBindings | Http2Bindings) => {
        const address = plainAddress(env.incoming?.socket.remoteAddress)
        if (address !== undefined) addresses.set(request, address)
        const started = performance.now()
        const response = await handler(request)
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
    await store.close()
    throw error
  }
  const port = (server.address() as AddressInfo).port
  const host = config.host.includes(':') ? `[${config.host}]` : config.host
  let closing: Promise<void> | undefined
  return {
    url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}/`,
    port,
    store,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeIdleConnections()
      })
        .then(() => counters.close())
        .then(() => store.close())
      return closing
    },
  }
}
