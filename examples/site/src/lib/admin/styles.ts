import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

// Note: found from the package's manifest, as the theme's own files (assets.ts).
const root = path.dirname(createRequire(import.meta.url).resolve('@blogkit/example-site/package.json'))

/** The admin's own stylesheet (`admin.css` beside this file), served at `<admin>/admin.css`. */
export const adminStylesheet: string = readFileSync(path.join(root, 'src/lib/admin/admin.css'), 'utf8')

/** Short content hash of the admin's stylesheet, for cache busting (`admin.css?v=…`). */
export const adminStylesheetVersion: string = createHash('sha256')
  .update(adminStylesheet)
  .digest('hex')
  .slice(0, 10)
