// Old addresses of a site (posts' and pages' `aliases`, the entries of `redirects.json`) and where they are
// now: checked against each other and against the site's own addresses, with every collision named on
// both sides. The files made of them are in redirect-files.ts.
import { VFileMessage } from 'vfile-message'
import { type Point, PostError, source } from './errors.js'

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
  /**
   * Where in `source` it is written, when known (an entry of `redirects.json`: its old address's line and
   * column; a post's alias: its owner's `places`), for messages.
   */
  place?: Point | undefined
}

/**
 * An entry of `redirects.json` (`parseRedirectsJson`): an old address, its new path, the file it is in and
 * where in it.
 */
export type RedirectEntry = Pick<Redirect, 'from' | 'to' | 'source' | 'place'>

/** Something that has old addresses: a post or a page (`aliases` in its front matter, `post.aliases`). */
export interface AliasOwner {
  /** Its old addresses (`post.aliases`). */
  aliases: readonly string[]
  /** Its path on the site (`/posts/hello/`). */
  path: string
  /** Its title, for the redirect page. */
  title: string
  /** Its language, for the redirect page. */
  lang: string
  /** Its file, as messages show it (`posts/hello.md`). */
  file: string
  /**
   * Where each of `aliases` is written in `file` (same order; `locateAliases` finds them), for messages
   * (`posts/hello.md:4:5: …`). Without it, a problem with an alias names the file only.
   */
  places?: ReadonlyArray<Point | undefined> | undefined
}

/** Options of `collectRedirects`. */
export interface CollectRedirectsOptions {
  /** The posts and pages with their aliases. */
  posts: Iterable<AliasOwner>
  /** Entries of `redirects.json` (`parseRedirectsJson`); each must point at one of `paths`. @default [] */
  entries?: Iterable<RedirectEntry> | undefined
  /**
   * Every path the site has a page or file at, with what is there as messages name it (`posts/a.md`,
   * `the site's /tags/`): no old address may be one of them, and every entry must point at one.
   */
  paths: ReadonlyMap<string, string>
  /** The path the site is published at (`/blog/`): every old address must be under it. @default '/' */
  root?: string | undefined
  /** Language of the redirect pages of `entries` (the site's). @default 'en' */
  lang?: string | undefined
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

/**
 * The key two addresses are one old address by: the file a static server finds for the path (decoded,
 * `/old` and `/old/` alike: `/old/index.html`), then the query with its parameters sorted (`?a=1&b=2` and
 * `?b=2&a=1` alike). `collectRedirects` checks aliases and entries by it; a server finds the redirect of a
 * request by it.
 */
export function redirectKey(address: string): string {
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
export function hasRedirectPage(redirect: Pick<Redirect, 'from'>): boolean {
  return !redirect.from.includes('?')
}

/** Where an old address is written, as messages name it: `redirects.json:3:3`, `posts/a.md:4:5`, `posts/a.md`. */
const shownAt = (redirect: Pick<Redirect, 'source' | 'place'>) =>
  redirect.place ? `${redirect.source}:${redirect.place.line}:${redirect.place.column}` : redirect.source

/**
 * A problem with an old address, placed at `place` in its file when known (`redirects.json:3:3: …`,
 * `posts/a.md:4:5: …`), else at its file (`posts/a.md: …`).
 *
 * @param ruleId
 *   Stable kebab-case code (see the README, “Diagnostics”).
 * @param actual
 *   The old address it is about (`message.actual`).
 */
export function redirectProblem(
  ruleId: string,
  file: string,
  reason: string,
  place?: Point,
  actual?: string,
): VFileMessage {
  const message = new VFileMessage(reason, { ruleId, source, place })
  if (actual !== undefined) message.actual = actual
  message.fatal = true
  message.file = file
  message.name = place ? `${file}:${message.name}` : file
  return message
}

/**
 * The site's redirects: each post's and page's aliases to it, then the `redirects.json` entries, checked
 * against each other and against the site's own addresses. An alias that is its owner's own address (after
 * a permalink changed back) is left out; the same address twice in one place counts once.
 *
 * @returns
 *   The redirects in the order of `posts` (each one's aliases in order), then of `entries`.
 * @throws {PostError}
 *   With every problem, each naming both sides (at their line and column where known: an entry's `place`,
 *   an alias's `places`; `message.actual` is the old address): `alias-outside-root` (not under `root`),
 *   `alias-hides-page` (the address of a page or file of the site), `duplicate-alias` (two posts, or a post
 *   and an entry, with one old address), `missing-redirect-target` (an entry pointing at no path of the site).
 */
export function collectRedirects(options: CollectRedirectsOptions): Redirect[] {
  const root = options.root ?? '/'
  const real = new Map<string, string>()
  for (const [address, what] of options.paths) real.set(redirectKey(address), what)
  const taken = new Map<string, Redirect>()
  const problems: VFileMessage[] = []
  const redirects: Redirect[] = []
  const add = (redirect: Redirect) => {
    const key = redirectKey(redirect.from)
    if (!redirect.from.startsWith(root)) {
      problems.push(
        redirectProblem(
          'alias-outside-root',
          redirect.source,
          `old address ${redirect.from} is not under the site's root ${root}: the site cannot answer it; remove it (or publish the site at the host's root)`,
          redirect.place,
          redirect.from,
        ),
      )
      return
    }
    const page = real.get(key)
    if (page !== undefined) {
      problems.push(
        redirectProblem(
          'alias-hides-page',
          redirect.source,
          `old address ${redirect.from} is the address of ${page}: a redirect there would hide it; remove the alias (or move ${page})`,
          redirect.place,
          redirect.from,
        ),
      )
      return
    }
    const other = taken.get(key)
    if (other !== undefined) {
      if (other.to !== redirect.to || other.source !== redirect.source)
        problems.push(
          redirectProblem(
            'duplicate-alias',
            redirect.source,
            `old address ${redirect.from} is also one of ${shownAt(other)}: an address can lead to one place; remove it from one of them`,
            redirect.place,
            redirect.from,
          ),
        )
      return
    }
    taken.set(key, redirect)
    redirects.push(redirect)
  }
  for (const owner of options.posts)
    for (const [index, alias] of owner.aliases.entries()) {
      // Note: an alias that is the post's own address (after a change of permalink back) asks for nothing.
      if (redirectKey(alias) === redirectKey(owner.path)) continue
      const place = owner.places?.[index]
      add({
        from: alias,
        to: owner.path,
        title: owner.title,
        lang: owner.lang,
        source: owner.file,
        ...(place ? { place } : {}),
      })
    }
  for (const entry of options.entries ?? []) {
    if (!real.has(redirectKey(entry.to))) {
      problems.push(
        redirectProblem(
          'missing-redirect-target',
          entry.source,
          `${entry.from} points at ${entry.to}, which the site does not have: point it at a page or feed of the site`,
          entry.place,
          entry.from,
        ),
      )
      continue
    }
    add({
      from: entry.from,
      to: entry.to,
      title: entry.to,
      lang: options.lang ?? 'en',
      source: entry.source,
      ...(entry.place ? { place: entry.place } : {}),
    })
  }
  if (problems.length > 0) throw new PostError(problems)
  return redirects
}
