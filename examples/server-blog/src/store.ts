import { mkdirSync } from 'node:fs'
import path from 'node:path'
import {
  type CommentStore,
  honeypotCheck,
  linkLimitCheck,
  rateLimitCheck,
  type SpamCheck,
} from '@blogkit/comments'
import { createSqliteCommentStore } from '@blogkit/comments/sqlite'
import type { Site } from '@blogkit/example-site'
import { ConfigError, type ServerConfig } from './config.js'

/**
 * The spam check pipeline of the comment form: a filled honeypot is spam; more than `holdAfter` comments
 * per window from one IP, or more than `maxLinks` links, wait for a moderator.
 */
export function spamChecks(config: Pick<ServerConfig, 'limits'>): SpamCheck[] {
  return [
    honeypotCheck(),
    rateLimitCheck({ max: config.limits.holdAfter, windowMs: config.limits.windowMs, action: 'pending' }),
    linkLimitCheck({ max: config.limits.maxLinks, action: 'pending' }),
  ]
}

/**
 * Open the comment store the server uses: SQLite at `databasePath` (the folder is created, the schema
 * migrated). This is the one place that picks the store (issue 10 adds PostgreSQL for `DATABASE_URL`).
 * @throws {ConfigError} when `DATABASE_URL` is set (not supported by this example yet).
 */
export function openCommentStore(
  config: Pick<ServerConfig, 'databasePath' | 'databaseUrl' | 'limits'>,
): CommentStore {
  if (config.databaseUrl !== undefined) {
    throw new ConfigError(
      'DATABASE_URL',
      'DATABASE_URL is set, but this example stores comments in SQLite only for now; unset DATABASE_URL and use DATABASE_PATH for the database file',
    )
  }
  mkdirSync(path.dirname(config.databasePath), { recursive: true })
  return createSqliteCommentStore({ filename: config.databasePath, spamChecks: spamChecks(config) })
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
  return store.import(
    { format: 'blogkit-comments', version: 1, exportedAt: new Date().toISOString(), comments },
    { onConflict: 'skip' },
  )
}
