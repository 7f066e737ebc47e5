// A load client for the server blog: many concurrent "readers" on keep-alive connections, each with its
// own cookie and form token, posting comments (or reading pages) as fast as the server answers. Used by
// the load test (test/load.test.ts) and the benchmark (bench/run.ts).
import http from 'node:http'

/** What one run measured. */
export interface LoadResult {
  /** Requests answered (any status). */
  requests: number
  /** Requests that failed at the connection (refused, reset, timed out): the server was down or swamped. */
  errors: number
  /** Those failures by kind (`ECONNREFUSED`, `ECONNRESET`, `timed out`, …). */
  errorKinds: Record<string, number>
  /** Bytes of the response bodies read (read mode). */
  bytes: number
  /** Responses by status. */
  statuses: Record<number, number>
  /**
   * Comments the server acknowledged with a 303 redirect to their anchor (or, held for a moderator, to
   * `?held=<id>`): id and body.
   */
  acknowledged: Array<{ id: string; body: string }>
  /** POSTs sent again with the same form (`retry`): after a connection error, or abandoned on purpose. */
  resent: number
  /** Latencies in milliseconds of the measured requests. */
  latencies: number[]
  /** Wall time of the run in milliseconds. */
  elapsedMs: number
}

interface Answer {
  status: number
  headers: http.IncomingHttpHeaders
  /** The body as text (`read: 'text'`), else empty. */
  body: string
  /** Bytes of the body. */
  bytes: number
}

function send(
  agent: http.Agent,
  url: URL,
  options: {
    method: string
    path: string
    headers?: Record<string, string>
    body?: string
    /**
     * `'text'`: decode the body (a page whose form is read); `'count'`: only count its bytes (a reader in a
     * read loop: decoding 150 KB per answer would make the client, on the same cores, the bottleneck).
     */
    read?: 'text' | 'count'
    /** Cut the connection once the request is written, before any answer (a lost connection). */
    abandon?: boolean
  },
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: options.method,
        path: options.path,
        headers: options.headers,
        timeout: 30_000,
      },
      (response) => {
        const chunks: Buffer[] = []
        let bytes = 0
        response.on('data', (chunk: Buffer) => {
          bytes += chunk.length
          if (options.read === 'text') chunks.push(chunk)
        })
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            body: Buffer.concat(chunks).toString('utf8'),
            bytes,
          }),
        )
        response.on('error', reject)
      },
    )
    request.on('timeout', () => request.destroy(new Error('timed out')))
    request.on('error', reject)
    request.end(options.body, () => {
      if (options.abandon) request.destroy(Object.assign(new Error('abandoned'), { code: 'ABANDONED' }))
    })
  })
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** The `p` quantile (0–1) of a list of numbers. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]!
}

/**
 * Run `clients` concurrent readers for `durationMs` against `baseUrl` (several: client `i` uses
 * one of them, as behind a load balancer that keeps each reader on one instance).
 * `mode: 'post'`: each opens a post page once (cookie and token), then posts comments in a loop, each
 * with a unique body (`<label> c<client> n<seq>`). `mode: 'read'`: each reads post pages in a loop.
 * Connection errors (server down) are counted, and the client waits 100 ms and goes on: after a
 * restart it opens the page again for a fresh cookie and token.
 * `retry: true`: as a reader whose browser sends a form again, each comment is posted from a freshly
 * opened page (with its one-time submission id), a POST that failed at the connection is sent again,
 * the same form, until it is answered, and its first POST and every `abandonEvery`-th after it are cut
 * off once sent and then sent again: each comment must still be stored once.
 */
export async function runLoad(options: {
  baseUrl: string | readonly string[]
  postPaths: readonly string[]
  clients: number
  durationMs: number
  mode: 'post' | 'read'
  label?: string
  /** Stops the run before `durationMs` when aborted. */
  signal?: AbortSignal
  /** Send a form again after a connection error, with the same submission id (see above). */
  retry?: boolean
  /** With `retry`: cut off each client's first POST and every n-th after it once sent, and send it again. @default 5 */
  abandonEvery?: number
  /** Extra headers of every request of client `index` (e.g. a spoofed `X-Forwarded-For`). */
  headers?: (index: number) => Record<string, string>
}): Promise<LoadResult> {
  const urls = (typeof options.baseUrl === 'string' ? [options.baseUrl] : options.baseUrl).map(
    (base) => new URL(base),
  )
  const agent = new http.Agent({ keepAlive: true, maxSockets: options.clients })
  const result: LoadResult = {
    requests: 0,
    errors: 0,
    errorKinds: {},
    bytes: 0,
    statuses: {},
    acknowledged: [],
    resent: 0,
    latencies: [],
    elapsedMs: 0,
  }
  const label = options.label ?? 'load'
  const started = performance.now()
  const deadline = started + options.durationMs

  const client = async (index: number) => {
    const postPath = options.postPaths[index % options.postPaths.length]!
    // Note: every post gets clients on every instance (client 0 and 4 post to the first post, on two
    // instances when there are two).
    const url = urls[Math.floor(index / options.postPaths.length) % urls.length]!
    const extra = () => options.headers?.(index) ?? {}
    let session: { cookie: string; token: string; submission?: string } | undefined
    /** A form being sent again (`retry`): the same request until it is answered. */
    let pending: { form: string; body: string; cookie: string } | undefined
    let seq = 0
    while (performance.now() < deadline && !options.signal?.aborted) {
      try {
        if (!pending && (options.mode === 'read' || !session || options.retry)) {
          const t = performance.now()
          const page = await send(agent, url, {
            method: 'GET',
            path: postPath,
            read: options.mode === 'read' ? 'count' : 'text',
            headers: { ...extra(), ...(session ? { cookie: session.cookie } : {}) },
          })
          result.requests++
          result.statuses[page.status] = (result.statuses[page.status] ?? 0) + 1
          if (options.mode === 'read') {
            result.latencies.push(performance.now() - t)
            result.bytes += page.bytes
            continue
          }
          const token = /name="csrf" value="([^"]+)"/.exec(page.body)?.[1]
          const submission = /name="submission" value="([^"]+)"/.exec(page.body)?.[1]
          const cookie =
            (page.headers['set-cookie'] ?? []).map((line) => line.split(';')[0]).join('; ') ||
            session?.cookie ||
            ''
          if (page.status !== 200 || !token) {
            await sleep(100)
            continue
          }
          session = { cookie, token, ...(options.retry && submission ? { submission } : {}) }
        }
        if (!pending) {
          const body = `${label} c${index} n${seq++}`
          const fields: Record<string, string> = { csrf: session!.token, name: `${label}-${index}`, body }
          if (session!.submission) fields.submission = session!.submission
          pending = { form: new URLSearchParams(fields).toString(), body, cookie: session!.cookie }
        }
        const { form, body, cookie } = pending
        const abandon =
          options.retry === true && seq % (options.abandonEvery ?? 5) === 1 && !isResend(pending)
        const t = performance.now()
        const answer = await send(agent, url, {
          method: 'POST',
          path: `${postPath}comments`,
          headers: {
            ...extra(),
            'content-type': 'application/x-www-form-urlencoded',
            'content-length': String(Buffer.byteLength(form)),
            cookie,
          },
          body: form,
          abandon,
        })
        pending = undefined
        result.latencies.push(performance.now() - t)
        result.requests++
        result.statuses[answer.status] = (result.statuses[answer.status] ?? 0) + 1
        const location = answer.headers.location ?? ''
        const id = /[?&]held=([^&#]+)/.exec(location)?.[1] ?? /#comment-(.+)$/.exec(location)?.[1]
        if (answer.status === 303 && id) result.acknowledged.push({ id: decodeURIComponent(id), body })
        else if (answer.status === 403) session = undefined
      } catch (error) {
        const kind = (error as NodeJS.ErrnoException).code ?? (error as Error).message
        result.errorKinds[kind] = (result.errorKinds[kind] ?? 0) + 1
        if (kind !== 'ABANDONED') result.errors++
        if (pending && options.retry) {
          // The same form again (the browser retrying, or the reader pressing the button again).
          resends.add(pending)
          result.resent++
        } else {
          pending = undefined
          session = undefined
        }
        if (kind !== 'ABANDONED') await sleep(100)
      }
    }
  }
  const resends = new WeakSet<object>()
  const isResend = (form: object) => resends.has(form)

  await Promise.all(Array.from({ length: options.clients }, (_, index) => client(index)))
  result.elapsedMs = performance.now() - started
  agent.destroy()
  return result
}
