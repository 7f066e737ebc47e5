// The SQLite store's driver seam: one small synchronous connection interface, implemented on
// better-sqlite3 (an optional peer dependency, loaded with `require` when a store opens) and on Node's
// built-in `node:sqlite` (Node 22.13 and later). The store holds only SQL; this file holds what differs.
import { createRequire } from 'node:module'
import { CommentError } from './errors.js'

/** A SQLite driver the store can run on. */
export type SqliteDriverName = 'better-sqlite3' | 'node:sqlite'

/** The `driver` option: a driver, or `auto` (better-sqlite3 when it loads, else `node:sqlite`). */
export type SqliteDriverChoice = 'auto' | SqliteDriverName

export const sqliteDriverChoices: readonly SqliteDriverChoice[] = ['auto', 'better-sqlite3', 'node:sqlite']

/** A prepared statement. Named parameters are `@name` in SQL and `{ name }` in an object. */
export interface SqliteStatement<Params extends unknown[], Row> {
  run(...params: Params): unknown
  get(...params: Params): Row | undefined
  all(...params: Params): Row[]
}

/** One open database. Every method is synchronous, as both drivers are. */
export interface SqliteConnection {
  readonly driver: SqliteDriverName
  /** Run SQL without results (several statements allowed). */
  exec(sql: string): void
  /** A statement whose rows are objects keyed by column name. */
  prepare<Params extends unknown[], Row>(sql: string): SqliteStatement<Params, Row>
  /** A statement whose rows are arrays of the column values, in select order (faster for long lists). */
  prepareArrays<Params extends unknown[], Row extends unknown[]>(sql: string): SqliteStatement<Params, Row>
  /**
   * Wrap `fn` in a `BEGIN IMMEDIATE` transaction: committed when `fn` returns, rolled back when it throws.
   * Not re-entrant: do not call a wrapped function from inside another.
   */
  immediate<Args extends unknown[], Result>(fn: (...args: Args) => Result): (...args: Args) => Result
  /** `PRAGMA user_version`. */
  userVersion(): number
  setUserVersion(version: number): void
  /** Whether `error` is this driver's error for a violated UNIQUE constraint. */
  isUniqueViolation(error: unknown): boolean
  close(): void
}

// The parts of better-sqlite3 12 and node:sqlite used here (neither package's types are a dependency).
interface BetterStatement {
  run(...params: unknown[]): unknown
  get(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
  raw(toggle?: boolean): BetterStatement
}
interface BetterTransaction {
  immediate(...args: unknown[]): unknown
}
interface BetterDatabase {
  exec(sql: string): unknown
  prepare(sql: string): BetterStatement
  transaction(fn: (...args: never[]) => unknown): BetterTransaction
  pragma(source: string, options: { simple: true }): unknown
  close(): unknown
}
/** better-sqlite3's default export. */
export type BetterSqlite3 = new (filename: string) => BetterDatabase

interface NodeStatement {
  run(...params: unknown[]): unknown
  get(...params: unknown[]): unknown
  all(...params: unknown[]): unknown[]
  /** Node 22.16 and later. */
  setReturnArrays?(enabled: boolean): void
}
interface NodeDatabase {
  exec(sql: string): void
  prepare(sql: string): NodeStatement
  /** Node 22.16 and later. */
  readonly isTransaction?: boolean
  close(): void
}
/** The `node:sqlite` module. */
export interface NodeSqlite {
  DatabaseSync: new (filename: string) => NodeDatabase
}

/** What loading a driver found. */
export type DriverLoad<T> =
  | { ok: true; driver: T }
  | { ok: false; reason: 'missing' | 'does-not-load'; cause?: unknown }

/** How the drivers are found (tests inject their own). */
export interface SqliteDriverLoaders {
  betterSqlite3(): DriverLoad<BetterSqlite3>
  nodeSqlite(): DriverLoad<NodeSqlite>
}

let betterSqlite3Load: DriverLoad<BetterSqlite3> | undefined

/**
 * Load better-sqlite3 once per process: `missing` when it is not installed, `does-not-load` when its
 * native addon fails (built for another Node ABI, or never built). The addon loads on the first
 * `new Database`, so a `:memory:` database is opened to find out.
 */
function loadBetterSqlite3(): DriverLoad<BetterSqlite3> {
  if (betterSqlite3Load) return betterSqlite3Load
  const require = createRequire(import.meta.url)
  try {
    require.resolve('better-sqlite3')
  } catch (cause) {
    betterSqlite3Load = { ok: false, reason: 'missing', cause }
    return betterSqlite3Load
  }
  try {
    const Database = require('better-sqlite3') as BetterSqlite3
    new Database(':memory:').close()
    betterSqlite3Load = { ok: true, driver: Database }
  } catch (cause) {
    betterSqlite3Load = { ok: false, reason: 'does-not-load', cause }
  }
  return betterSqlite3Load
}

function loadNodeSqlite(): DriverLoad<NodeSqlite> {
  // Note: `process.getBuiltinModule` (Node 20.16+) returns undefined for a module this Node lacks, or
  // has only behind --experimental-sqlite (22.5–22.12), without throwing and without a static import.
  const sqlite = process.getBuiltinModule('node:sqlite') as NodeSqlite | undefined
  return sqlite?.DatabaseSync ? { ok: true, driver: sqlite } : { ok: false, reason: 'missing' }
}

export const defaultSqliteDriverLoaders: SqliteDriverLoaders = {
  betterSqlite3: loadBetterSqlite3,
  nodeSqlite: loadNodeSqlite,
}

const install =
  'install better-sqlite3 (`npm install better-sqlite3`) or run Node 22.13 or later, which has node:sqlite'

/** An error's message on one line (the addon's ABI message spans four). */
function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return message
    .split('\n')
    .map((l) => l.trim())
    .join(' ')
}

function doesNotLoad(cause: unknown): string {
  return `better-sqlite3 is installed but does not load on Node ${process.version} (${oneLine(cause)}); rebuild it for this Node with \`npm rebuild better-sqlite3\``
}

/**
 * Open `filename` with the chosen driver.
 *
 * @throws CommentError `missing-driver` when the driver (or, for `auto`, any driver) is not available,
 *   `driver-does-not-load` when better-sqlite3 is forced and installed but its addon does not load.
 */
export function openSqlite(
  filename: string,
  choice: SqliteDriverChoice,
  loaders: SqliteDriverLoaders = defaultSqliteDriverLoaders,
): SqliteConnection {
  if (choice !== 'node:sqlite') {
    const better = loaders.betterSqlite3()
    if (better.ok) return betterSqlite3Connection(new better.driver(filename))
    if (choice === 'better-sqlite3') {
      if (better.reason === 'does-not-load') {
        throw withCause(
          new CommentError('driver-does-not-load', doesNotLoad(better.cause), 'driver'),
          better.cause,
        )
      }
      throw new CommentError(
        'missing-driver',
        "`driver: 'better-sqlite3'` needs the better-sqlite3 package: install it (`npm install better-sqlite3`), or use `driver: 'auto'` on Node 22.13 or later, which has node:sqlite",
        'driver',
      )
    }
    const sqlite = loaders.nodeSqlite()
    if (sqlite.ok) return nodeSqliteConnection(new sqlite.driver.DatabaseSync(filename))
    const broken = better.reason === 'does-not-load' ? `; ${doesNotLoad(better.cause)}` : ''
    throw withCause(
      new CommentError(
        'missing-driver',
        `The SQLite comment store needs a SQLite driver and Node ${process.version} has none: ${install}${broken}`,
        'driver',
      ),
      better.cause,
    )
  }
  const sqlite = loaders.nodeSqlite()
  if (sqlite.ok) return nodeSqliteConnection(new sqlite.driver.DatabaseSync(filename))
  throw new CommentError(
    'missing-driver',
    `\`driver: 'node:sqlite'\` needs Node 22.13 or later (this is Node ${process.version}): run a newer Node, or install better-sqlite3 (\`npm install better-sqlite3\`) and use \`driver: 'auto'\``,
    'driver',
  )
}

function withCause<E extends Error>(error: E, cause: unknown): E {
  if (cause !== undefined) error.cause = cause
  return error
}

function betterSqlite3Connection(db: BetterDatabase): SqliteConnection {
  return {
    driver: 'better-sqlite3',
    exec: (sql) => {
      db.exec(sql)
    },
    // Note: better-sqlite3's statements already have this shape; returned as they are (no wrapper per call).
    prepare: <P extends unknown[], R>(sql: string) => db.prepare(sql) as unknown as SqliteStatement<P, R>,
    prepareArrays: <P extends unknown[], R extends unknown[]>(sql: string) =>
      db.prepare(sql).raw() as unknown as SqliteStatement<P, R>,
    immediate: <A extends unknown[], R>(fn: (...args: A) => R) => {
      const tx = db.transaction(fn as (...args: never[]) => unknown)
      return (...args: A) => tx.immediate(...args) as R
    },
    userVersion: () => db.pragma('user_version', { simple: true }) as number,
    setUserVersion: (version) => {
      db.pragma(`user_version = ${Math.trunc(version)}`, { simple: true })
    },
    isUniqueViolation: (error) => (error as { code?: unknown })?.code === 'SQLITE_CONSTRAINT_UNIQUE',
    close: () => {
      db.close()
    },
  }
}

const SQLITE_CONSTRAINT_UNIQUE = 2067

function nodeSqliteConnection(db: NodeDatabase): SqliteConnection {
  // Note: better-sqlite3 is built with a 16 MB page cache (SQLite's default is 2 MB); the same here, so
  // that large transactions (an import) do not spill to the file half-way on one driver only.
  db.exec('PRAGMA cache_size = -16000')
  const begin = db.prepare('BEGIN IMMEDIATE')
  const commit = db.prepare('COMMIT')
  const rollback = db.prepare('ROLLBACK')
  return {
    driver: 'node:sqlite',
    exec: (sql) => db.exec(sql),
    prepare: <P extends unknown[], R>(sql: string) => db.prepare(sql) as unknown as SqliteStatement<P, R>,
    prepareArrays: <P extends unknown[], R extends unknown[]>(sql: string) => {
      const statement = db.prepare(sql)
      if (typeof statement.setReturnArrays === 'function') {
        statement.setReturnArrays(true)
        return statement as unknown as SqliteStatement<P, R>
      }
      // Node 22.13–22.15: rows are objects; their keys are in select order (column names, never numeric).
      return {
        run: (...params: P) => statement.run(...params),
        get: (...params: P) => {
          const row = statement.get(...params)
          return row === undefined ? undefined : (Object.values(row as object) as R)
        },
        all: (...params: P) => statement.all(...params).map((row) => Object.values(row as object) as R),
      }
    },
    immediate:
      <A extends unknown[], R>(fn: (...args: A) => R) =>
      (...args: A) => {
        begin.run()
        let result: R
        try {
          result = fn(...args)
          commit.run()
        } catch (error) {
          // Note: SQLite itself may have rolled back already (e.g. on SQLITE_FULL); then ROLLBACK fails.
          if (db.isTransaction !== false) {
            try {
              rollback.run()
            } catch {}
          }
          throw error
        }
        return result
      },
    userVersion: () => (db.prepare('PRAGMA user_version').get() as { user_version: number }).user_version,
    setUserVersion: (version) => db.exec(`PRAGMA user_version = ${Math.trunc(version)}`),
    isUniqueViolation: (error) => {
      const e = error as { code?: unknown; errcode?: unknown; message?: unknown }
      return (
        e?.code === 'ERR_SQLITE_ERROR' &&
        (e.errcode === SQLITE_CONSTRAINT_UNIQUE ||
          (typeof e.message === 'string' && e.message.startsWith('UNIQUE constraint failed')))
      )
    },
    close: () => db.close(),
  }
}
