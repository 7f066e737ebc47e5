import type { Site, SitePost } from '../load-site.js'

/** The image a shared post shows (`og:image`): an absolute http(s) URL and its alt text. */
export interface ShareImage {
  url: string
  alt: string
}

/**
 * The image of a post for share previews: the post's first image (an absolute URL, resolved against the
 * post's address; a `data:` image does not count), else site.json `image`, else none.
 */
export function shareImage(site: Site, item: SitePost): ShareImage | undefined {
  const first = item.post.images[0]
  if (first) {
    const url = new URL(first.src, item.url)
    if (url.protocol === 'http:' || url.protocol === 'https:') return { url: url.href, alt: first.alt }
  }
  const fallback = site.config.image
  if (!fallback) return undefined
  // Note: site.json's paths are from the site's root (`/images/share.png`), also under a base path.
  const { urls } = site
  const url = fallback.src.startsWith('/')
    ? urls.absolute(`${urls.root}${fallback.src.slice(1)}`)
    : fallback.src
  return { url, alt: fallback.alt }
}
