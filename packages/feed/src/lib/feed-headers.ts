import { createHash } from 'node:crypto'
import { type FeedHeaders, type FeedHeadersOptions, feedContentType } from './http.js'

/**
 * Response headers for serving a feed: `Content-Type`, `ETag` (hash of the body) and `Last-Modified`.
 *
 * @param options
 *   The format, the body and the feed's `updated` date.
 * @returns
 *   A plain object to pass to `res.writeHead` or `new Response(body, { headers })`.
 */
export function feedHeaders(options: Readonly<FeedHeadersOptions>): FeedHeaders {
  if (typeof options?.body !== 'string')
    throw new TypeError('Expected `body` to be the feed document, a string')
  const hash = createHash('sha256').update(options.body).digest('base64url').slice(0, 27)
  const headers: FeedHeaders = { 'Content-Type': feedContentType(options.format), ETag: `"${hash}"` }
  if (options.updated !== undefined) {
    if (!(options.updated instanceof Date) || Number.isNaN(options.updated.getTime())) {
      throw new TypeError('Expected `updated` to be a valid `Date`')
    }
    headers['Last-Modified'] = options.updated.toUTCString()
  }
  return headers
}
