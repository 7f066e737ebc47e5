/// <reference lib="dom" />
// Building elements with DOM APIs only: text is always `textContent` or an attribute value, never HTML.

type Child = Node | string | undefined | false

/** An element with attributes (set with `setAttribute`) and children (strings become text nodes). */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Readonly<Record<string, string | undefined>> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag)
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) element.setAttribute(name, value)
  }
  for (const child of children) if (child !== undefined && child !== false) element.append(child)
  return element
}
