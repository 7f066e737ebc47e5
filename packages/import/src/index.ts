export type { DisqusComment, DisqusImport, DisqusOptions, DisqusRecord, DisqusThread } from './lib/disqus.js'
export { defaultThreadPostId, fromDisqus, readDisqus, resolveDisqusComments } from './lib/disqus.js'
export { ImportError } from './lib/errors.js'
export type { ContentFile, MergeCommentsResult } from './lib/files.js'
export { mergeComments, toCommentsFile, toMarkdownFile, toMentionsFile } from './lib/files.js'
export type {
  Attachment,
  ImportedComment,
  ImportedPost,
  ImportWarning,
  Mention,
  PostSource,
} from './lib/types.js'
export type { WordPressImport, WordPressOptions, WordPressRecord, WordPressSite } from './lib/wordpress.js'
export { fromWordPress, readWordPress } from './lib/wordpress.js'
export type { ReadXmlOptions, XmlSource } from './lib/xml.js'
