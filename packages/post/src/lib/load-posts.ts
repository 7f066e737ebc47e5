import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import type { StandardSchemaV1 } from '@standard-schema/spec'
import { glob } from 'tinyglobby'
import type { VFileMessage } from 'vfile-message'
import { openCache, optionsKey } from './cache.js'
import { createMessage, PostError } from './errors.js'
import { createPostParser, validate } from './post-parser.js'
import type { ParsePostOptions, Post, PostData } from './types.js'

/** Options of `loadPosts`: those of `parsePost`, plus which files to read. */
export interface LoadPostsOptions<Schema extends StandardSchemaV1 | undefined = undefined>
  extends ParsePostOptions<Schema> {
  /**
   * Glob patterns of post files, relative to the directory.
   * @default ['**\/*.md', '**\/*.markdown']
   */
  include?: string[]
  /**
   * Directory for a cache of parsed posts (created if missing). Posts are re-parsed only when
   * their content, path, the options or the package version change; `schema` runs on every load.
   * Entries are never deleted: remove the directory to clear it.
   */
  cache?: string
  /**
   * Glob patterns of files to skip (`node_modules` and dot files are always skipped).
   * @default []
   */
  ignore?: string[]
}

/** Number of files read at once. */
const readAhead = 64

/**
 * Read every post under a directory (recursively) and parse it with `parsePost`.
 *
 * @param dir
 *   Directory holding the posts.
 * @param options
 *   Configuration (optional): the options of `parsePost`, plus `include` and `ignore`.
 * @returns
 *   Posts in path order (see `sortPosts`); `[]` when the directory holds no post files.
 * @throws {PostError}
 *   With every problem of every file (and duplicate slugs, naming both files), when any post
 *   has a problem, or when `dir` does not exist.
 * @see https://github.com/blogkit/blogkit/tree/main/packages/post#loadpostsdir-options
 */
export async function loadPosts<Schema extends StandardSchemaV1 | undefined = undefined>(
  dir: string,
  options?: Readonly<LoadPostsOptions<Schema>> | null,
): Promise<Array<Post<PostData<Schema>>>> {
  if (typeof dir !== 'string' || dir === '')
    throw new TypeError(`Expected \`dir\` to be a directory path, got \`${String(dir)}\``)
  const { parse, settings } = createPostParser(options)
  const exists = await stat(dir).catch(() => undefined)
  if (!exists?.isDirectory()) {
    throw new PostError([
      createMessage(
        exists
          ? 'expected a directory of posts, got a file (use `parsePost` for one file)'
          : 'no such directory: check the path',
        { ruleId: 'missing-directory', file: dir },
      ),
    ])
  }
  const files = (
    await glob(options?.include ?? ['**/*.md', '**/*.markdown'], {
      cwd: dir,
      ignore: ['**/node_modules/**', ...(options?.ignore ?? [])],
      dot: false,
      onlyFiles: true,
      expandDirectories: false,
    })
  ).sort()

  const cache = options?.cache
    ? await openCache(path.resolve(options.cache), optionsKey(settings, options))
    : undefined
  const messages: VFileMessage[] = []
  const posts: Post[] = []
  const reads: Array<Promise<Uint8Array>> = []
  const read = (index: number) => {
    const file = files[index]
    if (file !== undefined) reads[index] = readFile(path.join(dir, file))
  }
  for (let index = 0; index < Math.min(readAhead, files.length); index++) read(index)
  for (const [index, file] of files.entries()) {
    const value = await reads[index]!
    delete reads[index]
    read(index + readAhead)
    const name = file.split(path.sep).join('/')
    const key = cache?.key(name, value)
    const cached = key ? await cache?.get(key) : undefined
    if (cached) {
      if (!settings.schema) {
        posts.push(cached)
        continue
      }
      const checked = await validate(settings.schema, cached.data, { file: name, locate: () => undefined })
      if (checked.ok) {
        posts.push({ ...cached, data: checked.value as Record<string, unknown> })
        continue
      }
      // Invalid: parse again below, for messages with positions.
    }
    const result = await parse({ path: name, value })
    if (result.post) {
      posts.push(result.post)
      if (key && !cached) await cache?.set(key, { ...result.post, data: result.raw })
    } else messages.push(...result.messages)
  }

  const seen = new Map<string, Post>()
  for (const post of posts) {
    const other = seen.get(post.slug)
    if (other) {
      messages.push(
        createMessage(
          `${JSON.stringify(post.slug)} is also the slug of ${other.path}: give one of them another \`slug\` in front matter`,
          { ruleId: 'duplicate-slug', field: 'slug', place: { line: 1, column: 1 }, file: post.path },
        ),
      )
    } else seen.set(post.slug, post)
  }
  if (messages.length > 0) throw new PostError(messages)
  return posts as Array<Post<PostData<Schema>>>
}
