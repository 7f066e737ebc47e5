// The open elements that decide how the next tag is read, as htmlparser2's `Parser` (v12, MIT) keeps them: the
// tables and rules below are htmlparser2's. `resolveHtml` reads HTML exactly as htmlparser2 does (its tests
// compare the two on generated HTML), and three things there depend on the open elements: whether `<style>`,
// `<script>`, `<title>` … hold raw text (not inside SVG or MathML), whether `/>` closes a tag (only there), and
// whether a `<form>` start tag counts (a second one while a form is open is ignored).

const formTags = new Set(['input', 'option', 'optgroup', 'select', 'button', 'datalist', 'textarea'])
const pTag = new Set(['p'])
const headingTags = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p'])
const tableSectionTags = new Set(['thead', 'tbody'])
const ddtTags = new Set(['dd', 'dt'])
const rtpTags = new Set(['rt', 'rp'])

/** Start tags that close open elements first (`<li>` closes an open `li`). */
const openImpliesClose = new Map<string, Set<string>>([
  ['tr', new Set(['tr', 'th', 'td'])],
  ['th', new Set(['th'])],
  ['td', new Set(['thead', 'th', 'td'])],
  ['body', new Set(['head', 'link', 'script'])],
  ['a', new Set(['a'])],
  ['li', new Set(['li'])],
  ['p', pTag],
  ['h1', headingTags],
  ['h2', headingTags],
  ['h3', headingTags],
  ['h4', headingTags],
  ['h5', headingTags],
  ['h6', headingTags],
  ['select', formTags],
  ['input', formTags],
  ['output', formTags],
  ['button', formTags],
  ['datalist', formTags],
  ['textarea', formTags],
  ['option', new Set(['option'])],
  ['optgroup', new Set(['optgroup', 'option'])],
  ['dd', ddtTags],
  ['dt', ddtTags],
  ['address', pTag],
  ['article', pTag],
  ['aside', pTag],
  ['blockquote', pTag],
  ['details', pTag],
  ['div', pTag],
  ['dl', pTag],
  ['fieldset', pTag],
  ['figcaption', pTag],
  ['figure', pTag],
  ['footer', pTag],
  ['form', pTag],
  ['header', pTag],
  ['hr', pTag],
  ['main', pTag],
  ['nav', pTag],
  ['ol', pTag],
  ['pre', pTag],
  ['section', pTag],
  ['table', pTag],
  ['ul', pTag],
  ['rt', rtpTags],
  ['rp', rtpTags],
  ['tbody', tableSectionTags],
  ['tfoot', tableSectionTags],
])

const voidElements = new Set([
  'area',
  'base',
  'basefont',
  'br',
  'col',
  'command',
  'embed',
  'frame',
  'hr',
  'img',
  'input',
  'isindex',
  'keygen',
  'link',
  'meta',
  'param',
  'source',
  'track',
  'wbr',
])

/** Elements whose content is HTML again inside SVG or MathML (SVG-adjusted names). */
const htmlIntegrationElements = new Set([
  'mi',
  'mo',
  'mn',
  'ms',
  'mtext',
  'annotation-xml',
  'foreignObject',
  'desc',
  'title',
])

const svgTagNameAdjustments = new Map<string, string>(
  [
    'altGlyph',
    'altGlyphDef',
    'altGlyphItem',
    'animateColor',
    'animateMotion',
    'animateTransform',
    'clipPath',
    'feBlend',
    'feColorMatrix',
    'feComponentTransfer',
    'feComposite',
    'feConvolveMatrix',
    'feDiffuseLighting',
    'feDisplacementMap',
    'feDistantLight',
    'feDropShadow',
    'feFlood',
    'feFuncA',
    'feFuncB',
    'feFuncG',
    'feFuncR',
    'feGaussianBlur',
    'feImage',
    'feMerge',
    'feMergeNode',
    'feMorphology',
    'feOffset',
    'fePointLight',
    'feSpecularLighting',
    'feSpotLight',
    'feTile',
    'feTurbulence',
    'foreignObject',
    'glyphRef',
    'linearGradient',
    'radialGradient',
    'textPath',
  ].map((name) => [name.toLowerCase(), name]),
)

const none = 0
const svg = 1
const mathMl = 2

// Note: one lookup per tag. Flags of the elements the rules name; any other element is plain (0, no implied ends).
const isVoid = 1
const isIntegration = 2
const isSvg = 4
const isMath = 8
/** Whether popping the element pops the namespace stack too. */
const changesNamespace = isIntegration | isSvg | isMath

interface ElementRules {
  flags: number
  /** Open elements this start tag closes first. */
  closes: Set<string> | undefined
}

const rules = new Map<string, ElementRules>()
function rule(name: string): ElementRules {
  let found = rules.get(name)
  if (!found) {
    found = { flags: 0, closes: undefined }
    rules.set(name, found)
  }
  return found
}
for (const [name, closes] of openImpliesClose) rule(name).closes = closes
for (const name of voidElements) rule(name).flags |= isVoid
for (const name of htmlIntegrationElements) rule(name).flags |= isIntegration
rule('svg').flags |= isSvg
rule('math').flags |= isMath

/** The open elements of one document, top last. */
export class OpenElements {
  readonly #stack: string[] = []
  /** `changesNamespace` flags of each open element. */
  readonly #flags: number[] = []
  /** Namespace of each open SVG, MathML or integration element, top last, above a base `none`. */
  readonly #foreign: number[] = [none]
  /** Name of the start tag being read (`''` for an ignored one). */
  #tagName = ''
  /** Open `form` elements. */
  #forms = 0

  /** Whether the next tag is read as SVG or MathML (no raw-text elements; `/>` closes). */
  inForeignContent(): boolean {
    return this.#foreign[this.#foreign.length - 1] !== none
  }

  #adjust(lowerName: string): string {
    const context = this.#foreign[this.#foreign.length - 1]
    if (context === svg) return svgTagNameAdjustments.get(lowerName) ?? lowerName
    if (this.#foreign.length > 1) {
      const adjusted = svgTagNameAdjustments.get(lowerName)
      if (adjusted !== undefined && this.#stack.includes(adjusted)) return adjusted
    }
    if (context === none) return lowerName === 'image' ? 'img' : lowerName
    return lowerName
  }

  #pop(): void {
    const name = this.#stack.pop()
    if (name === 'form') this.#forms--
    if ((this.#flags.pop() as number) & changesNamespace) this.#foreign.pop()
  }

  #open(name: string): boolean {
    this.#tagName = name
    if (name === 'form' && this.#forms > 0) {
      this.#tagName = ''
      return false
    }
    const found = rules.get(name)
    const closes = found?.closes
    if (closes) {
      while (this.#stack.length > 0 && closes.has(this.#stack[this.#stack.length - 1] as string)) this.#pop()
    }
    const flags = found?.flags ?? 0
    if (!(flags & isVoid)) {
      this.#stack.push(name)
      this.#flags.push(flags & changesNamespace)
      if (name === 'form') this.#forms++
      if (flags & isSvg) this.#foreign.push(svg)
      else if (flags & isMath) this.#foreign.push(mathMl)
      else if (flags & isIntegration) this.#foreign.push(none)
    }
    return true
  }

  /**
   * A start tag's name was read (lower case).
   *
   * @returns Whether it starts an element: `false` for a `<form>` inside an open form, which is ignored.
   */
  open(lowerName: string): boolean {
    return this.#open(this.#adjust(lowerName))
  }

  /** The start tag being read ended with `/>`: inside SVG or MathML, that closes it. */
  selfClose(): void {
    if (!this.inForeignContent()) return
    if (this.#tagName !== '' && this.#stack[this.#stack.length - 1] === this.#tagName) this.#pop()
  }

  /**
   * An end tag was read (lower-case name): closes the nearest open element of that name and those above it.
   *
   * @returns Whether it implied a start tag (`</p>` without an open `p`, `</br>`).
   */
  close(lowerName: string): boolean {
    const name = this.#adjust(lowerName)
    if ((rules.get(name)?.flags ?? 0) & isVoid) return name === 'br'
    const at = this.#stack.lastIndexOf(name)
    if (at !== -1) {
      while (this.#stack.length > at) this.#pop()
      return false
    }
    if (name !== 'p') return false
    this.#open('p')
    if (this.#stack[this.#stack.length - 1] === 'p') this.#pop()
    return true
  }
}
