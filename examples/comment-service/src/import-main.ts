// `npm run import-disqus -w examples/comment-service -- <export.xml> [--origin URL]`: a Disqus export into
// the service's database (the same DATABASE_PATH or DATABASE_URL and ALLOWED_ORIGINS as `npm start`).
import path from 'node:path'
import { parseArgs } from 'node:util'
import { CommentError } from '@blogkit/comments'
import { memoryCounters } from '@blogkit/comments/http'
import { ImportError } from '@blogkit/import'
import { ConfigError, readConfig } from './config.js'
import { importDisqusExport } from './import-disqus.js'
import { openCommentStore } from './store.js'

const usage = `Usage: npm run import-disqus -w examples/comment-service -- <export.xml> [--origin URL]

  Stores the comments of a Disqus XML export in the service's database (DATABASE_PATH or DATABASE_URL,
  as npm start), each thread's comments under its page address (the thread's link). Run it again after
  a newer export: comments already stored are skipped.

  --origin URL   the site's origin now (https://blog.example), in place of the thread links' own`

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { origin: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  })
  if (values.help || positionals.length !== 1) {
    console.log(usage)
    return values.help ? 0 : 2
  }
  let origin: string | undefined
  if (values.origin !== undefined) {
    const url = URL.canParse(values.origin) ? new URL(values.origin) : undefined
    if (!url || !/^https?:$/.test(url.protocol)) {
      console.error(`error: --origin ${values.origin}: give the site's origin, such as https://blog.example`)
      return 2
    }
    origin = url.origin
  }
  const config = readConfig()
  const cwd = process.env.INIT_CWD ?? process.cwd()
  const shownAs = positionals[0]!
  const store = await openCommentStore(config, memoryCounters())
  try {
    const result = await importDisqusExport({
      file: path.resolve(cwd, shownAs),
      shownAs,
      store,
      allowedOrigins: config.allowedOrigins,
      origin,
    })
    for (const line of result.warnings) console.error(line)
    const where = config.databaseUrl === undefined ? config.databasePath : 'PostgreSQL'
    console.log(
      `${result.imported} comments imported on ${result.pages} pages into ${where} (${result.skipped} already there)`,
    )
    return 0
  } finally {
    await store.close()
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
  },
  (error: unknown) => {
    if (error instanceof ConfigError || error instanceof ImportError || error instanceof CommentError) {
      console.error(`error: ${error.message}`)
    } else if ((error as NodeJS.ErrnoException)?.code === 'ENOENT') {
      console.error(`error: ${(error as Error).message}: give the path of the Disqus export`)
    } else if ((error as NodeJS.ErrnoException)?.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
      console.error(`error: ${(error as Error).message}\n\n${usage}`)
      process.exitCode = 2
      return
    } else {
      console.error(error)
    }
    process.exitCode = 1
  },
)
