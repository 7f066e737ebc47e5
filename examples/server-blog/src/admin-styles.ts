import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

/** The admin's own stylesheet (`admin.css` beside this file), served at `/admin/admin.css`. */
export const adminStylesheet: string = readFileSync(new URL('./admin.css', import.meta.url), 'utf8')

/** Short content hash of the admin's stylesheet, for cache busting (`admin.css?v=…`). */
export const adminStylesheetVersion: string = createHash('sha256')
  .update(adminStylesheet)
  .digest('hex')
  .slice(0, 10)
