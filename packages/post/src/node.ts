// `@blogkit/post/node`: what needs Node (files, the cache, worker threads). The main entry is the
// pure core (`parsePost`, `slugify`, the list helpers), which runs anywhere.
export { type ListFilesOptions, listFiles } from './lib/list-files.js'
export { type LoadPostsOptions, loadPosts } from './lib/load-posts.js'
export { type PostFileState, postFileState } from './lib/post-files.js'
export { createPostsSession, type PostsSession, type PostsSessionOptions } from './lib/posts-session.js'
export { type FileStats, statFiles } from './lib/stat-thread.js'
