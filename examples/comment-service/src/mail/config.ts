// The mail and notification settings (`SMTP_URL`, `MAIL_FROM`, `MODERATOR_EMAIL`, `ON_HELD_URL`, `ADMIN_URL`,
// `PUBLIC_URL`), read from environment variables; a wrong value stops the service naming the variable.
import { ConfigError } from '../config.js'

/** How the service sends mail and tells moderators about held comments. */
export interface MailConfig {
  /** SMTP server (`SMTP_URL`: `smtp://user:password@host:587` or `smtps://…:465`); without it no mail is sent. */
  smtpUrl: string | undefined
  /** The sender of every mail (`MAIL_FROM`: `Comments <comments@blog.example>`); required with `SMTP_URL`. */
  from: string | undefined
  /** Where a mail about each held comment goes (`MODERATOR_EMAIL`); needs `SMTP_URL`. */
  moderatorEmail: string | undefined
  /** A URL that gets a JSON POST about each held comment (`ON_HELD_URL`). */
  onHeldUrl: string | undefined
  /** The moderation page that mails and webhooks link to (`ADMIN_URL`). @default `<PUBLIC_URL>admin` */
  adminUrl: string | undefined
  /** The service's address as readers reach it (`PUBLIC_URL`), for the links in mails. @default the address it listens on */
  publicUrl: string | undefined
}

const text = (env: NodeJS.ProcessEnv, name: string) => {
  const value = env[name]?.trim()
  return value === undefined || value === '' ? undefined : value
}

/** One address, or a display name with an address in angle brackets. */
const mailbox = /^(?:[^<>@\s]+@[^<>@\s]+\.[^<>@\s.]+|[^<>]*<[^<>@\s]+@[^<>@\s]+\.[^<>@\s.]+>)$/

function httpUrl(env: NodeJS.ProcessEnv, name: string, example: string): string | undefined {
  const value = text(env, name)
  if (value === undefined) return undefined
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || !/^https?:$/.test(url.protocol)) {
    throw new ConfigError(
      name,
      `${name}=${value} is not valid: give an http(s) URL (e.g. ${name}=${example})`,
    )
  }
  return url.href
}

function smtpUrl(env: NodeJS.ProcessEnv): string | undefined {
  const value = text(env, 'SMTP_URL')
  if (value === undefined) return undefined
  let url: URL | undefined
  try {
    url = new URL(value)
  } catch {
    url = undefined
  }
  if (!url || !/^smtps?:$/.test(url.protocol) || url.hostname === '') {
    // Note: the value is not repeated, as it may hold a password.
    throw new ConfigError(
      'SMTP_URL',
      'SMTP_URL is not valid: give smtp://user:password@host:587 (STARTTLS) or smtps://user:password@host:465 (TLS), with the user and password URL-encoded',
    )
  }
  return value
}

/**
 * Read the mail settings.
 * @throws {ConfigError} naming the variable and what to give instead.
 */
export function readMailConfig(env: NodeJS.ProcessEnv): MailConfig {
  const smtp = smtpUrl(env)
  const from = text(env, 'MAIL_FROM')
  if (from !== undefined && !mailbox.test(from)) {
    throw new ConfigError(
      'MAIL_FROM',
      `MAIL_FROM=${from} is not valid: give an address (comments@blog.example) or a name and an address (Comments <comments@blog.example>)`,
    )
  }
  if (smtp !== undefined && from === undefined) {
    throw new ConfigError(
      'MAIL_FROM',
      'MAIL_FROM is not set but SMTP_URL is: give the sender of the mails (e.g. MAIL_FROM="Comments <comments@blog.example>")',
    )
  }
  const moderatorEmail = text(env, 'MODERATOR_EMAIL')
  if (moderatorEmail !== undefined && !mailbox.test(moderatorEmail)) {
    throw new ConfigError(
      'MODERATOR_EMAIL',
      `MODERATOR_EMAIL=${moderatorEmail} is not valid: give the address that hears about held comments (e.g. MODERATOR_EMAIL=elin@blog.example)`,
    )
  }
  if (moderatorEmail !== undefined && smtp === undefined) {
    throw new ConfigError(
      'MODERATOR_EMAIL',
      'MODERATOR_EMAIL is set but SMTP_URL is not: give the SMTP server that sends the mails (e.g. SMTP_URL=smtp://user:password@mail.example:587)',
    )
  }
  const publicUrl = httpUrl(env, 'PUBLIC_URL', 'https://comments.blog.example/')
  return {
    smtpUrl: smtp,
    from,
    moderatorEmail,
    onHeldUrl: httpUrl(env, 'ON_HELD_URL', 'https://hooks.example/held'),
    adminUrl: httpUrl(env, 'ADMIN_URL', 'https://comments.blog.example/admin'),
    publicUrl: publicUrl === undefined || publicUrl.endsWith('/') ? publicUrl : `${publicUrl}/`,
  }
}
