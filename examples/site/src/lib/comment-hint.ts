import { commentFormId, renderCommentForm } from './comment-form.js'
import { type Html, html } from './html.js'
import { messagesFor } from './i18n.js'
import type { Site, SitePost } from './load-site.js'
import { readableUrl } from './readable-url.js'

/**
 * Where a reader of a page without a comment form of its own (the static blog) can comment: the form of
 * the comment service the comments are read from (`config.commentsUrl`: posting to `<service>/comments`
 * with the page's canonical URL as `page`, no JavaScript needed), else a link to the same post on the
 * live blog (site.json `liveSite`, at its comment form), else nothing.
 */
export function renderCommentHint(site: Site, item: SitePost, lang: string): Html | undefined {
  const service = site.config.commentsUrl
  if (service !== undefined)
    return renderCommentForm({
      lang,
      action: new URL('comments', service).href,
      hidden: { page: item.url, lang },
      // Note: the service ignores the box unless it sends mail (SMTP_URL; examples/comment-service).
      notify: true,
    })
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
