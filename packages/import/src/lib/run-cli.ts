import { createReadStream } from 'node:fs'
import { stat } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { PostError, parsePermalink } from '@blogkit/post'
import { ImportError } from './errors.js'
import { importDisqus, type MatchWay, matchWays } from './import-disqus.js'
import { importWordPress } from './import-wordpress.js'
import { createOutput } from './output.js'
import type { ImportWarning } from './types.js'
import { defaultMaxTextSize } from './xml.js'

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
  blogkit-import wordpress <export.xml> --out <dir> [--time-zone <zone>] [--lang <tag>] [--permalink <pattern>]
      Write posts/<slug>.md and pages/<slug>.md with front matter, <slug>.comments.json (comments) and
      <slug>.mentions.json (pingbacks, trackbacks) beside them, attachments.json, redirects.json (the
      old feed addresses), and site.json (once). Each post's old address is kept as an alias when the
      new permalink differs, with its ?p=<id> short link.
  blogkit-import disqus <export.xml> --out <dir> [--match <ways>]
      Merge Disqus comments into the comments files of the posts in <dir> (from an earlier wordpress
      import, or any blogkit posts). --match lists how threads find their post, tried in order
      (default thread-id,identifier,link,slug). Threads that match no post go to disqus-unmatched/.

Options:
  --out <dir>         output folder (required)
  --time-zone <zone>  IANA zone of the WordPress site, for drafts stored without a GMT date (default UTC)
  --lang <tag>        language of the posts when the export names none (default en)
  --permalink <pattern>
                      wordpress: the new site's permalink of posts (default site.json's, else
                      /posts/:slug/); /:year/:month/:day/:slug/ keeps WordPress's usual addresses
  --match <ways>      disqus: thread-id, identifier, link, slug (comma-separated)
  --max-text-size <MB>
                      longest text of one element (a post body, a comment), default ${defaultMaxTextSize / 1e6}; it
                      bounds memory (converting 1 MB of HTML can take 120 MB)
  --quiet             print only the summary, not each warning
  --no-progress       no progress bar (it is shown only when stderr is a terminal)
  -h, --help          this help
  -v, --version       print the version

Files are written only once the whole export has been read (a broken export changes nothing), and a
second run over the same export changes no file. Exit codes: 0 done (warnings are printed), 1 the
export cannot be read (the error names file:line:column), 2 wrong usage.`

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
 * The options that take a value to check (`--match`, `--permalink`, `--max-text-size`), or what is wrong
 * with one of them.
 */
function readSettings(values: {
  match?: string | undefined
  permalink?: string | undefined
  'max-text-size'?: string | undefined
}): { match: MatchWay[]; maxTextSize: number } | string {
  let match: MatchWay[] = [...matchWays]
  if (values.match !== undefined) {
    const ways = values.match.split(',').map((w) => w.trim())
    const bad = ways.find((w) => !(matchWays as readonly string[]).includes(w))
    if (bad !== undefined) return `--match: unknown way \`${bad}\`; use ${matchWays.join(', ')}`
    match = ways as MatchWay[]
  }
  if (values.permalink !== undefined) {
    try {
      parsePermalink(values.permalink, { field: '--permalink' })
    } catch (error) {
      if (error instanceof PostError) return error.reason
      throw error
    }
  }
  let maxTextSize = defaultMaxTextSize
  if (values['max-text-size'] !== undefined) {
    const megabytes = Number(values['max-text-size'])
    if (!(Number.isFinite(megabytes) && megabytes > 0))
      return `--max-text-size: expected a number of megabytes such as 16, got \`${values['max-text-size']}\``
    maxTextSize = Math.ceil(megabytes * 1e6)
  }
  return { match, maxTextSize }
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
        permalink: { type: 'string' },
        match: { type: 'string' },
        'max-text-size': { type: 'string' },
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
  const settings = readSettings(values)
  if (typeof settings === 'string') {
    io.stderr(`blogkit-import: ${settings}\n`)
    return 2
  }
  const { match, maxTextSize } = settings
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
  let output: Awaited<ReturnType<typeof createOutput>> | undefined
  try {
    const stream = createReadStream(input)
    const common = { file: input, maxTextSize, onProgress: (read: number) => progress.update(read) }
    // Note: files are staged and moved into place only after the whole export was read.
    output = await createOutput(out)
    const result =
      command === 'wordpress'
        ? await importWordPress(
            stream,
            out,
            output,
            {
              ...common,
              ...(values['time-zone'] ? { timeZone: values['time-zone'] } : {}),
              ...(values.lang ? { lang: values.lang } : {}),
              ...(values.permalink === undefined ? {} : { permalink: values.permalink }),
            },
            onWarning,
          )
        : {
            summary: await importDisqus(
              stream,
              out,
              output,
              common,
              match,
              onWarning,
              io.disqusBuffer ?? 20_000,
            ),
            advice: [],
          }
    await output.commit()
    progress.done()
    io.stderr(
      `${result.summary}${warnings.length > 0 ? `; ${warnings.length} warning${warnings.length === 1 ? '' : 's'}` : ''}\n`,
    )
    for (const line of result.advice) io.stderr(`${line}\n`)
    return 0
  } catch (error) {
    progress.done()
    // Note: a failure to clean up must not hide why the import stopped.
    await output?.abort().catch(() => undefined)
    if (error instanceof ImportError) {
      io.stderr(`${String(error)}\n`)
      return 1
    }
    if (error instanceof TypeError) {
      io.stderr(`blogkit-import: ${error.message}\n`)
      return 2
    }
    throw error
  }
}
