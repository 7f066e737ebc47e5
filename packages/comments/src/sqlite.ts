export type { SqliteCommentStoreOptions } from './lib/sqlite-comment-store.js'
export { createSqliteCommentStore } from './lib/sqlite-comment-store.js'
export type { SqliteDriverChoice } from './lib/sqlite-driver.js'
