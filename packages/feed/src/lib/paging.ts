import type { FeedUrls } from './types.js'

/** A paging link: one absolute URL for every format, or one per format (`{ rss, atom, json }`). */
export type FeedPagingLink = string | Readonly<FeedUrls>

/**
 * RFC 5005 links: a paged feed (`first`, `previous`, `next`, `last`) or an archived feed (`current`,
 * `prevArchive`, `nextArchive`, `archive: true`). All URLs absolute; give `{ rss, atom, json }` when each
 * format has its own documents.
 */
export interface FeedPaging {
  /** URL of the first page of a paged feed (RFC 5005 §3). */
  first?: FeedPagingLink | undefined
  /** URL of the previous (newer) page of a paged feed. */
  previous?: FeedPagingLink | undefined
  /** URL of the next (older) page of a paged feed. */
  next?: FeedPagingLink | undefined
  /** URL of the last page of a paged feed. */
  last?: FeedPagingLink | undefined
  /** URL of the subscription document, set on archive documents (RFC 5005 §4). */
  current?: FeedPagingLink | undefined
  /** URL of the archive document just older than this one. */
  prevArchive?: FeedPagingLink | undefined
  /** URL of the archive document just newer than this one. */
  nextArchive?: FeedPagingLink | undefined
  /** Mark this document as an archive: its items will not change (`fh:archive`). @default false */
  archive?: boolean | undefined
  /** Mark this document as the complete feed: it holds every item (`fh:complete`). @default false */
  complete?: boolean | undefined
}

/** Paging field name → link relation. */
export const pagingRelations = [
  ['first', 'first'],
  ['previous', 'previous'],
  ['next', 'next'],
  ['last', 'last'],
  ['current', 'current'],
  ['prevArchive', 'prev-archive'],
  ['nextArchive', 'next-archive'],
] as const

/** Paging after checks: per-format URLs. */
export type CleanPaging = {
  [K in (typeof pagingRelations)[number][0]]?: { rss?: string; atom?: string; json?: string }
} & { archive?: boolean; complete?: boolean }
