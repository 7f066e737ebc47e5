import { hash } from 'node:crypto'
import { relatedStamp, type Site, type SitePost } from '@blogkit/example-site'
import { postFileState } from '@blogkit/post/node'
import { RegionNames } from './regions.js'

/**
 * The fields of a post of the site (`SitePost`) that `sitePostStamp` stands for: every field
 * (test/site-regions.test.ts fails when the theme adds one that is not here).
 */
export const stampedFields = [
  'post',
  'id',
  'path',
  'url',
  'comments',
  'threads',
  'related',
  'tagTerms',
  'categoryTerms',
  'previous',
  'next',
  'draft',
] as const

/**
 * A digest of what a post of the site is made of, beside the named objects it points to (which are
 * regions of their own, read by their names): its id, addresses and draft mark, its comments as stored
 * (its threads are made of them, by the settings that are part of the code version), the slugs of its
 * tags' and categories' archives, its neighbours' ids. `undefined` when its post has no file region.
 */
function sitePostStamp(item: SitePost, file: string | undefined): string | undefined {
  if (file === undefined) return undefined
  const slug = (term: { slug: string } | undefined) => term?.slug ?? null
  const made = [
    file,
    item.id,
    item.path,
    item.url,
    item.draft,
    item.comments,
    item.tagTerms.map(slug),
    item.categoryTerms.map(slug),
    item.previous?.id ?? null,
    item.next?.id ?? null,
  ]
  return hash('sha1', JSON.stringify(made), 'base64url')
}

/** A post's file region: its name and stamp (its file's digest), when it is a post from `loadPosts`. */
function fileRegion(post: SitePost['post']): { name: string; digest: string } | undefined {
  const digest = postFileState(post)?.digest
  return digest !== undefined && post.path !== undefined ? { name: `file:${post.path}`, digest } : undefined
}

/**
 * The parts of the site pages read, named (regions.ts): the site, each post (its related links, its post
 * file), each tag, category and year archive, each page of `pages/`. A page whose regions read the same as
 * in the last build is kept without replaying its own reads.
 */
export function siteRegionNames(site: Site): RegionNames {
  const names = new RegionNames()
  names.add(site, 'site')
  for (const item of site.posts) {
    const file = fileRegion(item.post)
    names.add(item, `post:${item.id}`, sitePostStamp(item, file?.name))
    // Note: made when first read; its stamp (its list's digest) says when it is the same without that.
    names.addField(item, 'related', `related:${item.id}`, relatedStamp(item))
  }
  // Note: a post from `loadPosts` is what its file says: the file's digest (its bytes, the parse options
  // and the package's version) is its stamp, the file's name its name.
  for (const { post } of [...site.posts, ...site.pages]) {
    const file = fileRegion(post)
    if (file) names.add(post, file.name, file.digest)
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
