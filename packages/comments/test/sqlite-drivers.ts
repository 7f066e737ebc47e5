// Which SQLite drivers this Node can run, for the tests: better-sqlite3 when its addon loads here,
// node:sqlite on Node 22.13 and later. A driver that cannot run here is skipped with one line saying why;
// better-sqlite3 missing, or failing for any reason but being built for another Node, fails the tests.
import { defaultSqliteDriverLoaders, type SqliteDriverName } from '../src/lib/sqlite-driver.js'

const better = defaultSqliteDriverLoaders.betterSqlite3()
const nodeSqlite = defaultSqliteDriverLoaders.nodeSqlite()

/** better-sqlite3's addon was built for another Node's ABI (as when one install serves several Nodes). */
const betterBuiltForOtherNode =
  !better.ok && better.reason === 'does-not-load' && /NODE_MODULE_VERSION/.test(String(better.cause))

/** Why `driver` cannot run on this Node (so its tests are skipped), or `undefined` when it can. */
export function skipReason(driver: SqliteDriverName): string | undefined {
  if (driver === 'node:sqlite') {
    return nodeSqlite.ok
      ? undefined
      : `node:sqlite needs Node 22.13 or later (this is Node ${process.version})`
  }
  return betterBuiltForOtherNode
    ? `better-sqlite3 is built for another Node than ${process.version} (\`npm rebuild better-sqlite3\` builds it for this one)`
    : undefined
}

export const sqliteDrivers: readonly SqliteDriverName[] = ['better-sqlite3', 'node:sqlite']

const noted = new Set<string>()

/** Whether `driver` can run here; prints the skip line once per driver and file when it cannot. */
export function canRun(driver: SqliteDriverName, suite: string): boolean {
  const reason = skipReason(driver)
  if (reason !== undefined && !noted.has(`${driver}|${suite}`)) {
    noted.add(`${driver}|${suite}`)
    console.warn(`Skipping ${suite} on ${driver}: ${reason}`)
  }
  return reason === undefined
}
