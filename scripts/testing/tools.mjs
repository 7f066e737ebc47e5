// The system tools the tests use, in one place: what each is for, how to tell it is there, and the Debian
// package that brings it. A test that needs a tool asks `requireTool`: without the tool it is skipped with
// one line naming the tool and its install command, or, with `CI` set (CI installs every tool), it fails.
// `npm test` ends with a summary of what was skipped (scripts/test.mjs). The README's Contributing section
// has the same table. `BLOGKIT_SKIP_TOOLS=chromium,java` (or `all`) makes the tests act as if those tools
// were missing: to run the quick part of the suite, or to see what a machine without them runs.
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import net from 'node:net'

const runs = (command, args, ok = (result) => result.status === 0) => {
  const result = spawnSync(command, args, { encoding: 'utf8', stdio: 'pipe' })
  return !result.error && ok(result)
}

/** @type {import('./tools.d.mts').Tool[]} */
const known = [
  {
    id: 'chromium',
    name: 'Chromium',
    debian: 'chromium',
    usedBy: 'browser tests: @blogkit/comments XSS corpus, both examples in a browser (axe, crawl)',
    available: () => existsSync('/usr/bin/chromium'),
  },
  {
    id: 'java',
    name: 'Java',
    debian: 'default-jre-headless',
    usedBy: 'HTML validity of both examples (the Nu Html Checker, npm vnu-jar)',
    available: () => javaPath() !== undefined,
  },
  {
    id: 'postgresql',
    name: 'PostgreSQL',
    debian: 'postgresql',
    usedBy: '@blogkit/comments PostgreSQL store, the server example on PostgreSQL (two servers, load)',
    install: 'apt-get install -y postgresql, then `. .ci/start-postgres.sh` (starts a throwaway server)',
    available: () => postgresUrl() !== undefined,
  },
  {
    id: 'jing',
    name: 'jing',
    debian: 'jing',
    usedBy: '@blogkit/feed Atom output against the RFC 4287 RELAX NG schema',
    // Note: `jing` without arguments prints its usage and exits 2.
    available: () => runs('jing', [], (result) => result.status === 2),
  },
  {
    id: 'feedparser',
    name: 'Python feedparser',
    debian: 'python3-feedparser',
    usedBy: '@blogkit/feed output read back by a real feed reader',
    available: () => pythonWithFeedparser() !== undefined,
  },
  {
    id: 'toolchain',
    name: 'a C/C++ toolchain (g++, make, python3)',
    debian: 'g++ make python3',
    usedBy: 'compiles better-sqlite3 at npm install (the server example; the SQLite store on Node 20)',
    available: () =>
      runs('g++', ['--version']) && runs('make', ['--version']) && runs('python3', ['--version']),
  },
]

const skipped = new Set((process.env.BLOGKIT_SKIP_TOOLS ?? '').split(',').map((id) => id.trim()))

/** The tools, each `available()` false when `BLOGKIT_SKIP_TOOLS` names it (or is `all`). */
export const tools = known.map((tool) => (toolSkipped(tool.id) ? { ...tool, available: () => false } : tool))

/** The Java binary, if any. */
export function javaPath() {
  return ['/usr/bin/java', '/usr/local/bin/java'].find((file) => existsSync(file))
}

/** A Python 3 that imports feedparser, if any. */
export function pythonWithFeedparser() {
  return ['python3', '/usr/bin/python3'].find((command) => runs(command, ['-c', 'import feedparser']))
}

/** The PostgreSQL test server's URL: `BLOGKIT_TEST_DATABASE_URL` (set by .ci/start-postgres.sh), if set. */
export function postgresUrl() {
  if (toolSkipped('postgresql')) return undefined
  return process.env.BLOGKIT_TEST_DATABASE_URL || undefined
}

/** Whether `BLOGKIT_SKIP_TOOLS` names tool `id` (or is `all`): its tests act as if it were missing. */
export function toolSkipped(id) {
  return skipped.has(id) || skipped.has('all')
}

/** The install command of a tool. */
export function installCommand(tool) {
  return tool.install ?? `apt-get install -y ${tool.debian}`
}

/** The tool with this id (a typo is a programming error). */
export function tool(id) {
  const found = tools.find((candidate) => candidate.id === id)
  if (!found) throw new Error(`Unknown tool "${id}"; known: ${tools.map((t) => t.id).join(', ')}`)
  return found
}

/**
 * Whether the tests that need tool `id` can run. Missing, it prints one line naming `skipped`, the tool
 * and its install command and returns false; with `CI` set it throws instead (CI installs every tool).
 */
export function requireTool(id, skipped) {
  const found = tool(id)
  if (found.available()) return true
  const line = `Skipping ${skipped}: ${found.name} is missing; install it with \`${installCommand(found)}\``
  if (process.env.CI) throw new Error(`${line}. CI must install it (.ci/run).`)
  console.warn(line)
  return false
}

/** Whether a TCP server answers at `url`'s host and port (within 2 s). */
export function answers(url) {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = net.connect({ host: hostname, port: Number(port || 5432), timeout: 2000 })
    const done = (value) => {
      socket.destroy()
      resolve(value)
    }
    socket.once('connect', () => done(true))
    socket.once('timeout', () => done(false))
    socket.once('error', () => done(false))
  })
}
