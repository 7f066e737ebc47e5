import { html } from '../html.js'
import { messagesFor } from '../i18n.js'
import { renderLayout } from '../layout.js'
import type { Site } from '../load-site.js'
import { renderPostList } from './parts.js'

/** The 404 page: what happened, a link home and the latest posts. Served with status 404. */
export function renderNotFoundPage(site: Site): string {
  const lang = site.config.language
  const t = messagesFor(lang)
  const main = html`<header class="page-header">
<h1>${t.notFoundTitle}</h1>
<p class="lead">${t.notFoundText}</p>
<p><a href="${site.urls.home()}">${t.notFoundBack}</a></p>
</header>
${
  site.posts.length > 0
    ? html`<h2>${t.latestPosts}</h2>
${renderPostList(site, site.posts.slice(0, 5), lang)}`
    : ''
}`
  return renderLayout(site, {
    lang,
    title: t.notFoundTitle,
    description: t.notFoundText,
    path: site.urls.notFound(),
    section: 'none',
    noindex: true,
    main,
  })
}
