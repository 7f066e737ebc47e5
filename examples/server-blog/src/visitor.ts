import type { Site } from '@blogkit/example-site'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'
import { createClientAddress } from './client-ip.js'
import type { ServerConfig } from './config.js'
import { type Csrf, createCsrfCookie, isCrossOrigin } from './security.js'

/** What the routes know about who sent a request. */
export interface Visitor {
  /** The reader's address: the connection's, or the one the trusted proxies appended (`TRUST_PROXY`). */
  clientIp(c: Context): string
  /** Whether the browser says a page of another origin sent the request (`Sec-Fetch-Site`, `Origin`). */
  crossOrigin(c: Context): boolean
  /** The visitor's anti-forgery nonce; a new one is set as a cookie when missing. */
  nonce(c: Context): string
  /** The visitor's anti-forgery token (a nonce cookie is set when missing). */
  csrfToken(c: Context): string
}

export function createVisitor(options: {
  site: Site
  config: Pick<ServerConfig, 'trustProxy'>
  csrf: Csrf
}): Visitor {
  const { site, config, csrf } = options
  const siteOrigin = new URL(site.config.baseUrl).origin
  const clientAddress = createClientAddress(config.trustProxy)
  const csrfCookie = createCsrfCookie(csrf, {
    path: site.urls.root,
    secure: site.config.baseUrl.startsWith('https:'),
  })
  return {
    clientIp: (c) => {
      let remote = 'unknown'
      try {
        remote = getConnInfo(c).remote.address ?? 'unknown'
      } catch {
        // Note: no socket (a request made in a test through app.fetch).
      }
      return clientAddress(remote, config.trustProxy === 0 ? undefined : c.req.header('x-forwarded-for'))
    },
    crossOrigin: (c) => isCrossOrigin(c.req.raw.headers, siteOrigin),
    nonce: csrfCookie.nonce,
    csrfToken: csrfCookie.token,
  }
}
