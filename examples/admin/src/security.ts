// The admin's protection: signed double-submit form tokens (and the cookie that carries their nonce),
// signed admin session cookies backed by a server-side session list, and the browser's word on where a
// POST came from. Shared by the live blog (examples/server-blog, whose comment form uses the same form
// tokens) and the comment service (examples/comment-service).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import { getCookie, setCookie } from 'hono/cookie'
import type { AdminSessionStore } from './sessions.js'

/** An HMAC-SHA256 of `value` with `secret`, base64url. */
export const sign = (secret: string, value: string) =>
  createHmac('sha256', secret).update(value).digest('base64url')

/** Compare two strings in constant time (for tokens). */
export function safeEqual(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Signed double-submit anti-forgery tokens: the browser keeps a random nonce in an HttpOnly cookie, and
 * each form carries an HMAC of it. A forged cross-site form cannot read the cookie, so it cannot make
 * the token; no server-side session store is needed.
 */
export interface Csrf {
  /** Name of the cookie holding the nonce. */
  cookieName: string
  /** A new random nonce for the cookie. */
  newNonce(): string
  /** The form token for a nonce. */
  tokenFor(nonce: string): string
  /** Whether `token` was made for `nonce`. */
  verify(nonce: string | undefined, token: string | undefined): boolean
}

const nonceShape = /^[\w-]{16,64}$/

export function createCsrf(secret: string): Csrf {
  return {
    cookieName: 'blogkit_csrf',
    newNonce: () => randomBytes(18).toString('base64url'),
    tokenFor: (nonce) => sign(secret, `csrf:${nonce}`),
    verify: (nonce, token) =>
      typeof nonce === 'string' &&
      typeof token === 'string' &&
      nonceShape.test(nonce) &&
      safeEqual(sign(secret, `csrf:${nonce}`), token),
  }
}

/** A visitor's anti-forgery nonce and form token, read from (or set as) the nonce cookie. */
export interface CsrfCookie {
  /** The visitor's nonce; a new one is set as a cookie when the request has none. */
  nonce(c: Context): string
  /** The form token for the visitor's nonce. */
  token(c: Context): string
}

/**
 * The nonce cookie of `csrf` (HttpOnly, `SameSite=Lax`, on `path`): a request without one gets a new
 * one, the same for every form of that answer.
 */
export function createCsrfCookie(csrf: Csrf, options: { path: string; secure: boolean }): CsrfCookie {
  // Note: the nonce set for a request that came without one, so that every token of its answer (form
  // token, submission id) is bound to the cookie it gets.
  const newNonces = new WeakMap<Request, string>()
  const nonce = (c: Context): string => {
    const nonce = getCookie(c, csrf.cookieName)
    if (nonce && nonceShape.test(nonce)) return nonce
    let fresh = newNonces.get(c.req.raw)
    if (fresh === undefined) {
      fresh = csrf.newNonce()
      newNonces.set(c.req.raw, fresh)
      setCookie(c, csrf.cookieName, fresh, {
        httpOnly: true,
        sameSite: 'Lax',
        path: options.path,
        secure: options.secure,
      })
    }
    return fresh
  }
  return { nonce, token: (c) => csrf.tokenFor(nonce(c)) }
}

/**
 * Admin sessions: the cookie is `<session id>.<expires>.<HMAC(token, id, expires)>`, and the session id
 * is kept server-side (`AdminSessionStore`) from sign-in until it expires or the moderator signs out. A
 * cookie is valid while its signature holds (it ends when the token or the secret changes) and its
 * session is kept; signing out revokes it, so a copy of the cookie no longer opens `/admin`.
 */
export interface AdminSessions {
  cookieName: string
  maxAgeSeconds: number
  /** Start a session: the cookie value. */
  issue(now?: number): Promise<string>
  /** Whether the cookie belongs to a live session. */
  verify(cookie: string | undefined, now?: number): Promise<boolean>
  /** Revoke the cookie's session (nothing happens for a cookie that is not valid). */
  revoke(cookie: string | undefined): Promise<void>
  /** Whether `given` is the admin token (constant time). */
  checkToken(given: string | undefined): boolean
}

export function createAdminSessions(
  secret: string,
  adminToken: string,
  store: AdminSessionStore,
  maxAgeMs = 12 * 3600_000,
): AdminSessions {
  const mac = (id: string, expires: number) => sign(secret, `admin:${adminToken}:${id}:${expires}`)
  /** The session id of a well-signed, unexpired cookie. */
  const idOf = (cookie: string | undefined, now: number): string | undefined => {
    const [id, expires, signature, extra] = (cookie ?? '').split('.')
    const at = Number(expires)
    if (!id || extra !== undefined || signature === undefined || !Number.isSafeInteger(at) || at <= now) {
      return undefined
    }
    return safeEqual(mac(id, at), signature) ? id : undefined
  }
  return {
    cookieName: 'blogkit_admin',
    maxAgeSeconds: Math.floor(maxAgeMs / 1000),
    async issue(now = Date.now()) {
      const id = randomBytes(32).toString('base64url')
      const expires = now + maxAgeMs
      await store.add(id, expires)
      return `${id}.${expires}.${mac(id, expires)}`
    },
    async verify(cookie, now = Date.now()) {
      const id = idOf(cookie, now)
      return id !== undefined && (await store.has(id))
    },
    async revoke(cookie) {
      const id = idOf(cookie, Date.now())
      if (id !== undefined) await store.revoke(id)
    },
    checkToken(given) {
      return typeof given === 'string' && safeEqual(sign(secret, given), sign(secret, adminToken))
    },
  }
}

/**
 * Whether a state-changing request (a POST) was sent by a page of another origin, as the browser says:
 * `Sec-Fetch-Site` when it is there (only `same-origin`, or `none` for one the user started, are
 * accepted), else `Origin` (the site's origin, or the host the request was sent to; `null` is refused).
 * A request with neither (a script, an old browser) is not refused here. A second line of defence
 * behind the anti-forgery token.
 * @param siteOrigin The public origin of the site (`SITE_URL`), e.g. `https://blog.example`; `''` when
 * only the host the request was sent to counts.
 */
export function isCrossOrigin(headers: Headers, siteOrigin: string): boolean {
  const fetchSite = headers.get('sec-fetch-site')?.trim().toLowerCase()
  if (fetchSite) return fetchSite !== 'same-origin' && fetchSite !== 'none'
  const origin = headers.get('origin')?.trim()
  if (!origin) return false
  if (siteOrigin !== '' && origin === siteOrigin) return false
  try {
    return new URL(origin).host !== (headers.get('host') ?? '').toLowerCase()
  } catch {
    // Note: `null` (a sandboxed frame, a redirect from elsewhere) or anything else that is not an origin.
    return true
  }
}
