import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import type { AdminSessionStore } from './admin-sessions.js'

/**
 * The secret that signs form tokens and admin cookies: `SECRET` when given, else a random one kept in
 * `<database>.secret` (created on first start, mode 0600), so that forms stay valid across restarts.
 */
export function loadSecret(given: string | undefined, databasePath: string): string {
  if (given !== undefined) return given
  const file = `${databasePath}.secret`
  try {
    const stored = readFileSync(file, 'utf8').trim()
    if (stored.length >= 32) return stored
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
  }
  const secret = randomBytes(32).toString('base64url')
  mkdirSync(path.dirname(file), { recursive: true })
  try {
    writeFileSync(file, `${secret}\n`, { flag: 'wx', mode: 0o600 })
    chmodSync(file, 0o600)
    return secret
  } catch (error) {
    // Note: another process created it at the same moment; use theirs.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readFileSync(file, 'utf8').trim()
    throw error
  }
}

const sign = (secret: string, value: string) => createHmac('sha256', secret).update(value).digest('base64url')

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

export function createCsrf(secret: string): Csrf {
  return {
    cookieName: 'blogkit_csrf',
    newNonce: () => randomBytes(18).toString('base64url'),
    tokenFor: (nonce) => sign(secret, `csrf:${nonce}`),
    verify: (nonce, token) =>
      typeof nonce === 'string' &&
      typeof token === 'string' &&
      /^[\w-]{16,64}$/.test(nonce) &&
      safeEqual(sign(secret, `csrf:${nonce}`), token),
  }
}

/**
 * One-time submission ids of the comment form: `<random>.<HMAC(nonce, random)>`, bound to the visitor's
 * anti-forgery nonce like the form token. The comment stored for a submission gets an id derived from it
 * (`commentId`), so the store's unique ids keep one comment per submission even when the same form
 * arrives twice at once (a double click, a retry after a lost connection).
 */
export interface Submissions {
  /** A new submission id for a form shown to the visitor with `nonce`. */
  issue(nonce: string): string
  /** Whether `value` was issued for `nonce`. */
  verify(nonce: string | undefined, value: string | undefined): boolean
  /** The comment id for a (verified) submission id: a UUID, the same for the same submission. */
  commentId(value: string): string
}

export function createSubmissions(secret: string): Submissions {
  const mac = (nonce: string, random: string) => sign(secret, `submission:${nonce}:${random}`)
  return {
    issue(nonce) {
      const random = randomBytes(16).toString('base64url')
      return `${random}.${mac(nonce, random)}`
    },
    verify(nonce, value) {
      const [random, signature, extra] = (value ?? '').split('.')
      return (
        typeof nonce === 'string' &&
        /^[\w-]{16,64}$/.test(nonce) &&
        random !== undefined &&
        /^[\w-]{22}$/.test(random) &&
        signature !== undefined &&
        extra === undefined &&
        safeEqual(mac(nonce, random), signature)
      )
    },
    commentId(value) {
      // Note: an RFC 9562 UUID version 8 (custom) from the HMAC, shaped like the store's own ids.
      const bytes = createHmac('sha256', secret).update(`comment-id:${value}`).digest().subarray(0, 16)
      bytes[6] = (bytes[6]! & 0x0f) | 0x80
      bytes[8] = (bytes[8]! & 0x3f) | 0x80
      const hex = bytes.toString('hex')
      return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`
    },
  }
}

/**
 * Admin sessions: the cookie is `<session id>.<expires>.<HMAC(token, id, expires)>`, and the session id
 * is kept server-side (`AdminSessionStore`) from sign-in until it expires or the moderator signs out. A
 * cookie is valid while its signature holds (it ends when the token or `SECRET` changes) and its session
 * is kept; signing out revokes it, so a copy of the cookie no longer opens `/admin`.
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
 * @param siteOrigin The public origin of the site (`SITE_URL`), e.g. `https://blog.example`.
 */
export function isCrossOrigin(headers: Headers, siteOrigin: string): boolean {
  const fetchSite = headers.get('sec-fetch-site')?.trim().toLowerCase()
  if (fetchSite) return fetchSite !== 'same-origin' && fetchSite !== 'none'
  const origin = headers.get('origin')?.trim()
  if (!origin) return false
  if (origin === siteOrigin) return false
  try {
    return new URL(origin).host !== (headers.get('host') ?? '').toLowerCase()
  } catch {
    // Note: `null` (a sandboxed frame, a redirect from elsewhere) or anything else that is not an origin.
    return true
  }
}
