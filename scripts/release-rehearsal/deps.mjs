// The packages an installed package's files import (JavaScript and .d.ts) that its package.json does not
// declare. npm hoists transitive dependencies, so such an import works in the rehearsal's fresh project
// and in most npm installs, and breaks under strict installs (pnpm, Yarn PnP) or when the package that
// brought it in drops it.

import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import path from 'node:path'

const patterns = [
  /(?:^|[\s;}])(?:import|export)\s[^'"`;]*?\sfrom\s*['"]([^'"\n]+)['"]/gm, // import x from 'a', export * from 'a'
  /(?:^|[\s;])import\s*['"]([^'"\n]+)['"]/gm, // import 'a'
  /(?<![.\w$])import\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g, // import('a'), also in .d.ts types; not store.import('…')
  /(?<![.\w$])require\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g, // require('a'); not x.require('…')
]

/** Undeclared package names, each with the files (relative to `dir`) that import it. */
export function undeclaredImports(dir, manifest) {
  const declared = new Set([
    manifest.name,
    ...Object.keys(manifest.dependencies ?? {}),
    ...Object.keys(manifest.peerDependencies ?? {}),
    ...Object.keys(manifest.optionalDependencies ?? {}),
  ])
  const found = new Map()
  for (const file of codeFiles(dir)) {
    const text = readFileSync(file, 'utf8')
    for (const pattern of patterns) {
      for (const [, specifier] of text.matchAll(pattern)) {
        const name = packageName(specifier)
        if (!name || declared.has(name)) continue
        const files = found.get(name) ?? new Set()
        files.add(path.relative(dir, file))
        found.set(name, files)
      }
    }
  }
  return [...found].map(([name, files]) => ({ name, files: [...files] }))
}

function packageName(specifier) {
  if (/^[./#]/.test(specifier) || specifier.startsWith('node:') || /^[a-z]+:/.test(specifier))
    return undefined
  const parts = specifier.split('/')
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]
  // Note: a string that cannot be a package name (`'[]'` in a test helper's call) is not an import.
  if (!/^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/.test(name)) return undefined
  return builtinModules.includes(name) ? undefined : name
}

function* codeFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue
    const file = path.join(dir, entry.name)
    if (entry.isDirectory()) yield* codeFiles(file)
    else if (/\.(m|c)?js$|\.d\.(m|c)?ts$/.test(entry.name)) yield file
  }
}
