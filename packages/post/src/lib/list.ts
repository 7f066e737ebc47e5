import type { Post } from './types.js'

/** A post as the list helpers need it (any `Post`, whatever its `data`). */
type ListPost = Pick<Post<unknown>, 'slug' | 'date' | 'draft' | 'tags' | 'categories'>

/** Options of `sortPosts`. */
export interface SortPostsOptions {
  /**
   * `'desc'` for newest first, `'asc'` for oldest first.
   * @default 'desc'
   */
  order?: 'asc' | 'desc'
}

/**
 * Sort posts by date (ties by slug, so the order is stable). Returns a new array.
 *
 * @param posts
 *   Posts to sort.
 * @param options
 *   Configuration (optional).
 * @returns
 *   Sorted copy of `posts`.
 */
export function sortPosts<T extends ListPost>(
  posts: readonly T[],
  options?: Readonly<SortPostsOptions> | null,
): T[] {
  const direction = (options?.order ?? 'desc') === 'desc' ? -1 : 1
  return [...posts].sort(
    (a, b) =>
      direction * (a.date.getTime() - b.date.getTime()) || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0),
  )
}

/** Options of `filterPosts`. */
export interface FilterPostsOptions {
  /**
   * Keep drafts.
   * @default false
   */
  drafts?: boolean
  /**
   * Keep posts dated after `now` (scheduled posts).
   * @default false
   */
  future?: boolean
  /**
   * The present moment, for future-dated posts.
   * @default new Date()
   */
  now?: Date
}

/**
 * Drop drafts and future-dated posts (options keep them). Returns a new array.
 *
 * @param posts
 *   Posts to filter.
 * @param options
 *   Configuration (optional).
 * @returns
 *   Published posts, in the order given.
 */
export function filterPosts<T extends ListPost>(
  posts: readonly T[],
  options?: Readonly<FilterPostsOptions> | null,
): T[] {
  const now = (options?.now ?? new Date()).getTime()
  return posts.filter(
    (post) => (options?.drafts || !post.draft) && (options?.future || post.date.getTime() <= now),
  )
}

/** Neighbours of a post by date. */
export interface AdjacentPosts<T> {
  /** The next older post, if any (WordPress's “previous post”). */
  previous: T | undefined
  /** The next newer post, if any (WordPress's “next post”). */
  next: T | undefined
}

/**
 * Find the posts published just before and just after a post, by date.
 *
 * @param posts
 *   All posts (any order; filter drafts first if they should not be linked).
 * @param post
 *   The post, or its slug.
 * @returns
 *   `{ previous, next }`; both `undefined` when the post is not in the list.
 */
export function adjacentPosts<T extends ListPost>(posts: readonly T[], post: T | string): AdjacentPosts<T> {
  const slug = typeof post === 'string' ? post : post.slug
  const sorted = sortPosts(posts, { order: 'asc' })
  const index = sorted.findIndex((item) => item.slug === slug)
  if (index === -1) return { previous: undefined, next: undefined }
  return { previous: sorted[index - 1], next: sorted[index + 1] }
}

/** Options of `groupPosts`. */
export interface GroupPostsOptions {
  /** What to group by: each tag, each category, or the year (in `timeZone`). */
  by: 'tag' | 'category' | 'year'
  /**
   * IANA time zone in which the year of a post is read (`by: 'year'`).
   * @default 'UTC'
   */
  timeZone?: string
}

/**
 * Group posts by tag, category or year. A post with two tags is in both groups.
 *
 * @param posts
 *   Posts to group; each group keeps their order (sort them first).
 * @param options
 *   What to group by.
 * @returns
 *   Map from tag, category or year (`'2024'`) to posts, keys in order of first appearance.
 */
export function groupPosts<T extends ListPost>(
  posts: readonly T[],
  options: Readonly<GroupPostsOptions>,
): Map<string, T[]> {
  const by = options?.by
  if (by !== 'tag' && by !== 'category' && by !== 'year') {
    throw new TypeError(
      `Expected \`by\` to be \`'tag'\`, \`'category'\` or \`'year'\`, got \`${String(by)}\``,
    )
  }
  const year = new Intl.DateTimeFormat('en', { timeZone: options.timeZone ?? 'UTC', year: 'numeric' })
  const groups = new Map<string, T[]>()
  for (const post of posts) {
    const keys = by === 'tag' ? post.tags : by === 'category' ? post.categories : [year.format(post.date)]
    for (const key of keys) {
      let group = groups.get(key)
      if (!group) {
        group = []
        groups.set(key, group)
      }
      group.push(post)
    }
  }
  return groups
}
