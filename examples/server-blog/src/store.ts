import { mkdirSync } from 'node:fs'
import path from 'node:path'
import { CommentError, type CommentStore, type SpamCheck } from '@blogkit/comments'
import { formSpamChecks } from '@blogkit/comments/http'
import { createSqliteCommentStore } from '@blogkit/comments/sqlite'
import type { Site } from '@blogkit/example-site'
import type { ServerConfig } from './config.js'
import { checkSqliteStore, databaseError } from './health.js'
import { memoryCounters, type WindowCounters } from './limits.js'

/**
 * The spam check pipeline of the comment form: a filled honeypot is spam; more than `holdAfter` comments
 * per window from one IP (counted in `counters`), or more than `maxLinks` links, wait for a moderator.
 */
export function spamChecks(config: Pick<ServerConfig, 'limits'>, counters: WindowCounters): SpamCheck[] {
  const { holdAfter, windowMs, maxLinks } = config.limits
  return formSpamChecks({ holdAfter, windowMs, maxLinks, counters })
}

/**
 * Open the comment store the server uses: PostgreSQL when `databaseUrl` (`DATABASE_URL`) is set
 * (`@blogkit/comments/postgres`, tables in `databaseSchema`, created when missing), else SQLite at
 * `databasePath` (the folder is created, the schema migrated, the file checked with the store's
 * `check({ thorough: true })`, a `PRAGMA quick_check`). The one place that picks the store.
 * @param counters Where `HOLD_AFTER` counts (shared through PostgreSQL by several servers); by default in
 * this process.
 * @throws {Error} when PostgreSQL cannot be reached (the message says where and why).
 * @throws {ConfigError} naming `DATABASE_PATH` when the SQLite file is damaged, read-only or cannot be
 * opened.
 */
export async function openCommentStore(
  config: Pick<ServerConfig, 'databasePath' | 'databaseUrl' | 'databaseSchema' | 'limits'>,
  counters: WindowCounters = memoryCounters(),
): Promise<CommentStore> {
  // Note: a reply to a held (pending or spam) comment waits with it: the store's held-parent rule.
  const checks = spamChecks(config, counters)
  if (config.databaseUrl !== undefined) {
    const { createPostgresCommentStore } = await import('@blogkit/comments/postgres')
    return createPostgresCommentStore({
      connectionString: config.databaseUrl,
      schema: config.databaseSchema,
      spamChecks: checks,
    })
  }
  const filename = config.databasePath
  try {
    mkdirSync(path.dirname(filename), { recursive: true })
  } catch (error) {
    throw databaseError(filename, error)
  }
  let store: CommentStore
  try {
    store = createSqliteCommentStore({ filename, spamChecks: checks })
  } catch (error) {
    // Note: a database made by a newer version says so itself.
    if (error instanceof CommentError) throw error
    throw databaseError(filename, error)
  }
  // Note: a damaged file would answer some queries and fail others (every post page): refuse it at once.
  await checkSqliteStore(store, filename)
  return store
}

/**
 * Seed the example comments (from the content folder's `*.comments.json`, replies inferred) into the
 * store. Idempotent: comments whose id is stored already are skipped, so a second start adds nothing
 * (and a comment a moderator deleted stays deleted).
 * @returns How many comments were added and skipped.
 */
export async function seedComments(
  store: CommentStore,
  site: Site,
): Promise<{ imported: number; skipped: number }> {
  const comments = site.posts.flatMap((item) => item.comments)
  if (comments.length === 0) return { imported: 0, skipped: 0 }
  return store.import(comments, { onConflict: 'skip' })
}
