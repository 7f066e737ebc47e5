import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, afterEach, describe, expect, it } from 'vitest'
import type { CommentStore } from '../src/index.js'
import { createSqliteCommentStore } from '../src/sqlite.js'
import { commentStoreContract, magnus, testOptions } from './store-contract.js'

const stores: CommentStore[] = []
const dirs: string[] = []
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function open(extra: Partial<Parameters<typeof createSqliteCommentStore>[0]> = {}) {
  const store = createSqliteCommentStore({ filename: ':memory:', ...testOptions(), ...extra })
  stores.push(store)
  return store
}

// Each contract test gets a new database file (several stores may open it, as several processes would).
const contractDir = mkdtempSync(path.join(tmpdir(), 'blogkit-comments-contract-'))
afterAll(() => rmSync(contractDir, { recursive: true, force: true }))
let files = 0

describe('createSqliteCommentStore: the CommentStore contract', () => {
  commentStoreContract({
    async database() {
      const filename = path.join(contractDir, `${++files}.db`)
      return async (options) => createSqliteCommentStore({ filename, ...options })
    },
  })
})

describe('createSqliteCommentStore', () => {
  it('should create the file with WAL and keep data across opens', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-comments-'))
    dirs.push(dir)
    const filename = path.join(dir, 'comments.db')
    const a = open({ filename })
    await a.add({ postId: 'p1', author: magnus, body: 'kvar' })
    await a.close()
    const b = open({ filename })
    expect((await b.list({ postId: 'p1' })).map((c) => c.body)).toEqual(['kvar'])
    await b.close()
    const raw = new Database(filename, { readonly: true })
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal')
    expect(raw.pragma('user_version', { simple: true })).toBe(2)
    raw.close()
  })

  it('should migrate a version 1 database and keep its comments', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-comments-'))
    dirs.push(dir)
    const filename = path.join(dir, 'v1.db')
    const a = open({ filename })
    await a.add({ postId: 'p1', author: magnus, body: 'gammal' })
    await a.close()
    const raw = new Database(filename)
    raw.exec('DROP INDEX comments_status')
    raw.pragma('user_version = 1')
    raw.close()
    const b = open({ filename })
    expect((await b.list({ postId: 'p1' })).map((c) => c.body)).toEqual(['gammal'])
    await b.close()
    const check = new Database(filename, { readonly: true })
    expect(check.pragma('user_version', { simple: true })).toBe(2)
    expect(check.prepare("SELECT name FROM sqlite_master WHERE name = 'comments_status'").get()).toBeTruthy()
    check.close()
  })

  it('should refuse a database from a newer version', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-comments-'))
    dirs.push(dir)
    const filename = path.join(dir, 'future.db')
    const raw = new Database(filename)
    raw.pragma('user_version = 99')
    raw.close()
    expect(() => open({ filename })).toThrow(/schema version 99, newer than/)
  })
})
