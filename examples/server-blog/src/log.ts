// Characters that would break a log line or fool its reader: C0 and C1 controls (CR and LF forge new
// lines, ESC drives terminals), DEL, space (the field separator), line and paragraph separators, bidi
// overrides, and `%` itself, so that an escape in the log always means an escaped character.
// Note: a string, not a literal: Biome rejects control characters in regex literals, and finding them is the point.
const unsafeSource = '[\\u0000-\\u0020\\u007f-\\u009f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069%]'
const unsafe = new RegExp(unsafeSource, 'g')

/**
 * One field of a log line, with every character that could forge a line or another field
 * percent-encoded (`\r\n` → `%0D%0A`, ` ` → `%20`, `%` → `%25`): a decoded path or an address from a
 * header is written as one field of one line, whatever it holds.
 */
export function logField(value: string): string {
  return value === '' ? '-' : value.replace(unsafe, (ch) => encodeURIComponent(ch))
}

/** One request's log line: `<time> <client address> <method> <path> <status> <ms>ms`. */
export function requestLogLine(request: {
  at: Date
  ip: string
  method: string
  path: string
  status: number
  ms: number
}): string {
  return `${request.at.toISOString()} ${logField(request.ip)} ${logField(request.method)} ${logField(request.path)} ${request.status} ${request.ms.toFixed(1)}ms`
}
