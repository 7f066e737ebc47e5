/// <reference lib="dom" />
// `<blogkit-comments page="…">`: reads a page's threads from the comment service and shows them with the
// paging the service gives, a reply button on each comment and one form that posts in place. It wraps what
// the page shows without JavaScript (the static comments and a plain form posting to the service) and
// replaces it only once the service has answered, so a page whose script cannot run keeps working.
import { commentAnchor } from '../anchors.js'
import {
  commentIdOf,
  commentsUrl,
  type EmbedTarget,
  type PostOutcome,
  type PublicComment,
  pageUrlOf,
  readAnswerOf,
  serviceUrlOf,
} from './answers.js'
import { h } from './dom.js'
import { type CommentForm, commentForm } from './form.js'
import { commentItem, type RenderContext, repliesOf } from './render.js'
import { type EmbedWords, embedWordsFor } from './words.js'

// Note: `HTMLElement` is missing where there is no DOM (a server importing the module for its types).
const Base = (globalThis.HTMLElement ?? class {}) as typeof HTMLElement

/** The `<blogkit-comments>` element. */
export class BlogkitCommentsElement extends Base {
  #target: EmbedTarget | undefined
  #words: EmbedWords = embedWordsFor(undefined)
  #ui:
    | { list: HTMLOListElement; heading: HTMLHeadingElement; nav: HTMLElement; form: CommentForm }
    | undefined
  #total = 0
  #order = 'oldest'
  #lang: string | undefined

  /** Where the service is when the element has no `service` attribute: where this script came from. */
  static scriptUrl = import.meta.url

  connectedCallback(): void {
    if (this.#target) return
    const wrapped = this.querySelector('form')
    const given = (name: string) =>
      this.getAttribute(name)?.trim() ||
      (wrapped?.elements.namedItem(name) as HTMLInputElement | null)?.value?.trim() ||
      undefined
    const canonical = document.querySelector<HTMLLinkElement>('link[rel="canonical"]')?.href
    const identifier = given('identifier')
    const lang =
      this.getAttribute('lang')?.trim() || this.closest('[lang]')?.getAttribute('lang') || undefined
    this.#target = {
      service: serviceUrlOf(this.getAttribute('service'), BlogkitCommentsElement.scriptUrl),
      page: pageUrlOf(given('page') ?? canonical ?? location.href, location.href),
      ...(identifier ? { identifier } : {}),
      ...(lang ? { lang } : {}),
    }
    const comment = commentIdOf(location.hash)
    void this.load(comment === undefined ? {} : { comment })
  }

  /** Read one page of threads (`p`), or the page holding `comment`, and show it. */
  async load(at: { p?: number; comment?: string } = {}): Promise<void> {
    const target = this.#target!
    this.setAttribute('aria-busy', 'true')
    let answer: ReturnType<typeof readAnswerOf>
    try {
      const response = await fetch(commentsUrl(target, at), { credentials: 'omit' })
      const body: unknown = await response.json()
      answer = response.ok ? readAnswerOf(body) : undefined
      // A comment that is gone (or never was): its page's threads from the first page.
      if (!answer && response.status === 404 && at.comment !== undefined) {
        await this.load({})
        // Note: an anchor names no id when the id had whitespace (`commentAnchor`): shown if it is on this page.
        return this.#show(this.#item(at.comment))
      }
      // Note: for the site's author (a page not on an allowed site, a bad attribute): the service's reason.
      if (!answer)
        console.warn(`<blogkit-comments>: ${(body as { error?: { message?: string } })?.error?.message}`)
    } catch (error) {
      console.warn(`<blogkit-comments>: ${error}`)
      answer = undefined
    }
    this.removeAttribute('aria-busy')
    if (!answer) {
      // Note: what the page showed without JavaScript stays; an element with nothing in it says why.
      if (!this.#ui && this.childElementCount === 0)
        this.append(h('p', { class: 'blogkit-status' }, this.#words.loadFailed))
      return
    }
    const words = embedWordsFor(answer.lang ?? target.lang)
    this.#words = words
    this.#lang = target.lang ?? answer.lang
    this.#total = answer.total
    this.#order = answer.order
    const ui = this.#ui ?? this.#build(target, words, answer.replyMail === true)
    // Note: a reply form open under a comment of the page being left goes back to its place first.
    if (ui.list.contains(ui.form.form)) ui.form.form.dispatchEvent(new CustomEvent('blogkit-cancel'))
    ui.list.replaceChildren(...answer.threads.map((thread) => commentItem(thread, this.#context())))
    this.#heading()
    ui.nav.replaceChildren()
    ui.nav.setAttribute('aria-label', words.pages)
    if (answer.pages > 1) {
      const go = (p: number, label: string, which: string) => {
        const button = h('button', { type: 'button', class: `blogkit-${which}` }, label)
        button.disabled = p < 1 || p > answer.pages
        button.addEventListener('click', () => void this.load({ p }))
        return button
      }
      ui.nav.append(
        go(answer.p - 1, words.previous, 'prev'),
        ' ',
        h('span', {}, words.pageOf(answer.p, answer.pages)),
        ' ',
        go(answer.p + 1, words.next, 'next'),
      )
    }
    if (at.comment !== undefined) this.#show(this.#item(at.comment))
    else if (at.p !== undefined) ui.heading.scrollIntoView({ block: 'start' })
  }

  #context(): RenderContext {
    return {
      words: this.#words,
      lang: this.#lang,
      onReply: (comment, item) => {
        const { form } = this.#ui!
        form.replyTo({ id: comment.id, name: comment.author.name })
        item.querySelector(':scope > article')!.after(form.form)
        form.form.querySelector('textarea')!.focus()
      },
    }
  }

  /** The shown comment `id`, by its anchor (`commentAnchor`: ids of imported comments may hold any character). */
  #item(id: string): HTMLLIElement | null {
    return this.querySelector<HTMLLIElement>(`#${CSS.escape(commentAnchor({ id }))}`)
  }

  #heading(): void {
    const { heading } = this.#ui!
    heading.textContent = this.#total === 0 ? this.#words.none : this.#words.count(this.#total)
  }

  #build(target: EmbedTarget, words: EmbedWords, notify: boolean) {
    const posted = (outcome: PostOutcome, parent: string) => this.#posted(outcome, parent)
    const form = commentForm(target, words, posted, { notify })
    form.fill(this.querySelector('form'))
    const heading = h('h2', { class: 'blogkit-count' })
    const list = h('ol', { class: 'blogkit-threads' })
    const nav = h('nav', { class: 'blogkit-pages' })
    const home = h('div', { class: 'blogkit-write' }, form.form)
    form.form.addEventListener('blogkit-cancel', () => {
      form.replyTo(undefined)
      home.append(form.form)
    })
    this.#ui = { list, heading, nav, form }
    // Note: the server-rendered comments and form give way only now that the service has answered.
    this.replaceChildren(h('section', { class: 'blogkit-comments' }, heading, list, nav, home))
    return this.#ui
  }

  /** A comment the service stored and approved is shown at once, where it belongs. */
  #posted(outcome: PostOutcome, parentId: string): void {
    if (outcome.status !== 'approved') return
    const comment: PublicComment = outcome.comment
    const item = commentItem(comment, this.#context())
    const { list, form } = this.#ui!
    const parent = parentId ? this.#item(parentId) : null
    if (parent) repliesOf(parent).append(item)
    else if (this.#order === 'newest') list.prepend(item)
    else list.append(item)
    this.#total++
    this.#heading()
    if (parentId) form.form.dispatchEvent(new CustomEvent('blogkit-cancel'))
    this.#show(item)
  }

  #show(item: HTMLElement | null): void {
    if (!item) return
    item.scrollIntoView({ block: 'center' })
    item.focus({ preventScroll: true })
  }
}

/** Define `<blogkit-comments>` (or `name`) once; a second call does nothing. */
export function defineCommentsElement(name = 'blogkit-comments'): void {
  if (typeof customElements !== 'undefined' && !customElements.get(name)) {
    customElements.define(name, class extends BlogkitCommentsElement {})
  }
}
