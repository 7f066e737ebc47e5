import { createReadStream } from 'node:fs'
import { readFile, stat } from 'node:fs/promises'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import path from 'node:path'

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/feed+json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.rss': 'application/rss+xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
}

/** Options of `startPreview`. */
export interface PreviewOptions {
  /** Folder to serve (a built site). */
  dir: string
  /** Port; `0` picks a free one. @default 4173 */
  port?: number
  /** Interface to listen on. @default '127.0.0.1' */
  host?: string
  /**
   * Answer a request before the files do (the dev server's events and error page): return `true` when
   * it answered.
   */
  handle?: ((request: IncomingMessage, response: ServerResponse) => boolean) | undefined
  /** Change each HTML page as it is served (the dev server adds its reload script). */
  transformHtml?: ((html: string) => string) | undefined
}

/** Resolve a URL path inside `root`, or `undefined` when it would leave it. */
function resolveInside(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const file = path.resolve(root, `.${path.posix.normalize(decoded)}`)
  return file === root || file.startsWith(root + path.sep) ? file : undefined
}

/**
 * Serve a built site like a static host would: `/a/` → `a/index.html`, `/a` → redirect to `/a/` when
 * that is a folder, unknown paths → `404.html` with status 404. GET and HEAD only.
 *
 * @returns
 *   The listening server and its URL (`http://127.0.0.1:4173/`).
 */
export async function startPreview(
  options: Readonly<PreviewOptions>,
): Promise<{ server: Server; url: string }> {
  const root = path.resolve(options.dir)
  const info = await stat(root).catch(() => undefined)
  if (!info?.isDirectory()) throw new Error(`${options.dir}: no such folder: build the site first`)
  const host = options.host ?? '127.0.0.1'
  const { handle, transformHtml } = options
  const server = createServer(async (request, response) => {
    const send = async (file: string, status: number) => {
      const type = types[path.extname(file).toLowerCase()] ?? 'application/octet-stream'
      const headers = {
        'Content-Type': type,
        'Cache-Control': 'no-cache',
        'X-Content-Type-Options': 'nosniff',
      }
      if (transformHtml && type.startsWith('text/html')) {
        // Note: a page deleted by a rebuild since it was found is gone.
        const text = await readFile(file, 'utf8').catch(() => undefined)
        if (text === undefined) {
          response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n')
          return
        }
        const body = transformHtml(text)
        response.writeHead(status, { ...headers, 'Content-Length': Buffer.byteLength(body) })
        response.end(request.method === 'HEAD' ? undefined : body)
        return
      }
      response.writeHead(status, headers)
      if (request.method === 'HEAD') response.end()
      else createReadStream(file).pipe(response)
    }
    if (handle?.(request, response)) return
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { Allow: 'GET, HEAD' }).end()
      return
    }
    const url = new URL(request.url ?? '/', 'http://localhost')
    const file = resolveInside(root, url.pathname)
    const found = file === undefined ? undefined : await stat(file).catch(() => undefined)
    if (file && found?.isFile()) return send(file, 200)
    if (file && found?.isDirectory()) {
      if (!url.pathname.endsWith('/')) {
        response.writeHead(301, { Location: `${url.pathname}/${url.search}` }).end()
        return
      }
      const index = path.join(file, 'index.html')
      if ((await stat(index).catch(() => undefined))?.isFile()) return send(index, 200)
    }
    const notFound = path.join(root, '404.html')
    if ((await stat(notFound).catch(() => undefined))?.isFile()) return send(notFound, 404)
    response.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Not found\n')
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 4173, host, resolve)
  })
  const address = server.address()
  const port = typeof address === 'object' && address ? address.port : options.port
  return { server, url: `http://${host}:${port}/` }
}
