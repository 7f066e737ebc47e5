import { slugFromPath, slugify } from '@blogkit/post'
import { stripControls } from './text.js'

/** Longest slug, in UTF-8 bytes: `<slug>.comments.json` stays within the 255 bytes file systems allow. */
export const maxSlugBytes = 200

// Names Windows reserves for devices, with or without an extension (`con`, `nul.txt`, `COM1`).
const reserved = /^(?:con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(?:\..*)?$/i
// Characters Windows does not allow in file names, and both path separators.
const notOnWindows = /[<>:"/\\|*]/g

/**
 * A slug that is safe as a file name on Linux, macOS and Windows, and as a URL segment: control
 * characters (NUL included) and bidi overrides removed, `<>:"/\|*` replaced by `-`, no leading dot (no
 * hidden files, no `.` or `..`), no trailing dot or space, no device name (`con` → `con-<id>`), at
 * most `maxSlugBytes` bytes. Deterministic: the same slug and id always give the same result.
 *
 * @returns The safe slug (`''` when nothing is left) and what was changed, for a warning.
 */
export function safeSlug(slug: string, id: string): { slug: string; changes: string[] } {
  const changes: string[] = []
  const stripped = stripControls(slug)
  let safe = stripped.value
  if (stripped.changed) changes.push('control characters removed')
  const replaced = safe.replace(notOnWindows, '-')
  if (replaced !== safe) changes.push('`<>:"/\\|*` replaced')
  safe = replaced
  const trimmed = safe.replace(/^[.\s]+/, '').replace(/[.\s]+$/, '')
  if (trimmed !== safe) changes.push('leading and trailing dots removed')
  safe = trimmed
  if (reserved.test(safe)) {
    safe = `${safe}-${id}`
    changes.push('a name Windows reserves')
  }
  if (Buffer.byteLength(safe) > maxSlugBytes) {
    let cut = ''
    let bytes = 0
    for (const character of safe) {
      bytes += Buffer.byteLength(character)
      if (bytes > maxSlugBytes) break
      cut += character
    }
    safe = cut.replace(/[-.\s]+$/, '')
    changes.push(`cut to ${maxSlugBytes} bytes`)
  }
  return { slug: safe, changes }
}

/**
 * The slug @blogkit/post gives the post in file `name` (such as `2021-01-01-hello.md`): front matter
 * `slug` as written, else the file name's (`slugFromPath`, @blogkit/post's one rule for file names), else
 * the title's; the file name without `.md` (`.markdown`) when none of them gives one.
 */
export function postFileSlug(name: string, data: Readonly<Record<string, unknown>>): string {
  if (typeof data.slug === 'string') return data.slug
  const fromName = slugFromPath(name).slug
  if (fromName !== undefined) return fromName
  const fromTitle = typeof data.title === 'string' ? slugify(data.title) : ''
  return fromTitle || name.replace(/\.(md|markdown)$/i, '')
}
