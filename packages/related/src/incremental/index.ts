// `@blogkit/related/incremental`: related posts ranked again only where posts changed, with the index
// kept in a folder and restored in a worker thread (Node only; the main entry runs anywhere).
export { relatedDocFrom, relatedFields } from './fields.js'
export {
  openRelatedCache,
  type RankOptions,
  type RelatedCache,
  type RelatedCacheOptions,
} from './related-cache.js'
export type { RelatedLists } from './saved-lists.js'
