// A stored address (ASCII: punycode host, percent-encoded path) as a reader wrote it and reads it.
// Note: `node:url`'s domainToUnicode, as the theme renders in Node only (the static build, the server);
// a theme that rendered in a browser would need punycode.js instead.
import { domainToUnicode } from 'node:url'

/**
 * `https://www.xn--saberg-hua2l.example/blogg/%C3%A5r` → `www.åsaöberg.example/blogg/år`: the host in
 * Unicode, the path decoded where it is valid UTF-8, without the scheme (and without a lone `/`). For
 * text only (links keep the stored ASCII `href`); anything that is not an http(s) URL is returned as given.
 */
export function readableUrl(href: string): string {
  let url: URL
  try {
    url = new URL(href)
  } catch {
    return href
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return href
  const host = (domainToUnicode(url.hostname) || url.hostname) + (url.port === '' ? '' : `:${url.port}`)
  const rest = `${url.pathname === '/' ? '' : url.pathname}${url.search}${url.hash}`
  let decoded = rest
  try {
    decoded = decodeURI(rest)
  } catch {
    // Note: a path that is not valid UTF-8 stays encoded.
  }
  return host + decoded
}
