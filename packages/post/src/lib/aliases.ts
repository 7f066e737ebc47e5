/** One alias read from front matter: its path, or why it cannot be one. */
export type AliasResult = { ok: true; path: string } | { ok: false; reason: string }

const dotSegment = /^(?:\.|%2e){1,2}$/i

/**
 * Read one old address of a post (`aliases:` in front matter): a path from the site's root
 * (`/2018/11/02/hello/`, `/?p=42`) or an absolute URL on `origin`. Returns the path with its query,
 * percent-encoded as a browser sends it (`/smörgås/` → `/sm%C3%B6rg%C3%A5s/`).
 *
 * @param value
 *   The alias as written (trimmed).
 * @param origin
 *   The site's origin (`https://example.com`), when known: absolute URLs must be on it.
 */
export function readAlias(value: string, origin: string | undefined): AliasResult {
  const shown = JSON.stringify(value)
  if (/[\s\\]/.test(value) || [...value].some((char) => char.charCodeAt(0) < 0x20))
    return {
      ok: false,
      reason: `${shown} holds a space, a backslash or a control character: write the address as the browser shows it (\`%20\` for a space)`,
    }
  if (value.includes('#'))
    return {
      ok: false,
      reason: `${shown} has a \`#fragment\`, which never reaches the server: leave it out`,
    }
  let url: URL
  if (/^[a-z][a-z\d+.-]*:/i.test(value) || value.startsWith('//')) {
    try {
      url = new URL(value.startsWith('//') ? `https:${value}` : value)
    } catch {
      return { ok: false, reason: `${shown} is not a URL: write a path such as \`/2018/11/02/hello/\`` }
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      return { ok: false, reason: `${shown} is not an http(s) address: write a path such as \`/old/\`` }
    if (origin === undefined)
      return {
        ok: false,
        reason: `${shown} is an absolute URL and the site's address is not known (\`siteUrl\`): write its path (\`${url.pathname}${url.search}\`)`,
      }
    if (url.host !== new URL(origin).host)
      return {
        ok: false,
        reason: `${shown} is on another host than the site (${new URL(origin).host}): an alias is an old address of this site; write its path (\`${url.pathname}${url.search}\`)`,
      }
    if (hasDotSegment(value.replace(/^[^/]*\/\/[^/]*/, '').split(/[?]/)[0] ?? ''))
      return dotSegmentProblem(shown)
  } else {
    if (!value.startsWith('/'))
      return {
        ok: false,
        reason: `${shown} is not a path from the site's root: start it with \`/\` (\`/${value}\`)`,
      }
    if (hasDotSegment(value.split('?')[0] ?? '')) return dotSegmentProblem(shown)
    url = new URL(value, 'http://alias.invalid')
  }
  return { ok: true, path: `${url.pathname}${url.search === '?' ? '' : url.search}` }
}

/** Whether a path has a `.` or `..` segment (also written `%2e`), which a browser would resolve away. */
export function hasDotSegment(path: string): boolean {
  return path.split('/').some((segment) => dotSegment.test(segment))
}

function dotSegmentProblem(shown: string): AliasResult {
  return {
    ok: false,
    reason: `${shown} has a \`.\` or \`..\` segment: write the address it stands for, without them`,
  }
}
