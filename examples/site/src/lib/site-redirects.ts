import { readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  type AliasOwner,
  collectRedirects,
  locateAliases,
  PostError,
  parseRedirectsJson,
  type Redirect,
  redirectKey,
} from '@blogkit/post'
import { readOptionalFile } from './content-files.js'
import { asSiteError, SiteError } from './errors.js'
import type { Site, SitePost } from './load-site.js'
import { sitePages } from './render-site.js'

/**
 * The redirects of a loaded site (`site.redirects` is set from it by `loadSite`): its posts' and pages'
 * aliases and the content folder's `redirects.json`, checked against every page and file of `sitePages`
 * (the rules are @blogkit/post's `collectRedirects`).
 *
 * @throws {SiteError}
 *   Naming the file, line and column of every problem (both sides of a collision).
 */
export async function siteRedirects(site: Site): Promise<Redirect[]> {
  const file = path.join(site.contentDir, 'redirects.json')
  const text = await readOptionalFile(file)
  // Note: the content folder's pages (`site.pages`, where the site has them) have aliases too.
  const pages = (site as { pages?: ReadonlyArray<{ post: SitePost['post']; path: string; file: string }> })
    .pages
  // Note: no alias and no redirects.json: nothing to check against the site's pages, so they are not
  // listed (at 10,000 posts that is 41,000 pages, 0.2-0.3 s of each build).
  if (
    text === undefined &&
    site.posts.every((item) => (item.post.aliases ?? []).length === 0) &&
    (pages ?? []).every((page) => (page.post.aliases ?? []).length === 0)
  )
    return []
  const realPaths = new Map<string, string>()
  // Note: once per post (a post has four files: its page and three comment feeds; `path.relative` of
  // 40,000 files cost a tenth of a rebuild at 10,000 posts).
  const files = new Map<SitePost['post'], string>()
  const fileOf = (post: SitePost['post']) => {
    let file = files.get(post)
    if (file === undefined) {
      file = path.relative(process.cwd(), path.join(site.postsDir, post.path ?? `${post.slug}.md`))
      files.set(post, file)
    }
    return file
  }
  for (const page of sitePages({ ...site, redirects: [] })) {
    const item = page.kind === 'post' && page.slug !== undefined ? site.bySlug.get(page.slug) : undefined
    realPaths.set(page.path, item ? fileOf(item.post) : `the site's ${page.path}`)
  }
  const owners: AliasOwner[] = site.posts.map((item) => ({
    aliases: item.post.aliases ?? [],
    path: item.path,
    title: item.post.title,
    lang: item.post.lang,
    file: fileOf(item.post),
  }))
  for (const page of pages ?? [])
    owners.push({
      aliases: page.post.aliases ?? [],
      path: page.path,
      title: page.post.title,
      lang: page.post.lang,
      file: page.file,
    })
  const entries =
    text === undefined
      ? []
      : asSiteError(() => parseRedirectsJson(text, { file: path.relative(process.cwd(), file) || file }))
  const collect = () =>
    collectRedirects({
      posts: owners,
      entries,
      paths: realPaths,
      root: site.urls.root,
      lang: site.config.language,
    })
  try {
    return collect()
  } catch (error) {
    if (!(error instanceof PostError)) throw error
    // Note: a post keeps no places of its aliases (one from the cache has none, and problems are rare),
    // so the files of the aliases in the problems are read again and the problems made with their lines.
    await placeAliases(owners, error, new URL(site.config.baseUrl).origin)
    asSiteError(collect)
    throw SiteError.of(error.messages)
  }
}

/**
 * Sets `places` of each owner of an old address `error` is about (both sides of a collision), from its file
 * (`owner.file`, from the current folder); an owner whose file cannot be read again is left without.
 */
async function placeAliases(owners: AliasOwner[], error: PostError, siteUrl: string): Promise<void> {
  const keys = new Set(
    error.messages.flatMap(({ actual }) => (actual === undefined ? [] : [redirectKey(actual)])),
  )
  const placed = owners.filter((owner) => owner.aliases.some((alias) => keys.has(redirectKey(alias))))
  await Promise.all(
    placed.map(async (owner) => {
      const value = await readFile(path.resolve(owner.file)).catch(() => undefined)
      const places = value && (await locateAliases({ path: owner.file, value }, { siteUrl }))
      // Note: a file changed since it was read (the dev server) may have other aliases: no places then.
      if (places?.length === owner.aliases.length) owner.places = places
    }),
  )
}
