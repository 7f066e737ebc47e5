import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLatestPostFetcher } from '@blogkit/comments/latest-post'
import { type TrustProxy, trustedProxyProblem } from './client-ip.js'

/** The example's folder (this file is `examples/server-blog/src/config.ts`). */
export const exampleDir: string = path.resolve(fileURLToPath(new URL('..', import.meta.url)))

/** The example content written for blogkit. */
export const defaultContentDir: string = path.resolve(exampleDir, '../content')

/** Where the database lives unless `DATABASE_PATH` says otherwise (ignored by git). */
export const defaultDatabasePath: string = path.join(exampleDir, 'data/comments.db')

/** Limits that protect the comment form; every one can be set by an environment variable. */
export interface CommentLimitsConfig {
  /** Comments one IP may post per `windowMs` before it gets `429 Too Many Requests` (`RATE_LIMIT`). */
  rateLimit: number
  /** Comments one IP may post per `windowMs` before the next ones wait for a moderator (`HOLD_AFTER`). */
  holdAfter: number
  /** Window of both limits in milliseconds (`RATE_LIMIT_WINDOW_MS`). */
  windowMs: number
  /** Links allowed in a comment before it waits for a moderator (`MAX_LINKS`). */
  maxLinks: number
  /** Largest request body in bytes (`BODY_LIMIT`). */
  bodyLimit: number
  /** Top-level comment threads per page of a post (`COMMENTS_PER_PAGE`, 1 to 500). */
  commentsPerPage: number
}

/** "Show my latest post": reading commenters' feeds (see the README). */
export interface LatestPostConfig {
  /** Offer the checkbox and read the feeds (`LATEST_POST=0` turns it off). */
  enabled: boolean
  /**
   * Addresses and networks the reader may fetch although they are not public (`LATEST_POST_ALLOW`, e.g.
   * `127.0.0.1` for a test feed on this machine, or an intranet's `10.0.0.0/8`). Empty: public addresses
   * only, which is what a server on the internet wants.
   */
  allowAddresses: string[]
  /** Time limit of each request to a commenter's site, in milliseconds (`LATEST_POST_TIMEOUT_MS`). */
  timeoutMs: number
  /** Largest page or feed read, in bytes (`LATEST_POST_MAX_BYTES`). */
  maxBytes: number
}

/** Everything the server needs to know, read from the environment by `readConfig`. */
export interface ServerConfig {
  /** TCP port (`PORT`); `0` picks a free one. */
  port: number
  /** Address to listen on (`HOST`). */
  host: string
  /** Content folder (`CONTENT_DIR`): `site.json`, `posts/`, `images/`. */
  contentDir: string
  /** Public URL of the site (`SITE_URL`); by default `site.json`'s, with the port the server listens on. */
  baseUrl: string | undefined
  /** SQLite database file (`DATABASE_PATH`). */
  databasePath: string
  /** PostgreSQL connection string (`DATABASE_URL`); when set, comments live there instead of SQLite. */
  databaseUrl: string | undefined
  /** PostgreSQL schema of the comment tables (`DATABASE_SCHEMA`). */
  databaseSchema: string
  /** Token that opens `/admin` (`ADMIN_TOKEN`); without one, moderation is off. */
  adminToken: string | undefined
  /** Secret that signs form tokens and admin cookies (`SECRET`); by default one kept beside the database. */
  secret: string | undefined
  /**
   * Which reverse proxies' `X-Forwarded-For` entries to believe (`TRUST_PROXY`): `0` none, a number of
   * proxies in front of the server, or their addresses and networks.
   */
  trustProxy: TrustProxy
  /** Seed the example comments into an empty database (`SEED=0` turns it off). */
  seed: boolean
  /** Log one line per request (`LOG=0` turns it off). */
  log: boolean
  limits: CommentLimitsConfig
  latestPost: LatestPostConfig
}

/** A wrong setting: `name` is the environment variable. */
export class ConfigError extends Error {
  readonly variable: string
  constructor(variable: string, message: string) {
    super(message)
    this.name = 'ConfigError'
    this.variable = variable
  }
}

function integer(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const value = env[name]
  if (value === undefined || value.trim() === '') return fallback
  const number = Number(value)
  if (!Number.isInteger(number) || number < min || number > max) {
    throw new ConfigError(
      name,
      `${name}=${value} is not valid: give a whole number from ${min} to ${max} (default ${fallback})`,
    )
  }
  return number
}

function flag(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const value = env[name]?.trim().toLowerCase()
  if (value === undefined || value === '') return fallback
  if (['1', 'true', 'yes', 'on'].includes(value)) return true
  if (['0', 'false', 'no', 'off'].includes(value)) return false
  throw new ConfigError(name, `${name}=${env[name]} is not valid: use 1 or 0`)
}

/** `TRUST_PROXY`: `0`, a number of proxy hops, or a comma-separated list of addresses and networks. */
function trustProxy(env: NodeJS.ProcessEnv): TrustProxy {
  const value = env.TRUST_PROXY?.trim() ?? ''
  if (value === '' || ['0', 'false', 'no', 'off'].includes(value.toLowerCase())) return 0
  if (/^\d+$/.test(value)) {
    const hops = Number(value)
    if (hops > 32) {
      throw new ConfigError(
        'TRUST_PROXY',
        `TRUST_PROXY=${value} is not valid: give the number of proxies, 0 to 32`,
      )
    }
    return hops
  }
  if (['true', 'yes', 'on'].includes(value.toLowerCase())) {
    throw new ConfigError(
      'TRUST_PROXY',
      `TRUST_PROXY=${value} is not valid: give the number of reverse proxies in front of the server (1 for one nginx or Caddy), or their addresses (e.g. 10.0.0.2,10.0.0.0/8)`,
    )
  }
  const entries = value.split(',').map((entry) => entry.trim())
  for (const entry of entries) {
    const problem = trustedProxyProblem(entry)
    if (problem) {
      throw new ConfigError(
        'TRUST_PROXY',
        `TRUST_PROXY=${value} is not valid: ${problem}; give the number of proxies, or their addresses and networks separated by commas (e.g. 10.0.0.2,10.0.0.0/8)`,
      )
    }
  }
  return entries
}

const text = (env: NodeJS.ProcessEnv, name: string) => {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

/** `LATEST_POST_ALLOW`: addresses and networks, separated by commas (checked by the reader's own rule). */
function latestPostAllow(env: NodeJS.ProcessEnv): string[] {
  const value = env.LATEST_POST_ALLOW?.trim() ?? ''
  if (value === '') return []
  const entries = value.split(',').map((entry) => entry.trim())
  try {
    createLatestPostFetcher({ allowAddresses: entries })
  } catch (error) {
    throw new ConfigError(
      'LATEST_POST_ALLOW',
      `LATEST_POST_ALLOW=${value} is not valid: give addresses and networks separated by commas (e.g. 127.0.0.1,10.0.0.0/8), or leave it unset to read only public sites (${(error as Error).message.replace(/`/g, '')})`,
    )
  }
  return entries
}

/** Default protection limits (see the README). */
export const defaultLimits: CommentLimitsConfig = {
  rateLimit: 10,
  holdAfter: 3,
  windowMs: 60_000,
  maxLinks: 2,
  bodyLimit: 64 * 1024,
  commentsPerPage: 50,
}

/**
 * Read the server's settings from environment variables (see the README for the list).
 * @throws {ConfigError} naming the variable and what to give instead.
 */
export function readConfig(env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const adminToken = text(env, 'ADMIN_TOKEN')
  if (adminToken !== undefined && adminToken.length < 12) {
    throw new ConfigError(
      'ADMIN_TOKEN',
      'ADMIN_TOKEN is too short to be safe: use at least 12 characters (e.g. `openssl rand -hex 16`)',
    )
  }
  const baseUrl = text(env, 'SITE_URL')
  if (baseUrl !== undefined && !/^https?:\/\/[^/]/i.test(baseUrl)) {
    throw new ConfigError('SITE_URL', `SITE_URL=${baseUrl} is not valid: give an absolute http(s) URL`)
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
  return {
    port: integer(env, 'PORT', 3000, 0, 65535),
    host: text(env, 'HOST') ?? '127.0.0.1',
    contentDir: path.resolve(text(env, 'CONTENT_DIR') ?? defaultContentDir),
    baseUrl,
    databasePath: path.resolve(text(env, 'DATABASE_PATH') ?? defaultDatabasePath),
    databaseUrl,
    databaseSchema,
    adminToken,
    secret: text(env, 'SECRET'),
    trustProxy: trustProxy(env),
    seed: flag(env, 'SEED', true),
    log: flag(env, 'LOG', true),
    limits: {
      rateLimit: integer(env, 'RATE_LIMIT', defaultLimits.rateLimit, 1, 1e9),
      holdAfter: integer(env, 'HOLD_AFTER', defaultLimits.holdAfter, 1, 1e9),
      windowMs: integer(env, 'RATE_LIMIT_WINDOW_MS', defaultLimits.windowMs, 1, 86_400_000),
      maxLinks: integer(env, 'MAX_LINKS', defaultLimits.maxLinks, 0, 1000),
      bodyLimit: integer(env, 'BODY_LIMIT', defaultLimits.bodyLimit, 1024, 10 * 1024 * 1024),
      commentsPerPage: integer(env, 'COMMENTS_PER_PAGE', defaultLimits.commentsPerPage, 1, 500),
    },
    latestPost: {
      enabled: flag(env, 'LATEST_POST', true),
      allowAddresses: latestPostAllow(env),
      timeoutMs: integer(env, 'LATEST_POST_TIMEOUT_MS', 5000, 100, 60_000),
      maxBytes: integer(env, 'LATEST_POST_MAX_BYTES', 1_000_000, 1024, 10_000_000),
    },
  }
}
