import { type Site, sitePages } from '@blogkit/example-site'
import { renderTracked } from '../page-memo.js'

/**
 * Render one post's page of `site` into memory, as a rebuild renders a saved post's page (its reads
 * tracked), and let it go: nothing is written or recorded. The dev server does it once after its first
 * build, which on a warm start renders no page at all, so that the first rebuild after an edit does not
 * pay for the theme's templates' first run. Returns how many pages were rendered (0 or 1).
 */
export function warmRender(site: Site): number {
  for (const page of sitePages(site)) {
    if (page.kind !== 'post') continue
    renderTracked(page)
    return 1
  }
  return 0
}
