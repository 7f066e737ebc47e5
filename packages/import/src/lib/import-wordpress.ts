import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { commentsFileName } from '@blogkit/comments'
import { defaultPermalink, serializeRedirectsJson } from '@blogkit/post'
import { parse } from 'yaml'
import {
  mergeComments,
  readExistingComments,
  readExistingMentions,
  toCommentsFile,
  toMarkdownFile,
  toMentionsFile,
} from './files.js'
import { createOldAddresses } from './old-addresses.js'
import { type Counter, counts, type Output, write } from './output.js'
import type { Attachment, ImportedPost, ImportWarning } from './types.js'
import { readWordPress } from './wordpress.js'

/** Options of `importWordPress` besides those of `readWordPress`. */
export interface ImportWordPressOptions {
  /** Permalink pattern of posts on the new site (`--permalink`); else site.json's, else `/posts/:slug/`. */
  permalink?: string | undefined
}

/** The result of `importWordPress`. */
export interface ImportWordPressResult {
  /** The summary line. */
  summary: string
  /** Lines of advice on the old addresses (the pattern that keeps them), printed after the summary. */
  advice: string[]
}

/** `permalink` and `timeZone` of a site.json already in the output folder (`undefined` when there is none). */
async function readSiteSettings(
  file: string,
): Promise<{ permalink?: unknown; timeZone?: unknown } | undefined> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
  try {
    const data = JSON.parse(text) as unknown
    return data && typeof data === 'object' && !Array.isArray(data) ? data : {}
  } catch {
    // Note: the site reports a broken site.json itself; the import only reads two fields of it.
    return {}
  }
}

/** `data` with `aliases` set just before the `wordpress` block (so the front matter reads in order). */
function withAliases<T extends Pick<ImportedPost, 'data'>>(post: T, aliases: readonly string[]): T {
  if (aliases.length === 0) return post
  const data: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(post.data)) {
    if (key === 'wordpress') data.aliases = [...aliases]
    if (key !== 'aliases') data[key] = value
  }
  data.aliases ??= [...aliases]
  return { ...post, data }
}

/**
 * A post's Markdown file (`toMarkdownFile`'s) with other `aliases`: the same bytes as writing the post
 * with them. Its front matter is read back with the `yaml` package that wrote it.
 */
export function replaceAliases(text: string, aliases: readonly string[]): string {
  const end = text.indexOf('\n---\n', 3)
  if (!text.startsWith('---\n') || end < 0) throw new Error('Not a Markdown file with front matter')
  const data = parse(text.slice(4, end + 1)) as Record<string, unknown>
  return toMarkdownFile(withAliases({ data, body: text.slice(end + 5) }, aliases))
}

/**
 * `blogkit-import wordpress`: read the export and stage each post's Markdown, comments and mentions
 * files, `attachments.json`, `redirects.json` (the old feed addresses) and `site.json` (once) in
 * `output`. Each published post and page gets its old addresses as `aliases` (see old-addresses.ts).
 */
export async function importWordPress(
  stream: NodeJS.ReadableStream & AsyncIterable<Uint8Array>,
  out: string,
  output: Output,
  options: Parameters<typeof readWordPress>[1] & ImportWordPressOptions,
  warn: (warning: ImportWarning) => void,
): Promise<ImportWordPressResult> {
  const counter: Counter = { created: 0, updated: 0, unchanged: 0 }
  const attachments: Attachment[] = []
  const slugOf = new Map<string, string>()
  const siteFile = path.join(out, 'site.json')
  const existing = await readSiteSettings(siteFile)
  const permalink =
    options?.permalink ??
    (typeof existing?.permalink === 'string' ? existing.permalink : undefined) ??
    defaultPermalink
  const timeZone =
    existing === undefined
      ? (options?.timeZone ?? 'UTC')
      : typeof existing.timeZone === 'string'
        ? existing.timeZone
        : 'UTC'
  const advice: string[] = []
  if (
    existing !== undefined &&
    options?.permalink !== undefined &&
    (existing.permalink ?? defaultPermalink) !== options.permalink
  )
    advice.push(
      `${siteFile}: its \`permalink\` is ${JSON.stringify(existing.permalink ?? defaultPermalink)}; the aliases were written for --permalink ${options.permalink}: set "permalink": ${JSON.stringify(options.permalink)} in site.json`,
    )
  const addresses = createOldAddresses({ permalink, timeZone })
  /** Pages wait until every page is known, for their parents' slugs. */
  const pagesFound: Array<{ post: ImportedPost; file: string }> = []
  const pageById = new Map<string, { slug: string; parent: string | undefined }>()
  let posts = 0
  let pages = 0
  let comments = 0
  let mentions = 0
  for await (const record of readWordPress(stream, options)) {
    if (record.type === 'warning') warn(record.warning)
    else if (record.type === 'site') {
      // Note: site.json is the examples' site settings; written once, never over the user's edits.
      const file = siteFile
      addresses.setSite(record.site.link)
      if (existing === undefined) {
        const { site } = record
        const config: Record<string, string> = {}
        if (site.title) config.title = site.title
        if (site.description) config.description = site.description
        if (site.language) config.language = site.language
        if (/^https?:\/\//.test(site.link)) config.baseUrl = site.link
        if (options?.timeZone) config.timeZone = options.timeZone
        if (options?.permalink !== undefined) config.permalink = options.permalink
        await write(output, counter, file, `${JSON.stringify(config, null, 2)}\n`)
      } else counter.unchanged++
    } else if (record.type === 'attachment') attachments.push(record.attachment)
    else if (record.type === 'post') {
      const { post } = record
      const dir = path.join(out, post.source.postType === 'page' ? 'pages' : 'posts')
      slugOf.set(post.source.id, `${post.source.postType === 'page' ? 'pages' : 'posts'}/${post.slug}`)
      if (post.source.postType === 'page') pages++
      else posts++
      comments += record.comments.length
      mentions += record.mentions.length
      if (post.source.postType === 'page') {
        const parent = post.data.wordpress as { parent?: unknown } | undefined
        pageById.set(post.source.id, {
          slug: post.slug,
          parent: parent?.parent === undefined ? undefined : String(parent.parent),
        })
        pagesFound.push({ post, file: path.join(dir, `${post.slug}.md`) })
      } else {
        const file = path.join(dir, `${post.slug}.md`)
        await write(
          output,
          counter,
          file,
          toMarkdownFile(withAliases(post, addresses.postAliases(post, file))),
        )
      }
      if (record.comments.length > 0) {
        const file = commentsFileName(path.join(dir, `${post.slug}.md`))
        const merged = mergeComments(await readExistingComments(file), record.comments)
        await write(output, counter, file, toCommentsFile(merged.comments))
      }
      if (record.mentions.length > 0) {
        const file = path.join(dir, `${post.slug}.mentions.json`)
        const merged = mergeComments(await readExistingMentions(file), record.mentions)
        await write(output, counter, file, toMentionsFile(merged.comments))
      }
    }
  }
  // Note: `:category` is the category's slug among the site's categories (`C++`: `/c-2/`), which only
  // all the posts tell: the posts whose address that changes are written again, with their aliases.
  for (const { file, aliases } of addresses.changedAliases()) {
    const { text, outcome } = await output.read(file)
    counter[outcome]--
    await write(output, counter, file, replaceAliases(text, aliases))
  }
  for (const { post, file } of pagesFound) {
    const parents: string[] = []
    const seen = new Set([post.source.id])
    for (let id = pageById.get(post.source.id)?.parent; id !== undefined && !seen.has(id); ) {
      const parent = pageById.get(id)
      if (!parent) break
      seen.add(id)
      parents.unshift(parent.slug)
      id = parent.parent
    }
    await write(
      output,
      counter,
      file,
      toMarkdownFile(withAliases(post, addresses.pageAliases(post, parents))),
    )
  }
  if (posts > 0)
    await write(
      output,
      counter,
      path.join(out, 'redirects.json'),
      // Note: the format is @blogkit/post's (`parseRedirectsJson` reads it back).
      serializeRedirectsJson(Object.entries(addresses.redirects()).map(([from, to]) => ({ from, to }))),
    )
  const moved = addresses.suggestion()
  if (moved)
    advice.push(
      moved.pattern === undefined
        ? `${moved.moved} of ${moved.posts} posts have a new address (permalink ${permalink}): their old ones are kept as \`aliases\` and redirect to them`
        : `${moved.moved} of ${moved.posts} posts have a new address (permalink ${permalink}): their old ones are kept as \`aliases\` and redirect to them. To keep every old address as it was, import with --permalink ${moved.pattern}${options?.timeZone === undefined ? " --time-zone <the blog's zone>" : ''} (it goes to a new site.json; or set "permalink": "${moved.pattern}" in site.json)`,
    )
  if (attachments.length > 0) {
    const list = attachments
      .map((a) => ({
        ...a,
        ...(a.parentId !== undefined && slugOf.has(a.parentId) ? { post: slugOf.get(a.parentId) } : {}),
      }))
      .sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id))
    await write(output, counter, path.join(out, 'attachments.json'), `${JSON.stringify(list, null, 2)}\n`)
  }
  const summary = `${posts} post${posts === 1 ? '' : 's'}, ${pages} page${pages === 1 ? '' : 's'}, ${comments} comment${comments === 1 ? '' : 's'}, ${mentions} pingback${mentions === 1 ? '' : 's'}/trackback${mentions === 1 ? '' : 's'}, ${attachments.length} attachment${attachments.length === 1 ? '' : 's'}: ${counts(counter)}`
  return { summary, advice }
}
