import { discoveryLinks } from '@blogkit/feed'
import { stylesheetVersion } from './assets.js'
import { type Child, type Html, html, raw } from './html.js'
import { messagesFor } from './i18n.js'
import type { Site } from './load-site.js'

/** Which top-level section a page belongs to (marked `aria-current` in the menu). */
export type Section = 'home' | 'archive' | 'tags' | 'categories' | 'subscribe' | 'post' | 'page' | 'none'

/** What `renderLayout` needs to know about a page. */
export interface PageOptions {
  /** BCP 47 language of the page (`<html lang>`). */
  lang: string
  /** Title of the page; the site name is appended (the home page gives the site name itself). */
  title: string
  /** Meta description, plain text. */
  description: string
  /** Path of the page, for the canonical URL and Open Graph. */
  path: string
  /** Open Graph type. @default 'website' */
  type?: 'website' | 'article'
  /** Menu section to mark as current. */
  section: Section
  /** Extra elements for `<head>` (JSON-LD, more feed links, article meta). */
  head?: Child
  /** The content of `<main>`. */
  main: Child
  /** Ask search engines not to index the page (404). */
  noindex?: boolean
  /** Use the title as is, without the site name. */
  bareTitle?: boolean
}

function ogLocale(lang: string): string {
  const [language, region] = lang.split('-')
  return region ? `${language}_${region.toUpperCase()}` : (language ?? lang)
}

/** Links to the site's feeds, for `<head>` (RSS, Atom, JSON Feed). */
export function siteDiscoveryLinks(site: Site): Html {
  return raw(
    discoveryLinks({
      title: site.config.title,
      feedUrls: {
        rss: site.urls.absolute(site.urls.feed('rss')),
        atom: site.urls.absolute(site.urls.feed('atom')),
        json: site.urls.absolute(site.urls.feed('json')),
      },
    }),
  )
}

/** The site's navigation links (pages with `menu`, site.json `nav`), each a `<li>`. */
function renderNav(site: Site, path: string): Child {
  const siteLang = site.config.language
  return site.nav.map((link) => {
    const current = link.href === path ? raw(' aria-current="page"') : ''
    const lang = link.page && link.page.post.lang !== siteLang ? html` lang="${link.page.post.lang}"` : ''
    return html`<li><a href="${link.href}"${current}${lang}>${link.title}</a></li>
`
  })
}

/** The current year span of the posts, for the copyright line (`2019–2024`). */
export function yearSpan(site: Site): string {
  const { years } = site
  if (years.length === 0) return String(new Date().getUTCFullYear())
  const newest = years[0]!.name
  const oldest = years[years.length - 1]!.name
  return newest === oldest ? newest : `${oldest}–${newest}`
}

/**
 * The whole HTML document around a page: head with title, description, canonical URL, Open Graph and
 * feed discovery links; the site header with the menu; `<main>`; the footer. The header's "RSS" and the
 * footer's feed link lead to the subscribe page (`urls.subscribe()`), not to raw XML.
 *
 * @returns
 *   A complete HTML5 document.
 */
export function renderLayout(site: Site, page: Readonly<PageOptions>): string {
  const { config, urls } = site
  const t = messagesFor(page.lang)
  const canonical = urls.absolute(page.path)
  const title = page.bareTitle ? page.title : `${page.title} – ${config.title}`
  const current = (section: Section) => (page.section === section ? raw(' aria-current="page"') : '')
  const siteLang = config.language
  const menuLang = siteLang === page.lang ? '' : raw(` lang="${siteLang}"`)
  const m = messagesFor(siteLang)
  const document = html`<!doctype html>
<html lang="${page.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>${title}</title>
<meta name="description" content="${page.description}">
${page.noindex ? raw('<meta name="robots" content="noindex">\n') : ''}<link rel="canonical" href="${canonical}">
<link rel="icon" href="${urls.favicon()}" type="image/svg+xml">
<link rel="stylesheet" href="${urls.stylesheet()}?v=${stylesheetVersion}">
${siteDiscoveryLinks(site)}
<meta property="og:type" content="${page.type ?? 'website'}">
<meta property="og:title" content="${page.title}">
<meta property="og:description" content="${page.description}">
<meta property="og:url" content="${canonical}">
<meta property="og:site_name" content="${config.title}">
<meta property="og:locale" content="${ogLocale(page.lang)}">
${page.head ?? ''}
</head>
<body>
<a class="skip-link" href="#main">${t.skipToContent}</a>
<header class="site-header"${menuLang}>
<div class="wrap header-inner">
<p class="site-title"><a href="${urls.home()}"${current('home')}>${config.title}</a></p>
<nav aria-label="${m.mainNavigation}">
<ul class="menu">
${renderNav(site, page.path)}<li><a href="${urls.archive()}"${current('archive')}>${m.archive}</a></li>
<li><a href="${urls.tags()}"${current('tags')}>${m.tags}</a></li>
<li><a href="${urls.categories()}"${current('categories')}>${m.categories}</a></li>
<li><a href="${urls.subscribe()}"${current('subscribe')}>RSS</a></li>
</ul>
</nav>
</div>
</header>
<main id="main" class="wrap">
${page.main}
</main>
<footer class="site-footer"${menuLang}>
<div class="wrap">
<p>© ${yearSpan(site)} ${config.author.url ? html`<a href="${config.author.url}">${config.author.name}</a>` : config.author.name}. ${config.description ? html`<span class="footer-description">${config.description}</span>` : ''}</p>
<p><a href="${urls.subscribe()}">${m.subscribeWith}</a> · <a href="${urls.sitemap()}">Sitemap</a></p>
</div>
</footer>
</body>
</html>
`
  return document.value
}
