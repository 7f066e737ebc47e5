import { slugify } from './slug.js'

/** What a post's path says about it. */
export interface PathParts {
  /** `slugify` of the file name (the folder's name for `index.md`), or `undefined` when that is empty. */
  slug: string | undefined
  /** `YYYY-MM-DD` when the file name starts with it (`2021-01-01-hello.md`), as written (not checked). */
  date: string | undefined
}

const jekyllName = /^(\d{4}-\d{2}-\d{2})-(.+)$/

/** File name parts: slug source and Jekyll-style date. */
export function nameParts(path: string | undefined): { name: string | undefined; date: string | undefined } {
  if (path === undefined) return { name: undefined, date: undefined }
  const parts = path.split(/[\\/]/)
  let name = parts.at(-1)!.replace(/\.(md|markdown|mdx?|mkdn?|rmd)$/i, '')
  // Note: page bundles (`hello/index.md`) take the folder's name, as in Hugo.
  if (/^_?index$|^readme$/i.test(name) && parts.length > 1) name = parts.at(-2)!
  const match = jekyllName.exec(name)
  if (match) return { name: match[2], date: match[1] }
  return { name, date: undefined }
}

/**
 * The slug and date a post gets from its path when its front matter has no `slug` (or `date`): the rule
 * `parsePost` and `loadPosts` use, for tools that name or find posts by file (`@blogkit/import`).
 *
 * `2021-01-01-hello.md` → `{ slug: 'hello', date: '2021-01-01' }`; `2023/hello/index.md` →
 * `{ slug: 'hello' }`; `Smörgåsbord.md` → `{ slug: 'smorgasbord' }`.
 *
 * @param path
 *   Path of the post file, with `/` or `\` separators.
 * @returns
 *   The slug (`undefined` when the name has no letters or digits: the post then takes its title's) and the
 *   date (`undefined` without one).
 */
export function slugFromPath(path: string): PathParts {
  if (typeof path !== 'string') throw new TypeError('Expected `path` to be a string')
  const { name, date } = nameParts(path)
  return { slug: (name === undefined ? '' : slugify(name)) || undefined, date }
}
