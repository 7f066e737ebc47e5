// The links in the mails: `GET /mail/confirm` and `GET /mail/unsubscribe` show a page with one button (a
// mail scanner that opens links must not confirm or unsubscribe anyone), and the button's POST does it.
// A mail program's one-click unsubscribe (RFC 8058) POSTs `List-Unsubscribe=One-Click` to the same URL.
import type { SubscriptionBook } from './book.js'
import { mailWordsFor } from './messages.js'
import { type TokenPurpose, tokenMatches } from './tokens.js'

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

function page(lang: string, title: string, main: string, status = 200): Response {
  const body = `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title>
<style>body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}button{font:inherit}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${main}
</main>
</body>
</html>
`
  return new Response(body, {
    status,
    headers: {
      'content-type': 'text/html; charset=utf-8',
      'cache-control': 'no-store',
      'referrer-policy': 'no-referrer',
      'x-frame-options': 'DENY',
    },
  })
}

const routes: Record<string, TokenPurpose> = {
  '/mail/confirm': 'confirm',
  '/mail/unsubscribe': 'unsubscribe',
}

/**
 * Answer the mail links' routes; `undefined` for any other path. Without `book` (no SMTP) they are 404.
 * @param language The service's language when the link does not say.
 */
export async function mailRoute(
  request: Request,
  book: SubscriptionBook | undefined,
  language: string,
): Promise<Response | undefined> {
  const url = new URL(request.url)
  const purpose = routes[url.pathname]
  if (purpose === undefined || book === undefined) return undefined
  if (request.method !== 'GET' && request.method !== 'HEAD' && request.method !== 'POST') {
    return new Response('Method not allowed\n', { status: 405, headers: { allow: 'GET, HEAD, POST' } })
  }
  const { lang, words } = mailWordsFor(url.searchParams.get('lang') ?? undefined, language)
  const addressKey = url.searchParams.get('a') ?? ''
  if (!tokenMatches(book.secret, purpose, addressKey, url.searchParams.get('t') ?? '')) {
    return page(lang, words.badLinkTitle, `<p>${escapeHtml(words.badLinkText)}</p>`, 400)
  }
  if (request.method !== 'POST') {
    const [title, ask, button] =
      purpose === 'confirm'
        ? [words.confirmTitle, words.confirmAsk, words.confirmButton]
        : [words.unsubscribeTitle, words.unsubscribeAsk, words.unsubscribeButton]
    const action = `${url.pathname}${url.search}`
    return page(
      lang,
      title,
      `<p>${escapeHtml(ask)}</p>\n<form method="post" action="${escapeHtml(action)}"><button type="submit">${escapeHtml(button)}</button></form>`,
    )
  }
  await request.body?.cancel()
  if (purpose === 'confirm') {
    // Note: a link from before an unsubscribe does not subscribe again; a new form and mail do.
    const confirmed = await book.confirm(addressKey)
    if (!confirmed && (await book.state(addressKey)) !== 'confirmed') {
      return page(lang, words.badLinkTitle, `<p>${escapeHtml(words.badLinkText)}</p>`, 410)
    }
    return page(lang, words.confirmedTitle, `<p>${escapeHtml(words.confirmedText)}</p>`)
  }
  await book.unsubscribe(addressKey)
  return page(lang, words.unsubscribedTitle, `<p>${escapeHtml(words.unsubscribedText)}</p>`)
}
