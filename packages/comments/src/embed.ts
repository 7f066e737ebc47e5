// `@blogkit/comments/embed`: the `<blogkit-comments>` element, built to one file for the browser
// (`dist/embed.js`) and served by `createCommentHandler` at `/embed.js` (`embedScript`). Loading it defines
// the element; `defineCommentsElement(name)` defines it under another name too. (No DOM type is in its
// declarations, so that a Node project's types check without the DOM library.)
import { defineCommentsElement } from './lib/embed/element.js'

export type { EmbedTarget, PostOutcome } from './lib/embed/answers.js'
export { defineCommentsElement } from './lib/embed/element.js'
export type { EmbedWords } from './lib/embed/words.js'
export { embedWords } from './lib/embed/words.js'

defineCommentsElement()
