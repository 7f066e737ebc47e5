// Where a post's aliases are written in its file, for the messages of `collectRedirects`: found again
// from the file's text when asked (a post from the cache keeps no places; a redirect problem is rare).
import type { Point } from './errors.js'
import { aliasIndices } from './fields.js'
import { decode } from './post-parser.js'
import type { ParsePostOptions, PostInput } from './types.js'

/** Options of `locateAliases`: those `parsePost` read the post with. */
export type LocateAliasesOptions = Pick<ParsePostOptions, 'frontmatter' | 'siteUrl'>

/**
 * The line and column of each of a post's `aliases` in its file (YAML and JSON front matter: the
 * alias itself; TOML: the value of `aliases =`), in the order of `post.aliases` as `parsePost` makes
 * them from the same text and options: the `places` of an `AliasOwner`, for `collectRedirects`.
 *
 * @param input
 *   The post's text, or `{ path, value }` (its file and contents).
 * @param options
 *   `frontmatter` and `siteUrl` as the post was parsed with (`siteUrl` reads absolute aliases).
 * @returns
 *   One place per alias (`undefined` where it cannot be found); `[]` for a file `parsePost` refuses.
 */
export async function locateAliases(
  input: PostInput,
  options?: Readonly<LocateAliasesOptions> | null,
): Promise<Array<Point | undefined>> {
  const path = typeof input === 'string' ? undefined : input.path
  const decoded = decode(typeof input === 'string' ? input : input.value, path)
  if (typeof decoded !== 'string' || options?.frontmatter === false) return []
  // Note: loaded when asked, as `parsePost` does, so that importing the package does not load yaml.
  const { splitFrontMatter } = await import('./front-matter.js')
  const split = splitFrontMatter(decoded.charCodeAt(0) === 0xfeff ? decoded.slice(1) : decoded, path)
  if (split.messages.length > 0) return []
  return aliasIndices(split.data, options?.siteUrl).map((index) => split.locate(['aliases', index]))
}
