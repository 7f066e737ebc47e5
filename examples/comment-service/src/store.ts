// The one place that picks the comment store: PostgreSQL with `DATABASE_URL`, else SQLite at
// `DATABASE_PATH` (its folder created, the file checked), both with the comment form's spam checks, and
// with `ON_APPROVE_URL` told of each comment that becomes visible through it (src/webhook.ts).
import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { CommentError, type CommentStore } from '@blogkit/comments'
import { formSpamChecks, type WindowCounters } from '@blogkit/comments/http'
import { createSqliteCommentStore } from '@blogkit/comments/sqlite'
import { ConfigError, type ServiceConfig } from './config.js'
import { createApprovalWebhook, withApprovalWebhook } from './webhook.js'

const reason = (error: unknown) => (error instanceof Error ? error.message : String(error))

/**
 * Open the comment store. With `onApproveUrl` (`ON_APPROVE_URL`), each comment that becomes visible
 * through it (stored approved, or approved by `moderate`: the admin) is sent to that URL in the
 * background (`withApprovalWebhook`); its `close()` gives up retries not yet begun.
 * @throws {ConfigError} naming `DATABASE_PATH` when the SQLite file cannot be opened or is damaged, or
 * `DATABASE_URL` when PostgreSQL cannot be reached.
 */
export async function openCommentStore(
  config: Pick<
    ServiceConfig,
    'databasePath' | 'databaseUrl' | 'databaseSchema' | 'holdAfter' | 'windowMs' | 'maxLinks'
  > &
    Partial<Pick<ServiceConfig, 'onApproveUrl'>>,
  counters: WindowCounters,
): Promise<CommentStore> {
  const store = await openStore(config, counters)
  if (config.onApproveUrl === undefined) return store
  return withApprovalWebhook(store, createApprovalWebhook({ url: config.onApproveUrl }))
}

async function openStore(
  config: Pick<
    ServiceConfig,
    'databasePath' | 'databaseUrl' | 'databaseSchema' | 'holdAfter' | 'windowMs' | 'maxLinks'
  >,
  counters: WindowCounters,
): Promise<CommentStore> {
  const spamChecks = formSpamChecks({
    holdAfter: config.holdAfter,
    windowMs: config.windowMs,
    maxLinks: config.maxLinks,
    counters,
  })
  if (config.databaseUrl !== undefined) {
    const { createPostgresCommentStore } = await import('@blogkit/comments/postgres')
    try {
      return await createPostgresCommentStore({
        connectionString: config.databaseUrl,
        schema: config.databaseSchema,
        spamChecks,
      })
    } catch (error) {
      if (error instanceof CommentError) throw error
      throw new ConfigError('DATABASE_URL', `DATABASE_URL: ${reason(error)}`)
    }
  }
  const filename = config.databasePath
  let store: CommentStore | undefined
  try {
    mkdirSync(path.dirname(filename), { recursive: true })
    store = createSqliteCommentStore({ filename, spamChecks })
    await store.check({ thorough: true })
    return store
  } catch (error) {
    await store?.close().catch(() => {})
    if (error instanceof CommentError && error.code !== 'damaged-database') throw error
    throw new ConfigError(
      'DATABASE_PATH',
      `DATABASE_PATH=${filename} cannot be used: ${reason(error)}; give a file this server can create, read and write`,
    )
  }
}
