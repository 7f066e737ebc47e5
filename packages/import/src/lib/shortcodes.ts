// WordPress shortcodes to HTML, before `wpautop` (WordPress runs `do_shortcode` after it, but expanding
// first gives the same blocks and lets `<pre>` protect code from auto-paragraphs).

const codeNames = new Set([
  'code',
  'sourcecode',
  'source',
  'bash',
  'c',
  'cpp',
  'csharp',
  'css',
  'html',
  'java',
  'javascript',
  'js',
  'json',
  'perl',
  'php',
  'plain',
  'powershell',
  'python',
  'py',
  'ruby',
  'sh',
  'shell',
  'sql',
  'text',
  'ts',
  'typescript',
  'xml',
  'yaml',
])
const languageOf: Record<string, string> = {
  sourcecode: '',
  source: '',
  code: '',
  plain: '',
  text: '',
  py: 'python',
  js: 'javascript',
  sh: 'bash',
  ts: 'typescript',
}
const enclosing = new Set(['caption', 'wp_caption', 'embed', ...codeNames])
const known = new Set([...enclosing, 'gallery', 'youtube', 'vimeo', 'audio', 'video'])

/** A shortcode that could not be turned into HTML (kept as written). */
export interface ShortcodeProblem {
  code: 'unknown-shortcode' | 'unresolved-gallery'
  message: string
}

/** Options of `expandShortcodes`. */
export interface ExpandShortcodesOptions {
  /** URLs of attachments by WordPress id, for `[gallery ids="…"]`. */
  attachments?: ReadonlyMap<string, string>
  /** Called for each shortcode kept as written. */
  report?: (problem: ShortcodeProblem) => void
}

/** Attributes of a shortcode, as WordPress's `shortcode_parse_atts` reads them (positional ones as `0`, `1`, …). */
export function parseAttributes(text: string): Record<string, string> {
  const result: Record<string, string> = {}
  const source = text.trim()
  if (source.startsWith('=')) {
    // Jetpack's `[youtube=https://…]` form.
    result['0'] = source
      .slice(1)
      .trim()
      .replace(/^["']|["']$/g, '')
    return result
  }
  const pattern =
    /([\w-]+)\s*=\s*"([^"]*)"|([\w-]+)\s*=\s*'([^']*)'|([\w-]+)\s*=\s*([^\s'"]+)|"([^"]*)"|'([^']*)'|(\S+)/g
  let position = 0
  for (const m of source.matchAll(pattern)) {
    if (m[1] !== undefined) result[m[1].toLowerCase()] = m[2]!
    else if (m[3] !== undefined) result[m[3].toLowerCase()] = m[4]!
    else if (m[5] !== undefined) result[m[5].toLowerCase()] = m[6]!
    else result[String(position++)] = m[7] ?? m[8] ?? m[9]!
  }
  return result
}

const escapeHtml = (value: string) =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

function media(name: 'audio' | 'video', attributes: Record<string, string>): string | undefined {
  const keys =
    name === 'audio'
      ? ['src', 'mp3', 'm4a', 'ogg', 'oga', 'wav', 'wma', 'flac']
      : ['src', 'mp4', 'm4v', 'webm', 'ogv', 'wmv', 'flv', 'mov']
  const src = keys.map((key) => attributes[key]).find((value) => value !== undefined && value !== '')
  if (!src) return undefined
  const poster = name === 'video' && attributes.poster ? ` poster="${escapeHtml(attributes.poster)}"` : ''
  return `<${name} controls src="${escapeHtml(src)}"${poster} data-blogkit-keep></${name}>`
}

function caption(attributes: Record<string, string>, content: string): string {
  // The image (possibly inside a link) comes first; the rest is the caption, unless `caption=` is given.
  const m = /^\s*((?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*<\/a>)?)([\s\S]*)$/i.exec(content)
  const image = m ? m[1]! : content
  const text = (attributes.caption ?? (m ? m[2]! : '')).trim()
  return `<figure>${image}${text ? `<figcaption>${text}</figcaption>` : ''}</figure>`
}

function link(url: string): string {
  const href = escapeHtml(url.trim())
  return `<p><a href="${href}">${href}</a></p>`
}

/**
 * Expand the common WordPress shortcodes to HTML: `[caption]`, `[gallery ids]`, `[embed]`, `[youtube]`,
 * `[vimeo]`, `[audio]`, `[video]` and code (`[code]`, `[sourcecode language=…]`, `[php]`, …). Others are
 * kept as written and reported. `[[name]]` is WordPress's escape and becomes `[name]`.
 */
export function expandShortcodes(input: string, options: Readonly<ExpandShortcodesOptions> = {}): string {
  if (!input.includes('[')) return input
  const report = options.report ?? (() => {})
  // Code first, so that nothing inside it is expanded.
  let text = input.replace(
    /\[([a-z]+)(\s[^\]]*|=[^\]]*)?\]([\s\S]*?)\[\/\1\]/g,
    (whole, name: string, attrs: string | undefined, content: string) => {
      if (!codeNames.has(name)) return whole
      const attributes = parseAttributes(attrs ?? '')
      const language = attributes.language ?? attributes.lang ?? languageOf[name] ?? name
      const code = content.replace(/^\r?\n/, '').replace(/\r?\n$/, '')
      const className = language ? ` class="language-${escapeHtml(language)}"` : ''
      return `<pre><code${className}>${code.replace(/</g, '&lt;').replace(/>/g, '&gt;')}</code></pre>`
    },
  )
  text = text.replace(
    /\[(\[?)([a-z][\w-]*)(\s[^\]]*?|=[^\]]*?)?(\/?)\](?:([\s\S]*?)\[\/\2\])?(\]?)/gi,
    (
      whole,
      open: string,
      rawName: string,
      attrs: string | undefined,
      selfClosing: string,
      content: string | undefined,
      close: string,
    ) => {
      const name = rawName.toLowerCase()
      if (open === '[' && close === ']') return whole.slice(1, -1)
      if (!known.has(name)) {
        // Note: text like "[sic]" or "[1]" is not a shortcode in WordPress either; only report what looks like one.
        if (
          /^[a-z][\w-]*$/.test(name) &&
          (attrs !== undefined || content !== undefined || name.includes('_'))
        )
          report({
            code: 'unknown-shortcode',
            message: `shortcode \`[${rawName}]\` is not known: kept as written`,
          })
        return whole
      }
      const attributes = parseAttributes(attrs ?? '')
      const body = selfClosing ? undefined : content
      let html: string | undefined
      switch (name) {
        case 'caption':
        case 'wp_caption':
          html = body === undefined ? undefined : caption(attributes, body)
          break
        case 'embed':
          html = body?.trim() ? link(body) : undefined
          break
        case 'youtube':
        case 'vimeo': {
          const url = attributes['0'] ?? attributes.url ?? attributes.id ?? body?.trim()
          if (url)
            html = link(
              /^https?:/.test(url)
                ? url
                : name === 'youtube'
                  ? `https://www.youtube.com/watch?v=${url}`
                  : `https://vimeo.com/${url}`,
            )
          break
        }
        case 'audio':
        case 'video':
          html = media(name, attributes)
          break
        case 'gallery': {
          const ids = (attributes.ids ?? attributes.include ?? '')
            .split(',')
            .map((id) => id.trim())
            .filter(Boolean)
          const urls = ids.map((id) => options.attachments?.get(id))
          if (ids.length > 0 && urls.every((url) => url !== undefined)) {
            html = urls.map((url) => `<p><img src="${escapeHtml(url!)}" alt=""></p>`).join('\n')
          } else {
            report({
              code: 'unresolved-gallery',
              message:
                ids.length === 0
                  ? '`[gallery]` without `ids` (it shows all images attached to the post): kept as written; the attachments are listed'
                  : `\`[gallery]\` names attachments not in the export before this post (${ids.filter((_, i) => urls[i] === undefined).join(', ')}): kept as written`,
            })
            return whole
          }
          break
        }
      }
      if (html === undefined) {
        report({
          code: 'unknown-shortcode',
          message: `shortcode \`[${rawName}]\` has nothing to show (no URL or source): kept as written`,
        })
        return whole
      }
      return `${open}${html}${close}`
    },
  )
  return text
}
