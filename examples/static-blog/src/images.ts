import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { filePathOf, type Site, type SitePost } from '@blogkit/example-site'

/** A local image a post shows that no file of the site provides. */
export interface MissingImage {
  /** The post's slug. */
  slug: string
  /** Absolute path of the post's Markdown file. */
  file: string
  /** 1-based line of the image in that file (of the first place its `src` is written), when found. */
  line?: number | undefined
  /** 1-based column of the `src` on that line, when found. */
  column?: number | undefined
  /** `src` as written in the post. */
  src: string
  /** Path the image resolves to on the site (`/images/a.png`). */
  path: string
  /** What is wrong and what to do, without the place (`image "…" not found: …`). */
  reason: string
}

/** Line and column (1-based) of `offset` in `text`. */
function place(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let start = 0
  for (
    let index = text.indexOf('\n');
    index !== -1 && index < offset;
    index = text.indexOf('\n', index + 1)
  ) {
    line++
    start = index + 1
  }
  return { line, column: offset - start + 1 }
}

/** Where `src` is written in a post's source: inside `(…)` or quotes first, else anywhere. */
function locate(source: string, src: string): { line: number; column: number } | undefined {
  for (const needle of [`(${src}`, `(<${src}>`, `"${src}"`, `'${src}'`]) {
    const at = source.indexOf(needle)
    if (at !== -1) return place(source, at + needle.indexOf(src))
  }
  const at = source.indexOf(src)
  return at === -1 ? undefined : place(source, at)
}

/**
 * Find the local images the posts show that no file provides: `src`s that resolve (against the post's
 * page URL) to a path on the site that is neither in the content's `images/` or `static/` folders nor
 * a file the theme makes. Images on other sites, and `data:` URLs, are not checked.
 *
 * @param imagesOf
 *   The `src` of every image a post shows (`post.images`; the build gives them from its record for
 *   posts whose file is unchanged, so that their other fields are not decoded from the cache).
 * @returns
 *   The missing images, post by post in site order, each with the line and column of its `src` in the
 *   post's file (when it can be found there) and a reason that says where the file should be.
 */
export async function findMissingImages(
  site: Site,
  imagesOf: (item: SitePost) => readonly string[] = (item) => item.post.images.map((image) => image.src),
): Promise<MissingImage[]> {
  const { urls } = site
  const origin = new URL(site.config.baseUrl).origin
  const made = new Set([urls.stylesheet(), urls.favicon()])
  const exists = new Map<string, Promise<boolean>>()
  const isFile = (file: string) => {
    let known = exists.get(file)
    if (!known) {
      known = stat(file).then(
        (stats) => stats.isFile(),
        () => false,
      )
      exists.set(file, known)
    }
    return known
  }
  /** Candidate files in the content folder for a path on the site (relative to the site root). */
  const candidates = (relative: string) =>
    site.assets.flatMap(([from, to]) => {
      if (to === '') return [path.join(from, relative)]
      return relative.startsWith(`${to}/`) ? [path.join(from, relative.slice(to.length + 1))] : []
    })
  // Note: places are named relative to the content folder, which is how its README describes them.
  const inContent = (file: string) => path.relative(site.contentDir, file).split(path.sep).join('/')

  const check = async (item: SitePost): Promise<Array<Omit<MissingImage, 'file' | 'line' | 'column'>>> => {
    const found: Array<Omit<MissingImage, 'file' | 'line' | 'column'>> = []
    for (const src of imagesOf(item)) {
      let url: URL
      try {
        url = new URL(src, item.url)
      } catch {
        found.push({ slug: item.post.slug, src, path: src, reason: `image "${src}" is not a valid URL` })
        continue
      }
      if (url.origin !== origin || !/^https?:$/.test(url.protocol)) continue
      if (made.has(url.pathname)) continue
      if (!url.pathname.startsWith(urls.root)) {
        found.push({
          slug: item.post.slug,
          src,
          path: url.pathname,
          reason: `image "${src}" is outside the site (${urls.root}): put it in the content folder's images/ and write ${urls.root}images/<name>`,
        })
        continue
      }
      let relative: string
      try {
        relative = filePathOf(url.pathname, urls.root)
      } catch {
        relative = url.pathname.slice(urls.root.length)
      }
      const options = candidates(relative)
      let present = false
      for (const file of options) if (await isFile(file)) present = true
      if (present) continue
      found.push({
        slug: item.post.slug,
        src,
        path: url.pathname,
        reason: relative.startsWith('images/')
          ? `image "${src}" not found: expected ${inContent(path.join(site.contentDir, relative))} in the content folder`
          : `image "${src}" not found: it is ${url.pathname} on the site, which no file provides; put the image in the content folder's images/ and write ${urls.root}images/<name> (or put it at static/${relative})`,
      })
    }
    return found
  }

  const missing: MissingImage[] = []
  for (const item of site.posts) {
    if (imagesOf(item).length === 0) continue
    const found = await check(item)
    if (found.length === 0) continue
    const file = path.join(site.postsDir, item.post.path ?? `${item.post.slug}.md`)
    const source = await readFile(file, 'utf8').catch(() => '')
    for (const image of found) {
      const at = locate(source, image.src)
      missing.push({ ...image, file, line: at?.line, column: at?.column })
    }
  }
  return missing
}
