/** A date as the feed writers need it: the instant, plus the wall-clock fields and offset it was given in. */
export interface FeedTime {
  /** RFC 3339 text, offset kept (`2021-10-30T10:00:00+02:00`). */
  readonly rfc3339: string
  /** RFC 822 text, offset kept (`Sat, 30 Oct 2021 10:00:00 +0200`). */
  readonly rfc822: string
  /** Milliseconds since the epoch. */
  readonly time: number
}

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/
const zoneLess = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/
const days = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const months = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

// Note: a `Date` is formatted only when a writer asks, and once per format: checking 10,000 items should not
// pay for two date strings per item that one format never writes.
class UtcTime implements FeedTime {
  readonly time: number
  #rfc3339: string | undefined
  #rfc822: string | undefined
  constructor(time: number) {
    this.time = time
  }
  get rfc3339(): string {
    if (this.#rfc3339 === undefined) {
      const iso = new Date(this.time).toISOString()
      this.#rfc3339 = iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso
    }
    return this.#rfc3339
  }
  get rfc822(): string {
    this.#rfc822 ??= new Date(this.time).toUTCString()
    return this.#rfc822
  }
}

/**
 * Parse a `Date` or an RFC 3339 string with an offset. Returns an error message (string) when the value is
 * not acceptable, so the caller can name the item and field.
 */
export function parseFeedDate(value: unknown): FeedTime | string {
  if (value instanceof Date) {
    const time = value.getTime()
    if (Number.isNaN(time)) return 'is an invalid `Date`'
    return new UtcTime(time)
  }
  if (typeof value !== 'string') {
    return `must be a \`Date\` or an RFC 3339 string such as \`2021-10-30T10:00:00+02:00\`, got \`${typeof value}\``
  }
  const match = rfc3339.exec(value)
  if (!match) {
    if (zoneLess.test(value)) {
      return `\`${value}\` has no time zone offset: add one (\`${value.length === 10 ? `${value}T00:00:00` : value}+02:00\` or \`Z\` for UTC) or pass a \`Date\``
    }
    return `\`${value}\` is not an RFC 3339 date: use a form such as \`2021-10-30T10:00:00+02:00\` or pass a \`Date\``
  }
  const [, y, mo, d, h, mi, s, fraction = '', zone = 'Z'] = match
  const year = Number(y)
  const month = Number(mo)
  const day = Number(d)
  const hour = Number(h)
  const minute = Number(mi)
  const second = Number(s)
  let offset = 0
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone[0] === '-' ? -1 : 1
    offset = sign * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)))
  }
  const local = Date.UTC(year, month - 1, day, hour, minute, second)
  const check = new Date(local)
  if (
    month < 1 ||
    month > 12 ||
    check.getUTCDate() !== day ||
    hour > 23 ||
    minute > 59 ||
    second > 59 ||
    Math.abs(offset) >= 24 * 60
  ) {
    return `\`${value}\` is not a valid date: check the month, day, time and offset`
  }
  const time = local - offset * 60_000 + (fraction ? Math.round(Number(fraction) * 1000) : 0)
  const utc = zone === 'Z' || zone === 'z'
  const text = `${y}-${mo}-${d}T${h}:${mi}:${s}${fraction}${utc ? 'Z' : zone}`
  const zone822 = utc ? 'GMT' : zone.replace(':', '')
  return {
    rfc3339: text,
    rfc822: `${days[check.getUTCDay()]}, ${d} ${months[month - 1]} ${y} ${h}:${mi}:${s} ${zone822}`,
    time,
  }
}
