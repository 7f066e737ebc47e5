import path from 'node:path'
import type { Site, SitePost } from './load-site.js'
import { type AliasOwner, collectRedirects, type Redirect, readRedirectsFile } from './redirects.js'
import { sitePages } from './render-site.js'

/**
 * The redirects of a loaded site (`site.redirects` is set from it by `loadSite`): its posts' and pages'
 * aliases and the content folder's `redirects.json`, checked against every page and file of `sitePages`.
 */
export async function siteRedirects(site: Site): Promise<Redirect[]> {
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
  // Note: the content folder's pages (`site.pages`, where the site has them) have aliases too.
  const pages = (site as { pages?: ReadonlyArray<{ post: SitePost['post']; path: string; file: string }> })
    .pages
  for (const page of pages ?? [])
    owners.push({
      aliases: page.post.aliases ?? [],
      path: page.path,
      title: page.post.title,
      lang: page.post.lang,
      file: page.file,
    })
  const extra = await readRedirectsFile(site.contentDir, site.config.language)
  return collectRedirects(owners, extra, realPaths, site.urls.root)
}
