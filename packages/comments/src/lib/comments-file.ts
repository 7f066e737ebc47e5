// The `<slug>.comments.json` format: a JSON array of comment records, oldest first. Read (parse and check)
// and written here, for the site, the import and the stores' import; reading the file stays with callers.
import { findNodeAtLocation, type ParseError, parse, parseTree, printParseErrorCode } from 'jsonc-parser'
import { type CheckCommentsOptions, checkComments } from './comment-records.js'
import { parseDateTime } from './dates.js'
import { CommentError } from './errors.js'
import type { Comment } from './types.js'

/**
 * The comments file of a post file: beside it, with the Markdown extension (`.md`, `.markdown`, any case)
 * replaced by `.comments.json`: `posts/2021/hello.md` → `posts/2021/hello.comments.json`.
 *
 * @throws {TypeError} When the name does not end in `.md` or `.markdown`.
 */
export function commentsFileName(postFile: string): string {
  if (typeof postFile !== 'string' || !/[^/\\]\.(md|markdown)$/i.test(postFile))
    throw new TypeError(
      `Expected the name of a Markdown post file (\`hello.md\`, \`hello.markdown\`), got \`${String(postFile)}\``,
    )
  return postFile.replace(/\.(md|markdown)$/i, '.comments.json')
}

/** Options of `parseCommentsFile`. */
export interface ParseCommentsFileOptions extends CheckCommentsOptions {
  /** The file as errors name it, e.g. `posts/hello.comments.json`. */
  file?: string | undefined
}

/**
 * Parse and check the text of a comments file (`<slug>.comments.json`): a JSON array of comment records
 * (see `checkComments`). A byte order mark is allowed.
 *
 * @throws {CommentError} `invalid-json` (with the line and column), `invalid-comments-file` (not an array),
 *   or a record's problem, with `field` (`comments[3].author.url`), `file`, `line` and `column`.
 */
export function parseCommentsFile(text: string, options: ParseCommentsFileOptions = {}): Comment[] {
  // Note: a BOM becomes a space (JSON whitespace of the same length), so offsets stay those of the text.
  const source = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text
  let data: unknown
  try {
    data = JSON.parse(source)
  } catch (error) {
    throw syntaxError(source, options.file, error)
  }
  if (!Array.isArray(data)) {
    const start = source.length - source.trimStart().length
    throw new CommentError(
      'invalid-comments-file',
      `Expected a JSON array of comments (\`[{ "id": …, "author": { "name": … }, … }]\`), got ${data === null ? 'null' : typeof data === 'object' ? 'an object' : `a ${typeof data}`}`,
      undefined,
      { file: options.file, ...lineColumn(source, start) },
    )
  }
  try {
    return checkComments(data, options)
  } catch (error) {
    if (!(error instanceof CommentError) || error.field === undefined) throw error
    throw new CommentError(error.code, error.reason, error.field, {
      file: options.file,
      ...lineColumn(source, fieldOffset(source, error.field)),
    })
  }
}

const syntaxProblems: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  UnexpectedEndOfNumber: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes was expected',
  ValueExpected: 'a value was expected',
  ColonExpected: '`:` was expected',
  CommaExpected: '`,` was expected',
  CloseBraceExpected: '`}` was expected',
  CloseBracketExpected: '`]` was expected',
  EndOfFileExpected: 'the JSON ends before this',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'comments are not allowed in JSON',
  UnexpectedEndOfString: 'a string is not closed',
  InvalidUnicode: 'a bad `\\u` escape',
  InvalidEscapeCharacter: 'a bad escape in a string',
  InvalidCharacter: 'a control character in a string (escape it, e.g. `\\n`)',
}

function syntaxError(source: string, file: string | undefined, error: unknown): CommentError {
  if (source.trim() === '') {
    return new CommentError(
      'invalid-json',
      'The file is empty: write `[]` for no comments, or remove the file',
      undefined,
      { file },
    )
  }
  // Note: JSON.parse's messages differ between Node versions and do not always give the position;
  // jsonc-parser (strict settings) finds where the text stops being JSON.
  const errors: ParseError[] = []
  parse(source, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false })
  const first = errors[0]
  if (first === undefined) {
    return new CommentError('invalid-json', `Not valid JSON: ${(error as Error).message}`, undefined, {
      file,
    })
  }
  const name = printParseErrorCode(first.error)
  const trailing =
    (name === 'ValueExpected' || name === 'PropertyNameExpected') && /^[\]}]/.test(source.slice(first.offset))
  const problem = trailing
    ? 'a comma before a closing bracket (JSON allows no trailing comma)'
    : syntaxProblems[name]
  return new CommentError('invalid-json', `Not valid JSON: ${problem ?? name}; fix the file`, undefined, {
    file,
    ...lineColumn(source, first.offset),
  })
}

/** Offset of a field (`comments[3].author.url`) in the text, or of its nearest parent that is there. */
function fieldOffset(source: string, field: string): number {
  const root = parseTree(source)
  if (root === undefined) return 0
  const path: (string | number)[] = []
  for (const m of field.replace(/^comments/, '').matchAll(/\[(\d+)\]|\.([^.[]+)/g)) {
    path.push(m[1] === undefined ? m[2]! : Number(m[1]))
  }
  for (let n = path.length; n >= 0; n--) {
    const node = findNodeAtLocation(root, path.slice(0, n))
    if (node !== undefined) return node.offset
  }
  return root.offset
}

/** 1-based line and column of `offset`. */
function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1
  let start = 0
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++
    start = i + 1
  }
  return { line, column: offset - start + 1 }
}

/**
 * The text of a comments file: the comments oldest first (`createdAt`, then `id`), each record's keys in a
 * fixed order (`id`, `postId`, `parentId`, `parentInferred`, `author` (`name`, `url`, `email`,
 * `latestPost`), `createdAt`, `body`, `status`, `score`, `purgedAt`), two-space indented, with a final
 * newline. The same comments give the same bytes, so a file that did not change is not rewritten.
 */
export function serializeCommentsFile(comments: readonly Comment[]): string {
  const records = comments.map((c) => ({ c, t: parseDateTime(c.createdAt) }))
  // Note: by time (a `+02:00` date sorts where it happens); a date that does not parse sorts by its text.
  const byId = (a: Comment, b: Comment) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)
  const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
  records.sort((a, b) => {
    if (Number.isNaN(a.t) || Number.isNaN(b.t)) return byText(a.c.createdAt, b.c.createdAt) || byId(a.c, b.c)
    return a.t - b.t || byId(a.c, b.c)
  })
  return `${JSON.stringify(
    records.map(({ c }) => record(c)),
    null,
    2,
  )}\n`
}

/** The comment with its keys in the file's order (absent and `undefined` fields left out). */
function record(c: Comment): Record<string, unknown> {
  const { name, url, email, latestPost } = c.author
  const author = defined({
    name,
    url,
    email,
    latestPost: latestPost && defined({ title: latestPost.title, url: latestPost.url }),
  })
  return defined({
    id: c.id,
    postId: c.postId,
    parentId: c.parentId,
    parentInferred: c.parentInferred,
    author,
    byAuthor: c.byAuthor,
    createdAt: c.createdAt,
    body: c.body,
    status: c.status,
    score: c.score,
    purgedAt: c.purgedAt,
  })
}

function defined(o: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(o)) if (o[key] === undefined) delete o[key]
  return o
}
