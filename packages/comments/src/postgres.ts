export type {
  PostgresCommentStoreOptions,
  PostgresPool,
  PostgresPoolClient,
  PostgresQueryResult,
} from './lib/postgres-comment-store.js'
export { createPostgresCommentStore } from './lib/postgres-comment-store.js'
