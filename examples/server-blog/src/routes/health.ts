import type { CommentStore } from '@blogkit/comments'
import type { Context } from 'hono'
import { storeProblem } from '../health.js'

/** `GET <root>healthz`, for load balancers and monitors: 200 while the comment store answers a cheap query, else 503. */
export function healthRoute(store: CommentStore) {
  return async (c: Context) => {
    c.header('Cache-Control', 'no-store')
    const problem = await storeProblem(store)
    return problem === undefined
      ? c.text('ok')
      : c.text(`unhealthy: the comment store does not answer (${problem})`, 503)
  }
}
