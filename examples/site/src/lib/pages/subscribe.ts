import { commentFeedUrls } from '../feeds.js'
import { type Html, html } from '../html.js'
import { messagesFor } from '../i18n.js'
import { renderLayout } from '../layout.js'
import type { Site, SitePost } from '../load-site.js'
import { langAttribute } from './parts.js'

/** Posts whose comment feeds the subscribe page lists, at most (every post's page links its own). */
export const subscribeCommentFeedLimit = 50

const types = {
  rss: 'application/rss+xml',
  atom: 'application/atom+xml',
  json: 'application/feed+json',
} as const

const names = { rss: 'RSS', atom: 'Atom', json: 'JSON Feed' } as const

/** When the newest visible (approved) comment of a post was written, in ms; `0` without one. */
function latestComment(item: SitePost): number {
  let latest = 0
  for (const comment of item.comments) {
    if (comment.status !== 'approved') continue
    const time = Date.parse(comment.createdAt)
    if (time > latest) latest = time
  }
  return latest
}

/**
 * The posts whose comment feeds the subscribe page lists: those with visible comments, the latest comment
 * first, at most `subscribeCommentFeedLimit` of them (a blog with thousands of discussed posts keeps a page
 * of a reasonable size), and how many posts have comments in all.
 */
export function commentFeedPosts(site: Site): { posts: SitePost[]; total: number } {
  const discussed: Array<[SitePost, number]> = []
  for (const item of site.posts) {
    const latest = latestComment(item)
    if (latest > 0) discussed.push([item, latest])
  }
  // Note: posts are newest first, and the sort is stable: posts whose comments are as new keep that order.
  discussed.sort((a, b) => b[1] - a[1])
  return {
    posts: discussed.slice(0, subscribeCommentFeedLimit).map(([item]) => item),
    total: discussed.length,
  }
}

function renderSiteFeed(site: Site, format: keyof typeof types, hint: string): Html {
  const url = site.urls.absolute(site.urls.feed(format))
  return html`<li>
<p class="feed-name"><a href="${url}" type="${types[format]}">${names[format]}</a> <span class="feed-hint">${hint}</span></p>
<p class="feed-url"><code>${url}</code></p>
</li>
`
}

function renderCommentFeed(site: Site, item: SitePost, lang: string): Html {
  const t = messagesFor(lang)
  const urls = commentFeedUrls(site, item)
  return html`<li>
<p class="feed-name"><a href="${item.path}"${langAttribute(item.post.lang, lang)}>${item.post.title}</a> <span class="count">${t.comments(item.threads.total)}</span></p>
<p class="feed-url"><a href="${urls.rss}" type="${types.rss}">RSS</a> <code>${urls.rss}</code></p>
<p class="feed-also">${t.alsoAs} <a href="${urls.atom}" type="${types.atom}">Atom</a> ${t.and} <a href="${urls.json}" type="${types.json}">JSON Feed</a></p>
</li>
`
}

/**
 * The subscribe page, in the site's language: what a feed reader is, the site's RSS, Atom and JSON feeds with
 * their addresses to copy, and the comment feeds of the posts with the latest comments. The header's and
 * footer's feed links lead here, so a reader who clicks them gets a page instead of raw XML.
 */
export function renderSubscribePage(site: Site): string {
  const lang = site.config.language
  const t = messagesFor(lang)
  const { posts, total } = commentFeedPosts(site)
  const main = html`<header class="page-header">
<h1>${t.subscribe}</h1>
<p class="lead">${t.feedReaderIntro}</p>
</header>
<section aria-labelledby="site-feeds-title">
<h2 id="site-feeds-title">${t.siteFeeds}</h2>
<ul class="feed-list">
${renderSiteFeed(site, 'rss', t.feedFormats.rss)}${renderSiteFeed(site, 'atom', t.feedFormats.atom)}${renderSiteFeed(site, 'json', t.feedFormats.json)}</ul>
</section>
<section aria-labelledby="comment-feeds-title">
<h2 id="comment-feeds-title">${t.commentFeeds}</h2>
<p>${posts.length === 0 ? t.noCommentFeeds : t.commentFeedsIntro(posts.length, total)}</p>
${posts.length === 0 ? '' : html`<ul class="feed-list">\n${posts.map((item) => renderCommentFeed(site, item, lang))}</ul>`}
</section>`
  return renderLayout(site, {
    lang,
    title: t.subscribe,
    description: `${t.subscribeWith}: ${site.config.title}.`,
    path: site.urls.subscribe(),
    section: 'subscribe',
    main,
  })
}
