import { appendFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { commentsFileName } from '@blogkit/comments'
import { parse as parseYaml } from 'yaml'
import {
  type DisqusComment,
  type DisqusThread,
  defaultThreadPostId,
  readDisqus,
  resolveDisqusComments,
} from './disqus.js'
import { postFileSlug, safeSlug } from './file-names.js'
import { mergeComments, readExistingComments, toCommentsFile } from './files.js'
import { type Counter, counts, type Output, write } from './output.js'
import type { ImportWarning } from './types.js'

/** Ways a Disqus thread finds its post, in the default order. */
export const matchWays = ['thread-id', 'identifier', 'link', 'slug'] as const
/** A way a Disqus thread finds its post. */
export type MatchWay = (typeof matchWays)[number]

/** What the disqus import knows of a post already in the output folder. */
interface KnownPost {
  /** The post's file, `posts/<name>.md` or `pages/<name>.md` (`.markdown` too); its comments are beside it (`commentsFileName`). */
  file: string
  slug: string
  wordpressId?: string
  link?: string
  disqusThreadId?: string
}

function urlKey(link: string): string | undefined {
  try {
    const url = new URL(link)
    const p = url.searchParams.get('p') ?? url.searchParams.get('page_id')
    if (p) return `?p=${p}`
    return decodeURIComponent(url.pathname).replace(/\/+$/, '').toLowerCase() || '/'
  } catch {
    return undefined
  }
}

async function readKnownPosts(out: string): Promise<KnownPost[]> {
  const known: KnownPost[] = []
  for (const folder of ['posts', 'pages']) {
    let names: string[]
    try {
      names = (await readdir(path.join(out, folder))).filter((n) => /\.(md|markdown)$/i.test(n)).sort()
    } catch {
      continue
    }
    for (const name of names) {
      const text = await readFile(path.join(out, folder, name), 'utf8')
      const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text)
      let data: Record<string, unknown> = {}
      try {
        data = (m ? parseYaml(m[1]!) : {}) ?? {}
      } catch {}
      const slug = postFileSlug(name, data)
      const wp = (
        typeof data.wordpress === 'object' && data.wordpress !== null ? data.wordpress : {}
      ) as Record<string, unknown>
      const post: KnownPost = { file: `${folder}/${name}`, slug }
      if (wp.id !== undefined) post.wordpressId = String(wp.id)
      if (typeof wp.link === 'string') post.link = wp.link
      if (wp.disqus_thread_id !== undefined) post.disqusThreadId = String(wp.disqus_thread_id)
      known.push(post)
    }
  }
  return known
}

function createMatcher(known: KnownPost[], ways: readonly MatchWay[]) {
  const index = {
    'thread-id': new Map<string, KnownPost>(),
    identifier: new Map<string, KnownPost>(),
    link: new Map<string, KnownPost>(),
    slug: new Map<string, KnownPost>(),
  }
  for (const post of known) {
    if (post.disqusThreadId) index['thread-id'].set(post.disqusThreadId, post)
    if (post.wordpressId) {
      index.identifier.set(post.wordpressId, post)
      index.link.set(`?p=${post.wordpressId}`, post)
    }
    index.identifier.set(post.slug, post)
    const key = post.link ? urlKey(post.link) : undefined
    if (key) index.link.set(key, post)
    if (!index.slug.has(post.slug)) index.slug.set(post.slug, post)
  }
  return (thread: DisqusThread): KnownPost | undefined => {
    for (const way of ways) {
      let hit: KnownPost | undefined
      if (way === 'thread-id') hit = index['thread-id'].get(thread.id)
      else if (way === 'identifier') hit = index.identifier.get(thread.wordpressId ?? thread.identifier)
      else if (way === 'link') hit = index.link.get(urlKey(thread.link) ?? '\u0000')
      else hit = index.slug.get(defaultThreadPostId(thread))
      if (hit) return hit
    }
    return undefined
  }
}

/**
 * `blogkit-import disqus`: read the export, group comments by the post their thread matches (spilling
 * to temporary files past `limit` comments), then stage each post's merged comments file in `output`.
 * @returns The summary line.
 */
export async function importDisqus(
  stream: NodeJS.ReadableStream & AsyncIterable<Uint8Array>,
  out: string,
  output: Output,
  options: Parameters<typeof readDisqus>[1],
  ways: readonly MatchWay[],
  warn: (warning: ImportWarning) => void,
  limit: number,
): Promise<string> {
  const known = await readKnownPosts(out)
  const match = createMatcher(known, ways)
  const target = new Map<string, { file: string; slug: string }>()
  const unmatched = new Set<string>()
  const targetOf = (thread: DisqusThread) => {
    let found = target.get(thread.id)
    if (found === undefined) {
      const hit = match(thread)
      // Note: the link's last segment names a file here: never `..`, hidden, or with control characters.
      const slug = hit
        ? hit.slug
        : safeSlug(defaultThreadPostId(thread), thread.id).slug || `disqus-${thread.id}`
      found = { file: hit ? hit.file : `disqus-unmatched/${slug}.md`, slug }
      target.set(thread.id, found)
      if (!hit) unmatched.add(thread.id)
    }
    return found
  }
  // Note: comments are grouped by post; past `limit` buffered comments the groups are spilled to
  // NDJSON files in a temporary folder, so memory stays bounded however large the export is.
  const groups = new Map<string, DisqusComment[]>()
  const spilled = new Map<string, string>()
  const threads = new Map<string, DisqusThread>()
  let buffered = 0
  let total = 0
  let temp: string | undefined
  const spill = async () => {
    temp ??= await mkdtemp(path.join(tmpdir(), 'blogkit-import-'))
    for (const [file, list] of groups) {
      let name = spilled.get(file)
      if (name === undefined) {
        name = path.join(temp, `${spilled.size}.ndjson`)
        spilled.set(file, name)
      }
      await appendFile(name, list.map((r) => `${JSON.stringify({ ...r, thread: r.thread.id })}\n`).join(''))
    }
    groups.clear()
    buffered = 0
  }
  try {
    for await (const record of readDisqus(stream, {
      ...options,
      postId: (thread) => targetOf(thread).slug,
    })) {
      if (record.type === 'warning') warn(record.warning)
      else if (record.type === 'thread') threads.set(record.thread.id, record.thread)
      else {
        const { file } = targetOf(record.thread)
        const list = groups.get(file) ?? []
        if (list.length === 0) groups.set(file, list)
        list.push(record)
        total++
        if (++buffered >= limit) await spill()
      }
    }
    const counter: Counter = { created: 0, updated: 0, unchanged: 0 }
    const files = [...new Set([...spilled.keys(), ...groups.keys()])].sort()
    let added = 0
    for (const file of files) {
      const records: DisqusComment[] = []
      const name = spilled.get(file)
      if (name !== undefined) {
        for (const line of (await readFile(name, 'utf8')).split('\n')) {
          if (line === '') continue
          const r = JSON.parse(line) as DisqusComment & { thread: string }
          records.push({
            ...r,
            thread: threads.get(r.thread) ?? {
              id: r.thread,
              identifier: '',
              link: '',
              title: '',
              deleted: false,
              closed: false,
            },
          })
        }
      }
      records.push(...(groups.get(file) ?? []))
      const comments = resolveDisqusComments(records, warn)
      const fromWordPress = new Set(
        records.filter((r) => r.wordpressId !== undefined).map((r) => r.comment.id),
      )
      const path_ = path.join(out, commentsFileName(file))
      const merged = mergeComments(await readExistingComments(path_), comments, {
        keep: (c) => fromWordPress.has(c.id),
      })
      added += merged.added
      await write(output, counter, path_, toCommentsFile(merged.comments))
    }
    for (const id of [...unmatched].sort()) {
      const thread = threads.get(id)
      warn({
        code: 'unmatched-thread',
        message: `thread ${id} (${thread?.link || thread?.identifier || 'no link'}) matches no post in ${out}: its comments are in ${commentsFileName(target.get(id)!.file)}`,
        postId: id,
      })
    }
    return `${total} comment${total === 1 ? '' : 's'} in ${files.length} post${files.length === 1 ? '' : 's'} (${added} new): ${counts(counter)}`
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true })
  }
}
