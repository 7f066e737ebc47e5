import { commentFormId } from './comment-form.js'
import { type Html, html } from './html.js'
import { messagesFor } from './i18n.js'
import type { Site, SitePost } from './load-site.js'
import { readableUrl } from './readable-url.js'

/**
 * Where a reader of a page without a comment form (the static blog) can comment: a link to the same post
 * on the live blog (site.json `liveSite`, at its comment form), or nothing when site.json names none.
 * This is the comments section's slot on such pages: a comment service's form can take its place.
 */
export function renderCommentHint(site: Site, item: SitePost, lang: string): Html | undefined {
  const live = site.config.liveSite
  if (live === undefined) return undefined
  const { root } = site.urls
  const relative = item.path.startsWith(root) ? item.path.slice(root.length) : item.path.replace(/^\/+/, '')
  const url = new URL(relative, live)
  url.hash = commentFormId
  // Note: the host as readers read it (`skarptläge.example`, not its punycode), with its port.
  const host = readableUrl(url.origin)
  const t = messagesFor(lang)
  return html`<p class="comment-hint"><a href="${url.href}">${t.commentOnLiveSite(host)}</a></p>
`
}
