// `npm start`: the live example blog on http://localhost:3000 (see README.md for the settings).

import { CommentError } from '@blogkit/comments'
import { SiteError } from '@blogkit/example-site'
import { PostError } from '@blogkit/post'
import { ConfigError, readConfig } from './config.js'
import { startServer } from './server.js'

async function main() {
  const config = readConfig()
  const log = config.log ? (line: string) => console.log(line) : undefined
  // Note: a signal while starting is kept and acted on once the server is up (and can close cleanly).
  let pending: string | undefined
  const early = (signal: string) => () => {
    pending ??= signal
  }
  process.once('SIGTERM', early('SIGTERM'))
  process.once('SIGINT', early('SIGINT'))
  const server = await startServer(config, log)
  process.removeAllListeners('SIGTERM')
  process.removeAllListeners('SIGINT')
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: finishing requests in flight, then closing the database`)
    server.close().then(
      () => {
        console.log('stopped')
        process.exit(0)
      },
      (error) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  if (pending) stop(pending)
  console.log(
    `blogkit server blog: ${server.url} (database ${config.databaseUrl === undefined ? config.databasePath : `PostgreSQL, schema ${config.databaseSchema}`}${server.seeded > 0 ? `, seeded ${server.seeded} example comments` : ''})`,
  )
  console.log(
    config.adminToken ? `moderation: ${server.url}admin` : 'moderation is off: set ADMIN_TOKEN to use /admin',
  )
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof SiteError || error instanceof CommentError) {
    const problems = error instanceof SiteError ? error.problems : [error.message]
    for (const problem of problems) console.error(`error: ${problem}`)
  } else if (error instanceof PostError) {
    console.error('error: the posts have problems:')
    for (const message of error.messages) console.error(`  ${String(message)}`)
  } else if (error instanceof Error && error.message.startsWith('Could not open the PostgreSQL')) {
    console.error(`error: ${error.message} (DATABASE_URL)`)
  } else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(`error: port ${process.env.PORT ?? 3000} is in use: stop the other server or set PORT`)
  } else {
    console.error(error)
  }
  process.exit(1)
})
