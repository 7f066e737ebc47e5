/**
 * HTML that is already safe to insert: the output of the `html` template tag, or `raw()` for
 * trusted markup (post bodies from @blogkit/post, comment bodies from `renderCommentHtml`).
 */
export class Html {
  readonly value: string
  constructor(value: string) {
    this.value = value
  }
  toString(): string {
    return this.value
  }
}

/** What may be interpolated into `html`: strings are escaped, `Html` is inserted as is, lists are joined. */
export type Child = Html | string | number | null | undefined | false | readonly Child[]

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
}

/** Escape text for an HTML text node or a quoted attribute value. */
export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => escapes[char]!)
}

/** Mark trusted markup as safe. Never pass user input here. */
export function raw(value: string): Html {
  return new Html(value)
}

function append(out: string[], value: Child): void {
  if (value === null || value === undefined || value === false) return
  if (value instanceof Html) out.push(value.value)
  else if (Array.isArray(value)) for (const item of value as readonly Child[]) append(out, item)
  else out.push(escapeHtml(String(value)))
}

/**
 * Template tag that escapes every interpolated string, so a title such as `a <b> & "c"` can never break
 * the markup; use it with attributes in double quotes.
 *
 * @example
 *   html`<a href="${post.path}">${post.title}</a>`
 */
export function html(strings: TemplateStringsArray, ...values: Child[]): Html {
  const out: string[] = []
  for (let index = 0; index < strings.length; index++) {
    out.push(strings[index]!)
    if (index < values.length) append(out, values[index])
  }
  return new Html(out.join(''))
}

/** JSON for a `<script type="application/ld+json">` element: `<` is escaped so `</script>` cannot end it. */
export function jsonForScript(value: unknown): Html {
  return new Html(
    JSON.stringify(value)
      .replace(/</g, '\\u003c')
      .replace(/\u2028/g, '\\u2028')
      .replace(/\u2029/g, '\\u2029'),
  )
}

/**
 * Give `<pre>` blocks `tabindex="0"`: a code block wider than the screen scrolls sideways, and keyboard
 * users can only scroll what they can focus (WCAG 2.1.1, axe `scrollable-region-focusable`).
 */
export function focusableScrollers(markup: string): string {
  return markup.replace(/<pre(?=[\s>])(?![^>]*\stabindex=)/g, '<pre tabindex="0"')
}
