import type { FeedFormat } from './types.js'

const contentTypes: Record<FeedFormat, string> = {
  rss: 'application/rss+xml; charset=utf-8',
  atom: 'application/atom+xml; charset=utf-8',
  json: 'application/feed+json; charset=utf-8',
}

/**
 * The `Content-Type` to serve a feed format with.
 *
 * @param format
 *   `'rss'`, `'atom'` or `'json'`.
 * @returns
 *   `application/rss+xml`, `application/atom+xml` or `application/feed+json`, with `charset=utf-8`.
 */
export function feedContentType(format: FeedFormat): string {
  const type = contentTypes[format]
  if (!type)
    throw new TypeError(
      `Expected \`format\` to be \`'rss'\`, \`'atom'\` or \`'json'\`, got \`${String(format)}\``,
    )
  return type
}

/** Options for `feedHeaders`. */
export interface FeedHeadersOptions {
  /** Format of `body`. */
  format: FeedFormat
  /** The document as written by `feed.rss()`, `feed.atom()` or `feed.json()`. */
  body: string
  /** When the feed last changed (`feed.updated`); gives `Last-Modified`. */
  updated?: Date | undefined
}

/** Response headers for a feed. */
export interface FeedHeaders {
  'Content-Type': string
  /** Strong validator: a hash of the body, quoted. */
  ETag: string
  /** HTTP date of `updated`, when given. */
  'Last-Modified'?: string
}

/** Request headers as a `Headers` object or a Node.js `IncomingHttpHeaders` record. */
export type RequestHeaders =
  | { get(name: string): string | null }
  | Record<string, string | string[] | undefined>

function header(request: RequestHeaders, name: string): string | undefined {
  if (typeof (request as { get?: unknown }).get === 'function') {
    return (request as { get(name: string): string | null }).get(name) ?? undefined
  }
  const value = (request as Record<string, string | string[] | undefined>)[name]
  return Array.isArray(value) ? value.join(', ') : value
}

/**
 * Whether a conditional request can be answered with `304 Not Modified` (RFC 9110 §13.1: `If-None-Match`
 * first, then `If-Modified-Since`).
 *
 * @param request
 *   The request headers (`Headers` or Node.js `req.headers`).
 * @param headers
 *   The headers `feedHeaders` gave for the current document.
 * @returns
 *   `true` when the client's copy is current.
 */
export function isNotModified(request: RequestHeaders, headers: Readonly<FeedHeaders>): boolean {
  const ifNoneMatch = header(request, 'if-none-match')
  if (ifNoneMatch !== undefined) {
    if (ifNoneMatch.trim() === '*') return true
    const tag = headers.ETag.replace(/^W\//, '')
    return ifNoneMatch.split(',').some((value) => value.trim().replace(/^W\//, '') === tag)
  }
  const since = header(request, 'if-modified-since')
  const modified = headers['Last-Modified']
  if (since === undefined || modified === undefined) return false
  const sinceTime = Date.parse(since)
  return !Number.isNaN(sinceTime) && Date.parse(modified) <= sinceTime
}
