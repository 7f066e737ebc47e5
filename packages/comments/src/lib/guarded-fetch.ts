// The latest-post reader's default `fetch`: node:http(s) with a DNS lookup that refuses addresses the
// reader may not reach, checked when the socket connects (so a name that answers a public address to
// the first lookup and a private one to the second, "DNS rebinding", still cannot reach the private one).
import http from 'node:http'
import https from 'node:https'
import type { LookupFunction } from 'node:net'
import { Readable } from 'node:stream'

/** Every address of a host name, or a rejection (e.g. a `CommentError` for a refused address). */
export type CheckedLookup = (hostname: string) => Promise<string[]>

const nullBodyStatuses = new Set([101, 103, 204, 205, 304])

/**
 * A `fetch` for GET requests (what the reader sends: `redirect: 'manual'`, headers, `signal`) whose
 * connections go only to the addresses `lookup` returns. Bodies come as they arrive (not decompressed:
 * no `Accept-Encoding` is sent). An abort ends the request and its body with the signal's reason.
 */
export function guardedFetch(lookup: CheckedLookup): typeof fetch {
  const socketLookup: LookupFunction = (hostname, options, callback) => {
    lookup(hostname).then(
      (addresses) => {
        const all = addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))
        if (options.all) callback(null, all)
        else callback(null, all[0]!.address, all[0]!.family)
      },
      (error: NodeJS.ErrnoException) => callback(error, '', 0),
    )
  }
  return ((input: string | URL | Request, init?: RequestInit) =>
    new Promise<Response>((resolve, reject) => {
      const url = new URL(String(input))
      const signal = init?.signal ?? undefined
      const headers: Record<string, string> = {}
      new Headers(init?.headers).forEach((value, name) => {
        headers[name] = value
      })
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: 'GET',
        headers,
        lookup: socketLookup,
      })
      let response: http.IncomingMessage | undefined
      const abort = () => {
        const reason = signal?.reason ?? new Error('aborted')
        response?.destroy(reason)
        request.destroy(reason)
      }
      if (signal?.aborted) abort()
      signal?.addEventListener('abort', abort, { once: true })
      request.once('error', (error) => {
        signal?.removeEventListener('abort', abort)
        reject(error)
      })
      request.once('response', (res) => {
        response = res
        res.once('close', () => signal?.removeEventListener('abort', abort))
        const responseHeaders = new Headers()
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
          responseHeaders.append(res.rawHeaders[i]!, res.rawHeaders[i + 1]!)
        }
        const status = res.statusCode ?? 0
        const body = nullBodyStatuses.has(status)
          ? null
          : (Readable.toWeb(res) as unknown as ReadableStream<Uint8Array>)
        if (body === null) res.resume()
        resolve(
          new Response(body, {
            status: status < 200 || status > 599 ? 502 : status,
            headers: responseHeaders,
          }),
        )
      })
      request.end()
    })) as typeof fetch
}
