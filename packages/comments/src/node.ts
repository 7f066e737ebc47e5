// `@blogkit/comments/node`: the comments file read from disk (Node only; the format itself is in the main
// entry, which runs anywhere).

export { type CommentsSession, createCommentsSession } from './lib/comments-session.js'
export type { ReadCommentsFileOptions } from './lib/read-comments-file.js'
export { readCommentsFile } from './lib/read-comments-file.js'
