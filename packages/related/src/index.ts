export { primaryLanguage, stemmedLanguages } from './lib/analyzer.js'
export { RelatedError, type RelatedErrorCode } from './lib/errors.js'
export { createRelatedIndex, fromJSON } from './lib/related-index.js'
export type {
  RelatedColumnsJSON,
  RelatedDoc,
  RelatedDocJSON,
  RelatedIndex,
  RelatedIndexJSON,
  RelatedIndexOptions,
  RelatedOptions,
  RelatedPost,
  RelatedReasons,
} from './lib/types.js'
