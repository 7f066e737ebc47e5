/** The patterns the import suggests when the old addresses all follow one (WordPress's common settings). */
export const suggestedPermalinks = [
  '/:year/:month/:day/:slug/',
  '/:year/:month/:slug/',
  '/:category/:slug/',
  '/:slug/',
] as const

/** The path and query of a WordPress `<link>` (`https://example.com/2018/11/02/hello/` → `/2018/11/02/hello/`). */
export function oldPathOf(link: string | undefined): string | undefined {
  if (link === undefined || !/^https?:\/\//i.test(link)) return undefined
  try {
    const url = new URL(link)
    return `${url.pathname}${url.search === '?' ? '' : url.search}`
  } catch {
    return undefined
  }
}

/** Compares paths as a server finds files: `%c3%a4` and `%C3%A4` are one address. */
export function samePath(a: string, b: string): boolean {
  return decodeSafely(a) === decodeSafely(b)
}

function decodeSafely(path: string): string {
  try {
    return decodeURI(path)
  } catch {
    return path
  }
}

/** The site root (path of the site's address, with a trailing slash) of a WordPress `<link>` of the channel. */
export function rootOf(siteLink: string | undefined): string {
  if (siteLink === undefined || !/^https?:\/\//i.test(siteLink)) return '/'
  try {
    const path = new URL(siteLink).pathname
    return path.endsWith('/') ? path : `${path}/`
  } catch {
    return '/'
  }
}
