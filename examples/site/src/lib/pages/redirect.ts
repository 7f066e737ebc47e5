import type { Redirect } from '@blogkit/post'
import { html } from '../html.js'
import { messagesFor } from '../i18n.js'
import type { Site } from '../load-site.js'

/**
 * The page written at an old address (for hosts that cannot answer with a `301`): a `<meta
 * http-equiv="refresh">` to the new address, a canonical link to it and a plain link, no JavaScript, and
 * `noindex` (search engines take the canonical address instead).
 */
export function renderRedirectPage(site: Site, redirect: Redirect): string {
  const t = messagesFor(redirect.lang)
  const target = site.urls.absolute(redirect.to)
  return html`<!doctype html>
<html lang="${redirect.lang}">
<head>
<meta charset="utf-8">
<title>${t.movedTitle(redirect.title)}</title>
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url=${target}">
<link rel="canonical" href="${target}">
</head>
<body>
<p>${t.movedText} <a href="${target}">${redirect.title}</a>.</p>
</body>
</html>
`.value
}
