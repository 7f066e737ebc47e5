// What a reader types into a comment form, read the way people type it: a website with or without a
// scheme and with letters such as å in the domain, a name with invisible characters pasted along.
import { CommentError } from './errors.js'

function fail(code: string, field: string, reason: string): never {
  throw new CommentError(code, reason, field)
}

const show = (value: string) => value.slice(0, 80)

/** `scheme:` at the start, when it is one (not `host:port`, not `www.example.com:8080`). */
function schemeOf(text: string): string | undefined {
  const match = /^([a-z][a-z\d+.-]*):(.?)/i.exec(text)
  if (!match || match[1]!.includes('.') || /\d/.test(match[2]!)) return undefined
  return match[1]!.toLowerCase()
}

/** A DNS label in ASCII form (`xn--` labels included): letters, digits and inner hyphens, 1 to 63. */
const label = /^(?!-)[a-z\d-]{1,63}(?<!-)$/

/** Whether `hostname` (as `URL` gives it: ASCII, lower case) is a public-looking host name or an IP address. */
function isHost(hostname: string): boolean {
  if (hostname.startsWith('[')) return true // an IPv6 address: URL parsed it
  if (/^\d+(\.\d+){3}$/.test(hostname)) return true // an IPv4 address: URL normalized it
  const name = hostname.endsWith('.') ? hostname.slice(0, -1) : hostname
  const labels = name.split('.')
  if (name.length > 253 || labels.length < 2) return false
  // Note: a top-level domain is never all digits (`example.123` is a mistyped address, not a host).
  return labels.every((part) => label.test(part)) && !/^\d+$/.test(labels[labels.length - 1]!)
}

/**
 * A reader's website as typed: `www.åsaöberg.example`, `åsaöberg.example/blogg` or
 * `https://www.åsaöberg.example`. Without a scheme `https://` is added; the host is stored in ASCII form
 * (punycode, `https://www.xn--saberg-hua2l.example/`). `http:` and `https:` only, a real host name (or an
 * IP address), no user name or password.
 *
 * @param text The trimmed, single-line text (checked for length and control characters already).
 * @returns The normalized absolute URL (`URL#href`).
 * @throws {CommentError} `unsupported-url-scheme` (`javascript:`, `data:`, `ftp:` …), `invalid-url-host`
 *   (`localhost`, `example..com`), `url-credentials` (`https://user:pass@…`) or `invalid-url`
 *   (no address at all), with `field`.
 */
export function readerWebsite(text: string, field: string): string {
  const scheme = schemeOf(text)
  if (scheme !== undefined && scheme !== 'http' && scheme !== 'https') {
    fail(
      'unsupported-url-scheme',
      field,
      `Expected \`${field}\` to be a web address (http or https), got a \`${scheme}:\` address \`${show(text)}\`; give your site's address, e.g. \`www.example.com\``,
    )
  }
  const absolute = scheme === undefined ? `https://${text.replace(/^\/\//, '')}` : text
  let url: URL
  try {
    url = new URL(absolute)
  } catch {
    return fail(
      'invalid-url',
      field,
      `Expected \`${field}\` to be a web address such as \`www.example.com\`, got \`${show(text)}\`; check it for typing mistakes`,
    )
  }
  if (!isHost(url.hostname)) {
    fail(
      'invalid-url-host',
      field,
      `Expected \`${field}\` to name a site such as \`www.example.com\`, got the host \`${show(url.hostname)}\` in \`${show(text)}\`; check the part before the first /`,
    )
  }
  if (url.username !== '' || url.password !== '') {
    fail(
      'url-credentials',
      field,
      `Expected \`${field}\` to hold no user name or password, got \`${show(url.host)}\` with one; remove the part up to the @`,
    )
  }
  return url.href
}

// Note: invisible characters that a pasted name may carry, removed from names: zero-width space, joiners
// and marks (U+200B–U+200F), bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069), the
// Arabic letter mark (U+061C), word joiner and invisible operators (U+2060–U+2064), the byte order mark
// (U+FEFF), soft hyphen (U+00AD), Mongolian vowel separator (U+180E), and characters that draw nothing
// (Hangul fillers U+115F, U+1160, U+3164, U+FFA0, braille blank U+2800). A string, not a literal: Biome
// rejects such characters in regex literals, and finding them is the point.
const invisible =
  /[\u00AD\u061C\u115F\u1160\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\u2800\u3164\uFEFF\uFFA0]/g

/** A name in NFC with the invisible characters removed and runs of spaces made one space (line breaks stay, to be refused). */
export function cleanName(name: string): string {
  return name
    .normalize('NFC')
    .replace(invisible, '')
    .replace(/[^\S\n\r]+/g, ' ')
    .trim()
}

/** Whether a (cleaned) name shows nothing: only spaces, combining marks and format characters. */
export function looksEmpty(name: string): boolean {
  return /^[\p{Z}\p{M}\p{C}\s]*$/u.test(name)
}
