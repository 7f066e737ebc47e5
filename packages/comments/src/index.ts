export { commentAnchor, oldCommentAnchor } from './lib/anchors.js'
export { commentBodyHtml } from './lib/comment-body.js'
export { type CommentFeedOptions, commentFeed } from './lib/comment-feed.js'
export type { PageThreadsOptions, ThreadsPage } from './lib/comment-paging.js'
export { commentThreadsPerPage, pageNumbers, pageThreads } from './lib/comment-paging.js'
export type { CheckCommentsOptions } from './lib/comment-records.js'
export { checkComments } from './lib/comment-records.js'
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
export type { ParseCommentsFileOptions } from './lib/comments-file.js'
export { commentsFileName, parseCommentsFile, serializeCommentsFile } from './lib/comments-file.js'
export type { CommentErrorPlace } from './lib/errors.js'
export { CommentError } from './lib/errors.js'
export type { InferRepliesOptions } from './lib/infer-replies.js'
export { inferReplies, mentionedName } from './lib/infer-replies.js'
export { cleanName, looksEmpty, readerWebsite } from './lib/reader-input.js'
export type { RenderCommentHtmlOptions } from './lib/render-comment-html.js'
export { commentLinkRel, commentSanitizeSchema, renderCommentHtml } from './lib/render-comment-html.js'
export type { CheckReservedNameOptions } from './lib/reserved-names.js'
export { checkReservedName } from './lib/reserved-names.js'
export type {
  AkismetOptions,
  ClientInfo,
  LinkLimitOptions,
  RateLimitOptions,
  SpamAction,
  SpamCheck,
  SpamCheckContext,
  SpamVerdict,
} from './lib/spam.js'
export { akismetCheck, honeypotCheck, linkLimitCheck, rateLimitCheck, runSpamChecks } from './lib/spam.js'
export type { CommentStoreOptions } from './lib/store-core.js'
export type {
  CommentNode,
  CommentThreads,
  ReplySort,
  ThreadCommentsOptions,
  ThreadProblem,
  ThreadSort,
} from './lib/thread-comments.js'
export { threadComments } from './lib/thread-comments.js'
export type { Comment, CommentAuthor, CommentStatus, LatestPost } from './lib/types.js'
export { commentStatuses } from './lib/types.js'
export type { CommentLimits, NewComment } from './lib/validate-comment.js'
export { defaultCommentLimits, validateNewComment } from './lib/validate-comment.js'
