import { truncate } from '../format.js'
import { focusableScrollers, html, jsonForScript, raw } from '../html.js'
import { renderLayout } from '../layout.js'
import type { ContentPage } from '../load-pages.js'
import type { Site } from '../load-site.js'
import { langAttribute } from './parts.js'

/** The description of a page for meta tags: front matter `description`, else its excerpt. */
export function pageDescription(page: ContentPage): string {
  return truncate(page.post.description ?? (page.post.excerpt.text || page.post.text), 200)
}

/**
 * A page of the content folder's `pages/` (About, Contact): its title, its parents as a trail, its
 * body and links to the pages under it, in the site's layout. `<html lang>` is the page's language; JSON-LD `WebPage` is in the head.
 */
export function renderContentPage(site: Site, page: ContentPage): string {
  const { post } = page
  const description = pageDescription(page)
  const trail: ContentPage[] = []
  for (let parent = page.parent; parent; parent = parent.parent) trail.unshift(parent)
  const children = site.pages.filter((other) => other.parent === page)
  const updated = post.updated ?? (page.dated ? post.date : undefined)
  const jsonLd = {
    '@context': 'https://schema.org',
    '@type': 'WebPage',
    name: post.title,
    description,
    inLanguage: post.lang,
    url: page.url,
    ...(updated ? { dateModified: updated.toISOString() } : {}),
    isPartOf: { '@type': 'WebSite', name: site.config.title, url: site.urls.absolute(site.urls.home()) },
  }
  const main = html`<article class="page">
<header class="post-header">
${trail.length > 0 ? html`<p class="post-categories">${trail.map((parent, index) => html`${index > 0 ? ' / ' : ''}<a href="${parent.path}">${parent.post.title}</a>`)}</p>` : ''}
<h1 class="post-title">${post.title}</h1>
</header>
<div class="post-body">
${raw(focusableScrollers(post.html))}
</div>
${children.length > 0 ? html`<ul class="page-children">${children.map((child) => html`<li><a href="${child.path}"${langAttribute(child.post.lang, post.lang)}>${child.post.title}</a></li>`)}</ul>` : ''}
</article>`
  return renderLayout(site, {
    lang: post.lang,
    title: post.title,
    description,
    path: page.path,
    section: 'page',
    head: html`<script type="application/ld+json">${jsonForScript(jsonLd)}</script>`,
    main,
  })
}
