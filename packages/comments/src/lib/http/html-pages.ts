// The handler's small pages: "held for review", and the error page that keeps what the reader typed (the
// form again, filled in, posting to the service) and links back to the page the comment was written on.
import { type CommentFormField, honeypotField } from '../form-rules.js'
import type { CommentHandlerMessages } from './messages.js'
import { notifyChecked, notifyField } from './posted.js'

/** Escape text for HTML text and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)
}

/** The comment form's fields as the reader sent them. */
export interface SentForm {
  page: string
  identifier: string
  parent: string
  lang: string
  name: string
  email: string
  url: string
  body: string
  /** The "e-mail me when someone replies" box (`notifyField`), as sent. */
  notify: string
}

const style =
  'body{font:1rem/1.5 system-ui,sans-serif;max-width:40rem;margin:2rem auto;padding:0 1rem}' +
  'label{display:block;margin-top:1rem}input,textarea{width:100%;box-sizing:border-box;font:inherit}' +
  '.error{color:#a40000}.hp{position:absolute;left:-10000px}'

function document(lang: string, title: string, main: string): string {
  return `<!doctype html>
<html lang="${escapeHtml(lang)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)}</title>
<style>${style}</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${main}
</main>
</body>
</html>
`
}

const backLink = (href: string | undefined, words: CommentHandlerMessages) =>
  href === undefined ? '' : `<p><a href="${escapeHtml(href)}">${escapeHtml(words.back)}</a></p>`

/** The page after a held comment: why it waits, and the link back. */
export function heldPage(options: {
  lang: string
  words: CommentHandlerMessages
  why: string
  back: string | undefined
}): string {
  const { lang, words } = options
  return document(
    lang,
    words.heldTitle,
    `<p role="status">${escapeHtml(words.held(options.why))}</p>\n${backLink(options.back, words)}`,
  )
}

/** The "e-mail me when someone replies" box, again, when the reader had ticked it. */
const notifyBox = (form: SentForm, words: CommentHandlerMessages) =>
  notifyChecked(form.notify)
    ? `<p><input id="f-${notifyField}" name="${notifyField}" type="checkbox" value="yes" checked> <label for="f-${notifyField}">${escapeHtml(words.notifyLabel)}</label></p>\n`
    : ''

/**
 * The page for a comment that was not stored: the problems, the link back, and the form again with what
 * the reader typed, posting to `action`.
 */
export function errorPage(options: {
  lang: string
  words: CommentHandlerMessages
  errors: Partial<Record<CommentFormField, string>>
  form: SentForm | undefined
  action: string
  back: string | undefined
}): string {
  const { lang, words, errors, form } = options
  const problem = (field: CommentFormField) =>
    errors[field] === undefined
      ? ''
      : `<p class="error" id="error-${field}">${escapeHtml(errors[field]!)}</p>\n`
  const described = (field: CommentFormField) =>
    errors[field] === undefined ? '' : ` aria-invalid="true" aria-describedby="error-${field}"`
  let main = `${problem('form')}${backLink(options.back, words)}`
  if (form !== undefined) {
    const hidden = (name: string, value: string) =>
      value === '' ? '' : `<input type="hidden" name="${name}" value="${escapeHtml(value)}">\n`
    const input = (field: 'name' | 'email' | 'url', label: string, type: string) =>
      `<label for="f-${field}">${escapeHtml(label)}</label>\n${problem(field)}<input id="f-${field}" name="${field}" type="${type}" value="${escapeHtml(form[field])}"${field === 'name' ? ' required' : ''}${described(field)}>\n`
    main += `<h2>${escapeHtml(words.again)}</h2>
<form method="post" action="${escapeHtml(options.action)}">
${hidden('page', form.page)}${hidden('identifier', form.identifier)}${hidden('parent', form.parent)}${hidden('lang', form.lang)}${input('name', words.nameLabel, 'text')}${input('email', words.emailLabel, 'email')}${input('url', words.urlLabel, 'text')}${notifyBox(form, words)}<label for="f-body">${escapeHtml(words.bodyLabel)}</label>
${problem('body')}<textarea id="f-body" name="body" rows="8" required${described('body')}>\n${escapeHtml(form.body)}</textarea>
<p class="hp" aria-hidden="true"><input name="${honeypotField}" tabindex="-1" autocomplete="off"></p>
<p><button type="submit">${escapeHtml(words.submit)}</button></p>
</form>`
  }
  return document(lang, words.errorTitle, main)
}
