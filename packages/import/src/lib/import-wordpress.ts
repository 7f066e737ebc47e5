import { stat } from 'node:fs/promises'
import path from 'node:path'
import {
  mergeComments,
  readCommentsFile,
  readJsonArray,
  toCommentsFile,
  toMarkdownFile,
  toMentionsFile,
} from './files.js'
import { type Counter, counts, type Output, write } from './output.js'
import type { Attachment, ImportWarning, Mention } from './types.js'
import { readWordPress } from './wordpress.js'

/**
 * `blogkit-import wordpress`: read the export and stage each post's Markdown, comments and mentions
 * files, `attachments.json` and `site.json` (once) in `output`.
 * @returns The summary line.
 */
export async function importWordPress(
  stream: NodeJS.ReadableStream & AsyncIterable<Uint8Array>,
  out: string,
  output: Output,
  options: Parameters<typeof readWordPress>[1],
  warn: (warning: ImportWarning) => void,
): Promise<string> {
  const counter: Counter = { created: 0, updated: 0, unchanged: 0 }
  const attachments: Attachment[] = []
  const slugOf = new Map<string, string>()
  let posts = 0
  let pages = 0
  let comments = 0
  let mentions = 0
  for await (const record of readWordPress(stream, options)) {
    if (record.type === 'warning') warn(record.warning)
    else if (record.type === 'site') {
      // Note: site.json is the examples' site settings; written once, never over the user's edits.
      const file = path.join(out, 'site.json')
      if (!(await stat(file).catch(() => undefined))) {
        const { site } = record
        const config: Record<string, string> = {}
        if (site.title) config.title = site.title
        if (site.description) config.description = site.description
        if (site.language) config.language = site.language
        if (/^https?:\/\//.test(site.link)) config.baseUrl = site.link
        if (options?.timeZone) config.timeZone = options.timeZone
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
      await write(output, counter, path.join(dir, `${post.slug}.md`), toMarkdownFile(post))
      if (record.comments.length > 0) {
        const file = path.join(dir, `${post.slug}.comments.json`)
        const merged = mergeComments(await readCommentsFile(file), record.comments)
        await write(output, counter, file, toCommentsFile(merged.comments))
      }
      if (record.mentions.length > 0) {
        const file = path.join(dir, `${post.slug}.mentions.json`)
        const merged = mergeComments(await readJsonArray<Mention>(file), record.mentions)
        await write(output, counter, file, toMentionsFile(merged.comments))
      }
    }
  }
  if (attachments.length > 0) {
    const list = attachments
      .map((a) => ({
        ...a,
        ...(a.parentId !== undefined && slugOf.has(a.parentId) ? { post: slugOf.get(a.parentId) } : {}),
      }))
      .sort((a, b) => Number(a.id) - Number(b.id) || a.id.localeCompare(b.id))
    await write(output, counter, path.join(out, 'attachments.json'), `${JSON.stringify(list, null, 2)}\n`)
  }
  return `${posts} post${posts === 1 ? '' : 's'}, ${pages} page${pages === 1 ? '' : 's'}, ${comments} comment${comments === 1 ? '' : 's'}, ${mentions} pingback${mentions === 1 ? '' : 's'}/trackback${mentions === 1 ? '' : 's'}, ${attachments.length} attachment${attachments.length === 1 ? '' : 's'}: ${counts(counter)}`
}
