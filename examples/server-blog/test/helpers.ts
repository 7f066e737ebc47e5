import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { toolSkipped } from '../../../scripts/testing/tools.mjs'
import { readConfig, type ServerConfig } from '../src/config.js'
import { type BlogServer, startServer } from '../src/server.js'

/** A temporary folder, removed by `cleanup()`. */
export function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-server-'))
  dirs.push(dir)
  return dir
}
const dirs: string[] = []
const servers: BlogServer[] = []

/** Start the server in this process on a free port with a temporary database. */
export async function start(
  env: Record<string, string> = {},
  log?: (line: string) => void,
): Promise<BlogServer & { config: ServerConfig }> {
  const config = readConfig({
    PORT: '0',
    DATABASE_PATH: path.join(tempDir(), 'comments.db'),
    LOG: '0',
    ...env,
  })
  const server = await startServer(config, log)
  servers.push(server)
  return Object.assign(server, { config })
}

export async function cleanup(): Promise<void> {
  for (const server of servers.splice(0)) await server.close({ graceMs: 1000 })
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
}

/** A browser-like client: keeps cookies, never follows redirects. */
export function client(base: string) {
  const cookies = new Map<string, string>()
  const request = async (url: string, init: RequestInit = {}) => {
    const headers = new Headers(init.headers)
    if (cookies.size > 0) headers.set('cookie', [...cookies].map(([k, v]) => `${k}=${v}`).join('; '))
    const response = await fetch(new URL(url, base), { ...init, headers, redirect: 'manual' })
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';')
      const at = pair!.indexOf('=')
      const name = pair!.slice(0, at)
      const value = pair!.slice(at + 1)
      if (/max-age=0/i.test(line) || value === '') cookies.delete(name)
      else cookies.set(name, value)
    }
    return response
  }
  return {
    cookies,
    request,
    async get(url: string, headers: Record<string, string> = {}) {
      const response = await request(url, { headers })
      return { response, text: await response.text() }
    },
    /** POST a form (url-encoded). */
    async post(url: string, fields: Record<string, string>, headers: Record<string, string> = {}) {
      const response = await request(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      })
      return { response, text: await response.text() }
    },
  }
}

/** The anti-forgery token of the first form on a page. */
export function csrfOf(page: string): string {
  const match = /name="csrf" value="([^"]+)"/.exec(page)
  if (!match) throw new Error('The page has no form token')
  return match[1]!
}

/** The comment id in a redirect to `#comment-<id>` or `?held=<id>`. */
export function commentIdOf(location: string | null): string {
  const match = /#comment-(.+)$|[?&]held=([^&#]+)/.exec(location ?? '')
  if (!match) throw new Error(`Not a redirect to a new comment: ${location}`)
  return decodeURIComponent(match[1] ?? match[2]!)
}

export const post = '/posts/ai-and-the-communicator/'
export const svPost = '/posts/sluta-mata-rackvidd/'

/** A server started as its own process (`node --import tsx src/main.ts`), as `npm start` does. */
export interface ServerProcess {
  child: import('node:child_process').ChildProcess
  url: string
  /** Everything it printed, line by line (stdout and stderr). */
  lines: string[]
  /** Resolves with the exit code (or the signal's name) once its output is all read. */
  exited: Promise<number | string>
}

export const exampleDir = path.resolve(import.meta.dirname, '..')

/** Spawn the server and wait until it says where it listens. */
export async function spawnServer(
  env: Record<string, string>,
  timeoutMs = 60_000,
  /** The server-blog folder to run (another checkout's, to measure an earlier build). */
  cwd: string = exampleDir,
): Promise<ServerProcess> {
  const { spawn } = await import('node:child_process')
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd,
    env: { ...process.env, PORT: '0', LOG: '1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  const exited = new Promise<number | string>((resolve) =>
    // 'close', not 'exit': 'exit' may come before the last lines of output are read.
    child.once('close', (code, signal) => resolve(code ?? signal ?? -1)),
  )
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`The server did not start:\n${lines.join('\n')}`)),
      timeoutMs,
    )
    const onData = (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue
        // Note: under load the server logs a line per request; the first lines are the ones tests read.
        if (lines.length < 5000) lines.push(line)
        const match = /^blogkit server blog: (\S+)/.exec(line)
        if (match) {
          clearTimeout(timer)
          resolve(match[1]!)
        }
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`The server exited (${code}) before it started:\n${lines.join('\n')}`))
    })
  })
  return { child, url, lines, exited }
}

/**
 * The PostgreSQL server for tests: `BLOGKIT_TEST_DATABASE_URL` (`. .ci/start-postgres.sh` from the
 * repository root sets it), else postgres://postgres@127.0.0.1:5432/postgres. `skip` is true when none
 * answers and `CI` is not set (a note says so); in CI the tests run and fail instead.
 */
export async function testPostgres(suite: string): Promise<{ url: string; skip: boolean }> {
  const url = process.env.BLOGKIT_TEST_DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/postgres'
  const unreachable = toolSkipped('postgresql') ? 'BLOGKIT_SKIP_TOOLS names it' : await probe(url)
  const skip = unreachable !== undefined && !process.env.CI
  if (skip) {
    console.warn(
      `Skipping ${suite}: no PostgreSQL server at ${url.replace(/:[^:@/]*@/, ':***@')} (${unreachable}). Install it (apt-get install -y postgresql) and source .ci/start-postgres.sh from the repository root to start one.`,
    )
  }
  return { url, skip }
}

/** Why no PostgreSQL server answers at `url`, or undefined when one does. */
async function probe(url: string): Promise<string | undefined> {
  const { default: pg } = await import('pg')
  const db = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 })
  try {
    await db.connect()
    await db.query('SELECT 1')
    return undefined
  } catch (error) {
    return (error as Error).message || String(error)
  } finally {
    await db.end().catch(() => {})
  }
}

/** Drop a schema the tests made. */
export async function dropSchema(url: string, schema: string): Promise<void> {
  const { default: pg } = await import('pg')
  const db = new pg.Client({ connectionString: url })
  await db.connect()
  try {
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`)
  } finally {
    await db.end()
  }
}
