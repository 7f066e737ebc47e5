import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

// Note: found from the package's manifest, as the theme finds its own files (its assets.ts), so that a
// host may bundle the admin into its own code.
const root = path.dirname(createRequire(import.meta.url).resolve('@blogkit/example-admin/package.json'))

/** The admin's own stylesheet (`admin.css` beside this file), served at `<admin>/admin.css`. */
export const adminStylesheet: string = readFileSync(path.join(root, 'src/admin.css'), 'utf8')

/** Short content hash of the admin's stylesheet, for cache busting (`admin.css?v=…`). */
export const adminStylesheetVersion: string = createHash('sha256')
  .update(adminStylesheet)
  .digest('hex')
  .slice(0, 10)
