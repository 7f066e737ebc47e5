import net from 'node:net'
import path from 'node:path'
import Database from 'better-sqlite3'
import { afterAll, describe, expect, it, vi } from 'vitest'
import { cleanup, client, csrfOf, post, type ServerProcess, spawnServer, tempDir } from './helpers.js'

const running: ServerProcess[] = []
afterAll(async () => {
  for (const server of running) if (server.child.exitCode === null) server.child.kill('SIGKILL')
  await cleanup()
})

async function spawn(env: Record<string, string>) {
  const server = await spawnServer(env)
  running.push(server)
  return server
}

/** Send raw bytes and collect the answer until the server closes the connection. */
function rawRequest(url: string) {
  const { hostname, port } = new URL(url)
  const socket = net.connect(Number(port), hostname)
  const chunks: Buffer[] = []
  socket.on('data', (chunk) => chunks.push(chunk))
  const done = new Promise<string>((resolve, reject) => {
    socket.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    socket.on('error', reject)
  })
  return { socket, done, ready: new Promise((resolve) => socket.once('connect', resolve)) }
}

describe('the server process', () => {
  it('should seed on the first start only, log one line per request, and stop cleanly on SIGTERM with a request in flight', async () => {
    const databasePath = path.join(tempDir(), 'comments.db')
    const first = await spawn({ DATABASE_PATH: databasePath })
    expect(first.lines.join('\n')).toMatch(/seeded \d+ example comments/)
    const c = client(first.url)
    const page = await c.get(post)
    await c.get('/nope/')
    // The log line is written when the response is done; it may reach the pipe after the client has it.
    await vi.waitFor(() => {
      expect(
        first.lines.filter((line) => / GET \/posts\/ai-and-the-communicator\/ 200 /.test(line)),
      ).toHaveLength(1)
      expect(first.lines.filter((line) => / GET \/nope\/ 404 /.test(line))).toHaveLength(1)
    }, 10_000)

    // A comment whose body is still arriving when SIGTERM comes.
    const body = new URLSearchParams({
      csrf: csrfOf(page.text),
      name: 'In Flight',
      body: 'Sent while the server was stopping.',
    }).toString()
    const request = rawRequest(first.url)
    await request.ready
    const cookie = [...c.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
    request.socket.write(
      `POST ${post}comments HTTP/1.1\r\nHost: ${new URL(first.url).host}\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: ${body.length}\r\nCookie: ${cookie}\r\nConnection: close\r\n\r\n${body.slice(0, 10)}`,
    )
    await new Promise((resolve) => setTimeout(resolve, 500))
    first.child.kill('SIGTERM')
    await new Promise((resolve) => setTimeout(resolve, 500))
    // No new connections once stopping.
    await expect(fetch(first.url)).rejects.toThrow()
    request.socket.write(body.slice(10))
    const answer = await request.done
    expect(answer).toMatch(/^HTTP\/1\.1 303/)
    expect(await first.exited).toBe(0)
    expect(first.lines.join('\n')).toContain('SIGTERM: finishing requests in flight')

    const db = new Database(databasePath, { readonly: true })
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok')
    const stored = db.prepare("SELECT count(*) AS n FROM comments WHERE author_name = 'In Flight'").get()
    expect(stored).toEqual({ n: 1 })
    const total = (db.prepare('SELECT count(*) AS n FROM comments').get() as { n: number }).n
    db.close()

    const second = await spawn({ DATABASE_PATH: databasePath })
    expect(second.lines.join('\n')).not.toMatch(/seeded/)
    second.child.kill('SIGTERM')
    expect(await second.exited).toBe(0)
    const after = new Database(databasePath, { readonly: true })
    expect((after.prepare('SELECT count(*) AS n FROM comments').get() as { n: number }).n).toBe(total)
    after.close()
  })

  it('should exit with a clear message for a bad setting', async () => {
    const { spawn: spawnChild } = await import('node:child_process')
    const child = spawnChild(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
      cwd: path.resolve(import.meta.dirname, '..'),
      env: { ...process.env, PORT: 'abc' },
    })
    let output = ''
    child.stderr.on('data', (chunk) => {
      output += chunk
    })
    const code = await new Promise((resolve) => child.once('close', resolve))
    expect(code).toBe(1)
    expect(output.trim()).toBe(
      'error: PORT=abc is not valid: give a whole number from 0 to 65535 (default 3000)',
    )
  })
})
