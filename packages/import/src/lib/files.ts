import { readFile } from 'node:fs/promises'
import { CommentError, serializeCommentsFile } from '@blogkit/comments'
import { readCommentsFile } from '@blogkit/comments/node'
import { jsonSyntaxError } from '@blogkit/post'
import { type JSONPath, visit } from 'jsonc-parser'
import { stringify } from 'yaml'
import { ImportError } from './errors.js'
import type { ImportedComment, ImportedPost, Mention } from './types.js'

/** A file to write: path relative to the output folder, and its text. */
export interface ContentFile {
  /** Path relative to the output folder, with `/`. */
  path: string
  /** Contents. */
  text: string
}

/**
 * The Markdown file of a post: YAML front matter (`post.data`) that @blogkit/post's `parsePost` reads
 * back, then the Markdown body. Deterministic: the same post gives the same bytes.
 */
export function toMarkdownFile(post: Pick<ImportedPost, 'data' | 'body'>): string {
  const front = stringify(post.data, { lineWidth: 0, defaultStringType: 'PLAIN', defaultKeyType: 'PLAIN' })
  return `---\n${front}---\n\n${post.body.trim()}\n`
}

const byDate = <T extends { createdAt: string; id: string }>(a: T, b: T) =>
  a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0

/**
 * A comments file (`<slug>.comments.json`), written by @blogkit/comments' `serializeCommentsFile`: a JSON
 * array of comments, oldest first, as the examples read it and as `threadComments` and
 * `CommentStore.import` take it.
 */
export function toCommentsFile(comments: readonly ImportedComment[]): string {
  return serializeCommentsFile(comments)
}

/** A mentions file (`<slug>.mentions.json`): a JSON array of pingbacks and trackbacks, oldest first. */
export function toMentionsFile(mentions: readonly Mention[]): string {
  return `${JSON.stringify([...mentions].sort(byDate), null, 2)}\n`
}

/** Result of `mergeComments`. */
export interface MergeCommentsResult<T> {
  /** All comments, oldest first. */
  comments: T[]
  /** Comments that were not there before. */
  added: number
  /** Comments that were there and changed. */
  changed: number
}

/**
 * Merge imported comments into the comments already in a file, by `id`: new ones are added, those with
 * a known id replace the old (or are left alone when `keep(id)` says so, e.g. a Disqus copy of a
 * WordPress comment), and comments only in the file stay. Merging the same comments twice changes nothing.
 */
export function mergeComments<T extends { id: string; createdAt: string }>(
  existing: readonly T[],
  incoming: readonly T[],
  options: { keep?: (comment: T) => boolean } = {},
): MergeCommentsResult<T> {
  const byId = new Map(existing.map((c) => [c.id, c]))
  let added = 0
  let changed = 0
  for (const comment of incoming) {
    const old = byId.get(comment.id)
    if (old === undefined) added++
    else if (options.keep?.(comment)) continue
    else if (JSON.stringify(old) !== JSON.stringify(comment)) changed++
    byId.set(comment.id, comment)
  }
  return { comments: [...byId.values()].sort(byDate), added, changed }
}

/**
 * Read a comments file that an earlier import wrote (`[]` when it does not exist), with @blogkit/comments'
 * reader (`readCommentsFile` of `@blogkit/comments/node`, the site's too).
 * @throws {ImportError} naming the file, line and column of the problem.
 */
export async function readExistingComments(file: string): Promise<ImportedComment[]> {
  try {
    return await readCommentsFile(file)
  } catch (error) {
    if (!(error instanceof CommentError)) throw error
    const { line, column } = error
    throw new ImportError(error.code, `${error.reason}: fix or remove the file and import again`, {
      file,
      ...(line === undefined ? {} : { line }),
      ...(column === undefined ? {} : { column }),
    })
  }
}

/**
 * Read a mentions file that an earlier import wrote (`[]` when it does not exist): a JSON array of
 * mentions, each an object with a string `id` and `createdAt` (what merging needs). A byte order mark is
 * allowed.
 * @throws {ImportError} `invalid-mentions-file`, naming the file, line and column of the problem.
 */
export async function readExistingMentions(file: string): Promise<Mention[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw error
  }
  // Note: a BOM becomes a space (JSON whitespace of the same length), so places stay those of the text.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text
  const fail = (reason: string, place: { line: number; column: number } | undefined) =>
    new ImportError('invalid-mentions-file', `${reason}: fix or remove the file and import again`, {
      file,
      ...place,
    })
  if (source.trim() === '') throw fail('the file is empty (write `[]` for no mentions)', undefined)
  let data: unknown
  try {
    data = JSON.parse(source)
  } catch (error) {
    // Note: in the same words and at the same place on every Node.js version (@blogkit/post's).
    const problem = jsonSyntaxError(source)
    throw fail(
      `not valid JSON: ${problem?.reason ?? (error as Error).message}`,
      problem && { line: problem.line, column: problem.column },
    )
  }
  if (!Array.isArray(data)) throw fail('expected a JSON array of mentions', jsonPlace(source, []))
  const bad = data.findIndex(
    (m: unknown) =>
      typeof m !== 'object' ||
      m === null ||
      typeof (m as Mention).id !== 'string' ||
      typeof (m as Mention).createdAt !== 'string',
  )
  if (bad !== -1)
    throw fail(
      `mention ${bad + 1} is not an object with a string \`id\` and \`createdAt\``,
      jsonPlace(source, [bad]),
    )
  return data as Mention[]
}

/**
 * 1-based line and column, found by jsonc-parser, where the value at `path` starts (`[]` the whole
 * document, `[3]` its fourth element).
 */
function jsonPlace(source: string, at: JSONPath): { line: number; column: number } | undefined {
  let place: { line: number; column: number } | undefined
  const value = (_offset: number, _length: number, line: number, character: number, path: () => JSONPath) => {
    const here = path()
    if (here.length === at.length && here.every((key, i) => key === at[i]))
      place ??= { line: line + 1, column: character + 1 }
  }
  visit(
    source,
    {
      onObjectBegin: value,
      onArrayBegin: value,
      onLiteralValue: (_value, ...rest) => value(...rest),
    },
    { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
  )
  return place
}
