import { parseArgs } from 'node:util'
import type { loadPosts } from '@blogkit/post/node'
import { createRelatedIndex } from './related-index.js'
import type { RelatedReasons } from './types.js'

/** What the CLI uses of `@blogkit/post/node`. */
export interface PostModule {
  readonly loadPosts: typeof loadPosts
}

/** Where the CLI writes. */
export interface CliIo {
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  /** The version `--version` prints (the CLI entry reads it from package.json). */
  readonly version?: string | undefined
  /**
   * Loads `@blogkit/post/node`, which reads the posts: an optional peer dependency, imported only when
   * posts are read (default: `import('@blogkit/post/node')`).
   */
  readonly importPost?: (() => Promise<PostModule>) | undefined
}

const missingPost =
  'blogkit-related: reading posts needs @blogkit/post (an optional peer dependency of @blogkit/related); install it: npm install @blogkit/post\n'

/** Whether `error` says that `@blogkit/post` (or its `./node` entry) is not installed. */
function isMissingPost(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown }
  if (code !== 'ERR_MODULE_NOT_FOUND' && code !== 'ERR_PACKAGE_PATH_NOT_EXPORTED') return false
  // Note: Node names the package `'@blogkit/post'` when it is missing (Vite, in tests, the specifier),
  // and its folder when the installed version has no `./node` entry.
  return /'@blogkit\/post(?:\/node)?'|[\\/]@blogkit[\\/]post[\\/]/.test(String(message))
}

const usage = `Usage: blogkit-related <content-dir> [--limit 5] [--min-score auto] [--json]

Prints the related posts of every Markdown post under <content-dir>, with why:
shared tags (#tag), categories and words.

Options:
  --limit <n>      related posts per post (default: 5)
  --min-score <n>  leave out posts scoring below n; auto (default) asks more of a
                   small blog, 0 shows every post with a score above 0
  --json           print JSON: { "<slug>": [{ "slug", "score", "reasons" }] }
  --help       show this help
  --version    print the version
`

/** One related post as the CLI prints it. */
interface CliRelated {
  slug: string
  score: number
  reasons: RelatedReasons
}

/**
 * The reasons of one related post, each kind marked: `(tags #dplyr #joins; categories package; words
 * joins, tables)`; empty when there are none (a post related by its embedding only).
 */
export function reasonText(reasons: RelatedReasons): string {
  const parts: string[] = []
  if (reasons.tags.length > 0) parts.push(`tags ${reasons.tags.map((t) => `#${t}`).join(' ')}`)
  if (reasons.categories.length > 0) parts.push(`categories ${reasons.categories.join(', ')}`)
  if (reasons.terms.length > 0) parts.push(`words ${reasons.terms.join(', ')}`)
  return parts.length > 0 ? `  (${parts.join('; ')})` : ''
}

/**
 * Run `blogkit-related` with the arguments after the command name.
 *
 * @param argv Arguments, e.g. `['content/posts', '--json']`.
 * @param io Where to write output and errors.
 * @returns The exit code: 0 on success, 1 when posts have problems, 2 on a usage error or when
 *   `@blogkit/post` is not installed.
 */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  let values: {
    limit?: string | undefined
    'min-score'?: string | undefined
    json?: boolean | undefined
    help?: boolean | undefined
    version?: boolean | undefined
  }
  let positionals: string[]
  try {
    ;({ values, positionals } = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        limit: { type: 'string' },
        'min-score': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }))
  } catch (error) {
    io.stderr(`blogkit-related: ${(error as Error).message}\n\n${usage}`)
    return 2
  }
  if (values.help) {
    io.stdout(usage)
    return 0
  }
  if (values.version) {
    io.stdout(`blogkit-related ${io.version ?? 'unknown'}\n`)
    return 0
  }
  if (positionals.length !== 1) {
    io.stderr(`blogkit-related: expected one <content-dir>, got ${positionals.length}\n\n${usage}`)
    return 2
  }
  const limit = values.limit === undefined ? 5 : Number(values.limit)
  if (!Number.isInteger(limit) || limit < 1) {
    io.stderr(`blogkit-related: expected \`--limit\` to be a positive integer, got \`${values.limit}\`\n`)
    return 2
  }
  const minText = values['min-score'] ?? 'auto'
  const minScore = minText === 'auto' ? 'auto' : Number(minText)
  if (minScore !== 'auto' && (minText.trim() === '' || !Number.isFinite(minScore))) {
    io.stderr(`blogkit-related: expected \`--min-score\` to be a number or \`auto\`, got \`${minText}\`\n`)
    return 2
  }
  const dir = positionals[0]!
  let post: PostModule
  try {
    post = await (io.importPost ?? (() => import('@blogkit/post/node')))()
  } catch (error) {
    if (!isMissingPost(error)) throw error
    io.stderr(missingPost)
    return 2
  }
  let posts: Awaited<ReturnType<typeof loadPosts>>
  try {
    posts = await post.loadPosts(dir)
  } catch (error) {
    // Note: `PostError` lists every problem as `file:line:column: message`; no stack trace for those.
    if (error instanceof Error && error.name === 'PostError') {
      io.stderr(`blogkit-related: ${error.message}\n`)
      return 1
    }
    throw error
  }
  const all = createRelatedIndex(posts).relatedAll({ limit, minScore })
  const out: Record<string, CliRelated[]> = Object.create(null)
  for (const [id, list] of all)
    out[id] = list.map((r) => ({ slug: r.id, score: r.score, reasons: r.reasons }))
  if (values.json) {
    io.stdout(`${JSON.stringify(out, null, 2)}\n`)
    return 0
  }
  const lines: string[] = []
  for (const [id, list] of Object.entries(out)) {
    lines.push(id)
    if (list.length === 0) lines.push('  (no related posts)')
    for (const r of list) lines.push(`  ${r.score.toFixed(3)}  ${r.slug}${reasonText(r.reasons)}`)
  }
  io.stdout(`${lines.join('\n')}\n`)
  return 0
}
