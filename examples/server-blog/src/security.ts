import { createHmac, randomBytes } from 'node:crypto'
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { safeEqual, sign } from '@blogkit/example-admin'

// Note: the form tokens, admin sessions and the cross-origin check are the theme's admin's (shared with
// the comment service); the comment form uses the same form tokens.
export {
  type AdminSessions,
  type Csrf,
  createAdminSessions,
  createCsrf,
  createCsrfCookie,
  isCrossOrigin,
  safeEqual,
} from '@blogkit/example-admin'

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
