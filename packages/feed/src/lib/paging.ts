/**
 * RFC 5005 links: a paged feed (`first`, `previous`, `next`, `last`) or an archived feed (`current`,
 * `prevArchive`, `nextArchive`, `archive: true`). All URLs absolute.
 */
export interface FeedPaging {
  /** URL of the first page of a paged feed (RFC 5005 §3). */
  first?: string | undefined
  /** URL of the previous (newer) page of a paged feed. */
  previous?: string | undefined
  /** URL of the next (older) page of a paged feed. */
  next?: string | undefined
  /** URL of the last page of a paged feed. */
  last?: string | undefined
  /** URL of the subscription document, set on archive documents (RFC 5005 §4). */
  current?: string | undefined
  /** URL of the archive document just older than this one. */
  prevArchive?: string | undefined
  /** URL of the archive document just newer than this one. */
  nextArchive?: string | undefined
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
