// The service's settings, read from environment variables; a wrong value stops it with a message naming
// the variable and what to give instead.
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { type MailConfig, readMailConfig } from './mail/config.js'

/** The example's folder (this file is `examples/comment-service/src/config.ts`). */
export const exampleDir: string = path.resolve(fileURLToPath(new URL('..', import.meta.url)))

/** Where the database lives unless `DATABASE_PATH` says otherwise (ignored by git). */
export const defaultDatabasePath: string = path.join(exampleDir, 'data/comments.db')

/** Everything the service needs to know, read from the environment by `readConfig`. */
export interface ServiceConfig {
  /** TCP port (`PORT`); `0` picks a free one. */
  port: number
  /** Address to listen on (`HOST`). */
  host: string
  /** SQLite database file (`DATABASE_PATH`). */
  databasePath: string
  /** PostgreSQL connection string (`DATABASE_URL`); when set, comments live there instead of SQLite. */
  databaseUrl: string | undefined
  /** PostgreSQL schema of the comment tables (`DATABASE_SCHEMA`). */
  databaseSchema: string
  /** The moderators' token (`ADMIN_TOKEN`). */
  adminToken: string | undefined
  /** Where a JSON POST goes when a comment becomes visible, so that a static site can rebuild (`ON_APPROVE_URL`). */
  onApproveUrl: string | undefined
  /** Origins of the sites whose pages may post and read comments (`ALLOWED_ORIGINS`). */
  allowedOrigins: string[]
  /** Forms one address may post per window before it gets 429 (`RATE_LIMIT`). */
  rateLimit: number
  /** Comments one address may post per window before the next ones wait for a moderator (`HOLD_AFTER`). */
  holdAfter: number
  /** The window of both limits, in milliseconds (`RATE_LIMIT_WINDOW_MS`). */
  windowMs: number
  /** Links allowed in a comment before it waits for a moderator (`MAX_LINKS`). */
  maxLinks: number
  /** Top-level threads per page of comments (`COMMENTS_PER_PAGE`). */
  commentsPerPage: number
  /** Language of the service's pages when a form does not say (`PAGE_LANGUAGE`: `en` or `sv`). */
  language: string
  /** Names only the sites' authors may use (`RESERVED_NAMES`, comma-separated). */
  reservedNames: string[]
  /** Log one line per request (`LOG=0` turns it off). */
  log: boolean
  /** Reply mails and held-comment notices (`SMTP_URL`, `MAIL_FROM`, `MODERATOR_EMAIL`, `ON_HELD_URL`, …). */
  mail: MailConfig
}

/** A wrong setting: `variable` is the environment variable. */
export class ConfigError extends Error {
  readonly variable: string
  constructor(variable: string, message: string) {
    super(message)
    this.name = 'ConfigError'
    this.variable = variable
  }
}

const text = (env: NodeJS.ProcessEnv, name: string) => {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = text(env, name)
  if (value === undefined) return fallback
  const number = Number(value)
  if (!/^\d+$/.test(value) || number < min || number > max) {
    throw new ConfigError(
      name,
      `${name}=${value} is not valid: give a whole number from ${min} to ${max} (default ${fallback})`,
    )
  }
  return number
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = text(env, name)?.toLowerCase()
  if (value === undefined) return fallback
  if (['1', 'true', 'yes', 'on'].includes(value)) return true
  if (['0', 'false', 'no', 'off'].includes(value)) return false
  throw new ConfigError(name, `${name}=${env[name]} is not valid: use 1 or 0`)
}

/** `ALLOWED_ORIGINS`: comma-separated origins, each scheme, host and port only. */
function allowedOrigins(env: NodeJS.ProcessEnv): string[] {
  const value = text(env, 'ALLOWED_ORIGINS')
  const example = 'e.g. ALLOWED_ORIGINS=https://blog.example,https://www.blog.example'
  if (value === undefined) {
    throw new ConfigError(
      'ALLOWED_ORIGINS',
      `ALLOWED_ORIGINS is not set: give the origins of the sites whose pages may post and show comments, separated by commas (${example})`,
    )
  }
  const origins: string[] = []
  for (const entry of value.split(',').map((item) => item.trim())) {
    if (entry === '') continue
    let url: URL | undefined
    try {
      url = new URL(entry)
    } catch {
      url = undefined
    }
    if (!url || !/^https?:$/.test(url.protocol) || entry.replace(/\/$/, '') !== url.origin) {
      throw new ConfigError(
        'ALLOWED_ORIGINS',
        `ALLOWED_ORIGINS=${value} is not valid: \`${entry}\` is not an origin; give each site as scheme, host and port only, without a path (${example})`,
      )
    }
    origins.push(url.origin)
  }
  return origins
}

/** `ON_APPROVE_URL`: an http(s) URL, or `undefined` when not set. */
function onApproveUrl(env: NodeJS.ProcessEnv): string | undefined {
  const value = text(env, 'ON_APPROVE_URL')
  if (value === undefined) return undefined
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new ConfigError(
      'ON_APPROVE_URL',
      `ON_APPROVE_URL=${value} is not valid: give the http(s) URL that gets a POST when a comment is approved (e.g. your static host's build hook)`,
    )
  }
  return url.href
}

/**
 * Read the service's settings from environment variables (see the README for the list).
 * @throws {ConfigError} naming the variable and what to give instead.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServiceConfig {
  const adminToken = text(env, 'ADMIN_TOKEN')
  if (adminToken !== undefined && adminToken.length < 12) {
    throw new ConfigError(
      'ADMIN_TOKEN',
      'ADMIN_TOKEN is too short to be safe: use at least 12 characters (e.g. `openssl rand -hex 16`)',
    )
  }
  const databaseUrl = text(env, 'DATABASE_URL')
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//i.test(databaseUrl)) {
    throw new ConfigError(
      'DATABASE_URL',
      'DATABASE_URL is not a PostgreSQL URL: give postgres://user:password@host:5432/database (or unset it to use SQLite at DATABASE_PATH)',
    )
  }
  const databaseSchema = text(env, 'DATABASE_SCHEMA') ?? 'public'
  if (!/^[A-Za-z_][A-Za-z0-9_]{0,62}$/.test(databaseSchema)) {
    throw new ConfigError(
      'DATABASE_SCHEMA',
      `DATABASE_SCHEMA=${databaseSchema} is not valid: use letters, digits and _ (at most 63)`,
    )
  }
  const language = (text(env, 'PAGE_LANGUAGE') ?? 'en').toLowerCase()
  if (language !== 'en' && language !== 'sv') {
    throw new ConfigError('PAGE_LANGUAGE', `PAGE_LANGUAGE=${env.PAGE_LANGUAGE} is not valid: use en or sv`)
  }
  return {
    port: integer(env, 'PORT', 3100, 0, 65535),
    host: text(env, 'HOST') ?? '127.0.0.1',
    databasePath: path.resolve(text(env, 'DATABASE_PATH') ?? defaultDatabasePath),
    databaseUrl,
    databaseSchema,
    adminToken,
    onApproveUrl: onApproveUrl(env),
    allowedOrigins: allowedOrigins(env),
    rateLimit: integer(env, 'RATE_LIMIT', 10, 1, 1e9),
    holdAfter: integer(env, 'HOLD_AFTER', 3, 1, 1e9),
    windowMs: integer(env, 'RATE_LIMIT_WINDOW_MS', 60_000, 1, 86_400_000),
    maxLinks: integer(env, 'MAX_LINKS', 2, 0, 1000),
    commentsPerPage: integer(env, 'COMMENTS_PER_PAGE', 50, 1, 500),
    language,
    reservedNames: (text(env, 'RESERVED_NAMES') ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name !== ''),
    log: flag(env, 'LOG', true),
    mail: readMailConfig(env),
  }
}
