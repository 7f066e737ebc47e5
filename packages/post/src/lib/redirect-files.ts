// The files of old addresses: `redirects.json` (`{ "<old address>": "<new path>" }`, read from a content
// folder and written into a built site; `@blogkit/import` writes it for a WordPress blog) and the
// `_redirects` file of Netlify and Cloudflare Pages. One owner of each format; reading the file stays
// with callers, so this runs anywhere.
import { getNodeValue, type Node, type ParseError, parseTree } from 'jsonc-parser'
import type { VFileMessage } from 'vfile-message'
import { hasDotSegment } from './aliases.js'
import type { Point } from './errors.js'
import { PostError } from './errors.js'
import { jsonSyntaxProblem, strictJson } from './json-syntax.js'
import { createLocator } from './positions.js'
import { type Redirect, type RedirectEntry, redirectProblem } from './redirects.js'

/** Options of `parseRedirectsJson`. */
export interface ParseRedirectsJsonOptions {
  /** The file as messages name it and as each entry's `source`. @default 'redirects.json' */
  file?: string | undefined
}

const expected = 'a JSON object of old addresses and new paths ({ "/feed/": "/feed.xml" })'

/**
 * Parse and check the text of a `redirects.json`: `{ "<old address>": "<new path>" }`. Old addresses are
 * paths from the host's root, with a query or not (`/feed/`, `/?p=42`); new paths have no query. Both are
 * percent-encoded as a browser sends them (`/smörgås/` → `/sm%C3%B6rg%C3%A5s/`). A byte order mark is
 * allowed; anything else that is not strict JSON (a comment, a trailing comma) is not.
 *
 * @returns
 *   The entries in the file's order, each with `source`: the file.
 * @throws {PostError}
 *   `invalid-redirects-file` when the text is empty, not JSON (at the line and column where it stops being
 *   JSON) or not an object; `invalid-redirect` for each entry that is not a path from the site's root, and
 *   each old address written twice (every such entry named, at the line and column of its old address, with
 *   what to write).
 */
export function parseRedirectsJson(text: string, options: ParseRedirectsJsonOptions = {}): RedirectEntry[] {
  const file = options.file ?? 'redirects.json'
  // Note: without the byte order mark, so columns on line 1 are those an editor shows.
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  const toPoint = createLocator(json)
  const fail = (reason: string, place?: Point) =>
    new PostError([redirectProblem('invalid-redirects-file', file, reason, place)])
  if (json.trim() === '') throw fail(`is empty: write ${expected}, \`{}\` for none, or remove the file`)
  // One parse (jsonc-parser, strict settings): the first syntax error with its place, or every property
  // with its place (`JSON.parse` gives neither, and keeps only the last of two equal keys).
  const errors: ParseError[] = []
  let root: Node | undefined
  try {
    root = parseTree(json, errors, strictJson)
  } catch (error) {
    // Note: jsonc-parser recurses once per level of nesting.
    if (!(error instanceof RangeError)) throw error
    throw fail(`is nested too deeply to be ${expected}`)
  }
  const first = errors[0]
  if (first !== undefined) {
    const { reason, offset } = jsonSyntaxProblem(json, first)
    throw fail(`not valid JSON: ${reason}; fix the file`, toPoint(offset))
  }
  if (root?.type !== 'object')
    throw fail(
      `should hold ${expected}, got \`${JSON.stringify(root && getNodeValue(root))}\``,
      root && toPoint(root.offset),
    )
  const problems: VFileMessage[] = []
  const firstPlace = new Map<string, Point | undefined>()
  const entries: RedirectEntry[] = []
  for (const property of root.children ?? []) {
    const [keyNode, valueNode] = property.children ?? []
    if (keyNode === undefined || valueNode === undefined) continue
    const from = keyNode.value as string
    const place = toPoint(keyNode.offset)
    const problem = (reason: string) =>
      problems.push(redirectProblem('invalid-redirect', file, `${JSON.stringify(from)}: ${reason}`, place))
    if (firstPlace.has(from)) {
      // Note: once per address, at its second writing.
      const at = firstPlace.get(from)
      if (at)
        problem(
          `is written more than once (first at ${at.line}:${at.column}; JSON keeps only the last): keep one`,
        )
      firstPlace.set(from, undefined)
      continue
    }
    firstPlace.set(from, place)
    const to: unknown = getNodeValue(valueNode)
    const fromProblem = addressProblem(from, true)
    const toProblem = typeof to === 'string' ? addressProblem(to, false) : 'should be a path'
    if (fromProblem) problem(fromProblem)
    else if (toProblem) problem(`${JSON.stringify(to)} ${toProblem}`)
    else entries.push({ from: normalize(from), to: normalize(to as string), source: file, place })
  }
  if (problems.length > 0) throw new PostError(problems)
  return entries
}

function addressProblem(address: string, query: boolean): string | undefined {
  if (!address.startsWith('/') || address.startsWith('//'))
    return 'should be a path from the site’s root (`/old/`)'
  if (/[\s\\#]/.test(address)) return 'should have no space, backslash or `#`'
  if (!query && address.includes('?')) return 'should have no query'
  if (hasDotSegment(address.split('?')[0] ?? '')) return 'should have no `.` or `..` segment'
  return undefined
}

/** The address as a browser sends it: percent-encoded, an empty query left out. */
function normalize(address: string): string {
  const url = new URL(address, 'http://redirect.invalid')
  return `${url.pathname}${url.search === '?' ? '' : url.search}`
}

/**
 * `redirects.json`: `{ "<old address>": "<new path>" }` in the order given, two spaces indented, a newline
 * at the end. For a built site (any host or proxy can read it) and for a content folder (what
 * `parseRedirectsJson` reads).
 */
export function serializeRedirectsJson(redirects: Iterable<Pick<Redirect, 'from' | 'to'>>): string {
  const map = Object.fromEntries(Array.from(redirects, (redirect) => [redirect.from, redirect.to]))
  return `${JSON.stringify(map, null, 2)}\n`
}

/**
 * The `_redirects` file of Netlify and Cloudflare Pages: `/old/ /new/ 301` per redirect; then the old
 * addresses with a query as Netlify matches them (`/ p=42 /posts/a/ 301!`: `!` because a file, the home
 * page, is at `/`; Cloudflare Pages ignores these lines, it has no query matching).
 */
export function serializeNetlifyRedirects(redirects: Iterable<Pick<Redirect, 'from' | 'to'>>): string {
  const lines = ['# Old addresses of the blog and where they are now (written by the build).']
  const queries: string[] = []
  for (const redirect of redirects) {
    const query = redirect.from.indexOf('?')
    if (query === -1) lines.push(`${redirect.from} ${redirect.to} 301`)
    else {
      const params = [...new URLSearchParams(redirect.from.slice(query + 1))].map(
        ([name, value]) => `${encodeURIComponent(name)}=${encodeURIComponent(value)}`,
      )
      queries.push(`${redirect.from.slice(0, query)} ${params.join(' ')} ${redirect.to} 301!`)
    }
  }
  if (queries.length > 0)
    lines.push('# Netlify: addresses with a query (Cloudflare Pages ignores these lines).', ...queries)
  return `${lines.join('\n')}\n`
}
