import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'

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

/** Admin session cookies: `<expires>.<HMAC(token, expires)>`, valid until they expire or the token changes. */
export function createAdminSessions(secret: string, adminToken: string, maxAgeMs = 12 * 3600_000) {
  const mac = (expires: number) => sign(secret, `admin:${adminToken}:${expires}`)
  return {
    cookieName: 'blogkit_admin',
    maxAgeSeconds: Math.floor(maxAgeMs / 1000),
    issue(now = Date.now()): string {
      const expires = now + maxAgeMs
      return `${expires}.${mac(expires)}`
    },
    verify(cookie: string | undefined, now = Date.now()): boolean {
      if (!cookie) return false
      const [expires, signature] = cookie.split('.')
      const at = Number(expires)
      return Number.isSafeInteger(at) && at > now && signature !== undefined && safeEqual(mac(at), signature)
    },
    /** Whether `given` is the admin token (constant time). */
    checkToken(given: string | undefined): boolean {
      return typeof given === 'string' && safeEqual(sign(secret, given), sign(secret, adminToken))
    },
  }
}

/** A fixed-window counter per key (client IP), kept in memory. */
export interface RateLimiter {
  /** Count a hit; `ok: false` with the seconds to wait once `max` hits were made within the window. */
  hit(key: string, now?: number): { ok: boolean; retryAfter: number }
}

export function createRateLimiter(options: { max: number; windowMs: number }): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>()
  let lastSweep = 0
  return {
    hit(key, now = Date.now()) {
      if (now - lastSweep > options.windowMs) {
        for (const [k, w] of windows) if (now - w.start >= options.windowMs) windows.delete(k)
        lastSweep = now
      }
      let w = windows.get(key)
      if (!w || now - w.start >= options.windowMs) {
        w = { start: now, count: 0 }
        windows.set(key, w)
      }
      w.count++
      return {
        ok: w.count <= options.max,
        retryAfter: Math.max(1, Math.ceil((w.start + options.windowMs - now) / 1000)),
      }
    },
  }
}
