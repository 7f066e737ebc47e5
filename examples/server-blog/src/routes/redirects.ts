import type { Site } from '@blogkit/example-site'
import { redirectKey } from '@blogkit/post'
import type { GetRoute } from './get.js'

/**
 * The site's old addresses (`site.redirects`: posts' `aliases`, the content folder's `redirects.json`)
 * answered with `301 Moved Permanently` to where they are now. An old address with a query (`/?p=42`)
 * matches a request with that path and those parameters, whatever other parameters it has (`utm_source`).
 * Paths are compared by @blogkit/post's `redirectKey` (decoded; `/old`, `/old/` and `/old/index.html` are
 * one, as for the static blog's redirect pages). Asked before the pages, so that `/?p=42` is not the home
 * page.
 */
export function redirectRoutes(site: Pick<Site, 'redirects'>): GetRoute {
  const byPath = new Map<string, string>()
  const byQuery = new Map<string, Array<{ params: Array<[string, string]>; to: string }>>()
  for (const redirect of site.redirects) {
    const query = redirect.from.indexOf('?')
    if (query === -1) byPath.set(redirectKey(redirect.from), redirect.to)
    else {
      const key = redirectKey(redirect.from.slice(0, query))
      const list = byQuery.get(key) ?? []
      list.push({ params: [...new URLSearchParams(redirect.from.slice(query + 1))], to: redirect.to })
      byQuery.set(key, list)
    }
  }
  if (byPath.size === 0 && byQuery.size === 0) return () => undefined
  return (c, pathname) => {
    const key = redirectKey(pathname)
    let to = byPath.get(key)
    if (to === undefined) {
      const candidates = byQuery.get(key)
      if (candidates === undefined) return undefined
      const search = new URL(c.req.url).searchParams
      to = candidates.find((candidate) =>
        candidate.params.every(([name, value]) => search.getAll(name).includes(value)),
      )?.to
      if (to === undefined) return undefined
    }
    c.header('Cache-Control', 'public, max-age=3600')
    return c.redirect(to, 301) as Response
  }
}
