// A small HTTP load client for the benchmark: `clients` concurrent loops on keep-alive connections, each
// sending the request `next()` makes as soon as the previous one is answered, for a fixed time.
import http from 'node:http'

/** What one phase measured. */
export interface Measured {
  /** Requests answered with the expected status. */
  ok: number
  /** Answered with another status, or failed at the connection. */
  failed: number
  /** Answers by status (`error` for a failed connection). */
  statuses: Record<string, number>
  /** Milliseconds of each request answered with the expected status. */
  latencies: number[]
  /** Bytes of the expected answers' bodies. */
  bytes: number
  elapsedMs: number
}

/** One request of a loop. */
export interface LoadRequest {
  method: 'GET' | 'POST'
  path: string
  headers?: Record<string, string>
  body?: string
}

/** The `p` quantile (0–1) of a list of numbers. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

function send(
  agent: http.Agent,
  base: URL,
  request: LoadRequest,
): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const outgoing = http.request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
        timeout: 30_000,
      },
      (response) => {
        let bytes = 0
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length
        })
        response.on('end', () => resolve({ status: response.statusCode ?? 0, bytes }))
        response.on('error', reject)
      },
    )
    outgoing.on('timeout', () => outgoing.destroy(new Error('timed out')))
    outgoing.on('error', reject)
    outgoing.end(request.body)
  })
}

/**
 * Run `clients` loops against `url` for `seconds`: each sends `next(client, n)`, waits for the answer,
 * and sends the next; an answer with `expect` counts (its latency and bytes), anything else fails.
 */
export async function runLoad(options: {
  url: string
  clients: number
  seconds: number
  expect: number
  next: (client: number, n: number) => LoadRequest
}): Promise<Measured> {
  const base = new URL(options.url)
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.clients })
  const result: Measured = { ok: 0, failed: 0, statuses: {}, latencies: [], bytes: 0, elapsedMs: 0 }
  const started = performance.now()
  const end = started + options.seconds * 1000
  const loop = async (client: number) => {
    for (let n = 0; performance.now() < end; n++) {
      const sent = performance.now()
      try {
        const { status, bytes } = await send(agent, base, options.next(client, n))
        result.statuses[status] = (result.statuses[status] ?? 0) + 1
        if (status === options.expect) {
          result.ok++
          result.bytes += bytes
          result.latencies.push(performance.now() - sent)
        } else {
          result.failed++
        }
      } catch {
        result.statuses.error = (result.statuses.error ?? 0) + 1
        result.failed++
      }
    }
  }
  await Promise.all(Array.from({ length: options.clients }, (_, client) => loop(client)))
  result.elapsedMs = performance.now() - started
  agent.destroy()
  return result
}
