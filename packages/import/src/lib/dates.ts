/** `YYYY-MM-DD HH:MM:SS` as WordPress writes it, to milliseconds as if it were UTC; `undefined` for `0000-00-00 …` or junk. */
export function wordpressTime(value: string): number | undefined {
  const m = /^(\d{4})-(\d\d)-(\d\d)[ T](\d\d):(\d\d)(?::(\d\d))?/.exec(value.trim())
  if (!m || m[1] === '0000') return undefined
  const [y, mo, d, h, mi, s] = m.slice(1).map((part) => Number(part ?? 0)) as number[]
  const time = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)
  const check = new Date(time)
  if (check.getUTCMonth() !== mo! - 1 || check.getUTCDate() !== d!) return undefined
  return time
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}

/** `±HH:MM` for an offset in minutes (`Z` for 0). */
export function formatOffset(minutes: number): string {
  if (minutes === 0) return 'Z'
  const sign = minutes < 0 ? '-' : '+'
  const abs = Math.abs(minutes)
  return `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
}

/** RFC 3339 text of a wall-clock time (ms as if UTC) with its offset. */
export function rfc3339(local: number, offsetMinutes: number | undefined): string {
  const d = new Date(local)
  const text = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`
  return offsetMinutes === undefined ? text : `${text}${formatOffset(offsetMinutes)}`
}

/** Offset in minutes of an IANA zone at a UTC instant. */
export function zoneOffset(timeZone: string, utc: number): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utc))
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value)
  const asUtc = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'))
  return Math.round((asUtc - Math.floor(utc / 1000) * 1000) / 60_000)
}

/** A date of a WordPress record: the instant, and the RFC 3339 text with the site's offset. */
export interface ResolvedDate {
  date: Date
  text: string
}

/**
 * Resolve a WordPress local date and its GMT twin: the offset is their difference (WordPress stores
 * both); without a GMT date (drafts have `0000-00-00 00:00:00`) the local time is read in `timeZone`.
 */
export function resolveDate(
  local: string,
  gmt: string,
  timeZone: string | undefined,
): ResolvedDate | undefined {
  const l = wordpressTime(local)
  const g = wordpressTime(gmt)
  if (l !== undefined && g !== undefined) {
    const offset = Math.round((l - g) / 60_000)
    // Note: offsets are whole quarter hours; anything else (or beyond ±18 h) means the two disagree.
    if (offset % 15 === 0 && Math.abs(offset) <= 18 * 60)
      return { date: new Date(g), text: rfc3339(l, offset) }
    return { date: new Date(g), text: rfc3339(g, 0) }
  }
  if (l !== undefined) {
    if (timeZone === undefined) return { date: new Date(l), text: rfc3339(l, 0) }
    // Two passes find the offset in effect at that wall-clock time (right except inside a DST gap).
    let offset = zoneOffset(timeZone, l)
    offset = zoneOffset(timeZone, l - offset * 60_000)
    return { date: new Date(l - offset * 60_000), text: rfc3339(l, offset) }
  }
  if (g !== undefined) return { date: new Date(g), text: rfc3339(g, 0) }
  return undefined
}
