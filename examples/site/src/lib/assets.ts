import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'

const read = (name: string) => readFileSync(new URL(`../${name}`, import.meta.url), 'utf8')

/** The theme's stylesheet (served as `/styles.css`). */
export const stylesheet: string = read('styles.css')

/** The theme's icon (served as `/favicon.svg`). */
export const favicon: string = read('favicon.svg')

/** Short content hash of the stylesheet, for cache busting (`/styles.css?v=…`). */
export const stylesheetVersion: string = createHash('sha256').update(stylesheet).digest('hex').slice(0, 10)
