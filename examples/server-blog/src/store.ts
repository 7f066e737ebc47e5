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
import type { ServerConfig } from './config.js'

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
 * Open the comment store the server uses: PostgreSQL when `databaseUrl` (`DATABASE_URL`) is set
 * (`@blogkit/comments/postgres`, tables in `databaseSchema`, created when missing), else SQLite at
 * `databasePath` (the folder is created, the schema migrated). The one place that picks the store.
 * @throws {Error} when PostgreSQL cannot be reached (the message says where and why).
 */
export async function openCommentStore(
  config: Pick<ServerConfig, 'databasePath' | 'databaseUrl' | 'databaseSchema' | 'limits'>,
): Promise<CommentStore> {
  if (config.databaseUrl !== undefined) {
    const { createPostgresCommentStore } = await import('@blogkit/comments/postgres')
    return createPostgresCommentStore({
      connectionString: config.databaseUrl,
      schema: config.databaseSchema,
      spamChecks: spamChecks(config),
    })
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
  return store.import(comments, { onConflict: 'skip' })
}
