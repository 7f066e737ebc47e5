import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { PostError } from './errors.js'
import { loadPosts } from './load-posts.js'
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
      Check every post under <dir>; prints each problem as path:line:column: message.
      Exits 1 when there are problems.
  blogkit-post show <file> [--time-zone <zone>] [--lang <tag>]
      Print the parsed post as JSON.
  blogkit-post --help | --version`

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
  const options = {
    ...(values['time-zone'] === undefined ? {} : { timeZone: values['time-zone'] }),
    ...(values.lang === undefined ? {} : { lang: values.lang }),
  }

  try {
    if (command === 'show') {
      let value: Uint8Array
      try {
        value = await readFile(target)
      } catch (error) {
        io.stderr(
          `${target}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'}): check the path\n`,
        )
        return 1
      }
      const post = await parsePost({ path: target, value }, options)
      io.stdout(`${JSON.stringify(post, null, 2)}\n`)
      return 0
    }
    const posts = await loadPosts(target, {
      ...options,
      ...(values.ignore ? { ignore: values.ignore } : {}),
      ...(values.cache ? { cache: values.cache } : {}),
      ...(values.workers ? { workers: Number(values.workers) } : {}),
    })
    io.stderr(
      posts.length === 0
        ? `${target}: no posts found (looked for **/*.md and **/*.markdown)\n`
        : `${target}: ${posts.length} post${posts.length === 1 ? '' : 's'}, no problems\n`,
    )
    return 0
  } catch (error) {
    if (error instanceof PostError) {
      const files = new Set<string>()
      for (const message of error.messages) {
        const file =
          command === 'check' && message.file ? path.join(target, message.file) : message.file || target
        files.add(file)
        io.stdout(`${file}:${message.line ?? 1}:${message.column ?? 1}: ${message.reason}\n`)
      }
      const count = error.messages.length
      io.stderr(
        `${count} problem${count === 1 ? '' : 's'} in ${files.size} file${files.size === 1 ? '' : 's'}\n`,
      )
      return 1
    }
    if (error instanceof TypeError) {
      io.stderr(`blogkit-post: ${error.message}\n`)
      return 2
    }
    throw error
  }
}
