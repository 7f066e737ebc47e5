/** A date read from front matter or a file name. */
export type DateResult = { ok: true; date: Date } | { ok: false; reason: string }

const pattern =
  /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?[ \t]*(Z|[+-]\d{2}(?::?\d{2})?)?)?$/i

const formats = new Map<string, Intl.DateTimeFormat>()

function formatFor(timeZone: string): Intl.DateTimeFormat {
  let format = formats.get(timeZone)
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    })
    formats.set(timeZone, format)
  }
  return format
}

/**
 * Check that `timeZone` is an IANA time zone name Node knows.
 *
 * @throws {TypeError} when it is not.
 */
export function assertTimeZone(timeZone: string): void {
  // Note: creating an `Intl.DateTimeFormat` costs tens of milliseconds the first time.
  if (timeZone === 'UTC') return
  try {
    formatFor(timeZone)
  } catch {
    throw new TypeError(
      `Expected \`timeZone\` to be an IANA time zone such as \`UTC\` or \`Europe/Stockholm\`, got \`${timeZone}\``,
    )
  }
}

/** Offset of `timeZone` from UTC at instant `time`, in milliseconds. */
function offsetAt(time: number, timeZone: string): number {
  const parts: Record<string, number> = {}
  for (const part of formatFor(timeZone).formatToParts(new Date(time))) {
    if (part.type !== 'literal') parts[part.type] = Number(part.value)
  }
  const asUtc = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!)
  return asUtc - Math.floor(time / 1000) * 1000
}

/**
 * Convert a wall-clock time in `timeZone` to an instant.
 */
function zonedTime(wall: number, timeZone: string): number {
  if (timeZone === 'UTC' || timeZone === 'Etc/UTC') return wall
  const first = wall - offsetAt(wall, timeZone)
  const second = wall - offsetAt(first, timeZone)
  return second
}

/**
 * Parse a front matter date: `YYYY-MM-DD`, `YYYY-MM-DD HH:MM[:SS]` or ISO 8601 with
 * an optional `Z` or `±HH:MM` offset. Values without an offset are read in `timeZone`.
 *
 * @param value
 *   String or `Date` (TOML dates).
 * @param timeZone
 *   IANA zone for values without an offset.
 */
export function parseDate(value: unknown, timeZone: string): DateResult {
  if (value instanceof Date) {
    // Note: smol-toml returns local dates (no offset) as `TomlDate` whose `toISOString()`
    // gives back the source text; read those in `timeZone` like YAML strings.
    const local = value as Date & { isLocal?: () => boolean }
    if (typeof local.isLocal === 'function' && local.isLocal())
      return parseDate(value.toISOString(), timeZone)
    if (Number.isNaN(value.getTime())) return { ok: false, reason: 'is not a valid date' }
    return { ok: true, date: new Date(value.getTime()) }
  }
  if (typeof value !== 'string') {
    return {
      ok: false,
      reason: `expected a date (YYYY-MM-DD or ISO 8601), got ${typeof value === 'number' ? 'a number' : (JSON.stringify(value) ?? typeof value)}${typeof value === 'number' ? ` \`${value}\`; quote it or write it as YYYY-MM-DD` : ''}`,
    }
  }
  const text = value.trim()
  const match = pattern.exec(text)
  if (!match) return { ok: false, reason: `${JSON.stringify(value)} is not a date (YYYY-MM-DD or ISO 8601)` }
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '', zone] = match
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  const ms = Number(fraction.slice(0, 3).padEnd(3, '0'))
  const wall = Date.UTC(year, month - 1, day, hour, minute, second, ms)
  const check = new Date(wall)
  if (
    check.getUTCFullYear() !== year ||
    check.getUTCMonth() !== month - 1 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    return {
      ok: false,
      reason: `${JSON.stringify(value)} is not a real date or time (check the month, day and hour)`,
    }
  }
  if (zone) {
    if (zone.toUpperCase() === 'Z') return { ok: true, date: new Date(wall) }
    const sign = zone.startsWith('-') ? -1 : 1
    const digits = zone.slice(1).replace(':', '')
    const offset = sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || '0')) * 60_000
    return { ok: true, date: new Date(wall - offset) }
  }
  return { ok: true, date: new Date(zonedTime(wall, timeZone)) }
}
