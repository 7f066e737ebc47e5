// Keeps the compiled CLI (lib/cli.js, made by `npm run compile`, tsup) up to date, so that `npm run build`
// and `npm run preview` run plain JavaScript: compiled again when a source it bundles is newer (this
// example's src/, the theme's src/ in examples/site, tsup.config.ts, package.json, the blogkit packages'
// dist/, the installed dependencies), and the packages it imports are built first (with turbo) when one is
// not built yet, as in a fresh clone after `npm install`.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const example = path.resolve(fileURLToPath(new URL('..', import.meta.url)))
const require = createRequire(path.join(example, 'package.json'))

/** The compiled CLI. */
export const compiledCli = path.join(example, 'lib/cli.js')

/** @param {string} file @returns {Record<string, string>} */
const dependenciesOf = (file) => JSON.parse(readFileSync(file, 'utf8')).dependencies ?? {}

/** Newest modification time (ms) of a file, or of the files in a folder and its subfolders. */
function newest(/** @type {string} */ file) {
  const stats = statSync(file)
  if (!stats.isDirectory()) return stats.mtimeMs
  let time = 0
  for (const entry of readdirSync(file, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) time = Math.max(time, statSync(path.join(entry.parentPath, entry.name)).mtimeMs)
  }
  return time
}

/** npm's record of the installed packages (`node_modules/.package-lock.json`, rewritten by every install), nearest first. */
function installRecord() {
  for (let dir = example; ; dir = path.dirname(dir)) {
    const record = path.join(dir, 'node_modules', '.package-lock.json')
    if (existsSync(record)) return [record]
    if (path.dirname(dir) === dir) return []
  }
}

/**
 * Why the compiled CLI cannot run as it is: `{ packages }` when a blogkit package it imports is not built
 * (no dist/), `{ cli }` when lib/cli.js is missing or older than a source it bundles; undefined when it
 * is up to date.
 * @returns {{ packages?: string[], cli?: string } | undefined}
 */
export function staleness() {
  const themeManifest = require.resolve('@blogkit/example-site/package.json')
  const names = new Set(
    [path.join(example, 'package.json'), themeManifest]
      .flatMap((file) => Object.keys(dependenciesOf(file)))
      .filter((name) => name.startsWith('@blogkit/') && name !== '@blogkit/example-site'),
  )
  const unbuilt = [...names].filter((name) => {
    try {
      // Note: resolving a package's entry fails when its built file is missing.
      require.resolve(name)
      return false
    } catch {
      return true
    }
  })
  if (unbuilt.length > 0) return { packages: unbuilt }
  if (!existsSync(compiledCli)) return { cli: 'not compiled yet' }
  const [changed] = newerSources(statSync(compiledCli).mtimeMs, [...names])
  return changed === undefined ? undefined : { cli: `${path.relative(example, changed)} changed` }
}

/**
 * The sources the compiled CLI bundles that changed after `time` (ms): this example's, the theme's, and
 * (bundled in too, see tsup.config.ts) the built code of the blogkit packages `names` and the installed
 * dependencies.
 * @param {number} time @param {string[]} names @returns {string[]}
 */
export function newerSources(time, names) {
  const themeManifest = require.resolve('@blogkit/example-site/package.json')
  const sources = [
    path.join(example, 'src'),
    path.join(example, 'tsup.config.ts'),
    path.join(example, 'package.json'),
    path.join(path.dirname(themeManifest), 'src'),
    ...names.map((name) => path.dirname(require.resolve(name))),
    ...installRecord(),
  ]
  return sources.filter((source) => newest(source) > time)
}

/**
 * Compiles the CLI when `staleness()` says so (and builds the packages first when one is not built).
 * @returns {boolean} false when compiling failed (its errors are on stderr)
 */
export function compileIfStale() {
  const stale = staleness()
  if (stale === undefined) return true
  const repoRoot = path.resolve(example, '../..')
  const [command, args, cwd] = stale.packages
    ? [
        'npx',
        ['turbo', 'run', 'compile', '--filter=@blogkit/example-static-blog', '--output-logs=errors-only'],
        repoRoot,
      ]
    : ['npm', ['run', '--silent', 'compile'], example]
  console.error(
    stale.packages
      ? `Building ${stale.packages.join(', ')} and compiling the CLI (first run)…`
      : `Compiling the CLI (${stale.cli})…`,
  )
  const result = spawnSync(command, args, {
    cwd,
    // Note: tsup's progress lines go nowhere; its errors (and turbo's) go to stderr.
    stdio: ['ignore', 'ignore', 'inherit'],
    shell: process.platform === 'win32',
  })
  return result.status === 0
}
