// `createCommentHandler`: the comment service as one Fetch API handler (`Request` → `Response`), so that it
// runs on Node (through a small adapter) and on any runtime with `Request` and `Response`.
import { CommentError } from '../errors.js'
import { embedRoute } from './embed-route.js'
import { postComment } from './post-comment.js'
import { problem, type Route, readRoutes } from './read-routes.js'
import { type CommentHandlerOptions, settingsOf } from './settings.js'

export type { CommentHandlerOptions } from './settings.js'

/** A handler of the comment service's routes. */
export type CommentHandler = (request: Request) => Promise<Response>

/**
 * The comment service as a Fetch API handler: `POST /comments` (the form), `GET /comments?page=<url>`
 * (JSON, or `&format=html`), `GET /counts?page=…&page=…`, `GET /held` (the page after a held comment),
 * `GET /embed.js` (the `<blogkit-comments>` script, with `embedScript`) and `OPTIONS` (CORS preflight).
 * See the README.
 * @throws {TypeError} for wrong options (an origin that is not one, a limit out of range).
 */
export function createCommentHandler(options: Readonly<CommentHandlerOptions>): CommentHandler {
  const settings = settingsOf(options)
  const { readComments, readCounts, held, preflight, cors } = readRoutes(settings)
  const { basePath } = settings
  const routes: Record<string, Record<string, Route>> = {
    '/comments': {
      GET: readComments,
      HEAD: readComments,
      POST: (request) => postComment(request, { ...settings, heldPath: `${basePath}/held`, cors }),
      OPTIONS: preflight,
    },
    '/counts': { GET: readCounts, HEAD: readCounts, OPTIONS: preflight },
    '/held': { GET: held, HEAD: held },
  }
  if (settings.embedScript !== undefined) {
    const embed = embedRoute(settings.embedScript, cors)
    routes['/embed.js'] = { GET: embed, HEAD: embed }
  }

  return async (request) => {
    const url = new URL(request.url)
    const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : undefined
    const route = path === undefined ? undefined : routes[path.replace(/\/$/, '') || '/']
    if (route === undefined)
      return new Response('Not found\n', {
        status: 404,
        headers: { 'content-type': 'text/plain; charset=utf-8' },
      })
    const method = route[request.method]
    if (method === undefined) {
      return new Response('Method not allowed\n', {
        status: 405,
        headers: { allow: Object.keys(route).join(', '), 'content-type': 'text/plain; charset=utf-8' },
      })
    }
    try {
      return await method(request, url.searchParams)
    } catch (error) {
      if (error instanceof CommentError && error.code === 'not-found') {
        return problem(error.code, error.reason, error.field, 404, cors(request))
      }
      if (error instanceof CommentError)
        return problem(error.code, error.reason, error.field, 400, cors(request))
      console.error(error)
      return problem(
        'unavailable',
        'The comments could not be read just now; try again in a moment',
        undefined,
        503,
        cors(request),
      )
    }
  }
}
