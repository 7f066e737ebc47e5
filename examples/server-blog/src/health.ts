import { existsSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { CommentStore } from '@blogkit/comments'
import type BetterSqlite3 from 'better-sqlite3'
import { ConfigError } from './config.js'

const require = createRequire(import.meta.url)

/** The post id `/healthz` counts the comments of: none has it, so the query reads one index entry. */
const probePostId = 'blogkit-healthz-probe'

/**
 * Whether the comment store answers: one cheap query (`count` of a post that does not exist, an index
 * lookup), given `timeoutMs` to answer.
 * @returns `undefined` when it answered, else what went wrong.
 */
export async function storeProblem(store: CommentStore, timeoutMs = 5000): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs)
  })
  try {
    return await Promise.race([
      store.count({ postIds: [probePostId] }).then(
        () => undefined,
        (error: unknown) => (error instanceof Error ? error.message : String(error)),
      ),
      timeout,
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** What to tell about an error SQLite gave for the database file, by its code. */
const sqliteHints: Array<[RegExp, string]> = [
  [
    /^SQLITE_READONLY/,
    'the file or its folder is read-only for this server: give its user write access to both (SQLite writes the -wal and -shm files beside the database)',
  ],
  [
    /^SQLITE_CANTOPEN/,
    'it cannot be opened: DATABASE_PATH must name a file (or a file to create) in a folder this server may write',
  ],
  [/^SQLITE_NOTADB/, 'it is not a SQLite database: point DATABASE_PATH at the comment database'],
  [
    /^SQLITE_CORRUPT/,
    'it is damaged: restore it from a backup, or recover what is left (sqlite3 <file> .recover | sqlite3 <new file>) and point DATABASE_PATH at the result',
  ],
  [/^(EACCES|EPERM)$/, 'this server may not create it there: give its user write access to the folder'],
  [/^(ENOTDIR|EEXIST)$/, 'a part of the path is a file, not a folder'],
]

const codeOf = (error: unknown): string => {
  const e = error as { code?: unknown; cause?: { code?: unknown } } | undefined
  return String(e?.code ?? e?.cause?.code ?? '')
}

/**
 * The error to stop with when the SQLite database at `filename` cannot be used: one line naming
 * `DATABASE_PATH`, the file, the cause and what to do.
 */
export function databaseError(filename: string, error: unknown): ConfigError {
  const code = codeOf(error)
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ')
  const hint = sqliteHints.find(([pattern]) => pattern.test(code))?.[1]
  return new ConfigError(
    'DATABASE_PATH',
    `the comment database DATABASE_PATH=${filename} cannot be used (${message}${code && !message.includes(code) ? `, ${code}` : ''})${hint ? `: ${hint}` : ''}`,
  )
}

/**
 * Open a SQLite file with the driver the store would use: better-sqlite3 when it loads on this Node,
 * else the built-in `node:sqlite` (Node 22.13 and later).
 */
function openSqlite(filename: string): { all(sql: string): unknown[]; close(): unknown } {
  let Database: typeof BetterSqlite3 | undefined
  try {
    Database = require('better-sqlite3') as typeof BetterSqlite3
  } catch {
    // Note: not installed, or not built for this Node: the store falls back to node:sqlite, and so does this.
  }
  if (Database) {
    const db = new Database(filename, { fileMustExist: true })
    return { all: (sql) => db.prepare(sql).all(), close: () => db.close() }
  }
  // Note: node:sqlite's types are not in this Node's @types/node; the part used here.
  const { DatabaseSync } = require('node:sqlite') as {
    DatabaseSync: new (file: string) => { prepare(sql: string): { all(): unknown[] }; close(): void }
  }
  const db = new DatabaseSync(filename)
  return { all: (sql) => db.prepare(sql).all(), close: () => db.close() }
}

/**
 * Check an existing SQLite database before serving from it: `PRAGMA quick_check` (it reads every page
 * once, a few seconds for a big database). A new database (no file yet) is not checked.
 * @throws {ConfigError} naming `DATABASE_PATH`, the file and the first problems found.
 */
export function checkSqliteFile(filename: string): void {
  if (!existsSync(filename)) return
  let db: { all(sql: string): unknown[]; close(): unknown } | undefined
  try {
    db = openSqlite(filename)
    const rows = db.all('PRAGMA quick_check') as Array<{ quick_check: string }>
    const problems = rows.map((row) => row.quick_check).filter((problem) => problem !== 'ok')
    if (problems.length > 0) {
      throw databaseError(
        filename,
        Object.assign(
          new Error(
            `PRAGMA quick_check found ${problems.length} problem${problems.length === 1 ? '' : 's'}: ${problems.join('; ').slice(0, 300)}`,
          ),
          { code: 'SQLITE_CORRUPT' },
        ),
      )
    }
  } catch (error) {
    if (error instanceof ConfigError) throw error
    throw databaseError(filename, error)
  } finally {
    db?.close()
  }
}
