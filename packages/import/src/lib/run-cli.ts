import { createReadStream } from 'node:fs'
import { appendFile, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { parse as parseYaml } from 'yaml'
import {
  type DisqusComment,
  type DisqusThread,
  defaultThreadPostId,
  readDisqus,
  resolveDisqusComments,
} from './disqus.js'
import { ImportError } from './errors.js'
import { mergeComments, readJsonArray, toCommentsFile, toMarkdownFile, writeIfChanged } from './files.js'
import type { Attachment, ImportedComment, ImportWarning, Mention } from './types.js'
import { readWordPress } from './wordpress.js'

/** Where the CLI writes, and whether stderr is a terminal (for the progress bar). */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** Columns of the terminal stderr is, or `undefined` when it is not a terminal (no progress bar). */
  progressColumns?: number | undefined
  /** Disqus comments held in memory before they are spilled to temporary files (tests lower it). @default 20000 */
  disqusBuffer?: number | undefined
  /** The version `--version` prints (the CLI entry reads it from package.json). */
  version?: string | undefined
}

const usage = `Usage:
  blogkit-import wordpress <export.xml> --out <dir> [--time-zone <zone>] [--lang <tag>]
      Write posts/<slug>.md and pages/<slug>.md with front matter, <slug>.comments.json (comments) and
      <slug>.mentions.json (pingbacks, trackbacks) beside them, attachments.json, and site.json (once).
  blogkit-import disqus <export.xml> --out <dir> [--match <ways>]
      Merge Disqus comments into the comments files of the posts in <dir> (from an earlier wordpress
      import, or any blogkit posts). --match lists how threads find their post, tried in order
      (default thread-id,identifier,link,slug). Threads that match no post go to disqus-unmatched/.

Options:
  --out <dir>         output folder (required)
  --time-zone <zone>  IANA zone of the WordPress site, for drafts stored without a GMT date (default UTC)
  --lang <tag>        language of the posts when the export names none (default en)
  --match <ways>      disqus: thread-id, identifier, link, slug (comma-separated)
  --quiet             print only the summary, not each warning
  --no-progress       no progress bar (it is shown only when stderr is a terminal)
  -h, --help          this help
  -v, --version       print the version

A second run over the same export changes no file. Exit codes: 0 done (warnings are printed), 1 the
export cannot be read (the error names file:line:column), 2 wrong usage.`

const matchWays = ['thread-id', 'identifier', 'link', 'slug'] as const
type MatchWay = (typeof matchWays)[number]

function progressBar(io: CliIo, total: number | undefined) {
  const columns = io.progressColumns
  if (columns === undefined || !total) return { update: (_: number) => {}, done: () => {} }
  let last = 0
  const mb = (n: number) => (n / 1e6).toFixed(1)
  const draw = (read: number) => {
    const label = ` ${Math.floor((read / total) * 100)}% ${mb(read)}/${mb(total)} MB`
    const width = Math.max(10, Math.min(40, columns - label.length - 3))
    const filled = Math.round((read / total) * width)
    io.stderr(`\r[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]${label}`)
  }
  return {
    update(read: number) {
      const now = Date.now()
      if (now - last < 100 && read < total) return
      last = now
      draw(read)
    },
    done() {
      io.stderr(`\r${' '.repeat(Math.min(columns - 1, 80))}\r`)
    },
  }
}

/**
 * Run the `blogkit-import` command line.
 *
 * @returns Exit code: `0` done, `1` the export cannot be read, `2` wrong usage.
 */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>
  function parse() {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        out: { type: 'string', short: 'o' },
        'time-zone': { type: 'string' },
        lang: { type: 'string' },
        match: { type: 'string' },
        quiet: { type: 'boolean', short: 'q' },
        'no-progress': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    })
  }
  try {
    parsed = parse()
  } catch (error) {
    io.stderr(`blogkit-import: ${(error as Error).message}\n\n${usage}\n`)
    return 2
  }
  const { values, positionals } = parsed
  if (values.help) {
    io.stdout(`${usage}\n`)
    return 0
  }
  if (values.version) {
    io.stdout(`blogkit-import ${io.version ?? 'unknown'}\n`)
    return 0
  }
  const [command, input, ...extra] = positionals
  if ((command !== 'wordpress' && command !== 'disqus') || input === undefined || extra.length > 0) {
    io.stderr(
      `${command === undefined ? '' : `blogkit-import: unknown command or arguments: ${positionals.join(' ')}\n\n`}${usage}\n`,
    )
    return 2
  }
  if (values.out === undefined) {
    io.stderr(`blogkit-import: --out <dir> is required: the folder to write the posts to\n\n${usage}\n`)
    return 2
  }
  let match: MatchWay[] = [...matchWays]
  if (values.match !== undefined) {
    const ways = values.match.split(',').map((w) => w.trim())
    const bad = ways.find((w) => !(matchWays as readonly string[]).includes(w))
    if (bad !== undefined) {
      io.stderr(`blogkit-import: --match: unknown way \`${bad}\`; use ${matchWays.join(', ')}\n`)
      return 2
    }
    match = ways as MatchWay[]
  }
  let size: number
  try {
    const info = await stat(input)
    if (!info.isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' })
    size = info.size
  } catch (error) {
    io.stderr(
      `${input}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'}): check the path\n`,
    )
    return 1
  }
  const progress = values['no-progress']
    ? progressBar({ ...io, progressColumns: undefined }, 0)
    : progressBar(io, size)
  const warnings: ImportWarning[] = []
  const onWarning = (warning: ImportWarning) => {
    warnings.push(warning)
    if (!values.quiet) {
      progress.done()
      io.stderr(`${input}: warning: ${warning.message} [${warning.code}]\n`)
    }
  }
  const out = values.out
  try {
    const stream = createReadStream(input)
    const common = { file: input, onProgress: (read: number) => progress.update(read) }
    const summary =
      command === 'wordpress'
        ? await importWordPress(
            stream,
            out,
            {
              ...common,
              ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}),
              ...(values.lang ? { lang: values.lang } : {}),
            },
            onWarning,
          )
        : await importDisqus(stream, out, common, match, onWarning, io.disqusBuffer ?? 20_000)
    progress.done()
    io.stderr(
      `${summary}${warnings.length > 0 ? `; ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : ''}\n`,
    )
    return 0
  } catch (error) {
    progress.done()
    if (error instanceof ImportError) {
      io.stderr(`${String(error)}\n`)
      return 1
    }
    if (error instanceof TypeError) {
      io.stderr(`blogkit-import: ${error.message}\n`)
      return 2
    }
    if (error instanceof Error && /^.+: (not valid JSON|expected a JSON array)/.test(error.message)) {
      io.stderr(`${error.message}\n`)
      return 1
    }
    throw error
  }
}

interface Counter {
  created: number
  updated: number
  unchanged: number
}

async function write(counter: Counter, file: string, text: string) {
  counter[await writeIfChanged(file, text)]++
}

function counts(counter: Counter) {
  return `${counter.created} file${counter.created === 1 ? '' : 's'} created, ${counter.updated} updated, ${counter.unchanged} unchanged`
}

async function importWordPress(
  stream: NodeJS.ReadableStream & AsyncIterable<Uint8Array>,
  out: string,
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
        await write(counter, file, `${JSON.stringify(config, null, 2)}\n`)
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
      await write(counter, path.join(dir, `${post.slug}.md`), toMarkdownFile(post))
      if (record.comments.length > 0) {
        const file = path.join(dir, `${post.slug}.comments.json`)
        const merged = mergeComments(await readJsonArray<ImportedComment>(file), record.comments)
        await write(counter, file, toCommentsFile(merged.comments))
      }
      if (record.mentions.length > 0) {
        const file = path.join(dir, `${post.slug}.mentions.json`)
        const merged = mergeComments(await readJsonArray<Mention>(file), record.mentions)
        await write(counter, file, toCommentsFile(merged.comments))
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
    await write(counter, path.join(out, 'attachments.json'), `${JSON.stringify(list, null, 2)}\n`)
  }
  return `${posts} post${posts === 1 ? '' : 's'}, ${pages} page${pages === 1 ? '' : 's'}, ${comments} comment${comments === 1 ? '' : 's'}, ${mentions} pingback${mentions === 1 ? '' : 's'}/trackback${mentions === 1 ? '' : 's'}, ${attachments.length} attachment${attachments.length === 1 ? '' : 's'}: ${counts(counter)}`
}

/** What the disqus import knows of a post already in the output folder. */
interface KnownPost {
  /** `posts/<slug>` or `pages/<slug>`. */
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
      names = (await readdir(path.join(out, folder))).filter((n) => n.endsWith('.md')).sort()
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
      const slug = typeof data.slug === 'string' ? data.slug : name.replace(/\.md$/, '')
      const wp = (
        typeof data.wordpress === 'object' && data.wordpress !== null ? data.wordpress : {}
      ) as Record<string, unknown>
      const post: KnownPost = { file: `${folder}/${name.replace(/\.md$/, '')}`, slug }
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

async function importDisqus(
  stream: NodeJS.ReadableStream & AsyncIterable<Uint8Array>,
  out: string,
  options: { file: string; onProgress: (read: number) => void },
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
      const slug = hit ? hit.slug : defaultThreadPostId(thread)
      found = { file: hit ? hit.file : `disqus-unmatched/${slug}`, slug }
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
      const path_ = path.join(out, `${file}.comments.json`)
      const merged = mergeComments(await readJsonArray<ImportedComment>(path_), comments, {
        keep: (c) => fromWordPress.has(c.id),
      })
      added += merged.added
      await write(counter, path_, toCommentsFile(merged.comments))
    }
    for (const id of [...unmatched].sort()) {
      const thread = threads.get(id)
      warn({
        code: 'unmatched-thread',
        message: `thread ${id} (${thread?.link || thread?.identifier || 'no link'}) matches no post in ${out}: its comments are in ${target.get(id)?.file}.comments.json`,
        postId: id,
      })
    }
    return `${total} comment${total === 1 ? '' : 's'} in ${files.length} post${files.length === 1 ? '' : 's'} (${added} new): ${counts(counter)}`
  } finally {
    if (temp) await rm(temp, { recursive: true, force: true })
  }
}
