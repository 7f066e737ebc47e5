import { readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import type { VFileMessage } from 'vfile-message'
import { PostError } from './errors.js'
import { type LoadPostsOptions, loadPosts } from './load-posts.js'
import { parsePost } from './parse-post.js'

/** Where the CLI writes. */
export interface CliIo {
  stdout: (text: string) => void
  stderr: (text: string) => void
  /** The version `--version` prints (the CLI entry reads it from package.json). */
  version?: string | undefined
}

const usage = `Usage:
  blogkit-post check <dir> [--time-zone <zone>] [--lang <tag>] [--ignore <glob>]... [--cache <dir>] [--workers <n>]
                    [--unique slug|year|month|day|none]
      Check every post under <dir>; prints each problem as path:line:column: message, and each
      warning as path:line:column: warning: message. Exits 1 when there are problems (not for warnings).
      --unique: what two posts may not share: a slug (the default), a slug on one year, month or day
      of their dates in --time-zone (for a site whose addresses have the date: /2001/la-verite/), or
      nothing (none).
  blogkit-post show <file> [--time-zone <zone>] [--lang <tag>]
      Print the parsed post as JSON (warnings go to stderr).
  blogkit-post --help | --version

Both commands take --custom-field <key> (repeatable): a front matter key of your own that looks like
a built-in one (data, authors), so that it gets no "did you mean" warning.`

/**
 * Run the `blogkit-post` command line.
 *
 * @param args
 *   Arguments after the program name.
 * @param io
 *   Output streams.
 * @returns
 *   Exit code: `0` ok, `1` problems in posts, `2` wrong usage.
 */
export async function runCli(args: string[], io: CliIo): Promise<number> {
  let parsed: ReturnType<typeof parse>
  function parse() {
    return parseArgs({
      args,
      allowPositionals: true,
      options: {
        'time-zone': { type: 'string' },
        lang: { type: 'string' },
        ignore: { type: 'string', multiple: true },
        cache: { type: 'string' },
        workers: { type: 'string' },
        unique: { type: 'string' },
        'custom-field': { type: 'string', multiple: true },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    })
  }
  try {
    parsed = parse()
  } catch (error) {
    io.stderr(`blogkit-post: ${(error as Error).message}\n\n${usage}\n`)
    return 2
  }
  const { values, positionals } = parsed
  const [command, target, ...extra] = positionals
  if (values.help) {
    io.stdout(`${usage}\n`)
    return 0
  }
  if (values.version) {
    io.stdout(`blogkit-post ${io.version ?? 'unknown'}\n`)
    return 0
  }
  if ((command !== 'check' && command !== 'show') || target === undefined || extra.length > 0) {
    io.stderr(
      `${command === undefined ? '' : `blogkit-post: unknown command or arguments: ${positionals.join(' ')}\n\n`}${usage}\n`,
    )
    return 2
  }
  const unique = uniqueOption(values.unique, values['time-zone'] ?? 'UTC')
  if (typeof unique === 'string') {
    io.stderr(`blogkit-post: ${unique}\n\n${usage}\n`)
    return 2
  }
  const warnings: VFileMessage[] = []
  const options = {
    ...(values['time-zone'] === undefined ? {} : { timeZone: values['time-zone'] }),
    ...(values.lang === undefined ? {} : { lang: values.lang }),
    ...(values['custom-field'] ? { customFields: values['custom-field'] } : {}),
    onWarning: (warning: VFileMessage) => warnings.push(warning),
  }
  // Note: `check` gets names relative to `<dir>`; `show` has the whole path already.
  const fileOf = (message: VFileMessage) =>
    command === 'check' && message.file ? path.join(target, message.file) : message.file || target
  const where = (message: VFileMessage) => `${fileOf(message)}:${message.line ?? 1}:${message.column ?? 1}`
  // Note: the API's hint names the option; on the command line, name the flag.
  const warningOf = (warning: VFileMessage) =>
    `${where(warning)}: warning: ${warning.reason.replace('list it in `customFields`', `pass \`--custom-field ${warning.actual ?? ''}\``)}`
  // Note: two posts with one slug may be fine on a site whose addresses have the date: say how to check that.
  const problemOf = (message: VFileMessage) =>
    message.ruleId === 'duplicate-slug' && values.unique === undefined
      ? `${message.reason} (or, when their addresses have the date, check with \`--unique year\`, \`month\` or \`day\`)`
      : message.reason
  const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

  try {
    if (command === 'show') {
      let value: Uint8Array
      try {
        value = await readFile(target)
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code
        io.stderr(
          code === 'EISDIR'
            ? `${target}: is a folder: \`show\` takes one post file (check a folder with \`blogkit-post check ${target}\`)\n`
            : `${target}: cannot read the file (${code ?? 'error'}): check the path\n`,
        )
        return 1
      }
      try {
        const post = await parsePost({ path: target, value }, options)
        io.stdout(`${JSON.stringify(post, null, 2)}\n`)
        return 0
      } finally {
        for (const warning of warnings) io.stderr(`${warningOf(warning)}\n`)
      }
    }
    // Note: `loadPosts` names a missing folder in its message for API users; say it here for the command line.
    const found = await stat(target).catch(() => undefined)
    if (!found?.isDirectory()) {
      io.stderr(
        found
          ? `${target}: is a file: \`check\` takes a folder of posts (see one post with \`blogkit-post show ${target}\`)\n`
          : `${target}: no such folder: check the path\n`,
      )
      return 1
    }
    const posts = await loadPosts(target, {
      ...options,
      ...(values.ignore ? { ignore: values.ignore } : {}),
      ...(values.cache ? { cache: values.cache } : {}),
      ...(values.workers ? { workers: Number(values.workers) } : {}),
      ...(unique === undefined ? {} : { unique }),
    })
    for (const warning of warnings) io.stdout(`${warningOf(warning)}\n`)
    const warned = warnings.length > 0 ? `, ${plural(warnings.length, 'warning')}` : ''
    io.stderr(
      posts.length === 0
        ? `${target}: no posts found (looked for **/*.md and **/*.markdown)\n`
        : `${target}: ${plural(posts.length, 'post')}, no problems${warned}\n`,
    )
    return 0
  } catch (error) {
    if (error instanceof PostError) {
      // Note: by file, a file's warnings before its problems (`tittle:` explains a missing title).
      const lines = [
        ...warnings.map((message) => ({ message, text: warningOf(message) })),
        ...error.messages.map((message) => ({ message, text: `${where(message)}: ${problemOf(message)}` })),
      ]
      const rank = new Map(
        [...new Set(lines.map((line) => fileOf(line.message)))].sort().map((file, index) => [file, index]),
      )
      lines.sort((a, b) => rank.get(fileOf(a.message))! - rank.get(fileOf(b.message))!)
      for (const { text } of lines) io.stdout(`${text}\n`)
      const files = new Set(error.messages.map(fileOf)).size
      const warned = warnings.length > 0 ? `; ${plural(warnings.length, 'warning')}` : ''
      io.stderr(`${plural(error.messages.length, 'problem')} in ${plural(files, 'file')}${warned}\n`)
      return 1
    }
    if (error instanceof TypeError) {
      io.stderr(`blogkit-post: ${error.message}\n`)
      return 2
    }
    throw error
  }
}

const uniqueKinds = ['slug', 'year', 'month', 'day', 'none'] as const

/**
 * `--unique`: `loadPosts`' `unique` option (`undefined` for the default, the slug), or what is wrong
 * with the value.
 */
function uniqueOption(value: string | undefined, timeZone: string): LoadPostsOptions['unique'] | string {
  if (value === undefined || value === 'slug') return undefined
  if (value === 'none') return false
  if (!(uniqueKinds as readonly string[]).includes(value))
    return `--unique should be one of ${uniqueKinds.join(', ')}, got \`${value}\``
  const length = value === 'year' ? 1 : value === 'month' ? 2 : 3
  let format: Intl.DateTimeFormat
  try {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
  } catch {
    // Note: `loadPosts` names a bad time zone.
    format = new Intl.DateTimeFormat('en-CA', {
      timeZone: 'UTC',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    })
  }
  return (post) => {
    const parts = format.formatToParts(post.date)
    const part = (type: string) => parts.find((p) => p.type === type)?.value ?? ''
    return [part('year'), part('month'), part('day')].slice(0, length).concat(post.slug).join('/')
  }
}
