import { createHash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Post } from '@blogkit/post'
import { yearSpan } from './layout.js'
import type { Site, SitePost } from './load-site.js'

function hashFolder(hash: ReturnType<typeof createHash>, root: string, pattern: RegExp): void {
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!pattern.test(file)) continue
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(root, file)))
      .update('\0')
  }
}

/** Hash of a blogkit package's built code. */
function hashPackage(hash: ReturnType<typeof createHash>, name: string): void {
  try {
    hashFolder(hash, path.dirname(fileURLToPath(import.meta.resolve(name))), /\.js$/)
  } catch {
    hash.update(`${name} not found`)
  }
}

function hashTheme(): string {
  const hash = createHash('sha256')
  hashFolder(hash, fileURLToPath(new URL('..', import.meta.url)), /\.(ts|css|svg)$/)
  // Note: pages also hold what the packages make (comment HTML, feed XML, discovery links, slugs), so
  // their built code is part of the theme's version: rebuilding a package re-renders the pages.
  for (const name of ['@blogkit/post', '@blogkit/comments', '@blogkit/related', '@blogkit/feed'])
    hashPackage(hash, name)
  return hash.digest('hex').slice(0, 16)
}

function hashDigestsVersion(): string {
  const hash = createHash('sha256').update(readFileSync(fileURLToPath(import.meta.url)))
  hashPackage(hash, '@blogkit/post')
  return hash.digest('hex').slice(0, 16)
}

/**
 * Hash of the theme's source (templates, styles) and of the built code of the blogkit packages it
 * uses: a change to either changes every fingerprint.
 */
export const themeVersion: string = hashTheme()

/**
 * Hash of what `PostDigests` depend on besides the post's file: the code that computes them and the
 * built code of @blogkit/post (a post's fields come from both).
 */
export const postDigestsVersion: string = hashDigestsVersion()

/** A short hash of strings (inputs of pages are compared, never shown). */
export function digest(...parts: readonly string[]): string {
  const hash = createHash('sha1')
  for (const part of parts) hash.update(part).update('\0')
  return hash.digest('base64url')
}

// Note: fingerprints are memoized per site object: a site model is not changed after `loadSite`
// (the server passes live comments to the renderers instead of changing the model).
const globals = new WeakMap<Site, string>()
const fingerprints = new WeakMap<SitePost, string>()

/**
 * What every page of the site shows beside its own content: the theme, the settings (title, base
 * URL, time zone, …) and the years in the footer.
 */
export function siteFingerprint(site: Site): string {
  let value = globals.get(site)
  if (value === undefined) {
    value = digest(themeVersion, JSON.stringify(site.config), yearSpan(site))
    globals.set(site, value)
  }
  return value
}

/** What a list entry or link shows of a post (archives, related posts, previous/next). */
export function postListKey(item: SitePost | undefined): string {
  if (!item) return 'null'
  let key = listKeys.get(item)
  if (key === undefined) {
    const { post } = item
    key = JSON.stringify([item.path, post.title, post.lang, post.date.getTime()])
    listKeys.set(item, key)
  }
  return key
}

const listKeys = new WeakMap<SitePost, string>()

/**
 * A hash of everything a post's page and comment feed show: the post, its comments, its related posts
 * (with reasons) and neighbours, the site settings, the years in the footer and the theme. Equal
 * fingerprints mean equal output, so a builder can skip rendering those files (see
 * examples/static-blog).
 */
export function postFingerprint(site: Site, item: SitePost): string {
  const known = fingerprints.get(item)
  if (known !== undefined) return known
  const { post } = item
  const hash = createHash('sha256')
  hash.update(siteFingerprint(site))
  hash.update(postDigests(post).page)
  hash.update(
    JSON.stringify([
      // Only what the page shows of a related post: scores move a little with every post added, the
      // links and reasons rarely do.
      item.related.map((link) => [
        postListKey(link.post),
        link.reasons.tags,
        link.reasons.categories,
        link.reasons.terms,
      ]),
      postListKey(item.previous),
      postListKey(item.next),
      item.comments,
      // Tag and category archive paths (a new tag elsewhere may change a slug's `-2` suffix).
      post.tags.map((name) => termPath(site, 'tag', name)),
      post.categories.map((name) => termPath(site, 'category', name)),
    ]),
  )
  const value = hash.digest('hex').slice(0, 32)
  fingerprints.set(item, value)
  return value
}

/**
 * Digests of a post's own fields, for the fingerprints: `page`, everything its page and comment feed
 * show of it; `related`, everything @blogkit/related reads of it; `summary`, its excerpt (home pages).
 * Kept by `loadSite` in its cache folder for each post file.
 */
export interface PostDigests {
  page: string
  related: string
  summary: string
  /** Not a digest: the `src` of every image the post shows (to check that local images exist). */
  images: string[]
}

const digestsByPost = new WeakMap<Post, PostDigests>()

/**
 * The digests of a post (computed from its fields once per post object, unless `loadSite` restored
 * them from its cache for a post whose file is unchanged: then the big fields of a cached post are
 * never read).
 */
export function postDigests(post: Post): PostDigests {
  let digests = digestsByPost.get(post)
  if (digests === undefined) {
    digests = computePostDigests(post)
    digestsByPost.set(post, digests)
  }
  return digests
}

/** Use these digests for this post object (`loadSite`, from its cache: the post's file is unchanged). */
export function restorePostDigests(post: Post, digests: PostDigests): void {
  digestsByPost.set(post, digests)
}

/** Compute the digests of a post from its fields (reads its HTML, text and excerpt). */
export function computePostDigests(post: Post): PostDigests {
  const page = createHash('sha256').update(
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
    ]),
  )
  // Note: the description falls back to the text when the excerpt is empty.
  if (post.excerpt.text === '' && post.description === undefined) page.update(post.text)
  page.update(post.html)
  const related = createHash('sha256')
    .update(
      JSON.stringify([post.title, post.tags, post.categories, post.date.getTime(), post.lang, post.draft]),
    )
    .update(post.text)
  return {
    page: page.digest('base64url'),
    related: related.digest('base64url'),
    summary: digest(post.excerpt.html, post.excerpt.text),
    images: post.images.map((image) => image.src),
  }
}

const termPaths = new WeakMap<Site, Map<string, string>>()

/** Path of a tag's or category's archive page, by name (`null` when there is none). */
function termPath(site: Site, kind: 'tag' | 'category', name: string): string | null {
  let paths = termPaths.get(site)
  if (!paths) {
    paths = new Map()
    for (const term of site.tags) paths.set(`tag\0${term.name}`, term.path)
    for (const term of site.categories) paths.set(`category\0${term.name}`, term.path)
    termPaths.set(site, paths)
  }
  return paths.get(`${kind}\0${name}`) ?? null
}
