import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { CommentStore } from '@blogkit/comments'
import { loadSite, type Site } from '@blogkit/example-site'
import { serve } from '@hono/node-server'
import { type AdminSessionStore, openPostgresAdminSessions } from './admin-sessions.js'
import { createApp } from './app.js'
import { type ChangeStamps, openChangeStamps } from './changes.js'
import { ConfigError, type ServerConfig } from './config.js'
import type { LatestPosts } from './latest-posts.js'
import { memoryCounters, openPostgresCounters, type WindowCounters } from './limits.js'
import { loadSecret } from './security.js'
import { openCommentStore, seedComments } from './store.js'

/** A running blog server. */
export interface BlogServer {
  /** Where it listens, e.g. `http://127.0.0.1:3000/`. */
  url: string
  port: number
  site: Site
  store: CommentStore
  /** How many example comments the start seeded (0 when they were stored already). */
  seeded: number
  /** The background reads of commenters' latest posts (`idle()` waits for them). */
  latestPosts: Pick<LatestPosts, 'idle'>
  /**
   * Stop: accept no new connections, let requests in flight finish (at most `graceMs`, then cut the
   * rest), close the database.
   */
  close(options?: { graceMs?: number }): Promise<void>
}

const isLocal = (hostname: string) => ['localhost', '127.0.0.1', '[::1]'].includes(hostname)

/**
 * Load the content, open (create, migrate, seed) the comment store and listen.
 * @param log Where the one line per request goes (and the start-up lines).
 */
export async function startServer(
  config: ServerConfig,
  log: ((line: string) => void) | undefined = undefined,
): Promise<BlogServer> {
  // The per-address limits count in the database that several servers share, else in this process.
  const counters: WindowCounters =
    config.databaseUrl === undefined
      ? memoryCounters()
      : await openPostgresCounters({ connectionString: config.databaseUrl, schema: config.databaseSchema })
  let store: CommentStore
  try {
    store = await openCommentStore(config, counters)
  } catch (error) {
    await counters.close().catch(() => {})
    throw error
  }
  let changes: ChangeStamps | undefined
  let adminSessions: AdminSessionStore | undefined
  try {
    // Several instances on one PostgreSQL database tell each other about changes through it, and share
    // the moderators' sessions.
    if (config.databaseUrl !== undefined) {
      const database = { connectionString: config.databaseUrl, schema: config.databaseSchema }
      changes = await openChangeStamps(database)
      adminSessions = await openPostgresAdminSessions(database)
    }
    if (config.databaseUrl !== undefined && config.secret === undefined) {
      log?.('note: with DATABASE_URL, set SECRET so that every server instance accepts the same forms')
    }
    let secret: string
    try {
      secret = loadSecret(config.secret, config.databasePath)
    } catch (error) {
      throw new ConfigError(
        'SECRET',
        `the secret file ${config.databasePath}.secret (kept beside DATABASE_PATH) cannot be read or written (${(error as Error).message}): give this server access to it, or set SECRET`,
      )
    }
    // Note: listen first, so that with PORT=0 the site's links and feeds can carry the real port.
    let handler: ((request: Request, env: unknown) => Response | Promise<Response>) | undefined
    const server = serve({
      // Note: plain HTTP/1.1, so the server is a node:http Server (closeIdleConnections and friends).
      fetch: (request, env) =>
        handler ? handler(request, env) : new Response('Starting, try again in a moment', { status: 503 }),
      port: config.port,
      hostname: config.host,
    }) as Server
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve)
      server.once('error', reject)
    })
    const port = (server.address() as AddressInfo).port
    let site: Site
    let seeded: number
    try {
      site = await loadSite({
        contentDir: config.contentDir,
        ...(config.baseUrl ? { baseUrl: config.baseUrl } : {}),
      })
      const configured = new URL(site.config.baseUrl)
      if (config.baseUrl === undefined && isLocal(configured.hostname) && configured.port !== String(port)) {
        // Note: site.json says http://localhost:3000; links and feeds follow the port actually used.
        configured.port = String(port)
        site = await loadSite({ contentDir: config.contentDir, baseUrl: configured.href })
      }
      seeded = config.seed ? (await seedComments(store, site)).imported : 0
    } catch (error) {
      server.close()
      throw error
    }
    const app = createApp({ site, store, config, secret, log, changes, adminSessions, counters })
    handler = app.fetch
    const host = config.host.includes(':') ? `[${config.host}]` : config.host
    let closing: Promise<void> | undefined
    return {
      url: `http://${host === '0.0.0.0' || host === '[::]' ? '127.0.0.1' : host}:${port}/`,
      port,
      site,
      store,
      seeded,
      latestPosts: app.latestPosts,
      close({ graceMs = 10_000 } = {}) {
        closing ??= new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            log?.(`shutdown: requests still running after ${graceMs} ms were cut off`)
            server.closeAllConnections()
          }, graceMs)
          // Idle keep-alive connections close at once; busy ones when their response is sent.
          const idle = setInterval(() => server.closeIdleConnections(), 100)
          server.close(() => {
            clearTimeout(timer)
            clearInterval(idle)
            resolve()
          })
          server.closeIdleConnections()
        })
          .then(() => app.latestPosts.close())
          .then(() => changes?.close())
          .then(() => adminSessions?.close())
          .then(() => counters.close())
          .then(() => store.close())
        return closing
      },
    }
  } catch (error) {
    await changes?.close().catch(() => {})
    await adminSessions?.close().catch(() => {})
    await counters.close().catch(() => {})
    await store.close()
    throw error
  }
}
