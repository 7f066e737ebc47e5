import { type Html, html } from './html.js'
import { messagesFor } from './i18n.js'

/** What a reader typed into the comment form (kept when the form is shown again with errors). */
export interface CommentFormValues {
  name?: string | undefined
  email?: string | undefined
  url?: string | undefined
  body?: string | undefined
  /** "Remember me" is ticked. */
  remember?: boolean | undefined
  /** "Show my latest post" is ticked. */
  latestPost?: boolean | undefined
  /** "E-mail me when someone replies" is ticked. */
  notify?: boolean | undefined
}

/** A field of the comment form, or `form` for a problem with the whole form. */
export type CommentFormField = 'name' | 'email' | 'url' | 'body' | 'form'

/** Options of `renderCommentForm`. */
export interface RenderCommentFormOptions {
  /** Language of the page: the catalog's words for it (`messagesFor`). */
  lang: string
  /** Where the form posts to (`/posts/<slug>/comments`). */
  action: string
  /**
   * Anti-forgery token, sent back as the hidden field `csrf` (none for a form posting to a comment service
   * on another origin: the service checks the page's `Origin`).
   */
  csrfToken?: string | undefined
  /** More hidden fields, by name (a comment service's `page` and `lang`). */
  hidden?: Readonly<Record<string, string>> | undefined
  /**
   * One-time id of this form's submission, sent back as the hidden field `submission`: a server that
   * stores one comment per id keeps a form sent twice (a double click, a retry) once.
   */
  submissionId?: string | undefined
  /** Name of the hidden honeypot field people leave empty. @default 'website' */
  honeypotName?: string | undefined
  /**
   * The comment being answered: its id (hidden field `parentId`), author name, its first line (`excerpt`,
   * see `firstLine`), a link to it (`href`) and a link that cancels the reply.
   */
  replyTo?:
    | {
        id: string
        name: string
        cancelHref: string
        excerpt?: string | undefined
        href?: string | undefined
      }
    | undefined
  /** Offer a "remember me" checkbox (field `remember`, value `yes`): the server keeps name, e-mail and site in a cookie. @default false */
  remember?: boolean | undefined
  /**
   * Offer "show my latest post" (field `latestPost`, value `yes`): the server reads the newest post of the
   * reader's website from its feed and shows it under the comment (ignored without a website). @default false
   */
  latestPost?: boolean | undefined
  /**
   * Offer "e-mail me when someone replies" (field `notify`, value `yes`, as `notifyField` of
   * `@blogkit/comments/http`): for a form posting to a comment service that sends reply mails. @default false
   */
  notify?: boolean | undefined
  /** What the reader typed, shown again. */
  values?: CommentFormValues | undefined
  /** Problems to show, per field (`form` for the whole form). */
  errors?: Partial<Record<CommentFormField, string>> | undefined
  /** A note above the form, e.g. that the comment awaits moderation. */
  notice?: string | undefined
}

/** The `id` of the comment form (link to `#comment-form` to open it). */
export const commentFormId = 'comment-form'

const fields = ['name', 'email', 'url', 'body'] as const

/**
 * The first line of a comment's Markdown as plain words for "you are answering …": the first non-empty
 * line, without a leading quote mark or heading signs, at most `max` characters (cut at a word, with …).
 */
export function firstLine(body: string, max = 120): string {
  const line = (body.split('\n').find((l) => l.trim() !== '') ?? '')
    .replace(/^\s*(?:>\s*)+|^\s*#+\s+/, '')
    .replace(/\s+/g, ' ')
    .trim()
  if (line.length <= max) return line
  const cut = line.slice(0, max)
  const space = cut.lastIndexOf(' ')
  return `${(space > max / 2 ? cut.slice(0, space) : cut).trimEnd()}…`
}

/**
 * A plain HTML comment form that works without JavaScript (for `renderPostPage`'s `commentsSlot`):
 * name, e-mail (optional, never shown), website (optional), body (Markdown subset), "remember me"
 * (`remember`), "show my latest post" (`latestPost`, after the website), a hidden honeypot, the
 * anti-forgery token and, for a reply, the parent's id with its first line (its author's name is in the heading, once) and a link to cancel. Errors are listed
 * above the fields and beside each one (`aria-invalid`, `aria-describedby`), with the reader's input kept.
 */
export function renderCommentForm(options: Readonly<RenderCommentFormOptions>): Html {
  const t = messagesFor(options.lang).form
  const values = options.values ?? {}
  const errors = options.errors ?? {}
  const honeypot = options.honeypotName ?? 'website'
  const problems = (['form', ...fields] as const).filter((field) => errors[field] !== undefined)
  const describedBy = (field: (typeof fields)[number], hint?: string) => {
    const ids = [hint, errors[field] === undefined ? undefined : `comment-${field}-error`].filter(Boolean)
    return ids.length > 0 ? html` aria-describedby="${ids.join(' ')}"` : ''
  }
  const invalid = (field: (typeof fields)[number]) =>
    errors[field] === undefined ? '' : html` aria-invalid="true"`
  const fieldError = (field: (typeof fields)[number]) =>
    errors[field] === undefined
      ? ''
      : html`<p class="comment-form-error" id="comment-${field}-error">${errors[field]}</p>`
  const { replyTo } = options
  return html`<section class="comment-form" id="${commentFormId}" aria-labelledby="${commentFormId}-title">
<h2 id="${commentFormId}-title">${replyTo ? t.replyTo(replyTo.name) : t.leaveComment}</h2>
${options.notice ? html`<p class="comment-form-notice" role="status">${options.notice}</p>` : ''}${
  problems.length > 0
    ? html`<div class="comment-form-problems" role="alert" tabindex="-1" id="${commentFormId}-problems">
<p>${t.problems(problems.length)}</p>
<ul>${problems.map((field) => html`<li>${field === 'form' ? errors.form : html`<a href="#comment-${field}">${errors[field]}</a>`}</li>`)}</ul>
</div>
`
    : ''
}<form method="post" action="${options.action}#${commentFormId}" novalidate>
${options.csrfToken === undefined ? '' : html`<input type="hidden" name="csrf" value="${options.csrfToken}">\n`}${Object.entries(
  options.hidden ?? {},
).map(
  ([name, value]) => html`<input type="hidden" name="${name}" value="${value}">\n`,
)}${options.submissionId === undefined ? '' : html`<input type="hidden" name="submission" value="${options.submissionId}">\n`}${
  replyTo
    ? html`<input type="hidden" name="parentId" value="${replyTo.id}">
<div class="comment-form-replying">
${replyTo.excerpt ? html`<p><span class="visually-hidden">${t.replyingTo}: </span>${replyTo.href ? html`<a href="${replyTo.href}">${replyTo.excerpt}</a>` : replyTo.excerpt}</p>\n` : ''}<p><a href="${replyTo.cancelHref}">${t.cancelReply}</a></p>
</div>
`
    : ''
}<div class="comment-form-field">
<label for="comment-name">${t.name} <span class="comment-form-required">(${t.required})</span></label>
<input id="comment-name" name="name" type="text" autocomplete="name" maxlength="100" required value="${values.name ?? ''}"${invalid('name')}${describedBy('name')}>
${fieldError('name')}</div>
<div class="comment-form-field">
<label for="comment-email">${t.email}</label>
<input id="comment-email" name="email" type="email" autocomplete="email" maxlength="254" value="${values.email ?? ''}"${invalid('email')}${describedBy('email')}>
${fieldError('email')}</div>
${
  options.notify
    ? html`<div class="comment-form-remember comment-form-notify">
<input id="comment-notify" name="notify" type="checkbox" value="yes"${values.notify ? html` checked` : ''}>
<label for="comment-notify">${t.notify}</label>
</div>
`
    : ''
}<div class="comment-form-field">
<label for="comment-url">${t.url}</label>
<input id="comment-url" name="url" type="text" inputmode="url" autocomplete="url" maxlength="2000" value="${values.url ?? ''}"${invalid('url')}${describedBy('url')}>
${fieldError('url')}</div>
${
  options.latestPost
    ? html`<div class="comment-form-remember comment-form-latest">
<input id="comment-latest-post" name="latestPost" type="checkbox" value="yes"${values.latestPost ? html` checked` : ''}>
<label for="comment-latest-post">${t.latestPost}</label>
</div>
`
    : ''
}<div class="comment-form-field">
<label for="comment-body">${t.body} <span class="comment-form-required">(${t.required})</span></label>
<textarea id="comment-body" name="body" rows="6" required${invalid('body')}${describedBy('body', 'comment-body-hint')}>${values.body ?? ''}</textarea>
<span class="comment-form-hint" id="comment-body-hint">${t.bodyHint}</span>
${fieldError('body')}</div>
${
  options.remember
    ? html`<div class="comment-form-remember">
<input id="comment-remember" name="remember" type="checkbox" value="yes"${values.remember ? html` checked` : ''}>
<label for="comment-remember">${t.remember}</label>
</div>
`
    : ''
}<p class="comment-form-honeypot" aria-hidden="true">
<label for="comment-${honeypot}">${t.honeypot}</label>
<input id="comment-${honeypot}" name="${honeypot}" type="text" tabindex="-1" autocomplete="off" value="">
</p>
<p><button type="submit">${t.submit}</button></p>
</form>
</section>`
}

/**
 * Styles of the comment form, kept apart from the theme's `stylesheet` so that a static site (which has
 * no form) does not ship them; the server serves `stylesheet + commentFormStylesheet` as `/styles.css`.
 */
export const commentFormStylesheet = `
/* Comment form (server example) */
.comment-form { margin-top: 2rem; }
.comment-form-field { display: grid; gap: 0.25rem; margin: 0 0 1rem; }
.comment-form-field input, .comment-form-field textarea {
  font: inherit; color: var(--text); background: var(--bg); padding: 0.5rem;
  border: 1px solid var(--muted); border-radius: 4px; max-width: 100%;
}
.comment-form-field textarea { min-height: 8rem; }
.comment-form-required, .comment-form-hint { font-size: 0.875em; color: var(--muted); }
.comment-form [aria-invalid="true"] { border: 2px solid #b00020; }
.comment-form-error { color: #b00020; font-weight: 600; margin: 0; }
.comment-form-problems { border: 2px solid #b00020; padding: 0.5rem 1rem; margin-bottom: 1rem; }
.comment-form-notice { border-left: 4px solid var(--accent); padding: 0.5rem 1rem; background: var(--surface); }
.comment-form-honeypot { position: absolute; left: -10000px; width: 1px; height: 1px; overflow: hidden; }
.comment-form button {
  font: inherit; padding: 0.5rem 1rem; cursor: pointer; color: var(--bg); background: var(--accent);
  border: 0; border-radius: 4px;
}
.comment-form button:hover { background: var(--accent-hover); }
.comment-reply { margin: 0.25rem 0 0; font-size: 0.9em; }
.comment-form-replying { border-left: 3px solid var(--border); padding: 0.25rem 0 0.25rem 0.8rem; margin: 0 0 1rem; }
.comment-form-replying p { margin: 0.25rem 0; }
.comment-form-replying p:first-child { color: var(--muted); font-style: italic; }
.comment-form-remember { display: flex; gap: 0.5rem; align-items: baseline; margin: 0 0 1rem; }
.comment-notice { margin: 0 0 0.5rem; font-weight: 600; }
.comment-new > .comment-card, .comment:target > .comment-card { outline: 3px solid var(--accent); outline-offset: 2px; }
.comment-new, .comment:target { scroll-margin-top: 1.5rem; }
@media (prefers-color-scheme: dark) {
  .comment-form [aria-invalid="true"], .comment-form-problems { border-color: #ff8a80; }
  .comment-form-error { color: #ff8a80; }
}
`
