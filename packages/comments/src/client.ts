// `@blogkit/comments/client`: the build-time client of a comment service (`@blogkit/comments/http`), with
// web APIs only (`fetch`), for Node, browsers and edge runtimes.
export { CommentError } from './lib/errors.js'
export { CommentServiceError } from './lib/http/service-answers.js'
export type {
  ReadServiceCommentsOptions,
  ServiceComments,
  ServicePage,
} from './lib/http/service-client.js'
export { readServiceComments, serviceBase } from './lib/http/service-client.js'
