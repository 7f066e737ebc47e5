import path from 'node:path'
import { readJsonObjectFile } from './content-files.js'
import { SiteError } from './errors.js'

/** An old address of the site and where it is now (a post's alias, or an entry of `redirects.json`). */
export interface Redirect {
  /** The old address: a path from the host's root with its query, percent-encoded (`/2018/11/02/a/`, `/?p=42`). */
  from: string
  /** The path it moved to (a page or file of the site). */
  to: string
  /** What is there now, for the redirect page (a post's title). */
  title: string
  /** Language of the redirect page. */
  lang: string
  /** Where the old address was written (`posts/a.md`, `redirects.json`), for messages. */
  source: string
}

/** Something that has old addresses: a post or a page (`aliases` in its front matter). */
export interface AliasOwner {
  aliases: readonly string[]
  /** Its path on the site. */
  path: string
  title: string
  lang: string
  /** Its file, as messages show it. */
  file: string
}

/** Where an old address's page is written: the file a static server would look for (decoded). */
function fileKey(address: string): string {
  const [pathname = ''] = address.split('?')
  let decoded: string
  try {
    decoded = decodeURIComponent(pathname)
  } catch {
    decoded = pathname
  }
  const last = decoded.slice(decoded.lastIndexOf('/') + 1)
  if (decoded.endsWith('/')) return `${decoded}index.html`
  return last.includes('.') ? decoded : `${decoded}/index.html`
}

/** The key two addresses collide on: their file, or (with a query) the path and query as a server reads them. */
function addressKey(address: string): string {
  const query = address.indexOf('?')
  if (query === -1) return fileKey(address)
  const params = new URLSearchParams(address.slice(query + 1))
  params.sort()
  return `${fileKey(address.slice(0, query))}?${params}`
}

/** The path a redirect page for `from` is written at: `from` itself, `/old/` for `/old` (no extension). */
export function redirectPagePath(from: string): string {
  const last = from.slice(from.lastIndexOf('/') + 1)
  return from.endsWith('/') || last.includes('.') ? from : `${from}/`
}

/** Whether `from` can have a page of its own (an address with a query cannot: a file is the same for every query). */
export const hasRedirectPage = (redirect: Pick<Redirect, 'from'>) => !redirect.from.includes('?')

/**
 * Read `redirects.json` of the content folder: `{ "<old address>": "<new path>" }` (the old feed addresses
 * `blogkit-import wordpress` writes, or your own). `[]` without the file.
 *
 * @throws {SiteError}
 *   When it is not a JSON object of paths, naming the file and the entry.
 */
export async function readRedirectsFile(
  contentDir: string,
  lang: string,
): Promise<Array<Omit<Redirect, 'title'> & { title?: undefined }>> {
  const file = path.join(contentDir, 'redirects.json')
  const shown = path.relative(process.cwd(), file) || file
  const data = await readJsonObjectFile(
    file,
    shown,
    'a JSON object of old addresses and new paths ({ "/feed/": "/feed.xml" })',
  )
  if (data === undefined) return []
  const problems: string[] = []
  const redirects: Array<Omit<Redirect, 'title'>> = []
  for (const [from, to] of Object.entries(data)) {
    const fromProblem = addressProblem(from, true)
    const toProblem = typeof to === 'string' ? addressProblem(to, false) : 'should be a path'
    if (fromProblem) problems.push(`${shown}: ${JSON.stringify(from)}: ${fromProblem}`)
    else if (toProblem) problems.push(`${shown}: ${JSON.stringify(from)}: ${JSON.stringify(to)} ${toProblem}`)
    else
      redirects.push({
        from: normalize(from),
        to: normalize(to as string),
        lang,
        source: shown,
      })
  }
  if (problems.length > 0) throw new SiteError(problems)
  return redirects
}

function addressProblem(address: string, query: boolean): string | undefined {
  if (!address.startsWith('/') || address.startsWith('//'))
    return 'should be a path from the site’s root (`/old/`)'
  if (/[\s\\#]/.test(address)) return 'should have no space, backslash or `#`'
  if (!query && address.includes('?')) return 'should have no query'
  const pathname = address.split('?')[0] ?? ''
  if (pathname.split('/').some((segment) => /^(?:\.|%2e){1,2}$/i.test(segment)))
    return 'should have no `.` or `..` segment'
  return undefined
}

function normalize(address: string): string {
  const url = new URL(address, 'http://redirect.invalid')
  return `${url.pathname}${url.search === '?' ? '' : url.search}`
}

/**
 * The site's redirects: each post's and page's aliases to it, then `extra` (from `redirects.json`), checked
 * against each other and against the site's own addresses.
 *
 * @param realPaths
 *   Every path the site has a page or file at (`sitePages`), with what is there (`posts/a.md`).
 * @throws {SiteError}
 *   Naming both sides of every collision: an alias that is a page's address, two posts with one alias, an
 *   alias outside the site's root, a `redirects.json` entry that points at nothing.
 */
export function collectRedirects(
  owners: Iterable<AliasOwner>,
  extra: ReadonlyArray<Omit<Redirect, 'title'>>,
  realPaths: ReadonlyMap<string, string>,
  root: string,
): Redirect[] {
  const real = new Map<string, string>()
  for (const [address, what] of realPaths) real.set(addressKey(address), what)
  const taken = new Map<string, Redirect>()
  const problems: string[] = []
  const redirects: Redirect[] = []
  const add = (redirect: Redirect) => {
    const key = addressKey(redirect.from)
    if (!redirect.from.startsWith(root)) {
      problems.push(
        `${redirect.source}: old address ${redirect.from} is not under the site's root ${root}: the site cannot answer it; remove it (or publish the site at the host's root)`,
      )
      return
    }
    const page = real.get(key)
    if (page !== undefined) {
      problems.push(
        `${redirect.source}: old address ${redirect.from} is the address of ${page}: a redirect there would hide it; remove the alias (or move ${page})`,
      )
      return
    }
    const other = taken.get(key)
    if (other !== undefined) {
      if (other.to !== redirect.to || other.source !== redirect.source)
        problems.push(
          `${redirect.source}: old address ${redirect.from} is also one of ${other.source}: an address can lead to one place; remove it from one of them`,
        )
      return
    }
    taken.set(key, redirect)
    redirects.push(redirect)
  }
  for (const owner of owners)
    for (const alias of owner.aliases) {
      // Note: an alias that is the post's own address (after a change of permalink back) asks for nothing.
      if (addressKey(alias) === addressKey(owner.path)) continue
      add({ from: alias, to: owner.path, title: owner.title, lang: owner.lang, source: owner.file })
    }
  for (const entry of extra) {
    const target = real.get(addressKey(entry.to))
    if (target === undefined) {
      problems.push(
        `${entry.source}: ${entry.from} points at ${entry.to}, which the site does not have: point it at a page or feed of the site`,
      )
      continue
    }
    add({ ...entry, title: entry.to })
  }
  if (problems.length > 0) throw new SiteError(problems)
  return redirects
}

/**
 * The `_redirects` file of Netlify and Cloudflare Pages: `/old/ /new/ 301` per redirect; then the old
 * addresses with a query as Netlify matches them (`/ p=42 /posts/a/ 301!`: `!` because a file, the home
 * page, is at `/`; Cloudflare Pages ignores these lines, it has no query matching).
 */
export function renderRedirectsFile(redirects: readonly Redirect[]): string {
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

/** `redirects.json` of the built site: `{ "<old address>": "<new path>" }`, for any host or proxy. */
export function renderRedirectsJson(redirects: readonly Redirect[]): string {
  return `${JSON.stringify(Object.fromEntries(redirects.map((redirect) => [redirect.from, redirect.to])), null, 2)}\n`
}
