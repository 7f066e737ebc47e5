import { describe, expect, it } from 'vitest'
import { CommentError } from '../src/index.js'
import {
  type DriverLoad,
  defaultSqliteDriverLoaders,
  type NodeSqlite,
  openSqlite,
  type SqliteDriverLoaders,
} from '../src/lib/sqlite-driver.js'
import { createSqliteCommentStore } from '../src/sqlite.js'
import { canRun, skipReason } from './sqlite-drivers.js'

// The error better-sqlite3's addon gives on a Node of another ABI (Node 24 loading a Node 20 build).
const abiError = Object.assign(
  new Error(
    "The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\nwas compiled against a different Node.js version using\nNODE_MODULE_VERSION 115. This version of Node.js requires\nNODE_MODULE_VERSION 137. Please try re-compiling or re-installing\nthe module (for instance, using `npm rebuild` or `npm install`).",
  ),
  { code: 'ERR_DLOPEN_FAILED' },
)
const notInstalled: DriverLoad<never> = { ok: false, reason: 'missing' }
const builtForOtherNode: DriverLoad<never> = { ok: false, reason: 'does-not-load', cause: abiError }

function loaders(overrides: Partial<SqliteDriverLoaders>): SqliteDriverLoaders {
  return { ...defaultSqliteDriverLoaders, ...overrides }
}

function thrown(fn: () => unknown): CommentError {
  try {
    fn()
  } catch (error) {
    if (error instanceof CommentError) return error
    throw error
  }
  throw new Error('Expected a CommentError')
}

const installOrUpgrade =
  'install better-sqlite3 (`npm install better-sqlite3`) or run Node 22.13 or later, which has node:sqlite'

describe('openSqlite: choosing the driver', () => {
  it('should say what to install when no driver is available', () => {
    const error = thrown(() =>
      openSqlite(':memory:', 'auto', { betterSqlite3: () => notInstalled, nodeSqlite: () => notInstalled }),
    )
    expect(error).toMatchObject({ code: 'missing-driver', field: 'driver' })
    expect(error.message).toBe(
      `The SQLite comment store needs a SQLite driver and Node ${process.version} has none: ${installOrUpgrade}`,
    )
  })

  it('should say that an installed better-sqlite3 does not load, and how to rebuild it, when nothing else is there', () => {
    const error = thrown(() =>
      openSqlite(':memory:', 'auto', {
        betterSqlite3: () => builtForOtherNode,
        nodeSqlite: () => notInstalled,
      }),
    )
    expect(error.code).toBe('missing-driver')
    expect(error.message).toContain(installOrUpgrade)
    expect(error.message).toContain(
      `better-sqlite3 is installed but does not load on Node ${process.version} (The module '/app/node_modules/better-sqlite3/build/Release/better_sqlite3.node' was compiled against a different Node.js version using NODE_MODULE_VERSION 115.`,
    )
    expect(error.message).toMatch(/`npm rebuild better-sqlite3`$/)
    expect(error.cause).toBe(abiError)
  })

  it('should name the cause and `npm rebuild better-sqlite3` when better-sqlite3 is forced and does not load', () => {
    const error = thrown(() =>
      openSqlite(':memory:', 'better-sqlite3', loaders({ betterSqlite3: () => builtForOtherNode })),
    )
    expect(error).toMatchObject({ code: 'driver-does-not-load', field: 'driver' })
    expect(error.message).toMatch(
      /^better-sqlite3 is installed but does not load on Node v[\d.]+ \(.*NODE_MODULE_VERSION 115\. This version of Node\.js requires NODE_MODULE_VERSION 137\..*\); rebuild it for this Node with `npm rebuild better-sqlite3`$/,
    )
    expect(error.cause).toBe(abiError)
  })

  it('should say to install better-sqlite3 when it is forced and missing', () => {
    const error = thrown(() =>
      openSqlite(':memory:', 'better-sqlite3', loaders({ betterSqlite3: () => notInstalled })),
    )
    expect(error.code).toBe('missing-driver')
    expect(error.message).toBe(
      "`driver: 'better-sqlite3'` needs the better-sqlite3 package: install it (`npm install better-sqlite3`), or use `driver: 'auto'` on Node 22.13 or later, which has node:sqlite",
    )
  })

  it('should say which Node node:sqlite needs when it is forced and missing', () => {
    const error = thrown(() =>
      openSqlite(':memory:', 'node:sqlite', loaders({ nodeSqlite: () => notInstalled })),
    )
    expect(error.code).toBe('missing-driver')
    expect(error.message).toBe(
      `\`driver: 'node:sqlite'\` needs Node 22.13 or later (this is Node ${process.version}): run a newer Node, or install better-sqlite3 (\`npm install better-sqlite3\`) and use \`driver: 'auto'\``,
    )
  })

  it.runIf(canRun('node:sqlite', 'the fallback test'))(
    'should fall back to node:sqlite when better-sqlite3 does not load',
    () => {
      const db = openSqlite(':memory:', 'auto', loaders({ betterSqlite3: () => builtForOtherNode }))
      expect(db.driver).toBe('node:sqlite')
      db.close()
    },
  )

  it.runIf(canRun('node:sqlite', 'the Node 22.13–22.15 row test'))(
    'should return rows as arrays in select order on a node:sqlite without setReturnArrays (Node 22.13–22.15)',
    () => {
      const real = defaultSqliteDriverLoaders.nodeSqlite() as { ok: true; driver: NodeSqlite }
      class OldDatabaseSync extends real.driver.DatabaseSync {
        override prepare(sql: string) {
          const statement = super.prepare(sql)
          return {
            run: (...p: unknown[]) => statement.run(...p),
            get: (...p: unknown[]) => statement.get(...p),
            all: (...p: unknown[]) => statement.all(...p),
          }
        }
      }
      const db = openSqlite(':memory:', 'node:sqlite', {
        ...defaultSqliteDriverLoaders,
        nodeSqlite: () => ({ ok: true, driver: { DatabaseSync: OldDatabaseSync } }),
      })
      db.exec(
        "CREATE TABLE t (b TEXT, a INTEGER, c TEXT); INSERT INTO t VALUES ('x', 1, NULL), ('y', 2, 'z')",
      )
      const rows = db.prepareArrays<[number], [string, number, string | null]>(
        'SELECT b, a, c FROM t WHERE a >= ? ORDER BY a',
      )
      expect(rows.all(1)).toEqual([
        ['x', 1, null],
        ['y', 2, 'z'],
      ])
      expect(rows.get(2)).toEqual(['y', 2, 'z'])
      expect(rows.get(3)).toBeUndefined()
      db.close()
    },
  )
})

describe('createSqliteCommentStore: the driver option', () => {
  it('should use better-sqlite3 when it loads, else node:sqlite', () => {
    const expected = skipReason('better-sqlite3') === undefined ? 'better-sqlite3' : 'node:sqlite'
    const db = openSqlite(':memory:', 'auto')
    expect(db.driver).toBe(expected)
    db.close()
  })

  it('should refuse an unknown driver with a TypeError', () => {
    // @ts-expect-error: not a driver
    expect(() => createSqliteCommentStore({ filename: ':memory:', driver: 'sqlite3' })).toThrow(
      new TypeError('Expected `driver` to be `auto`, `better-sqlite3`, `node:sqlite`, got `sqlite3`'),
    )
  })

  it.runIf(skipReason('node:sqlite') !== undefined)(
    'should throw missing-driver for node:sqlite on a Node without it',
    () => {
      const error = thrown(() => createSqliteCommentStore({ filename: ':memory:', driver: 'node:sqlite' }))
      expect(error.code).toBe('missing-driver')
      expect(error.message).toContain('needs Node 22.13 or later')
    },
  )

  it.runIf(skipReason('better-sqlite3') !== undefined)(
    'should throw driver-does-not-load for better-sqlite3 built for another Node',
    () => {
      const error = thrown(() => createSqliteCommentStore({ filename: ':memory:', driver: 'better-sqlite3' }))
      expect(error.code).toBe('driver-does-not-load')
      expect(error.message).toContain('NODE_MODULE_VERSION')
      expect(error.message).toContain('`npm rebuild better-sqlite3`')
    },
  )
})
