/**
 * Build a test for internal links: relative URLs, fragments, and URLs on `siteUrl`.
 */
export function createIsInternal(siteUrl: string | undefined): (href: string) => boolean {
  let origin: string | undefined
  if (siteUrl !== undefined) {
    try {
      origin = new URL(siteUrl).origin
    } catch {
      throw new TypeError(
        `Expected \`siteUrl\` to be an absolute URL such as \`https://example.com\`, got \`${siteUrl}\``,
      )
    }
  }
  return (href) => {
    if (href.startsWith('//'))
      return origin !== undefined && `https:${href}`.startsWith(`${origin.replace(/^http:/, 'https:')}`)
    if (!/^[a-z][a-z\d+.-]*:/i.test(href)) return true
    if (origin === undefined) return false
    try {
      return new URL(href).origin === origin
    } catch {
      return false
    }
  }
}
