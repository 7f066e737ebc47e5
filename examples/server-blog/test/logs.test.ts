import net from 'node:net'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { logField } from '../src/log.js'
import type { BlogServer } from '../src/server.js'
import { cleanup, client, start } from './helpers.js'

const lines: string[] = []
let server: BlogServer
beforeAll(async () => {
  server = await start({ TRUST_PROXY: '1', SEED: '0', LOG: '1' }, (line) => lines.push(line))
})
afterAll(cleanup)

/** Send a raw request and wait for its log line. */
async function logged(request: string) {
  const before = lines.length
  const { hostname, port } = new URL(server.url)
  const socket = net.connect(Number(port), hostname)
  // Note: latin1, as HTTP/1.1 reads header bytes: 0x80-0xFF arrive as U+0080-U+00FF.
  socket.write(Buffer.from(request.replace('HOST', `${hostname}:${port}`), 'latin1'))
  await new Promise((resolve) => socket.once('data', resolve))
  socket.destroy()
  await vi.waitFor(() => expect(lines.length).toBeGreaterThan(before))
  return lines.slice(before)
}

describe('the request log', () => {
  it('should write a path with encoded CR LF as one line, the characters escaped', async () => {
    const forged = '%0d%0a2026-01-01T00:00:00.000Z%20203.0.113.9%20GET%20/admin%20200%201.0ms'
    const written = await logged(`GET /${forged} HTTP/1.1\r\nHost: HOST\r\nConnection: close\r\n\r\n`)
    expect(written).toHaveLength(1)
    expect(written[0]).not.toMatch(/[\r\n]/)
    expect(written[0]).toMatch(
      /^\S+Z 127\.0\.0\.1 GET \/%0D%0A2026-01-01T00:00:00\.000Z%20203\.0\.113\.9%20GET%20\/admin%20200%201\.0ms 404 \d+\.\dms$/,
    )
  })

  it('should escape terminal controls and separators from a proxy header and the path', async () => {
    // ESC (in the path) and CSI (U+009B, the byte 0x9B in a header) start terminal escape sequences.
    const written = await logged(
      `GET /a%1b%5b2J%e2%80%a8b%25 HTTP/1.1\r\nHost: HOST\r\nX-Forwarded-For: \x9b31mred x\r\nConnection: close\r\n\r\n`,
    )
    expect(written).toHaveLength(1)
    // Note: `%25` stays as it is in the decoded path, and `%` is escaped in the log: `%2525`.
    expect(written[0]).toMatch(/^\S+Z %C2%9B31mred%20x GET \/a%1B\[2J%E2%80%A8b%2525 404 \d+\.\dms$/)
  })

  it('should leave ordinary paths and addresses as they are', async () => {
    const before = lines.length
    await client(server.url).get('/posts/ai-and-the-communicator/')
    await vi.waitFor(() => expect(lines.length).toBe(before + 1))
    expect(lines.at(-1)).toMatch(/^\S+Z 127\.0\.0\.1 GET \/posts\/ai-and-the-communicator\/ 200 \d+\.\dms$/)
    expect(logField('2001:db8::1')).toBe('2001:db8::1')
    expect(logField('')).toBe('-')
  })
})
