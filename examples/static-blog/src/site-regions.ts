import { relatedStamp, type Site } from '@blogkit/example-site'
import { postFileState } from '@blogkit/post/node'
import { RegionNames } from './regions.js'

/**
 * The parts of the site pages read, named (regions.ts): the site, each post (its related links, its post
 * file), each tag, category and year archive, each page of `pages/`. A page whose regions read the same as
 * in the last build is kept without replaying its own reads.
 */
export function siteRegionNames(site: Site): RegionNames {
  const names = new RegionNames()
  names.add(site, 'site')
  for (const item of site.posts) {
    names.add(item, `post:${item.id}`)
    // Note: made when first read; its stamp (its list's digest) says when it is the same without that.
    names.addField(item, 'related', `related:${item.id}`, relatedStamp(item))
  }
  // Note: a post from `loadPosts` is what its file says: the file's digest (its bytes, the parse options
  // and the package's version) is its stamp, the file's name its name.
  for (const { post } of [...site.posts, ...site.pages]) {
    const digest = postFileState(post)?.digest
    if (digest !== undefined && post.path !== undefined) names.add(post, `file:${post.path}`, digest)
  }
  const archives = [
    ['tag', site.tags],
    ['category', site.categories],
    ['year', site.years],
  ] as const
  for (const [kind, terms] of archives) for (const term of terms) names.add(term, `${kind}:${term.slug}`)
  for (const page of site.pages) names.add(page, `page:${page.path}`)
  return names
}
