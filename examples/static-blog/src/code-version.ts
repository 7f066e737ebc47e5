import { createHash, type Hash } from 'node:crypto'
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Site } from '@blogkit/example-site'

function hashFolder(hash: Hash, root: string, pattern: RegExp): void {
  for (const file of readdirSync(root, { recursive: true, encoding: 'utf8' }).sort()) {
    if (!pattern.test(file)) continue
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(root, file)))
      .update('\0')
  }
}

let code: string | undefined

/**
 * The code pages are rendered with: the theme's source (`@blogkit/example-site`: templates, styles,
 * messages), the built code of the packages it depends on, this builder's page memo (what it records,
 * replays and names as regions), and the Node.js version with its ICU and time-zone data (dates are
 * formatted with `Intl`). Hashed once per process.
 */
function renderCode(): string {
  if (code !== undefined) return code
  const hash = createHash('sha256')
  const themeManifest = fileURLToPath(import.meta.resolve('@blogkit/example-site/package.json'))
  // Note: the folder of the theme's entry (its source), not the package's, which holds node_modules.
  hashFolder(
    hash,
    path.dirname(fileURLToPath(import.meta.resolve('@blogkit/example-site'))),
    /\.(ts|mts|js|mjs|css|svg|json)$/,
  )
  const require = createRequire(themeManifest)
  const { dependencies = {} } = JSON.parse(readFileSync(themeManifest, 'utf8')) as {
    dependencies?: Record<string, string>
  }
  for (const name of Object.keys(dependencies).sort()) {
    try {
      hashFolder(hash.update(name), path.dirname(require.resolve(name)), /\.js$/)
    } catch {
      hash.update(`${name} not found`)
    }
  }
  // Note: `../src/` from src/ and from lib/, where the CLI runs compiled.
  const memo = ['page-memo.ts', 'page-replay.ts', 'regions.ts', 'region-table.ts', 'site-regions.ts']
  for (const file of memo)
    hash.update(readFileSync(fileURLToPath(new URL(`../src/${file}`, import.meta.url))))
  hash.update(JSON.stringify(process.versions))
  code = hash.digest('base64url')
  return code
}

/**
 * What every page depends on beside what its render reads of its inputs: the code (`renderCode`) and the
 * site's settings (the URL helpers and the post parser use them without a render reading them).
 */
export function codeVersion(site: Site): string {
  return createHash('sha256').update(renderCode()).update(JSON.stringify(site.config)).digest('base64url')
}
