// Note: the comment rules the theme's users link by (@blogkit/comments), here for the server and the admin.
export { commentAnchor, commentThreadsPerPage, oldCommentAnchor } from '@blogkit/comments'
export { favicon, stylesheet, stylesheetVersion } from './lib/assets.js'
export { commentErrorMessage } from './lib/comment-errors.js'
export {
  type CommentFormField,
  type CommentFormValues,
  commentFormId,
  commentFormStylesheet,
  firstLine,
  type RenderCommentFormOptions,
  renderCommentForm,
} from './lib/comment-form.js'
export {
  type CommentOrder,
  type CommentPaging,
  commentPagePath,
  type RenderCommentsOptions,
  renderComments,
} from './lib/comments.js'
export { type NavEntry, readSiteConfig, type SiteConfig } from './lib/config.js'
export { SiteError, type SiteProblem } from './lib/errors.js'
export {
  commentFeedUrls,
  createCommentFeed,
  createSiteFeed,
  feedItemLimit,
  postFeedItem,
} from './lib/feeds.js'
export { type Child, escapeHtml, focusableScrollers, Html, html, jsonForScript, raw } from './lib/html.js'
export { catalogLanguage, type Messages, messagesFor, themeLanguages } from './lib/i18n.js'
export { type PageOptions, renderLayout, type Section, siteDiscoveryLinks } from './lib/layout.js'
export { buildNav, type ContentPage, loadPages, type NavLink } from './lib/load-pages.js'
export {
  findPostsDir,
  type LoadSiteOptions,
  loadSite,
  type RelatedLink,
  type Site,
  type SitePost,
  siteSettled,
  type Term,
  threadPostComments,
} from './lib/load-site.js'
export { renderTermIndex, renderTermPage, type TermKind } from './lib/pages/archives.js'
export { homePageCount, renderHomePage } from './lib/pages/home.js'
export { renderNotFoundPage } from './lib/pages/not-found.js'
export { pageDescription, renderContentPage } from './lib/pages/page.js'
export {
  postCommentPageCount,
  postDescription,
  type RenderPostPageOptions,
  renderPostPage,
} from './lib/pages/post.js'
export {
  commentFeedPosts,
  renderSubscribePage,
  subscribeCommentFeedLimit,
} from './lib/pages/subscribe.js'
export { readableUrl } from './lib/readable-url.js'
export { filePathOf, renderSite, type SiteFile, type SitePage, sitePages } from './lib/render-site.js'
export { type RankedLists, relatedStamp } from './lib/site-related.js'
export { createSiteSession, type SiteSession, type SiteSessionOptions } from './lib/site-session.js'
export { renderRobots, renderSitemap } from './lib/sitemap.js'
export { createUrls, type SiteUrls } from './lib/urls.js'
