#!/usr/bin/env node
// Checks that the package in the current directory is publishable as users will get it:
// publint (package.json and exports), are-the-types-wrong (types resolve for ESM consumers), and
// `npm pack --dry-run` ships only what it should (dist/, bin/ for the CLIs, README, LICENSE, CHANGELOG,
// package.json), and every bin is shipped.
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const bin = fileURLToPath(new URL('../node_modules/.bin/', import.meta.url))
const cwd = process.cwd()
const pkg = JSON.parse(readFileSync(path.join(cwd, 'package.json'), 'utf8'))
const problems = []

function run(label, file, args) {
  try {
    execFileSync(path.join(bin, file), args, { cwd, stdio: 'inherit' })
  } catch {
    problems.push(`${label} failed (see its output above)`)
  }
}

run('publint', 'publint', ['--strict'])
run('attw', 'attw', ['--pack', '.', '--profile', 'esm-only'])

const allowed = [
  /^dist\//,
  /^bin\/[^/]+\.js$/,
  /^README\.md$/,
  /^LICENSE$/,
  /^CHANGELOG\.md$/,
  /^package\.json$/,
]
const packed = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd, encoding: 'utf8' }),
)
const files = packed[0].files.map((f) => f.path)
for (const file of files) {
  if (!allowed.some((re) => re.test(file)))
    problems.push(
      `npm pack would ship \`${file}\`: only dist/, bin/*.js, README.md, LICENSE and CHANGELOG.md belong in the tarball (fix \`files\` in package.json)`,
    )
}
for (const required of ['README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts']) {
  if (!files.includes(required)) problems.push(`npm pack would not ship \`${required}\``)
}
for (const [name, file] of Object.entries(pkg.bin ?? {})) {
  if (!files.includes(path.normalize(file)))
    problems.push(`npm pack would not ship bin \`${name}\` (${file})`)
}
for (const field of ['license', 'repository', 'engines', 'exports', 'types', 'files']) {
  if (!(field in pkg)) problems.push(`package.json has no \`${field}\` field`)
}
if (pkg.sideEffects !== false) problems.push('package.json must say `"sideEffects": false`')

if (problems.length > 0) {
  console.error(`\n${pkg.name}: ${problems.length} packaging problem(s):`)
  for (const p of problems) console.error(`  - ${p}`)
  process.exit(1)
}
console.log(`${pkg.name}: package OK (${files.length} files: ${files.join(', ')})`)
