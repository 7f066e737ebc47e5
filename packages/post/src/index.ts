export {
  type AddressBook,
  type AddressBookOptions,
  type AddressOwner,
  createAddressBook,
  type PlaceablePost,
  type PlacePostsOptions,
  placePosts,
} from './lib/addresses.js'
export { type LocateAliasesOptions, locateAliases } from './lib/alias-places.js'
export { type Point, PostError } from './lib/errors.js'
export { type PathParts, slugFromPath } from './lib/file-name.js'
export { type JsonSyntaxError, jsonSyntaxError } from './lib/json-syntax.js'
export {
  type AdjacentPosts,
  adjacentPosts,
  type FilterPostsOptions,
  filterPosts,
  type GroupPostsOptions,
  groupPosts,
  type SortPostsOptions,
  sortPosts,
} from './lib/list.js'
export { type NestablePage, type NestPagesOptions, nestPages, type PageNest } from './lib/nest-pages.js'
export { parsePost } from './lib/parse-post.js'
export {
  defaultPermalink,
  type PagePathInput,
  type PagePathOptions,
  type ParsePermalinkOptions,
  type Permalink,
  type PermalinkPlaceholder,
  type PostPathInput,
  type PostPathOptions,
  pagePath,
  parsePermalink,
  permalinkPlaceholders,
  postPath,
  type SiteTermSlugsOptions,
  siteTermSlugs,
  type TermSlugsInput,
  termSlug,
  termSlugs,
} from './lib/permalink.js'
export {
  type ParseRedirectsJsonOptions,
  parseRedirectsJson,
  serializeNetlifyRedirects,
  serializeRedirectsJson,
} from './lib/redirect-files.js'
export {
  type AliasOwner,
  type CollectRedirectsOptions,
  collectRedirects,
  hasRedirectPage,
  type Redirect,
  type RedirectEntry,
  redirectKey,
  redirectPagePath,
} from './lib/redirects.js'
export { slugify } from './lib/slug.js'
export type {
  Excerpt,
  Heading,
  Image,
  Link,
  ParsePostOptions,
  Post,
  PostData,
  PostInput,
  ReadingTime,
} from './lib/types.js'
