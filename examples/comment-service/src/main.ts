// `npm start`: the comment service on http://localhost:3100 (see README.md for the settings).
import { CommentError } from '@blogkit/comments'
import { ConfigError, readConfig } from './config.js'
import { startService } from './server.js'

async function main() {
  const config = readConfig()
  const service = await startService(config, config.log ? (line) => console.log(line) : undefined)
  let stopping = false
  const stop = (signal: string) => {
    if (stopping) return
    stopping = true
    console.log(`${signal}: finishing requests in flight, then closing the database`)
    service.close().then(
      () => process.exit(0),
      (error) => {
        console.error(error)
        process.exit(1)
      },
    )
  }
  process.on('SIGTERM', () => stop('SIGTERM'))
  process.on('SIGINT', () => stop('SIGINT'))
  const database =
    config.databaseUrl === undefined ? config.databasePath : `PostgreSQL, schema ${config.databaseSchema}`
  console.log(`blogkit comment service: ${service.url} (database ${database})`)
  console.log(`pages of ${config.allowedOrigins.join(', ')} may post to ${service.url}comments`)
  console.log(
    config.adminToken === undefined
      ? 'moderation is off: set ADMIN_TOKEN to use /admin'
      : `moderation: ${service.url}admin`,
  )
  if (config.onApproveUrl !== undefined)
    console.log(`each comment published is announced to ${config.onApproveUrl} (ON_APPROVE_URL)`)
  const { smtpUrl, publicUrl } = config.mail
  if (smtpUrl === undefined) console.log('mail: off (no SMTP_URL): the form\'s "e-mail me" box is ignored')
  else {
    console.log(`mail: reply mails and held-comment mails through ${new URL(smtpUrl).host}`)
    if (publicUrl === undefined)
      console.log(
        `mail: the links in mails point to ${service.url}; set PUBLIC_URL to the address readers use`,
      )
  }
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof CommentError) {
    console.error(`error: ${error.message}`)
  } else if ((error as NodeJS.ErrnoException)?.code === 'EADDRINUSE') {
    console.error(`error: port ${process.env.PORT ?? 3100} is in use: stop the other server or set PORT`)
  } else {
    console.error(error)
  }
  process.exit(1)
})
