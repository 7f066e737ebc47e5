import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { CommentStore } from '../src/index.js'
import { openSqlite, type SqliteDriverName } from '../src/lib/sqlite-driver.js'
import { magnus, rejection, testOptions } from '../src/lib/store-contract/helpers.js'
import { createSqliteCommentStore } from '../src/sqlite.js'
import { runStoreContract } from '../src/store-kit.js'
import { canRun, sqliteDrivers } from './sqlite-drivers.js'

const stores: CommentStore[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tempDir() {
  const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-comments-'))
  dirs.push(dir)
  return dir
}

// Each contract test gets a new database file (several stores may open it, as several processes would).
const contractDir = mkdtempSync(path.join(tmpdir(), 'blogkit-comments-contract-'))
afterAll(() => rmSync(contractDir, { recursive: true, force: true }))
let files = 0

for (const driver of sqliteDrivers) {
  const runs = canRun(driver, 'the SQLite comment store tests')

  function open(extra: Partial<Parameters<typeof createSqliteCommentStore>[0]> = {}) {
    const store = createSqliteCommentStore({ filename: ':memory:', driver, ...testOptions(), ...extra })
    stores.push(store)
    return store
  }

  describe.runIf(runs)(`createSqliteCommentStore on ${driver}: the CommentStore contract`, () => {
    runStoreContract(
      { afterEach, beforeEach, describe, expect, it },
      {
        async database() {
          const filename = path.join(contractDir, `${++files}.db`)
          return async (options) => createSqliteCommentStore({ filename, driver, ...options })
        },
      },
    )
  })

  describe.runIf(runs)(`createSqliteCommentStore on ${driver}`, () => {
    it('should create the file with WAL and keep data across opens', async () => {
      const filename = path.join(tempDir(), 'comments.db')
      const a = open({ filename })
      await a.add({ postId: 'p1', author: magnus, body: 'kvar' })
      await a.close()
      const b = open({ filename })
      expect((await b.list({ postId: 'p1' })).map((c) => c.body)).toEqual(['kvar'])
      await b.close()
      const raw = openSqlite(filename, driver)
      expect(raw.prepare<[], { journal_mode: string }>('PRAGMA journal_mode').get()?.journal_mode).toBe('wal')
      expect(raw.userVersion()).toBe(5)
      raw.close()
    })

    it('should tell writes of another connection (a script) by externalVersion, not its own', async () => {
      const filename = path.join(tempDir(), 'comments.db')
      const store = open({ filename })
      await store.add({ postId: 'p1', author: magnus, body: 'egen' })
      const before = await store.externalVersion!()
      await store.add({ postId: 'p1', author: magnus, body: 'egen igen' })
      expect(await store.externalVersion!()).toBe(before)
      const script = openSqlite(filename, driver)
      script.exec("UPDATE comments SET body = 'ändrad' WHERE id = 'c1'")
      script.close()
      expect(await store.externalVersion!()).not.toBe(before)
    })

    for (const version of [1, 2, 3, 4]) {
      it(`should migrate a version ${version} database and keep its comments`, async () => {
        const filename = path.join(tempDir(), `v${version}.db`)
        const a = open({ filename })
        await a.add({ postId: 'p1', author: magnus, body: 'gammal' })
        await a.close()
        // The file as that version made it: 2 added the status index, 3 the purged_at column, 4 the
        // index of top-level comments, 5 the by_author column.
        const raw = openSqlite(filename, driver)
        raw.exec('ALTER TABLE comments DROP COLUMN by_author')
        if (version < 4) raw.exec('DROP INDEX comments_roots')
        if (version < 3) raw.exec('ALTER TABLE comments DROP COLUMN purged_at')
        if (version === 1) raw.exec('DROP INDEX comments_status')
        raw.setUserVersion(version)
        raw.close()
        const b = open({ filename })
        expect((await b.list({ postId: 'p1' })).map((c) => c.body)).toEqual(['gammal'])
        expect((await b.threadPage({ postId: 'p1' })).comments.map((c) => c.body)).toEqual(['gammal'])
        expect((await b.list({ postId: 'p1' }))[0]!.byAuthor).toBeUndefined()
        expect(
          (await b.add({ postId: 'p1', author: magnus, body: 'ny' }, { byAuthor: true, id: 'ny' })).comment
            .byAuthor,
        ).toBe(true)
        expect((await b.purge({ id: 'c1' })).purgedAt).toBeDefined()
        await b.close()
        const check = openSqlite(filename, driver)
        expect(check.userVersion()).toBe(5)
        for (const index of ['comments_status', 'comments_roots']) {
          expect(
            check
              .prepare<[string], { name: string }>('SELECT name FROM sqlite_master WHERE name = ?')
              .get(index),
          ).toBeTruthy()
        }
        check.close()
      })
    }

    it('should leave nothing of a purged comment in the database files', async () => {
      const filename = path.join(tempDir(), 'erase.db')
      const a = open({ filename })
      const email = 'radera.mig@example.se'
      await a.add({ postId: 'p1', author: { name: 'Radera Mig', email }, body: 'Hemlig text 4711' })
      await a.close()
      // Written out to the database file (a checkpoint on close), as on a server that ran a while.
      const files = () =>
        Buffer.concat(
          [filename, `${filename}-wal`].filter((f) => existsSync(f)).map((f) => readFileSync(f)),
        ).toString('latin1')
      expect(files()).toContain(email)
      const b = open({ filename })
      await b.list({ postId: 'p1' }) // a reader, as a server has
      await b.purge({ id: 'c1' })
      // While the store is still open: the WAL is emptied and the freed bytes are zeros.
      for (const secret of [email, 'Radera Mig', 'Hemlig text 4711']) expect(files()).not.toContain(secret)
      await b.close()
      for (const secret of [email, 'Radera Mig', 'Hemlig text 4711']) expect(files()).not.toContain(secret)
    })

    it('should find a damaged file with a thorough check, and say what to do', async () => {
      const filename = path.join(tempDir(), 'damaged.db')
      const a = open({ filename })
      for (let i = 0; i < 300; i++) {
        await a.add({ postId: `p${i % 7}`, author: magnus, body: `comment ${i} `.repeat(20) })
      }
      await a.close()
      const fd = openSync(filename, 'r+')
      writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 3 * 4096)
      closeSync(fd)
      const b = open({ filename })
      await expect(b.check()).resolves.toBeUndefined()
      const error = await rejection(b.check({ thorough: true }))
      expect([error.code, error.field]).toEqual(['damaged-database', 'filename'])
      expect(error.message.startsWith(`The SQLite comment store \`${filename}\` is damaged (`)).toBe(true)
      expect(error.message).toMatch(
        / \(PRAGMA quick_check found \d+ problems?: .+\); restore it from a backup/,
      )
      expect(error.cause).toMatchObject({
        code: 'SQLITE_CORRUPT',
        message: expect.stringMatching(/^PRAGMA quick_check found/),
      })
    })

    it('should refuse a database from a newer version', () => {
      const filename = path.join(tempDir(), 'future.db')
      const raw = openSqlite(filename, driver)
      raw.setUserVersion(99)
      raw.close()
      expect(() => open({ filename })).toThrow(/schema version 99, newer than/)
    })

    it('should name the file it cannot open', () => {
      const filename = path.join(tempDir(), 'no-such-dir', 'comments.db')
      expect(() => open({ filename })).toThrow(`Could not open the SQLite comment store \`${filename}\`: `)
    })
  })
}

// Both drivers use SQLite's one file format; a site may switch driver (e.g. moving to Node 22 without
// better-sqlite3) and keep its database.
const bothRun =
  canRun('better-sqlite3', 'the cross-driver test') && canRun('node:sqlite', 'the cross-driver test')

describe.runIf(bothRun)(
  'createSqliteCommentStore: a database written by one driver is read by the other',
  () => {
    const pairs: Array<[SqliteDriverName, SqliteDriverName]> = [
      ['better-sqlite3', 'node:sqlite'],
      ['node:sqlite', 'better-sqlite3'],
    ]
    for (const [writer, reader] of pairs) {
      it(`should read with ${reader} what ${writer} wrote`, async () => {
        const filename = path.join(tempDir(), 'shared.db')
        const a = createSqliteCommentStore({ filename, driver: writer, ...testOptions() })
        const { comment } = await a.add({ postId: 'p1', author: magnus, body: 'skriven' })
        await a.add({ postId: 'p1', parentId: comment.id, author: { name: 'Svar' }, body: 'svar' })
        await a.moderate({ id: comment.id, action: 'spam' })
        const written = await a.export()
        await a.close()
        const b = createSqliteCommentStore({ filename, driver: reader, ...testOptions() })
        stores.push(b)
        expect((await b.export()).comments).toEqual(written.comments)
        expect(await b.moderate({ id: comment.id, action: 'restore' })).toMatchObject({ status: 'approved' })
        expect((await b.list({ postId: 'p1' })).map((c) => c.body)).toEqual(['skriven', 'svar'])
      })
    }
  },
)
