import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'

// Note: the files are found from the package's manifest, not from this module's own place: a builder may
// bundle the theme into its own code (examples/static-blog compiles its CLI with the theme inside).
const root = path.dirname(createRequire(import.meta.url).resolve('@blogkit/example-site/package.json'))
const read = (name: string) => readFileSync(path.join(root, 'src', name), 'utf8')

/** The theme's stylesheet (served as `/styles.css`). */
export const stylesheet: string = read('styles.css')

/** The theme's icon (served as `/favicon.svg`). */
export const favicon: string = read('favicon.svg')

/** Short content hash of the stylesheet, for cache busting (`/styles.css?v=…`). */
export const stylesheetVersion: string = createHash('sha256').update(stylesheet).digest('hex').slice(0, 10)
