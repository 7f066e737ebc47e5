// What the service remembers about reply mails, in four small tables of its own beside the comments (the
// same SQLite file or PostgreSQL schema): the secret that signs the mails' links, each address's state
// (asked, confirmed, unsubscribed) under a keyed hash of the address (never the address itself), which
// comments want their replies mailed, and which replies were mailed already.
import { randomBytes } from 'node:crypto'

/** An address's state: asked for reply mails and sent a confirmation, confirmed, or unsubscribed. */
export type AddressState = 'pending' | 'confirmed' | 'unsubscribed'

/** A comment whose replies are mailed to its author once the address is confirmed. */
export interface Subscription {
  /** The keyed hash of the author's address (`addressKey`). */
  addressKey: string
  /** The language of the form it was written in (the mails' language). */
  lang: string
  /** The page the comment is on. */
  pageUrl: string
}

/** The service's reply-mail tables. */
export interface SubscriptionBook {
  /** The random secret that signs links and hashes addresses, made on first use and kept. */
  readonly secret: string
  /** Remember that replies to `commentId` go to the address with `subscription.addressKey`. */
  subscribe(commentId: string, subscription: Subscription): Promise<void>
  /** The subscription of a comment, if any. */
  subscription(commentId: string): Promise<Subscription | undefined>
  /** An address's state, `undefined` for one that never asked. */
  state(addressKey: string): Promise<AddressState | undefined>
  /**
   * Record that the address asked for reply mails. `true` when a confirmation mail is to be sent: the
   * address is not confirmed and was not sent one in the last `quietMs` (so a form filled in with another
   * person's address again and again sends at most one mail a day).
   */
  ask(addressKey: string, now: number, quietMs: number): Promise<boolean>
  /** Confirm an address that asked; `false` when it was not waiting for confirmation. */
  confirm(addressKey: string): Promise<boolean>
  /** Stop all reply mails to the address: its subscriptions are forgotten, and asking again needs a new confirmation. */
  unsubscribe(addressKey: string): Promise<void>
  /** `true` the first time it is called for a reply: the mail about it is sent once, even when approved twice. */
  claim(replyId: string, now: number): Promise<boolean>
  close(): Promise<void>
}

/** One SQL statement with `?` parameters and its rows (a driver of SQLite or PostgreSQL). */
export interface SqlRunner {
  rows(sql: string, params?: readonly unknown[]): Promise<Record<string, unknown>[]>
  close(): Promise<void>
}

/** The tables, in SQL both SQLite and PostgreSQL take (`prefix` is a plain or schema-qualified name start). */
export const bookTables = (prefix: string): string[] => [
  `CREATE TABLE IF NOT EXISTS ${prefix}mail_keys (name TEXT PRIMARY KEY, value TEXT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${prefix}mail_addresses (address_key TEXT PRIMARY KEY, state TEXT NOT NULL, asked_at BIGINT NOT NULL)`,
  `CREATE TABLE IF NOT EXISTS ${prefix}mail_subscriptions (comment_id TEXT PRIMARY KEY, address_key TEXT NOT NULL, lang TEXT NOT NULL, page_url TEXT NOT NULL)`,
  `CREATE INDEX IF NOT EXISTS comment_service_mail_subscriptions_address ON ${prefix}mail_subscriptions (address_key)`,
  `CREATE TABLE IF NOT EXISTS ${prefix}mail_sent (comment_id TEXT PRIMARY KEY, sent_at BIGINT NOT NULL)`,
]

/** The book on tables that exist, through `sql`. */
export async function bookOn(sql: SqlRunner, prefix: string): Promise<SubscriptionBook> {
  const t = (name: string) => `${prefix}${name}`
  await sql.rows(
    `INSERT INTO ${t('mail_keys')} (name, value) VALUES ('secret', ?) ON CONFLICT (name) DO NOTHING`,
    [randomBytes(32).toString('base64url')],
  )
  const [row] = await sql.rows(`SELECT value FROM ${t('mail_keys')} WHERE name = 'secret'`)
  const secret = String(row?.value)
  return {
    secret,
    async subscribe(commentId, { addressKey, lang, pageUrl }) {
      await sql.rows(
        `INSERT INTO ${t('mail_subscriptions')} (comment_id, address_key, lang, page_url) VALUES (?, ?, ?, ?) ON CONFLICT (comment_id) DO NOTHING`,
        [commentId, addressKey, lang, pageUrl],
      )
    },
    async subscription(commentId) {
      const [found] = await sql.rows(
        `SELECT address_key, lang, page_url FROM ${t('mail_subscriptions')} WHERE comment_id = ?`,
        [commentId],
      )
      return found === undefined
        ? undefined
        : {
            addressKey: String(found.address_key),
            lang: String(found.lang),
            pageUrl: String(found.page_url),
          }
    },
    async state(addressKey) {
      const [found] = await sql.rows(`SELECT state FROM ${t('mail_addresses')} WHERE address_key = ?`, [
        addressKey,
      ])
      return found === undefined ? undefined : (String(found.state) as AddressState)
    },
    async ask(addressKey, now, quietMs) {
      const table = t('mail_addresses')
      // Note: one statement, so two forms sent at once by the same address send one confirmation.
      const asked = await sql.rows(
        `INSERT INTO ${table} AS a (address_key, state, asked_at) VALUES (?, 'pending', ?)
         ON CONFLICT (address_key) DO UPDATE SET state = 'pending', asked_at = excluded.asked_at
         WHERE a.state <> 'confirmed' AND a.asked_at <= ?
         RETURNING address_key`,
        [addressKey, now, now - quietMs],
      )
      return asked.length > 0
    },
    async confirm(addressKey) {
      const confirmed = await sql.rows(
        `UPDATE ${t('mail_addresses')} SET state = 'confirmed' WHERE address_key = ? AND state <> 'unsubscribed' RETURNING address_key`,
        [addressKey],
      )
      return confirmed.length > 0
    },
    async unsubscribe(addressKey) {
      await sql.rows(`UPDATE ${t('mail_addresses')} SET state = 'unsubscribed' WHERE address_key = ?`, [
        addressKey,
      ])
      await sql.rows(`DELETE FROM ${t('mail_subscriptions')} WHERE address_key = ?`, [addressKey])
    },
    async claim(replyId, now) {
      const claimed = await sql.rows(
        `INSERT INTO ${t('mail_sent')} (comment_id, sent_at) VALUES (?, ?) ON CONFLICT (comment_id) DO NOTHING RETURNING comment_id`,
        [replyId, now],
      )
      return claimed.length > 0
    },
    close: () => sql.close(),
  }
}
