import { spawn, spawnSync } from 'node:child_process'
import { chmodSync, closeSync, openSync, writeFileSync, writeSync } from 'node:fs'
import path from 'node:path'
import type { CommentStore } from '@blogkit/comments'
import { afterAll, describe, expect, it } from 'vitest'
import { createApp } from '../src/app.js'
import { readConfig } from '../src/config.js'
import { storeProblem } from '../src/health.js'
import { openCommentStore } from '../src/store.js'
import { cleanup, client, exampleDir, start, tempDir } from './helpers.js'

afterAll(cleanup)

/** A SQLite comment database with a few hundred comments (many pages), closed. */
async function databaseWithComments(file: string) {
  const store = await openCommentStore(readConfig({ DATABASE_PATH: file }))
  for (let i = 0; i < 300; i++) {
    await store.add({ postId: `p${i % 7}`, author: { name: 'A' }, body: `comment ${i} `.repeat(20) })
  }
  await store.close()
}

/** The same database with one of its pages overwritten (a bad disk, a bad copy). */
async function damagedDatabase() {
  const file = path.join(tempDir(), 'damaged.db')
  await databaseWithComments(file)
  const fd = openSync(file, 'r+')
  writeSync(fd, Buffer.alloc(4096, 0x5a), 0, 4096, 3 * 4096)
  closeSync(fd)
  return file
}

const asNobodyArgs = ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups']

// Note: as root, the read-only test runs the server as `nobody`, who must be able to read the checkout (a
// clone in a private folder, mode 0700, is not readable): else that test is skipped with a note.
const root = process.getuid?.() === 0
const nobodyCanRun =
  !root ||
  spawnSync(asNobodyArgs[0]!, [...asNobodyArgs.slice(1), process.execPath, '--import', 'tsx', '-e', ''], {
    cwd: exampleDir,
    env: { ...process.env, HOME: '/tmp' },
  }).status === 0
if (!nobodyCanRun) {
  console.warn(
    `Skipping the read-only database test: as root it runs the server as \`nobody\`, who cannot read ${exampleDir} (clone into a folder others may read)`,
  )
}

/** Run `src/main.ts` to its end (as the `nobody` user when `asNobody`); its exit code and output lines. */
function runMain(env: Record<string, string>, asNobody = false) {
  const node = [process.execPath, '--import', 'tsx', 'src/main.ts']
  const [command, ...args] = asNobody ? [...asNobodyArgs, ...node] : node
  const child = spawn(command!, args, {
    cwd: exampleDir,
    env: { ...process.env, PORT: '0', SEED: '0', ...(asNobody ? { HOME: '/tmp' } : {}), ...env },
  })
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  return new Promise<{ code: number | null; lines: string[] }>((resolve) =>
    child.once('close', (code) => resolve({ code, lines: output.trim().split('\n') })),
  )
}

describe('/healthz', () => {
  it('should answer 200 while the store answers', async () => {
    const server = await start({ SEED: '0' })
    const { response, text } = await client(server.url).get('/healthz')
    expect(response.status).toBe(200)
    expect(text).toBe('ok')
    expect(response.headers.get('cache-control')).toBe('no-store')
  })

  it('should answer 503 naming the problem when the store does not answer', async () => {
    const server = await start({ SEED: '0' })
    const down: CommentStore = {
      ...server.store,
      check: async () => {
        throw new Error('connect ECONNREFUSED 127.0.0.1:5432')
      },
    }
    const app = createApp({ site: server.site, store: down, config: readConfig({}), secret: 'x'.repeat(32) })
    const response = await app.request('/healthz')
    expect(response.status).toBe(503)
    expect(await response.text()).toBe(
      'unhealthy: the comment store does not answer (connect ECONNREFUSED 127.0.0.1:5432)',
    )
  })

  it('should give up on a store that hangs', async () => {
    const hanging = { check: () => new Promise(() => {}) } as unknown as CommentStore
    expect(await storeProblem(hanging, 50)).toBe('no answer within 50 ms')
  })
})

describe('the database at start', () => {
  it('should refuse a damaged SQLite file, naming DATABASE_PATH and what quick_check found', async () => {
    const file = await damagedDatabase()
    await expect(openCommentStore(readConfig({ DATABASE_PATH: file }))).rejects.toThrow(
      new RegExp(`^the comment database DATABASE_PATH=${file} cannot be used \\(PRAGMA quick_check found`),
    )
    const { code, lines } = await runMain({ DATABASE_PATH: file })
    expect(code).toBe(1)
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(
      new RegExp(
        `^error: the comment database DATABASE_PATH=${file} cannot be used \\(PRAGMA quick_check .+: it is damaged: restore it from a backup`,
      ),
    )
  })

  it.skipIf(!nobodyCanRun)('should stop with one line for a read-only database', async () => {
    const dir = tempDir()
    const file = path.join(dir, 'comments.db')
    await databaseWithComments(file)
    // Note: root may write anything; the server then runs as `nobody`, for whom the file is read-only.
    chmodSync(dir, root ? 0o755 : 0o555)
    chmodSync(file, 0o444)
    const { code, lines } = await runMain({ DATABASE_PATH: file }, root)
    chmodSync(dir, 0o755)
    expect(code).toBe(1)
    expect(lines).toEqual([
      expect.stringMatching(
        new RegExp(
          `^error: the comment database DATABASE_PATH=${file} cannot be used \\(.*readonly.*\\): the file or its folder is read-only for this server`,
        ),
      ),
    ])
  })

  it('should stop with one line for a path that cannot hold a database', async () => {
    const dir = tempDir()
    const text = path.join(dir, 'notes.txt')
    writeFileSync(text, 'not a database\n'.repeat(100))
    for (const [file, cause] of [
      [dir, /\(unable to open database file, SQLITE_CANTOPEN\): it cannot be opened/],
      [path.join(text, 'comments.db'), /: a part of the path is a file, not a folder$/],
      [text, /\(file is not a database, SQLITE_NOTADB\): it is not a SQLite database/],
    ] as const) {
      const { code, lines } = await runMain({ DATABASE_PATH: file })
      expect(code, file).toBe(1)
      expect(lines, file).toHaveLength(1)
      expect(lines[0], file).toContain(`error: the comment database DATABASE_PATH=${file} cannot be used`)
      expect(lines[0], file).toMatch(cause)
    }
  })
})
