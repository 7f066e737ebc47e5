const open = '<![CDATA['
/** The standard way to write `]]>` in CDATA: end the section after `]]`, start another before `>`. */
const escaped = ']]]]><![CDATA[>'
/** A whole start tag (attribute values hold no `<` in XML), at a given index. */
const tag = /<([A-Za-z_][\w.:-]*)(?:[^>"'<]|"[^"<]*"|'[^'<]*')*>/y
/** A start tag cut by the end of the chunk (maybe inside a quoted value). */
const partialTag = /<[A-Za-z_][\w.:-]*(?:[^>"'<]|"[^"<]*"|'[^'<]*')*(?:"[^"<]*|'[^'<]*)?$/y

/**
 * Whether an element's content (from its first `<![CDATA[` to its closing tag) is one WordPress's
 * fallback parser reads and an XML parser refuses: character data outside the CDATA sections holds a
 * `]]>` (a section ended early by an unescaped `]]>` inside it), the whole ends with `]]>`, and it does
 * not use the standard escape (WordPress then reads the sections the standard way).
 */
function needsRepair(content: string): boolean {
  if (!content.endsWith(']]>') || content.includes(escaped)) return false
  let i = 0
  while (i < content.length) {
    if (content.startsWith(open, i)) {
      const end = content.indexOf(']]>', i + open.length)
      if (end === -1) return false
      i = end + 3
    } else if (content[i] === '<') {
      const end = content.indexOf('>', i)
      if (end === -1) return false
      i = end + 1
    } else {
      const next = content.indexOf('<', i)
      const text = content.slice(i, next === -1 ? content.length : next)
      if (text.includes(']]>')) return true
      i = next === -1 ? content.length : next
    }
  }
  return false
}

/**
 * Read CDATA sections that hold an unescaped `]]>` as WordPress's importer reads them, on a stream of XML
 * text. Older WordPress versions and plugins wrote exports such as
 * `<content:encoded><![CDATA[Content with nested <![CDATA[ tags ]]> :)]]></content:encoded>`, which XML
 * parsers refuse; WordPress keeps a fallback parser for them (`WXR_Parser_Regex`): an element's content
 * that starts with `<![CDATA[` is its text from there to the last `]]>` before its closing tag, here
 * `Content with nested <![CDATA[ tags ]]> :)`.
 *
 * Such a content is rewritten with the standard escape (`]]>` → `]]]]><![CDATA[>`), and `onRepair` is
 * called with its 1-based line. Nothing else is changed: a `]]>` elsewhere, an unclosed section, content
 * with the standard escape and all other damage reach the XML parser, which refuses them. Chunks may
 * split anywhere; an element whose content starts with CDATA is held until its closing tag (the XML
 * parser holds a text whole too).
 */
export function createCdataRepair(onRepair: (line: number) => void) {
  let line = 1
  /** Input not passed on yet: a tag or marker split by the chunk. */
  let rest = ''
  /**
   * The element whose content is held (it starts with `<![CDATA[`): its name, the line it starts on, the
   * content of earlier chunks (no chunk is copied twice) and its last characters (the closing tag may
   * start there).
   */
  let held: { name: string; line: number; parts: string[]; tail: string; close: RegExp } | undefined
  /** The closing marker skipped to (`-->`, `]]>`, `?>`) when inside a comment, section or instruction. */
  let skipping = ''
  /** Closing tag patterns by element name (an export has a few dozen names). */
  const closers = new Map<string, RegExp>()

  function scan(input: string, final: boolean): string {
    const s = rest + input
    rest = ''
    // Note: text is passed on in spans (`s[from..]` not yet), and lines are counted only up to where
    // one is needed, so that the common case costs a few searches per tag.
    let out = ''
    let from = 0
    let counted = 0
    const lineAt = (to: number) => {
      for (let at = s.indexOf('\n', counted); at !== -1 && at < to; at = s.indexOf('\n', at + 1)) line++
      counted = Math.max(counted, to)
      return line
    }
    const flush = (to: number) => {
      out += s.slice(from, to)
      from = to
    }
    const keep = (at: number) => {
      flush(at)
      lineAt(at)
      rest = s.slice(at)
      return out
    }
    let i = 0
    while (i < s.length) {
      if (held) {
        const { parts, tail, close } = held
        // Where the closing tag starts in `s` (before `i` when it starts in the tail of an earlier chunk).
        let at: number | undefined
        if (parts.length === 0) {
          close.lastIndex = i
          at = close.exec(s)?.index
        } else {
          close.lastIndex = 0
          const found = close.exec(tail + s.slice(i))
          if (found) at = i + found.index - tail.length
        }
        if (at === undefined) {
          const part = s.slice(i)
          parts.push(part)
          held.tail = (tail + part).slice(-(held.name.length + 256))
          lineAt(s.length)
          from = i = s.length
          if (final) {
            out += parts.join('')
            held = undefined
          }
          break
        }
        const whole = parts.length === 0 ? s.slice(i, at) : parts.join('') + s.slice(i, Math.max(i, at))
        const content = at < i ? whole.slice(0, at - i) : whole
        lineAt(Math.max(i, at))
        if (needsRepair(content)) {
          onRepair(held.line)
          out += `${open}${content.slice(open.length, -3).split(']]>').join(escaped)}]]>`
        } else out += content
        if (at < i) out += whole.slice(at - i)
        from = i = Math.max(i, at)
        held = undefined
        continue
      }
      if (skipping) {
        const end = s.indexOf(skipping, i)
        if (end === -1) {
          if (final) break
          return keep(Math.max(i, s.length - skipping.length + 1))
        }
        i = end + skipping.length
        skipping = ''
        continue
      }
      const lt = s.indexOf('<', i)
      if (lt === -1) break
      // Note: up to 9 characters decide what a `<` starts; wait for them (or the end).
      if (!final && s.length - lt < open.length) return keep(lt)
      if (s.startsWith('<!--', lt)) skipping = '-->'
      else if (s.startsWith(open, lt)) skipping = ']]>'
      else if (s.startsWith('<?', lt)) skipping = '?>'
      if (skipping) {
        i = lt + 2
        continue
      }
      tag.lastIndex = lt
      const match = tag.exec(s)
      if (!match) {
        // A start tag not complete yet waits for the next chunk; anything else is the XML parser's.
        partialTag.lastIndex = lt
        if (!final && partialTag.test(s)) return keep(lt)
        i = lt + 1
        continue
      }
      const end = lt + match[0].length
      const open_ = s[end - 2] !== '/'
      // Content starting with CDATA is held until the closing tag; wait to see whether it does.
      if (open_ && !final && s.length - end < open.length && open.startsWith(s.slice(end))) return keep(lt)
      i = end
      if (open_ && s.startsWith(open, end)) {
        flush(end)
        const element = match[1]!
        let close = closers.get(element)
        if (!close) {
          close = new RegExp(`</${element.replace(/\./g, '\\.')}\\s*>`, 'g')
          closers.set(element, close)
        }
        held = { name: element, line: lineAt(end), parts: [], tail: '', close }
      }
    }
    flush(s.length)
    lineAt(s.length)
    return out
  }

  return {
    /** The text of the next chunk to parse (some of it may be held back until a later chunk). */
    write: (chunk: string) => scan(chunk, false),
    /** The rest, at the end of the input. */
    end: () => scan('', true),
  }
}
