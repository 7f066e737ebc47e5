// `GET /embed.js`: the `<blogkit-comments>` element's script, served to the sites' pages as a module (which
// a browser fetches with CORS, so only the allowed origins get it), with an ETag and a cache lifetime.
import { etagOf, matches, type Route } from './read-routes.js'

/** How long browsers and caches keep the script before asking again (with the ETag). */
export const embedCacheControl = 'public, max-age=3600, stale-while-revalidate=86400'

/** The route serving `script`, for requests whose CORS headers `cors` gives. */
export function embedRoute(script: string, cors: (request: Request) => Record<string, string>): Route {
  let etag: Promise<string> | undefined
  return async (request) => {
    etag ??= etagOf(script)
    const headers = { etag: await etag, 'cache-control': embedCacheControl, ...cors(request) }
    if (matches(request.headers.get('if-none-match'), headers.etag)) {
      return new Response(null, { status: 304, headers })
    }
    return new Response(request.method === 'HEAD' ? null : script, {
      headers: { 'content-type': 'text/javascript; charset=utf-8', ...headers },
    })
  }
}
