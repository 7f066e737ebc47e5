// @blogkit/comments/store-kit: what a CommentStore on another database (MySQL, D1, …) needs besides its
// SQL: the shared store rules (options, validation and spam decisions, the held-parent rule, moderation
// transitions, purge, import checks, the moderation queue's paging, row <-> Comment mapping) and the
// contract test suite that the SQLite and PostgreSQL stores pass, and `threadPage`'s options and
// placeholders. No Node built-ins and no test runner.
export type {
  AddCommentOptions,
  AddCommentResult,
  CheckOptions,
  CommentExport,
  CommentStore,
  ModerationAction,
  ModerationCountOptions,
  ModerationQueueItem,
  ModerationQueueOptions,
  ModerationQueuePage,
  ThreadPage,
  ThreadPageOptions,
} from './lib/comment-store.js'
export type {
  ContractAssertion,
  ContractExpect,
  ContractMatchers,
  ContractTestFunction,
  StoreContractApi,
} from './lib/store-contract/api.js'
export type { StoreContractSubject } from './lib/store-contract/contract.js'
export { runStoreContract } from './lib/store-contract/contract.js'
export type { OpenStore } from './lib/store-contract/helpers.js'
export type {
  CommentRow,
  CommentStoreOptions,
  ModerationFilter,
  ParentRow,
  PreparedComment,
  QueueQuery,
  StoreSettings,
} from './lib/store-core.js'
export {
  addResult,
  checkModerationAction,
  checkParent,
  closedError,
  commentColumns,
  commentToRow,
  duplicateIdError,
  heldByParent,
  heldParentReason,
  importDuplicateError,
  importParentError,
  latestPostColumns,
  latestPostPurgedError,
  maxLatestPostTitleLength,
  moderationTransition,
  notFoundError,
  parseExport,
  parseModerationFilter,
  parseQueueOptions,
  parseSearch,
  prepareComment,
  purgedError,
  purgedRow,
  queuePage,
  rowToComment,
  statusCounts,
  storeSettings,
} from './lib/store-core.js'
export type { ThreadPageQuery } from './lib/thread-page.js'
export {
  notOnPageError,
  pageOfThread,
  parseThreadPageOptions,
  publicComment,
  threadPageResult,
} from './lib/thread-page.js'
