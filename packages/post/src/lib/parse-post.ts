import type { StandardSchemaV1 } from '@standard-schema/spec'
import { emitWarning, PostError } from './errors.js'
import { createPostParser } from './post-parser.js'
import type { ParsePostOptions, Post, PostData, PostInput } from './types.js'

/**
 * Parse one post: front matter (YAML, TOML or JSON) and Markdown (CommonMark + GFM) into a
 * typed `Post` with HTML, plain text, excerpt, headings, reading time, images and links.
 *
 * @param input
 *   Markdown text, or `{ path, value }` (the path names the file in errors and gives the
 *   slug and, for `YYYY-MM-DD-slug.md`, the date).
 * @param options
 *   Configuration (optional).
 * @returns
 *   The post.
 * Warnings (a front matter key close to a built-in field, `tgas:`) go to `options.onWarning` (by
 * default `process.emitWarning`, else `console.warn`), before the post is returned or the error thrown.
 *
 * @throws {PostError}
 *   When the post has problems (bad front matter, wrong field types, impossible dates, …);
 *   `error.messages` lists every one as `path:line:column: field: message`.
 * @throws {TypeError}
 *   When options are wrong.
 * @see https://github.com/blogkit/blogkit/tree/main/packages/post#parsepostinput-options
 */
export async function parsePost<Schema extends StandardSchemaV1 | undefined = undefined>(
  input: PostInput,
  options?: Readonly<ParsePostOptions<Schema>> | null,
): Promise<Post<PostData<Schema>>> {
  if (
    typeof input !== 'string' &&
    (typeof input !== 'object' || input === null || typeof input.path !== 'string')
  ) {
    throw new TypeError('Expected `input` to be a string or `{ path: string, value: string }`')
  }
  const { parse } = createPostParser(options)
  const result = await parse(input)
  const onWarning = options?.onWarning ?? emitWarning
  for (const warning of result.warnings) onWarning(warning)
  if (!result.post) throw new PostError(result.messages)
  return result.post as Post<PostData<Schema>>
}
