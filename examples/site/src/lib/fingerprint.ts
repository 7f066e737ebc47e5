import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Site, SitePost } from './load-site.js'

function hashTheme(): string {
  const hash = createHash('sha256')
  const root = fileURLToPath(new URL('..', import.meta.url))
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!/\.(ts|css|svg)$/.test(file)) continue
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(`${root}/${file}`))
      .update('\0')
  }
  return hash.digest('hex').slice(0, 16)
}

/** Hash of the theme's source (templates, styles): a change to the theme changes every fingerprint. */
export const themeVersion: string = hashTheme()

function summary(item: SitePost | undefined): unknown {
  if (!item) return null
  const { post } = item
  return [item.path, post.title, post.lang, post.date.getTime()]
}

/**
 * A hash of everything a post's page and comment feed show: the post, its comments, its related posts
 * (with reasons) and neighbours, the site settings and the theme. Equal fingerprints mean equal output,
 * so a builder can skip rendering those files (see examples/static-blog).
 */
export function postFingerprint(site: Site, item: SitePost): string {
  const { post } = item
  const hash = createHash('sha256')
  hash.update(themeVersion)
  hash.update(JSON.stringify(site.config))
  hash.update(
    JSON.stringify([
      post.slug,
      post.title,
      post.date.getTime(),
      post.updated?.getTime() ?? null,
      post.author ?? null,
      post.description ?? null,
      post.lang,
      post.tags,
      post.categories,
      post.readingTime,
      post.headings,
      post.images.slice(0, 1),
      post.excerpt.text,
      // Only what the page shows of a related post: scores move a little with every post added, the
      // links and reasons rarely do.
      item.related.map((link) => [
        summary(link.post),
        link.reasons.tags,
        link.reasons.categories,
        link.reasons.terms,
      ]),
      summary(item.previous),
      summary(item.next),
      item.comments,
      // Tag and category archive paths (a new tag elsewhere may change a slug's `-2` suffix).
      post.tags.map((name) => site.tags.find((term) => term.name === name)?.path ?? null),
      post.categories.map((name) => site.categories.find((term) => term.name === name)?.path ?? null),
    ]),
  )
  hash.update(post.html)
  return hash.digest('hex').slice(0, 32)
}
