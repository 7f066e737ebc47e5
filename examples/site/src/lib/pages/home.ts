import { html } from '../html.js'
import { messagesFor } from '../i18n.js'
import { renderLayout } from '../layout.js'
import type { Site } from '../load-site.js'
import { renderPagination, renderSummary } from './parts.js'

/** Number of pages of the home page list. */
export function homePageCount(site: Site): number {
  return Math.max(1, Math.ceil(site.posts.length / site.config.postsPerPage))
}

/**
 * A page of the home page: the newest posts with their excerpts, `postsPerPage` at a time, with links to
 * newer and older pages (`/`, `/page/2/`, …).
 *
 * @param page
 *   1-based page number; must be between 1 and `homePageCount(site)`.
 */
export function renderHomePage(site: Site, page = 1): string {
  const { config, urls } = site
  const pages = homePageCount(site)
  if (!Number.isInteger(page) || page < 1 || page > pages)
    throw new RangeError(`Expected \`page\` to be an integer from 1 to ${pages}, got \`${page}\``)
  const lang = config.language
  const start = (page - 1) * config.postsPerPage
  const posts = site.posts.slice(start, start + config.postsPerPage)
  const main = html`<header class="page-header intro">
<h1>${config.title}</h1>
${config.description ? html`<p class="lead">${config.description}</p>` : ''}
</header>
<div class="summaries">
${posts.map((item) => renderSummary(site, item, lang))}</div>
${renderPagination(lang, page, pages, urls.home)}`
  return renderLayout(site, {
    lang,
    title: page === 1 ? config.title : `${config.title} – ${messagesFor(lang).pageOf(page, pages)}`,
    bareTitle: true,
    description: config.description || config.title,
    path: urls.home(page),
    section: page === 1 ? 'home' : 'none',
    main,
  })
}
