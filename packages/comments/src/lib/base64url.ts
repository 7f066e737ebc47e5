// base64url of UTF-8 text with Web APIs only (`TextEncoder`, `btoa`), so that cursors work in a browser,
// an edge runtime and Node alike.

/** The base64url form (no padding) of `text`'s UTF-8 bytes. */
export function encodeBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text)
  let binary = ''
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000))
  }
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '')
}

/**
 * The UTF-8 text of a base64url (or base64) string.
 * @throws {Error} when `value` is not base64url or its bytes are not UTF-8.
 */
export function decodeBase64Url(value: string): string {
  const binary = atob(value.replace(/-/g, '+').replace(/_/g, '/'))
  const bytes = new Uint8Array(binary.length)
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i)
  return new TextDecoder('utf-8', { fatal: true }).decode(bytes)
}
