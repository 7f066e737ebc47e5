import { parse as parseToml, TomlError } from 'smol-toml'
import type { VFileMessage } from 'vfile-message'
import { type Document, isMap, LineCounter, parseDocument } from 'yaml'
import { createMessage } from './errors.js'
import { jsonSyntaxError } from './json-syntax.js'
import { createLocator } from './positions.js'

/** Front matter formats `parsePost` reads. */
export type FrontMatterFormat = 'yaml' | 'toml' | 'json'

/** Result of splitting a post into front matter and Markdown body. */
export interface SplitPost {
  /** Format of the front matter, `undefined` when there is none. */
  format: FrontMatterFormat | undefined
  /** Parsed front matter (an empty object when there is none). */
  data: Record<string, unknown>
  /** Markdown body, with the front matter replaced by blank lines so positions stay right. */
  body: string
  /** Finds the 1-based position of a front matter field by path, if known. */
  locate: (path: ReadonlyArray<PropertyKey>) => { line: number; column: number } | undefined
  /** Finds the 1-based position of a top-level key (the key itself, not its value), if known. */
  locateKey: (key: string) => { line: number; column: number } | undefined
  /** Problems found while reading the front matter. */
  messages: VFileMessage[]
}

interface Fence {
  format: FrontMatterFormat
  /** Offset of the first character of the front matter source. */
  start: number
  /** Offset just past the front matter source. */
  end: number
  /** Offset just past the closing fence line (start of the body). */
  bodyStart: number
}

const openers: Array<{ re: RegExp; close: string; format: FrontMatterFormat }> = [
  { re: /^---[ \t]*(yaml|yml)?[ \t]*\r?\n/, close: '---', format: 'yaml' },
  { re: /^---[ \t]*toml[ \t]*\r?\n/, close: '---', format: 'toml' },
  { re: /^---[ \t]*json[ \t]*\r?\n/, close: '---', format: 'json' },
  { re: /^\+\+\+[ \t]*\r?\n/, close: '+++', format: 'toml' },
]

/**
 * Blank out `value` from `start` to `end`, keeping line breaks, so the Markdown
 * parser reports positions of the whole file.
 */
function blankOut(value: string, end: number): string {
  return value.slice(0, end).replace(/[^\r\n]/g, '') + value.slice(end)
}

function findClose(value: string, from: number, close: string): { start: number; end: number } | undefined {
  const re =
    close === '}'
      ? /^\}[ \t]*(?:\r?\n|$)/gm
      : new RegExp(`^${close.replace(/[+]/g, '\\+')}[ \\t]*(?:\\r?\\n|$)`, 'gm')
  re.lastIndex = from
  const match = re.exec(value)
  if (!match) return undefined
  return { start: match.index, end: match.index + match[0].length }
}

/**
 * Split a post into front matter and body, and parse the front matter.
 *
 * @param value
 *   Whole file (BOM already removed).
 * @param file
 *   Path for diagnostics.
 */
export function splitFrontMatter(value: string, file: string | undefined): SplitPost {
  const toPoint = createLocator(value)
  const messages: VFileMessage[] = []
  const none: SplitPost = {
    format: undefined,
    data: {},
    body: value,
    locate: () => undefined,
    locateKey: () => undefined,
    messages,
  }

  const fence = findFence(value, file, messages)
  if (fence === 'unclosed') return { ...none, body: '' }
  if (!fence) return none

  const source = value.slice(fence.start, fence.end)
  const body = blankOut(value, fence.bodyStart)
  const base = toPoint(fence.start)
  const result: SplitPost = { ...none, format: fence.format, body }
  const at = (offset: number) => toPoint(fence.start + offset)

  if (fence.format === 'toml') return readToml(source, result, { at, base, file, messages })

  // YAML, and JSON (a subset of YAML 1.2, so `yaml` gives positions for it too).
  let doc: Document.Parsed
  if (fence.format === 'json') {
    try {
      result.data = JSON.parse(source) as Record<string, unknown>
    } catch (error) {
      // Note: in the same words and at the same place on every Node.js version (`jsonSyntaxError`).
      const problem = jsonSyntaxError(source)
      const reason = problem?.reason ?? (error as Error).message
      messages.push(
        createMessage(`invalid JSON front matter: ${reason}; fix the JSON syntax`, {
          ruleId: 'invalid-front-matter',
          place: at(problem?.offset ?? 0),
          file,
        }),
      )
      return result
    }
    doc = parseDocument(source, { version: '1.2', uniqueKeys: false })
  } else {
    const lineCounter = new LineCounter()
    doc = parseDocument(source, { version: '1.2', schema: 'core', prettyErrors: false, lineCounter })
    if (doc.errors.length > 0) {
      for (const error of doc.errors) {
        const reason = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '')
        messages.push(
          createMessage(
            `invalid YAML front matter: ${reason}; fix the YAML syntax (quote values holding \`: \` or \`#\`)`,
            {
              ruleId: 'invalid-front-matter',
              place: at(error.pos[0]),
              file,
            },
          ),
        )
      }
      return result
    }
    const data = doc.toJS({ maxAliasCount: 100 }) as unknown
    if (data === null || data === undefined) result.data = {}
    else if (typeof data === 'object' && !Array.isArray(data) && isMap(doc.contents))
      result.data = data as Record<string, unknown>
    else {
      messages.push(
        createMessage(
          `front matter must be a mapping of fields (\`title: Hello\`), got ${Array.isArray(data) ? 'a list' : `\`${JSON.stringify(data)}\``}`,
          { ruleId: 'invalid-front-matter', place: base, file },
        ),
      )
      return result
    }
  }
  if (
    fence.format === 'json' &&
    (typeof result.data !== 'object' || result.data === null || Array.isArray(result.data))
  ) {
    messages.push(
      createMessage('JSON front matter must be an object (`{"title": "Hello"}`)', {
        ruleId: 'invalid-front-matter',
        place: base,
        file,
      }),
    )
    result.data = {}
    return result
  }
  result.locateKey = (key) => {
    if (!isMap(doc.contents)) return undefined
    const pair = doc.contents.items.find((item) => (item.key as { value?: unknown } | null)?.value === key)
    const range = (pair?.key as { range?: [number, number, number] } | undefined)?.range
    return range ? at(range[0]) : undefined
  }
  result.locate = (path) => {
    // Walk up the path until a node is found (a missing field points at its parent).
    for (let length = path.length; length >= 0; length--) {
      const keys = path.slice(0, length)
      const node = (keys.length === 0 ? doc.contents : doc.getIn(keys as unknown[], true)) as
        | { range?: [number, number, number] }
        | undefined
      if (node && typeof node === 'object' && node.range) {
        if (length === path.length || length === 0) return at(node.range[0])
        // Point at the key of the deepest existing parent's child that is missing: use the parent itself.
        return at(node.range[0])
      }
      // A key with an empty value (`date:`) has no value node: point at the key.
      if (length === path.length && keys.length > 0) {
        const parent = keys.length === 1 ? doc.contents : doc.getIn(keys.slice(0, -1) as unknown[], true)
        if (isMap(parent)) {
          const pair = parent.items.find(
            (item) => (item.key as { value?: unknown } | null)?.value === keys.at(-1),
          )
          const keyNode = pair?.key as { range?: [number, number, number] } | undefined
          if (keyNode?.range) return at(keyNode.range[0])
        }
      }
    }
    return base
  }
  return result
}

/**
 * Finds the front matter's fence: `---` (YAML), `+++` (TOML) or a JSON object starting the file. An
 * opened fence that never closes gives `'unclosed'` and a message.
 */
function findFence(
  value: string,
  file: string | undefined,
  messages: VFileMessage[],
): Fence | 'unclosed' | undefined {
  let fence: Fence | undefined
  for (const opener of openers) {
    const match = opener.re.exec(value)
    if (!match) continue
    const start = match[0].length
    // Note: an empty front matter block (`---\n---`) closes right at `start`.
    const close = findClose(value, start, opener.close)
    if (!close) {
      messages.push(
        createMessage(
          `front matter opened with \`${value.slice(0, 3)}\` on line 1 is never closed: add a line with only \`${opener.close}\` after the last field (or pass \`frontmatter: false\` if the file starts with a thematic break)`,
          { ruleId: 'unclosed-front-matter', place: { line: 1, column: 1 }, file },
        ),
      )
      return 'unclosed'
    }
    fence = { format: opener.format, start, end: close.start, bodyStart: close.end }
    break
  }
  if (!fence && /^\{[ \t]*(?:"|\r?\n)/.test(value)) {
    // Hugo-style JSON front matter: an object starting the file, closed by a line with only `}`.
    const close = findClose(value, 1, '}')
    if (close) fence = { format: 'json', start: 0, end: close.end, bodyStart: close.end }
    else {
      messages.push(
        createMessage(
          'JSON front matter opened with `{` on line 1 is never closed: end it with a line holding only `}`',
          { ruleId: 'unclosed-front-matter', place: { line: 1, column: 1 }, file },
        ),
      )
      return 'unclosed'
    }
  }
  return fence
}

/** Where front matter errors and fields are placed: offsets in the front matter to points in the file. */
interface Placing {
  at: (offset: number) => { line: number; column: number }
  base: { line: number; column: number }
  file: string | undefined
  messages: VFileMessage[]
}

/** Reads TOML front matter into `result` (its data and locators), or adds a message for invalid TOML. */
function readToml(source: string, result: SplitPost, { at, base, file, messages }: Placing): SplitPost {
  try {
    result.data = parseToml(source) as Record<string, unknown>
  } catch (error) {
    if (!(error instanceof TomlError)) throw error
    const reason = error.message.split('\n')[0]!.replace(/^Invalid TOML document: /, '')
    messages.push(
      createMessage(`invalid TOML front matter: ${reason}; fix the TOML syntax`, {
        ruleId: 'invalid-front-matter',
        place: { line: base.line + error.line - 1, column: error.column },
        file,
      }),
    )
    return result
  }
  // Note: smol-toml keeps no positions, so find `key =` lines for top-level fields.
  result.locate = (path) => {
    const key = path[0]
    if (typeof key !== 'string') return undefined
    const re = new RegExp(
      `^[ \\t]*["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?[ \\t]*=[ \\t]*`,
      'm',
    )
    const match = re.exec(source)
    return match ? at(match.index + match[0].length) : undefined
  }
  // Note: top-level keys are the ones before the first `[table]` header.
  const topLevel = source.slice(0, /^[ \t]*\[/m.exec(source)?.index ?? source.length)
  result.locateKey = (key) => {
    const re = new RegExp(`^([ \\t]*)["']?${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}["']?[ \\t]*=`, 'm')
    const match = re.exec(topLevel)
    return match ? at(match.index + match[1]!.length) : undefined
  }
  return result
}
