import type { Context } from 'hono'

/**
 * A part of the server's GET and HEAD routes: the response for `pathname`, or `undefined` when the path
 * is not one of its own (the next part is asked).
 */
export type GetRoute = (c: Context, pathname: string) => Response | undefined | Promise<Response | undefined>

/** A response with the `Cache-Control` every HTML page of the server gets unless it says otherwise. */
export function htmlPage(c: Context, body: string, status = 200, cache = 'no-cache'): Response {
  c.header('Cache-Control', cache)
  return c.html(body, status as 200) as Response
}
