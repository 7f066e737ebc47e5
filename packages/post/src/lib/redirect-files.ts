// The files of old addresses: `redirects.json` (`{ "<old address>": "<new path>" }`, read from a content
// folder and written into a built site; `@blogkit/import` writes it for a WordPress blog) and the
// `_redirects` file of Netlify and Cloudflare Pages. One owner of each format; reading the file stays
// with callers, so this runs anywhere.
import { parseTree } from 'jsonc-parser'
import type { VFileMessage } from 'vfile-message'
import { hasDotSegment } from './aliases.js'
import { PostError } from './errors.js'
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
 * allowed.
 *
 * @returns
 *   The entries in the file's order, each with `source`: the file.
 * @throws {PostError}
 *   `invalid-redirects-file` when the text is empty, not JSON or not an object; `invalid-redirect` for
 *   each entry that is not a path from the site's root, and each old address written twice (every such
 *   entry named, with what to write).
 */
export function parseRedirectsJson(text: string, options: ParseRedirectsJsonOptions = {}): RedirectEntry[] {
  const file = options.file ?? 'redirects.json'
  const fail = (reason: string) => new PostError([redirectProblem('invalid-redirects-file', file, reason)])
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
  if (json.trim() === '') throw fail(`is empty: write ${expected}, \`{}\` for none, or remove the file`)
  let data: unknown
  try {
    data = JSON.parse(json)
  } catch (error) {
    throw fail(`not valid JSON: ${(error as Error).message}`)
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw fail(`should hold ${expected}, got \`${JSON.stringify(data)}\``)
  const problems: VFileMessage[] = duplicateKeys(json).map((key) =>
    redirectProblem(
      'invalid-redirect',
      file,
      `${JSON.stringify(key)}: is written more than once (JSON keeps only the last): keep one`,
    ),
  )
  const entries: RedirectEntry[] = []
  for (const [from, to] of Object.entries(data)) {
    const fromProblem = addressProblem(from, true)
    const toProblem = typeof to === 'string' ? addressProblem(to, false) : 'should be a path'
    if (fromProblem)
      problems.push(redirectProblem('invalid-redirect', file, `${JSON.stringify(from)}: ${fromProblem}`))
    else if (toProblem)
      problems.push(
        redirectProblem(
          'invalid-redirect',
          file,
          `${JSON.stringify(from)}: ${JSON.stringify(to)} ${toProblem}`,
        ),
      )
    else entries.push({ from: normalize(from), to: normalize(to as string), source: file })
  }
  if (problems.length > 0) throw new PostError(problems)
  return entries
}

/**
 * The keys an object (valid JSON) has twice, once each: `JSON.parse` keeps the last silently. Read with
 * jsonc-parser, which keeps every property.
 */
function duplicateKeys(json: string): string[] {
  const seen = new Set<string>()
  const twice = new Set<string>()
  for (const property of parseTree(json)?.children ?? []) {
    const key = property.children?.[0]?.value
    if (typeof key !== 'string') continue
    if (seen.has(key)) twice.add(key)
    seen.add(key)
  }
  return [...twice]
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
