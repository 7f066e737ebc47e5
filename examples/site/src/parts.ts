// `@blogkit/example-site/parts`: the theme's pieces that load none of the engines (no @blogkit/post,
// /feed or /related), for code that dresses its pages in the theme without a site to render: the
// moderation pages (`@blogkit/example-admin`) and the comment service. Everything here is also in the
// main entry.

export { commentAnchor } from '@blogkit/comments'
export { stylesheet, stylesheetVersion } from './lib/assets.js'
export { firstLine } from './lib/comment-form.js'
export { type Child, type Html, html, raw } from './lib/html.js'
export { catalogLanguage, themeLanguages } from './lib/i18n.js'
export { readableUrl } from './lib/readable-url.js'
