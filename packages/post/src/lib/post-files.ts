import { createHash, hash } from 'node:crypto'
import type { Post } from './types.js'

/** What `loadPosts` knows of the file of a post it returned. */
export interface PostFileState {
  /**
   * Digest (SHA-256, base64url) of the file's bytes and of what they were parsed with (the package
   * version and the options, as in the cache key; not `schema`): equal digests, equal posts.
   */
  digest: string
  /**
   * Whether the file changed since the last load with the same `cache` (added, edited, or parsed with
   * other options or another version of the package); `true` for every file without a `cache`.
   */
  changed: boolean
}

const states = new WeakMap<Post, PostFileState>()

/**
 * The digests of files' bytes (`contentHash`) under one set of parse options (`optionsKey`, hashed
 * once: it holds plugins' source text).
 */
export function createPostDigest(optionsKey: string): (contentHash: string) => string {
  const options = createHash('sha256').update(optionsKey).digest('base64url')
  // Note: one `hash` call per post instead of a `Hash` object (a load of 10,000 posts made one each:
  // 36 ms); the same bytes, so the same digests.
  return (contentHash) => hash('sha256', `${options}\0${contentHash}`, 'base64url')
}

/** Record the state of a post's file (`loadPosts`). */
export function setPostFileState(post: Post, state: PostFileState): void {
  states.set(post, state)
}

/**
 * The content digest of a post's file and whether the file changed since the last load, for a post
 * returned by `loadPosts` (`undefined` for any other post object). Known without reading the file
 * again: a caller never needs to stat or hash the posts itself.
 *
 * @see https://github.com/blogkit/blogkit/tree/main/packages/post#postfilestatepost
 */
export function postFileState(post: Post): PostFileState | undefined {
  return states.get(post)
}
