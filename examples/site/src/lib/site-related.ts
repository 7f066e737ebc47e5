import type { Post } from '@blogkit/post'
import { postFileState } from '@blogkit/post/node'
import { createRelatedIndex, type RelatedPost } from '@blogkit/related'
import type { RelatedCache, RelatedLists } from '@blogkit/related/incremental'
import type { SiteConfig } from './config.js'
import type { RelatedLink, SitePost } from './load-site.js'

/**
 * Each post's related posts as ranked, by id: a cache's `RelatedLists` (read one by one when asked for,
 * each with a digest and the ids in it) or, ranked afresh, a `Map`.
 */
export type RankedLists = RelatedLists | ReadonlyMap<string, readonly RelatedPost[]>

/**
 * Related posts of every post: with a cache, only where posts changed (@blogkit/related/incremental,
 * told what changed by each post file's digest from @blogkit/post); without one, all afresh.
 */
export async function rankRelated(
  published: readonly Post[],
  idOf: ReadonlyMap<Post, string>,
  config: SiteConfig,
  cache: RelatedCache | undefined,
): Promise<RankedLists> {
  // Note: a post whose id is not its slug (two posts share the slug) is ranked under its id, as an
  // object that reads every other field from the post (big fields are decoded when first read).
  const original = new Map<object, Post>()
  const posts = published.map((post) => {
    const id = idOf.get(post) ?? post.id
    if (id === post.id) return post
    const renamed = Object.create(post, { id: { value: id, enumerable: true } }) as Post
    original.set(renamed, post)
    return renamed
  })
  if (cache)
    return cache.rankLists(posts, {
      digest: (post) => postFileState(original.get(post) ?? (post as Post))?.digest,
    })
  return createRelatedIndex(posts, { lang: config.language }).relatedAll({ limit: config.relatedLimit })
}

/** A post's related posts as links to the site's posts (hits of posts not on the site left out). */
function relatedLinks(
  hits: readonly RelatedPost[] | undefined,
  bySlug: ReadonlyMap<string, SitePost>,
): RelatedLink[] {
  return (hits ?? []).flatMap((hit) => {
    const other = bySlug.get(hit.id)
    return other ? [{ post: other, score: hit.score, reasons: hit.reasons }] : []
  })
}

/** `relatedStamp` by post. */
const stamps = new WeakMap<SitePost, string>()

/**
 * Give each post its `related` links, made when first read: a cache's lists are read one by one, so a
 * build that renders a few pages reads a few lists. With a cache's digests, each post gets a
 * `relatedStamp`.
 */
export function attachRelated(
  posts: readonly SitePost[],
  lists: RankedLists | undefined,
  bySlug: ReadonlyMap<string, SitePost>,
): void {
  for (const item of posts) {
    let links: RelatedLink[] | undefined
    Object.defineProperty(item, 'related', {
      get: () => {
        links ??= relatedLinks(lists?.get(item.id), bySlug)
        return links
      },
      set: (value: RelatedLink[]) => {
        links = value
        stamps.delete(item)
      },
      enumerable: true,
      configurable: true,
    })
    const digest = lists && 'digest' in lists ? lists.digest(item.id) : undefined
    const ids = lists && 'ids' in lists ? lists.ids(item.id) : undefined
    // Note: the links are the list's hits of posts on the site: the list, and which of its ids are not.
    if (digest !== undefined && ids !== undefined)
      stamps.set(item, `${digest}:${JSON.stringify(ids.filter((id) => !bySlug.has(id)))}`)
  }
}

/**
 * What a post's `related` links are made from, as a digest (its list's, and which of its posts are not on
 * the site): the same in two builds when the links are, known without making them. `undefined` when the
 * lists had no digests (ranked afresh) or `related` was set by hand.
 */
export function relatedStamp(item: SitePost): string | undefined {
  return stamps.get(item)
}
