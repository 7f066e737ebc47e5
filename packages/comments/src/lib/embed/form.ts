/// <reference lib="dom" />
// The comment form of the element: the fields of the no-JavaScript form (so the service takes it the same
// way), posted in place with `fetch` and `Accept: application/json`. On a problem the reader's text stays
// in the form and each message sits by its field.

import type { CommentFormField } from '../form-rules.js'
import { honeypotField } from '../form-rules.js'
import { type EmbedTarget, type PostOutcome, postOutcomeOf } from './answers.js'
import { h } from './dom.js'
import type { EmbedWords } from './words.js'

/** The element's form and what it does with it. */
export interface CommentForm {
  form: HTMLFormElement
  heading: HTMLHeadingElement
  /** Make the form a reply to `parent` (with `name` in its heading), or a new comment without one. */
  replyTo(parent: { id: string; name: string } | undefined): void
  /** Fill the fields the reader had typed into the page's own form before the script ran. */
  fill(from: HTMLFormElement | null): void
  /** Say something to the reader (a polite live region under the form). */
  say(text: string): void
}

const readerFields = ['name', 'email', 'url', 'body'] as const

/** The "e-mail me when someone replies" box (`notifyField` of the service, value `yes`). */
function notifyBox(words: EmbedWords): HTMLElement {
  const id = `blogkit-notify-${Math.random().toString(36).slice(2, 8)}`
  const box = h('input', { type: 'checkbox', id, name: 'notify', value: 'yes' })
  return h('p', { class: 'blogkit-field blogkit-notify' }, box, ' ', h('label', { for: id }, words.notify))
}

/**
 * The form, posting to `target.service`; `onPosted` gets what the service answered (a stored comment is
 * shown by the element).
 */
export function commentForm(
  target: EmbedTarget,
  words: EmbedWords,
  onPosted: (outcome: PostOutcome, parent: string) => void,
  offers: { notify: boolean } = { notify: false },
): CommentForm {
  const action = `${target.service}comments`
  const form = h('form', { method: 'post', action, class: 'blogkit-form' })
  const heading = h('h3', {}, words.write)
  const hidden = (name: string, value: string | undefined) =>
    value === undefined ? undefined : h('input', { type: 'hidden', name, value })
  const parent = hidden('parent', '')!
  const fields = new Map<CommentFormField, HTMLElement>()
  const field = (name: (typeof readerFields)[number], label: string, attributes: Record<string, string>) => {
    const id = `blogkit-${name}-${Math.random().toString(36).slice(2, 8)}`
    const input =
      name === 'body'
        ? h('textarea', { id, name, rows: '6', required: '', ...attributes })
        : h('input', { id, name, ...attributes })
    fields.set(name, input)
    return h('p', { class: `blogkit-field blogkit-${name}` }, h('label', { for: id }, label), input)
  }
  const status = h('p', { class: 'blogkit-status', role: 'status', 'aria-live': 'polite' })
  const cancel = h('button', { type: 'button', class: 'blogkit-cancel', hidden: '' }, words.cancel)
  const submit = h('button', { type: 'submit' }, words.submit)
  form.append(
    heading,
    hidden('page', target.page)!,
    // Note: only the fields the element has (`append` would write an undefined one as the text "undefined").
    ...[hidden('identifier', target.identifier), hidden('lang', target.lang)].filter(
      (input): input is HTMLInputElement => input !== undefined,
    ),
    parent,
    field('name', words.name, { required: '', autocomplete: 'name' }),
    field('email', words.email, { type: 'email', autocomplete: 'email' }),
    field('url', words.url, { autocomplete: 'url' }),
    ...(offers.notify ? [notifyBox(words)] : []),
    field('body', words.body, {}),
    // Note: the honeypot the service expects; people do not see it, bots fill it in.
    h(
      'p',
      { hidden: '', 'aria-hidden': 'true' },
      h('input', { name: honeypotField, tabindex: '-1', autocomplete: 'off' }),
    ),
    h('p', {}, submit, ' ', cancel),
    status,
  )
  fields.set('form', status)

  const say = (text: string) => {
    status.textContent = text
  }
  const clearErrors = () => {
    for (const p of Array.from(form.querySelectorAll('.blogkit-error'))) p.remove()
    for (const input of fields.values()) input.removeAttribute('aria-invalid')
  }
  const showErrors = (errors: Partial<Record<CommentFormField, string>>) => {
    for (const [name, message] of Object.entries(errors) as Array<[CommentFormField, string]>) {
      if (name === 'form') {
        say(message)
        continue
      }
      const input = fields.get(name)!
      const id = `${input.id}-error`
      input.before(h('span', { class: 'blogkit-error', id }, message))
      input.setAttribute('aria-invalid', 'true')
      input.setAttribute('aria-describedby', id)
    }
    const first = readerFields.find((name) => errors[name] !== undefined)
    if (first) fields.get(first)!.focus()
  }

  let sending = false
  form.addEventListener('submit', async (event) => {
    event.preventDefault()
    if (sending) return
    sending = true
    submit.disabled = true
    clearErrors()
    say(words.sending)
    let outcome: PostOutcome
    try {
      const response = await fetch(action, {
        method: 'POST',
        // Note: a form body and `Accept` keep this a simple CORS request (no preflight); no cookies.
        body: new URLSearchParams(new FormData(form) as unknown as Record<string, string>),
        headers: { accept: 'application/json' },
        credentials: 'omit',
      })
      outcome = postOutcomeOf(await response.json())
    } catch {
      outcome = { status: 'failed' }
    }
    sending = false
    submit.disabled = false
    say('')
    if (outcome.status === 'error') showErrors(outcome.errors)
    else if (outcome.status === 'failed') say(words.failed)
    else {
      ;(fields.get('body') as HTMLTextAreaElement).value = ''
      say(outcome.status === 'pending' ? outcome.message : words.published)
    }
    onPosted(outcome, parent.value)
  })

  const replyTo = (to: { id: string; name: string } | undefined) => {
    parent.value = to?.id ?? ''
    heading.textContent = to ? words.replyTo(to.name) : words.write
    cancel.hidden = to === undefined
  }
  cancel.addEventListener('click', () => form.dispatchEvent(new CustomEvent('blogkit-cancel')))
  const fill = (from: HTMLFormElement | null) => {
    if (!from) return
    for (const name of readerFields) {
      const given = from.elements.namedItem(name)
      if (
        given instanceof HTMLTextAreaElement ||
        (given instanceof HTMLInputElement && given.type !== 'checkbox')
      ) {
        ;(fields.get(name) as HTMLInputElement).value = given.value
      }
    }
    const ticked = from.elements.namedItem('notify')
    const box = form.elements.namedItem('notify')
    if (ticked instanceof HTMLInputElement && box instanceof HTMLInputElement) box.checked = ticked.checked
  }
  return { form, heading, replyTo, fill, say }
}
