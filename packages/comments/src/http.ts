export type {
  CommentFormField,
  HeldReason,
} from './lib/form-rules.js'
export {
  formFieldOf,
  heldReason,
  heldReasons,
  honeypotField,
  mentionedParent,
  normalizeAuthorUrl,
} from './lib/form-rules.js'
export type { CommentHandler } from './lib/http/handler.js'
export { createCommentHandler } from './lib/http/handler.js'
export type { CommentHandlerMessages } from './lib/http/messages.js'
export { commentHandlerMessages } from './lib/http/messages.js'
export { normalizePageUrl } from './lib/http/page-identity.js'
export type { PostAnswer } from './lib/http/post-answers.js'
export type { PostedComment } from './lib/http/posted.js'
export { notifyField } from './lib/http/posted.js'
export type { CommentsAnswer, PublicComment } from './lib/http/read-comments.js'
export type { CommentHandlerOptions } from './lib/http/settings.js'
export type {
  CommentFormErrors,
  CommentSubmission,
  SubmitCommentMessages,
  SubmitCommentOptions,
} from './lib/http/submit-comment.js'
export { submitComment } from './lib/http/submit-comment.js'
export type {
  FormSpamChecksOptions,
  RateLimiter,
  RateLimiterOptions,
  WindowCount,
  WindowCounters,
} from './lib/window-counters.js'
export {
  createRateLimiter,
  formSpamChecks,
  holdAfterCheck,
  memoryCounters,
} from './lib/window-counters.js'
