const cache = new Map<string, Intl.DateTimeFormat>()

function formatter(lang: string, timeZone: string, withTime: boolean): Intl.DateTimeFormat {
  const key = `${lang}\u0000${timeZone}\u0000${withTime}`
  let format = cache.get(key)
  if (!format) {
    format = new Intl.DateTimeFormat(lang, {
      dateStyle: 'long',
      ...(withTime ? { timeStyle: 'short' } : {}),
      timeZone,
    })
    cache.set(key, format)
  }
  return format
}

/** A date as readers of `lang` write it (`14 mars 2019`, `March 14, 2019`), in `timeZone`. */
export function formatDate(date: Date, lang: string, timeZone: string): string {
  return formatter(lang, timeZone, false).format(date)
}

const monthFormats = new Map<string, Intl.DateTimeFormat>()

/** `Intl.DateTimeFormat` of the month alone: its name in `lang`, or its number for `lang` `numeric`. */
function monthFormatter(lang: string, timeZone: string): Intl.DateTimeFormat {
  const key = `${lang}\u0000${timeZone}`
  let format = monthFormats.get(key)
  if (!format) {
    format =
      lang === 'numeric'
        ? new Intl.DateTimeFormat('en', { month: '2-digit', timeZone })
        : new Intl.DateTimeFormat(lang, { month: 'long', timeZone })
    monthFormats.set(key, format)
  }
  return format
}

/** The month of a date in `timeZone`, `01` to `12`. */
export function monthNumber(date: Date, timeZone: string): string {
  return monthFormatter('numeric', timeZone).format(date)
}

/** The name of a date's month in `lang`, as a heading (`Mars`, `March`), in `timeZone`. */
export function formatMonth(date: Date, lang: string, timeZone: string): string {
  const name = monthFormatter(lang, timeZone).format(date)
  return `${name.charAt(0).toLocaleUpperCase(lang)}${name.slice(1)}`
}

/** A date and time as readers of `lang` write it, in `timeZone`. */
export function formatDateTime(date: Date, lang: string, timeZone: string): string {
  return formatter(lang, timeZone, true).format(date)
}

/** Plain text shortened to at most `max` characters at a word boundary, with an ellipsis when cut. */
export function truncate(text: string, max: number): string {
  const clean = text.replace(/\s+/g, ' ').trim()
  if (clean.length <= max) return clean
  const cut = clean.slice(0, max - 1)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,.;:–-]+$/, '')}…`
}
