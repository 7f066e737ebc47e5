// The reply-mail tables on SQLite and, when a server answers at BLOGKIT_TEST_DATABASE_URL, on PostgreSQL
// (skipped with a note without one, unless CI is set), and the link tokens.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { SubscriptionBook } from '../src/mail/book.js'
import { openPostgresBook, openSqliteBook } from '../src/mail/book-drivers.js'
import { addressKeyOf, tokenMatches, tokenOf } from '../src/mail/tokens.js'
import { dropSchema, testPostgres } from './helpers/postgres.js'

const dir = mkdtempSync(path.join(tmpdir(), 'comment-service-book-'))
const { url, skip: skipPostgres } = await testPostgres('the reply-mail tables on PostgreSQL')
const schema = `blogkit_mail_book_${process.pid}_${Date.now()}`

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true })
  if (skipPostgres) return
  await dropSchema(url, schema)
})

const day = 86_400_000
const page = 'https://blog.example/hej/'

function contract(name: string, open: () => Promise<SubscriptionBook>, skip = false) {
  describe.skipIf(skip)(`the reply-mail tables on ${name}`, () => {
    it('should keep one secret, ask for a confirmation once a day, confirm, unsubscribe and claim once', async () => {
      const [book, other] = await Promise.all([open(), open()])
      try {
        expect(book.secret).toMatch(/^[\w-]{43}$/)
        expect(other.secret).toBe(book.secret)
        const key = addressKeyOf(book.secret, `maria-${name}@example.se`)
        expect(await book.state(key)).toBeUndefined()
        // Two forms at once from the same address: one confirmation.
        const asked = await Promise.all([book.ask(key, 1000, day), other.ask(key, 1000, day)])
        expect(asked.filter(Boolean)).toHaveLength(1)
        expect(await book.state(key)).toBe('pending')
        expect(await book.ask(key, 1000 + day - 1, day)).toBe(false)
        expect(await book.ask(key, 1000 + day, day)).toBe(true)
        await book.subscribe('c1', { addressKey: key, lang: 'sv', pageUrl: page })
        await book.subscribe('c1', { addressKey: 'another', lang: 'en', pageUrl: page })
        expect(await other.subscription('c1')).toEqual({ addressKey: key, lang: 'sv', pageUrl: page })
        expect(await book.confirm(key)).toBe(true)
        expect(await book.state(key)).toBe('confirmed')
        expect(await book.ask(key, 10 * day, day)).toBe(false)
        expect(await book.confirm('never-asked')).toBe(false)

        const claims = await Promise.all([book.claim(`r-${name}`, 5), other.claim(`r-${name}`, 6)])
        expect(claims.filter(Boolean)).toHaveLength(1)
        expect(await book.claim(`r-${name}`, 7)).toBe(false)

        await book.unsubscribe(key)
        expect(await book.state(key)).toBe('unsubscribed')
        expect(await book.subscription('c1')).toBeUndefined()
        expect(await book.confirm(key)).toBe(false)
        expect(await book.ask(key, 11 * day, day)).toBe(true)
        expect(await book.state(key)).toBe('pending')
      } finally {
        await book.close()
        await other.close()
      }
    })
  })
}

contract('SQLite', () => openSqliteBook(path.join(dir, 'comments.db')))
contract('PostgreSQL', () => openPostgresBook({ connectionString: url, schema }), skipPostgres)

describe('link tokens', () => {
  const secret = 'x'.repeat(43)
  const key = addressKeyOf(secret, ' Maria@Example.se ')

  it('should key an address by a keyed hash, the same for any case and spaces, not the address', () => {
    expect(key).toBe(addressKeyOf(secret, 'maria@example.se'))
    expect(key).not.toBe(addressKeyOf('y'.repeat(43), 'maria@example.se'))
    expect(key).toMatch(/^[\w-]{43}$/)
    expect(key).not.toContain('maria')
  })

  it('should take only the token made for the address and purpose with the secret', () => {
    const token = tokenOf(secret, 'unsubscribe', key)
    expect(tokenMatches(secret, 'unsubscribe', key, token)).toBe(true)
    const flipped = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`
    const otherKey = addressKeyOf(secret, 'bo@example.se')
    for (const [purpose, address, given, made] of [
      ['unsubscribe', key, flipped, secret],
      ['confirm', key, token, secret],
      ['unsubscribe', otherKey, token, secret],
      ['unsubscribe', key, tokenOf('y'.repeat(43), 'unsubscribe', key), secret],
      ['unsubscribe', key, token.slice(1), secret],
      ['unsubscribe', key, '', secret],
      ['unsubscribe', `${key}x`, token, secret],
    ] as const) {
      expect(tokenMatches(made, purpose, address, given)).toBe(false)
    }
  })
})
