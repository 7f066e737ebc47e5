// Paging a post's threads on a site that has them all (a static build): which threads a page shows and
// which page numbers it links. A store pages by itself (`CommentStore.threadPage`).
import type { CommentThreads } from './thread-types.js'

/** Top-level threads on a page of comments by default (as the comment handler's `commentsPerPage`). */
export const commentThreadsPerPage = 50

/** Options of `pageThreads`. */
export interface PageThreadsOptions {
  /** The page, from 1. A page after the last has no threads. */
  page: number
  /** Top-level threads a page (replies go with their thread). @default commentThreadsPerPage (50) */
  perPage?: number | undefined
}

/** A page of threads from `pageThreads`. */
export interface ThreadsPage {
  /** The threads with only this page's top-level threads in `threads` (`total`, `threadCount` of all). */
  threads: CommentThreads
  /** This page, from 1. */
  page: number
  /** Number of pages (at least 1: a post without comments has one, empty). */
  pages: number
}

function checkCount(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
    throw new TypeError(`Expected \`${field}\` to be a whole number from 1, got \`${String(value)}\``)
  return value
}

/**
 * One page of a post's threads (from `threadComments` without `limit`), `perPage` top-level threads a
 * page, oldest pages first.
 *
 * @throws {TypeError} When `page` or `perPage` is not a whole number from 1.
 */
export function pageThreads(threads: CommentThreads, options: Readonly<PageThreadsOptions>): ThreadsPage {
  const page = checkCount(options.page, 'page')
  const perPage = checkCount(options.perPage ?? commentThreadsPerPage, 'perPage')
  const from = (page - 1) * perPage
  return {
    threads: { ...threads, threads: threads.threads.slice(from, from + perPage) },
    page,
    pages: Math.max(1, Math.ceil(threads.threads.length / perPage)),
  }
}

/**
 * The page numbers to link from page `page` of `pages`: the first, the last, and two on each side of this
 * one, with `0` for a gap (shown as "…"). `pageNumbers(10, 100)` is `[1, 0, 8, 9, 10, 11, 12, 0, 100]`.
 *
 * @throws {TypeError} When `page` or `pages` is not a whole number from 1.
 */
export function pageNumbers(page: number, pages: number): number[] {
  checkCount(page, 'page')
  checkCount(pages, 'pages')
  const shown: number[] = []
  for (let n = 1; n <= pages; n++) {
    if (n === 1 || n === pages || Math.abs(n - page) <= 2) shown.push(n)
    else if (shown.at(-1) !== 0) shown.push(0)
  }
  return shown
}
