// "Remember me" on the comment form: the reader's name, e-mail and website in a cookie that the server
// reads to fill in the form (no JavaScript). HttpOnly, SameSite=Lax, Secure on an https site, a year.
import type { CommentFormValues, Site } from '@blogkit/example-site'
import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'

/** Name of the cookie. */
export const rememberCookie = 'blogkit_author'

const yearSeconds = 365 * 24 * 60 * 60

/** What a remembered reader's form starts with, or `undefined` without a (readable) cookie. */
export function rememberedValues(c: Context): CommentFormValues | undefined {
  const raw = getCookie(c, rememberCookie)
  if (raw === undefined || raw === '' || raw.length > 4000) return undefined
  try {
    const data: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
    if (typeof data !== 'object' || data === null) return undefined
    const text = (value: unknown) => (typeof value === 'string' ? value.slice(0, 2000) : '')
    const { name, email, url } = data as Record<string, unknown>
    const values = { name: text(name), email: text(email), url: text(url), remember: true }
    return values.name === '' && values.email === '' && values.url === '' ? undefined : values
  } catch {
    // Note: a damaged or foreign cookie is ignored (the form starts empty), never an error.
    return undefined
  }
}

/** After a comment is stored: keep the reader's details when "remember me" was ticked, else forget them. */
export function rememberReader(c: Context, site: Site, values: CommentFormValues): void {
  const options = {
    httpOnly: true,
    sameSite: 'Lax' as const,
    path: site.urls.root,
    secure: site.config.baseUrl.startsWith('https:'),
  }
  if (!values.remember) {
    if (getCookie(c, rememberCookie) !== undefined) deleteCookie(c, rememberCookie, options)
    return
  }
  const data = {
    name: values.name?.trim() ?? '',
    email: values.email?.trim() ?? '',
    url: values.url?.trim() ?? '',
  }
  const value = Buffer.from(JSON.stringify(data), 'utf8').toString('base64url')
  setCookie(c, rememberCookie, value, { ...options, maxAge: yearSeconds })
}
