import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import {
  commentFormStylesheet,
  favicon,
  renderRobots,
  renderSitemap,
  type Site,
  stylesheet,
} from '@blogkit/example-site'
import type { GetRoute } from './get.js'

const contentTypes: Record<string, string> = {
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
  '.pdf': 'application/pdf',
}

/** The theme's files: the stylesheet (with the comment form's), the favicon, `robots.txt`, the sitemap. */
export function themeFiles(site: Site): GetRoute {
  const { urls } = site
  const css = `${stylesheet}\n${commentFormStylesheet}`
  return (c, pathname) => {
    if (pathname === urls.stylesheet()) {
      return c.body(css, 200, { 'Content-Type': 'text/css; charset=utf-8', 'Cache-Control': 'no-cache' })
    }
    if (pathname === urls.favicon()) {
      return c.body(favicon, 200, {
        'Content-Type': 'image/svg+xml',
        'Cache-Control': 'public, max-age=86400',
      })
    }
    if (pathname === urls.robots()) return c.text(renderRobots(site))
    if (pathname === urls.sitemap()) {
      return c.body(renderSitemap(site), 200, { 'Content-Type': 'application/xml; charset=utf-8' })
    }
    return undefined
  }
}

/**
 * Images and static files of the content folder (`site.assets`); hidden files and paths outside the
 * folders are never served. `notFound` answers a path that cannot be decoded.
 */
export function contentFiles(site: Site, notFound: GetRoute): GetRoute {
  const root = site.urls.root
  return async (c, pathname) => {
    for (const [from, to] of site.assets) {
      const prefix = `${root}${to === '' ? '' : `${to}/`}`
      if (!pathname.startsWith(prefix) || pathname.endsWith('/')) continue
      let relative: string
      try {
        relative = decodeURIComponent(pathname.slice(prefix.length))
      } catch {
        return notFound(c, pathname)
      }
      const file = path.resolve(from, relative)
      if (!file.startsWith(from + path.sep) || relative.split('/').some((part) => part.startsWith('.')))
        continue
      const info = await stat(file).catch(() => undefined)
      if (!info?.isFile()) continue
      const type = contentTypes[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
      return c.body(await readFile(file), 200, {
        'Content-Type': type,
        'Cache-Control': 'public, max-age=3600',
      })
    }
    return undefined
  }
}
