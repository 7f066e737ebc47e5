import { CommentError, type CommentStore } from '@blogkit/comments'
import { ConfigError } from './config.js'

/**
 * Whether the comment store answers: its cheap `check()` (one index lookup in SQLite, one query in
 * PostgreSQL), given `timeoutMs` to answer.
 * @returns `undefined` when it answered, else what went wrong.
 */
export async function storeProblem(store: CommentStore, timeoutMs = 5000): Promise<string | undefined> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${timeoutMs} ms`), timeoutMs)
  })
  try {
    return await Promise.race([
      store.check().then(
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
  // Note: the store's errors carry SQLite's in their cause (what `PRAGMA quick_check` found, or why the
  // file could not be opened); this line names the file itself.
  const wrapped =
    (error instanceof CommentError && error.code === 'damaged-database') ||
    (error instanceof Error && error.message.startsWith('Could not open the SQLite comment store'))
  if (wrapped && error.cause !== undefined) return databaseError(filename, error.cause)
  const code = codeOf(error)
  const message = (error instanceof Error ? error.message : String(error)).replace(/\s+/g, ' ')
  const hint = sqliteHints.find(([pattern]) => pattern.test(code))?.[1]
  return new ConfigError(
    'DATABASE_PATH',
    `the comment database DATABASE_PATH=${filename} cannot be used (${message}${code && !message.includes(code) ? `, ${code}` : ''})${hint ? `: ${hint}` : ''}`,
  )
}

/**
 * Check an open SQLite store before serving from it: `check({ thorough: true })`, its `PRAGMA
 * quick_check` (it reads every page once, a few seconds for a big database).
 * @throws {ConfigError} naming `DATABASE_PATH`, the file and the first problems found (the store is closed).
 */
export async function checkSqliteStore(store: CommentStore, filename: string): Promise<void> {
  try {
    await store.check({ thorough: true })
  } catch (error) {
    await store.close().catch(() => {})
    throw databaseError(filename, error)
  }
}
