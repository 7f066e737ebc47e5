import { SaxesParser } from 'saxes'
import { createCdataRepair } from './cdata.js'
import { ImportError } from './errors.js'
import type { ImportWarning } from './types.js'

/** An export to read: the whole text, its bytes, or chunks of either (a Node `Readable` is an async iterable). */
export type XmlSource =
  | string
  | Uint8Array
  | AsyncIterable<string | Uint8Array>
  | Iterable<string | Uint8Array>

/** Options shared by the readers. */
export interface ReadXmlOptions {
  /** File name used in error messages (`export.xml:12:5: …`). */
  file?: string
  /** Called after each chunk with the bytes (or UTF-16 units for strings) read so far, for progress. */
  onProgress?: (read: number) => void
  /**
   * Longest text of one element (a post body, a comment), in characters; longer is a `too-large` error
   * at the element. It bounds memory: converting HTML to Markdown takes up to about 120 bytes per
   * character of dense markup, so 4 MB of HTML may take 500 MB. One record (an `<item>` with all its
   * comments, a Disqus `<post>`) may hold 16 times as much.
   * @default 4000000
   */
  maxTextSize?: number
}

/** Default of `maxTextSize`. */
export const defaultMaxTextSize = 4_000_000

const megabytes = (characters: number) => `${Number((characters / 1e6).toPrecision(3))} MB`

/** A small element tree: one record of an export (an `<item>`, a `<post>`). */
export interface XmlNode {
  /** Qualified name as written (`wp:post_id`). */
  name: string
  /** Attributes by qualified name. */
  attributes: Record<string, string>
  /** Child elements in order. */
  children: XmlNode[]
  /** Text and CDATA directly inside the element, joined. */
  text: string
  /** 1-based line of the start tag. */
  line: number
  /** 1-based column of the start tag. */
  column: number
}

/** A record: an element at the record depth of the format, with its root name. */
export interface XmlRecord {
  /** Name of the document's root element (`rss`, `disqus`). */
  root: string
  /** Names of the ancestors below the root (`['channel']` for WXR items). */
  parents: string[]
  /** The element. */
  node: XmlNode
}

const chunkSize = 1 << 16

async function* chunks(source: XmlSource): AsyncGenerator<string | Uint8Array> {
  if (typeof source === 'string') {
    for (let i = 0; i < source.length; i += chunkSize) yield source.slice(i, i + chunkSize)
    return
  }
  if (source instanceof Uint8Array) {
    for (let i = 0; i < source.length; i += chunkSize) yield source.subarray(i, i + chunkSize)
    return
  }
  if (
    source === null ||
    typeof source !== 'object' ||
    !(Symbol.asyncIterator in source || Symbol.iterator in source)
  ) {
    throw new TypeError(
      `Expected the export as a string, a Uint8Array, or an (async) iterable of chunks such as a Node Readable, got \`${source === null ? 'null' : typeof source}\``,
    )
  }
  for await (const chunk of source as AsyncIterable<string | Uint8Array>) {
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array))
      throw new TypeError(
        `Expected chunks of the export to be strings or Uint8Arrays, got \`${typeof chunk}\``,
      )
    yield chunk
  }
}

/**
 * Read an XML export as a stream of records: every element at `depth(root)` below the root (`1` for the
 * root's children), with its subtree. Only one record is held at a time, so memory does not grow with the
 * size of the export.
 *
 * Safety: a DOCTYPE that declares entities (entity expansion, "billion laughs") or names an external DTD
 * or entity is refused before any of it is read; no entity other than XML's five and character
 * references is ever expanded (saxes does not read DTDs).
 *
 * A CDATA section holding an unescaped `]]>` is read as WordPress's importer reads it (see
 * `createCdataRepair`), with an `unescaped-cdata` warning to `onWarning`, before the records of its chunk.
 *
 * @throws {ImportError} `malformed-xml` (with line and column), `entity-declaration`, `external-entity`,
 *   `empty-file`, `unsupported-encoding`, `too-large`.
 */
export async function* readXmlRecords(
  source: XmlSource,
  depth: (root: string) => number,
  options: Readonly<ReadXmlOptions> = {},
  checkRoot?: (name: string) => void,
  onWarning?: (warning: ImportWarning) => void,
): AsyncGenerator<XmlRecord> {
  const file = options.file
  const repair = createCdataRepair((line) =>
    onWarning?.({
      code: 'unescaped-cdata',
      message: `${file ?? 'export'}:${line}: a CDATA section holds an unescaped \`]]>\` (older WordPress versions and plugins wrote them): read from its first \`<![CDATA[\` to the last \`]]>\` before its closing tag, as WordPress's importer does`,
    }),
  )
  const maxText = options.maxTextSize ?? defaultMaxTextSize
  if (!(Number.isInteger(maxText) && maxText > 0))
    throw new TypeError(
      `Expected \`maxTextSize\` to be a positive whole number of characters, got \`${String(maxText)}\``,
    )
  const maxRecord = 16 * maxText
  const parser = new SaxesParser({ position: true })
  const queue: XmlRecord[] = []
  const stack: XmlNode[] = []
  let root: string | undefined
  let recordDepth = Number.POSITIVE_INFINITY
  let failure: ImportError | undefined
  let sawContent = false

  const fail: Fail = (code, reason, line = parser.line, column = parser.column) => {
    failure ??= new ImportError(code, reason, { file, line, column: Math.max(1, column) })
    throw failure
  }

  refuseUnsafeXml(parser, fail, () => failure)
  // Where the last tag ended, and where the record being read started: saxes holds a text, CDATA or
  // comment whole until it ends, so growth is checked by position after each chunk too.
  // Note: `parser.position` is right inside events only; between writes, `written` counts.
  let written = 0
  let lastTag = 0
  let record: { position: number; node: XmlNode } | undefined
  const tooLarge = (node: XmlNode | undefined, what: string, limit: number) =>
    fail(
      'too-large',
      `${node ? `\`<${node.name}>\`` : 'the export'} ${what} over ${megabytes(limit)}: the limit that keeps the import's memory bounded (\`maxTextSize\`, \`--max-text-size\`, default ${megabytes(defaultMaxTextSize)} of text per element, 16 times that per record); raise it if the export is meant to hold this`,
      node?.line,
      node?.column,
    )
  const checkSize = () => {
    if (written - lastTag > maxText) tooLarge(stack.at(-1), 'holds a text', maxText)
    if (record && written - record.position > maxRecord) tooLarge(record.node, 'is', maxRecord)
  }
  parser.on('opentag', (tag) => {
    lastTag = parser.position
    const level = stack.length
    if (level === 0 && root === undefined) {
      root = tag.name
      checkRoot?.(root)
      recordDepth = depth(root)
    }
    const node: XmlNode = {
      name: tag.name,
      attributes: tag.attributes as Record<string, string>,
      children: [],
      text: '',
      line: parser.line,
      column: parser.column,
    }
    if (level > recordDepth) stack[level - 1]!.children.push(node)
    else if (level === recordDepth) record = { position: parser.position, node }
    stack.push(node)
  })
  parser.on('closetag', () => {
    lastTag = parser.position
    const node = stack.pop()!
    if (stack.length === recordDepth) {
      record = undefined
      queue.push({ root: root!, parents: stack.slice(1).map((n) => n.name), node })
    }
  })
  const onText = (text: string) => {
    if (stack.length > recordDepth) {
      const node = stack[stack.length - 1]!
      node.text += text
      // Note: text split by child elements (`a<br/>b`) adds up.
      if (node.text.length > maxText) tooLarge(node, 'holds a text', maxText)
    }
  }
  parser.on('text', onText)
  parser.on('cdata', onText)

  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false })
  let read = 0
  const decode = (chunk: Uint8Array, stream: boolean) => {
    try {
      return decoder.decode(chunk, { stream })
    } catch {
      return fail(
        'invalid-encoding',
        'The export is not valid UTF-8; WordPress and Disqus write UTF-8: re-export it, or convert it with iconv',
      )
    }
  }
  try {
    for await (const chunk of chunks(source)) {
      const text = typeof chunk === 'string' ? chunk : decode(chunk, true)
      if (!sawContent && /\S/.test(text)) sawContent = true
      read += typeof chunk === 'string' ? chunk.length : chunk.byteLength
      written += text.length
      parser.write(repair.write(text))
      checkSize()
      options.onProgress?.(read)
      if (queue.length > 0) yield* queue.splice(0)
    }
    const rest = repair.write(decode(new Uint8Array(0), false)) + repair.end()
    if (rest) parser.write(rest)
    if (!sawContent) {
      fail(
        'empty-file',
        'The file is empty (or only white space): expected a WordPress (WXR) or Disqus XML export',
        1,
        1,
      )
    }
    parser.close()
  } catch (error) {
    throw failure ?? error
  }
  if (queue.length > 0) yield* queue.splice(0)
}

/** `fail` of `readXmlRecords`: throws the `ImportError` at the place (the parser's by default). */
type Fail = (code: string, reason: string, line?: number, column?: number) => never

/**
 * Makes `parser` refuse what an export must not hold (entity declarations, external DTDs, encodings other
 * than UTF-8) and turns its errors into `malformed-xml`, all through `fail`; `failure` is the error
 * already thrown, if any, which the parser's later errors repeat.
 */
function refuseUnsafeXml(parser: SaxesParser, fail: Fail, failure: () => ImportError | undefined) {
  parser.on('error', (error) => {
    const failed = failure()
    if (failed) throw failed
    let reason = error.message.replace(/^(?:.*?:)?\d+:\d+: /, '').replace(/\.$/, '')
    if (/undefined entity/.test(reason))
      reason +=
        ' (only &amp; &lt; &gt; &quot; &apos; and character references such as &#229; are defined in XML; write a bare `&` as `&amp;`)'
    fail(
      'malformed-xml',
      `XML is not well-formed: ${reason}; the export may be cut off or damaged: export it again`,
    )
  })
  parser.on('xmldecl', (decl) => {
    const encoding = decl.encoding?.toLowerCase()
    if (encoding && encoding !== 'utf-8' && encoding !== 'utf8')
      fail(
        'unsupported-encoding',
        `The export declares encoding \`${decl.encoding}\`; only UTF-8 is read: convert it (\`iconv -f ${decl.encoding} -t UTF-8\`) and change the declaration`,
      )
  })
  parser.on('doctype', (doctype) => {
    if (/<!ENTITY/i.test(doctype))
      fail(
        'entity-declaration',
        'The DOCTYPE declares entities; entity expansion ("billion laughs") is refused. WordPress and Disqus exports have no DOCTYPE: remove it',
      )
    if (/^\s*\S+\s+(?:SYSTEM|PUBLIC)\b/i.test(doctype))
      fail(
        'external-entity',
        'The DOCTYPE refers to an external DTD; external entities are refused. WordPress and Disqus exports have no DOCTYPE: remove it',
      )
  })
}

/** Text of the first child named `name` (`''` when there is none). */
export function childText(node: XmlNode, name: string): string {
  for (const child of node.children) if (child.name === name) return child.text
  return ''
}

/** The first child named `name`. */
export function child(node: XmlNode, name: string): XmlNode | undefined {
  for (const c of node.children) if (c.name === name) return c
  return undefined
}
