// Keys and link tokens of the reply mails: HMAC-SHA-256 with the service's random secret, so an address is
// kept only as a keyed hash, and a confirm or unsubscribe link cannot be made or changed without the secret.
import { createHmac, timingSafeEqual } from 'node:crypto'

/** What a link token allows. */
export type TokenPurpose = 'confirm' | 'unsubscribe'

const hmac = (secret: string, text: string) => createHmac('sha256', secret).update(text).digest('base64url')

/** The address as compared: trimmed, in lower case. */
export const normalizeAddress = (address: string): string => address.trim().toLowerCase()

/** The keyed hash an address is kept under (43 characters, base64url). */
export const addressKeyOf = (secret: string, address: string): string =>
  hmac(secret, `address\n${normalizeAddress(address)}`)

/** The token of a confirm or unsubscribe link for the address with `addressKey`. */
export const tokenOf = (secret: string, purpose: TokenPurpose, addressKey: string): string =>
  hmac(secret, `${purpose}\n${addressKey}`)

/** Whether `token` is the one `tokenOf` makes (compared in constant time). */
export function tokenMatches(
  secret: string,
  purpose: TokenPurpose,
  addressKey: string,
  token: string,
): boolean {
  if (!/^[\w-]{43}$/.test(addressKey)) return false
  const expected = Buffer.from(tokenOf(secret, purpose, addressKey))
  const given = Buffer.from(token)
  return given.length === expected.length && timingSafeEqual(given, expected)
}
