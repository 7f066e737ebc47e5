import { availableParallelism } from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { findPostsDir, SiteError } from '@blogkit/example-site'
import { PostError } from '@blogkit/post'
import { BuildError, buildSite } from './build.js'
import { runDev } from './dev/command.js'
import type { MissingImage } from './images.js'
import { defaultCacheDir, defaultContentDir, defaultOutDir, defaultPreviewUrl } from './paths.js'
import { startPreview } from './preview.js'

const usage = `Usage:
  npm run build -w examples/static-blog [-- --content DIR --out DIR --base-url URL --comments-url URL --drafts --strict]
  npm run preview -w examples/static-blog [-- --out DIR --port N]
  npm run dev -w examples/static-blog [-- --content DIR --out DIR --base-url URL --comments-url URL --port N --strict]

  --content DIR    content folder: site.json, posts/*.md, images/ (or just a folder of .md posts)
                   (default: examples/content)
  --out DIR        output folder (default: examples/static-blog/dist); only what changed is written
  --base-url URL   absolute URL the site is published at (default: ${defaultPreviewUrl}, what preview serves)
  --comments-url URL
                   a comment service (examples/comment-service): each post shows its approved
                   comments read from it at build time, and its form posting there
  --drafts         include drafts and future-dated posts
  --cache DIR      cache of parsed posts, related posts and the last build
                   (default: examples/static-blog/.blogkit-cache)
  --no-cache       parse every post, empty the output folder and render every page
  --clean          empty the output folder and render every page (default: only what changed)
  --strict         fail when a post shows a local image that is missing (default: warn)
  --workers N      threads that parse posts when 100 or more need parsing (default: the number
                   of CPUs; 0 for none)
  --port N         preview and dev port (default: 4173, or PORT)

  dev builds, serves with drafts and future posts (marked as drafts), watches the content folder and
  the theme, rebuilds after each change and reloads the open pages (default --out:
  examples/static-blog/.blogkit-cache/dev-site; --base-url: the served URL)`

// Note: npm runs workspace scripts inside the workspace folder; paths typed on the command line are
// relative to where the user ran npm (INIT_CWD), usually the repository root.
const cwd = process.env.INIT_CWD ?? process.cwd()
const resolve = (value: string | undefined, fallback: string) => (value ? path.resolve(cwd, value) : fallback)

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`

/** `file:line:column` of a missing image, the file relative to where the user is. */
const where = (image: MissingImage) =>
  `${path.relative(cwd, image.file)}${image.line === undefined ? '' : `:${image.line}:${image.column ?? 1}`}`

/** `dev` (src/dev/command.ts), with the options of `build` and `--port`. */
function dev(values: Record<string, string | boolean | undefined>): Promise<number> {
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : undefined)
  const port = Number(text('port') ?? process.env.PORT ?? 4173)
  const workers = Number(text('workers') ?? availableParallelism())
  if (!Number.isInteger(port) || port < 0 || port > 65535 || !Number.isInteger(workers) || workers < 0) {
    console.error(`--port should be a port number and --workers a whole number`)
    return Promise.resolve(1)
  }
  const cacheDir = resolve(text('cache'), defaultCacheDir)
  contentDirOf = resolve(text('content'), defaultContentDir)
  return runDev({
    contentDir: contentDirOf,
    outDir: resolve(text('out'), path.join(cacheDir, 'dev-site')),
    cacheDir,
    baseUrl: text('base-url'),
    commentsUrl: text('comments-url'),
    port,
    workers,
    strict: values.strict === true,
    cwd,
  })
}

/** The content folder being built, for error messages. */
let contentDirOf: string | undefined

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      content: { type: 'string' },
      out: { type: 'string' },
      'base-url': { type: 'string' },
      'comments-url': { type: 'string' },
      drafts: { type: 'boolean' },
      cache: { type: 'string' },
      'no-cache': { type: 'boolean' },
      clean: { type: 'boolean' },
      strict: { type: 'boolean' },
      workers: { type: 'string' },
      port: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  })
  const command = positionals[0]
  if (values.help || (command !== 'build' && command !== 'preview' && command !== 'dev')) {
    console.log(usage)
    return values.help ? 0 : 1
  }
  if (command === 'dev') return dev(values)
  const outDir = resolve(values.out, defaultOutDir)
  if (command === 'build') {
    const contentDir = resolve(values.content, defaultContentDir)
    contentDirOf = contentDir
    const workers = Number(values.workers ?? availableParallelism())
    if (!Number.isInteger(workers) || workers < 0) {
      console.error(`--workers should be a whole number, got \`${values.workers}\``)
      return 1
    }
    const result = await buildSite({
      contentDir,
      outDir,
      baseUrl: values['base-url'] ?? defaultPreviewUrl,
      drafts: values.drafts,
      cacheDir: values['no-cache'] ? undefined : resolve(values.cache, defaultCacheDir),
      workers,
      clean: values.clean,
      strict: values.strict,
      commentsUrl: values['comments-url'],
    })
    const { site, files, rendered, written, deleted, timings, missingImages } = result
    const ms = (value: number) => Math.round(value)
    for (const image of missingImages) console.error(`${where(image)}: warning: ${image.reason}`)
    if (missingImages.length > 0) {
      const posts = new Set(missingImages.map((image) => image.slug)).size
      console.error(
        `${plural(missingImages.length, 'image')} missing in ${plural(posts, 'post')}: those pages show broken images (--strict makes this an error).\n`,
      )
    }
    console.log(
      `Built ${site.posts.length} posts into ${path.relative(cwd, outDir) || '.'}: ${files} files, ${rendered} rendered, ${written} written, ${deleted} deleted ` +
        `(load ${ms(timings.load)} ms: posts ${ms(site.timings.posts)}, comments ${ms(site.timings.comments)}, related ${ms(site.timings.related)}; render and write ${ms(timings.write)} ms)`,
    )
    const service = result.serviceComments
    if (service)
      console.log(
        `${plural(service.comments, 'comment')} on ${plural(service.posts, 'post')} from ${site.config.commentsUrl} (${plural(service.requests, 'request')}, ${ms(service.ms)} ms)`,
      )
    return 0
  }
  const port = Number(values.port ?? process.env.PORT ?? 4173)
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port should be a port number, got \`${values.port ?? process.env.PORT}\``)
    return 1
  }
  const { server, url } = await startPreview({ dir: outDir, port })
  console.log(`Serving ${path.relative(cwd, outDir) || '.'} on ${url} (Ctrl+C to stop)`)
  const stop = () => server.close(() => process.exit(0))
  process.once('SIGINT', stop)
  process.once('SIGTERM', stop)
  return -1
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code >= 0) process.exitCode = code
  },
  async (error: unknown) => {
    if (error instanceof PostError) {
      // Note: the package names files relative to the posts folder; show them relative to where the
      // user is, so that they can be opened from the terminal as printed.
      const postsDir = contentDirOf === undefined ? undefined : await findPostsDir(contentDirOf)
      for (const message of error.messages) {
        const file =
          message.file && postsDir ? path.relative(cwd, path.resolve(postsDir, message.file)) : undefined
        console.error(
          file && message.line
            ? `${file}:${message.line}:${message.column ?? 1}: ${message.reason}`
            : String(message),
        )
      }
      console.error(
        `\n${error.messages.length} problem${error.messages.length === 1 ? '' : 's'} in posts; nothing was built.`,
      )
    } else if (error instanceof BuildError) {
      for (const image of error.missingImages) console.error(`${where(image)}: ${image.reason}`)
      console.error(`\n${plural(error.missingImages.length, 'image')} missing (--strict); nothing was built.`)
    } else if (error instanceof SiteError) {
      for (const problem of error.problems) console.error(problem)
    } else if (
      error instanceof Error &&
      (error as NodeJS.ErrnoException).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION'
    ) {
      console.error(`${error.message}\n\n${usage}`)
    } else if (error instanceof Error && /no such folder|EADDRINUSE/.test(error.message)) {
      console.error(error.message)
    } else throw error
    process.exitCode = 1
  },
)
