#!/usr/bin/env node
// `npm test`: lint, typecheck, build, test and package checks of every workspace (turbo, cached), the
// root lint, the package rules (scripts/check-design.mjs), the root scripts' tests, and at the end one
// summary of the tests skipped because a system tool is missing here (scripts/testing/tools.mjs; with `CI`
// set, a missing tool fails its tests instead). Extra arguments go to turbo, e.g.
// `npm test -- --filter=@blogkit/post`.
import { spawnSync } from 'node:child_process'
import { answers, installCommand, toolSkipped, tools } from './testing/tools.mjs'

const run = (command, args) =>
  spawnSync(command, args, { stdio: 'inherit', shell: process.platform === 'win32' }).status ?? 1

const turbo = run('npx', [
  'turbo',
  'run',
  'lint',
  'typecheck',
  'build',
  'test',
  'check:package',
  '--concurrency=2',
  ...process.argv.slice(2),
])
// The root steps: lint of the root files, the package rules (.dependency-cruiser.mjs), the browser bundles of the
// pure cores (scripts/check-bundles.mjs) and the tests of the root scripts. Each runs, so one report shows every failure.
const rootSteps = turbo === 0 ? ['lint:root', 'check:design', 'check:bundles', 'test:root'] : []
const root = rootSteps.map((step) => run('npm', ['run', '--silent', step])).find((code) => code !== 0) ?? 0

const missing = []
for (const tool of tools) {
  // Note: without BLOGKIT_TEST_DATABASE_URL the PostgreSQL tests try postgres://127.0.0.1:5432.
  const there =
    tool.available() ||
    (tool.id === 'postgresql' && !toolSkipped('postgresql') && (await answers('postgres://127.0.0.1:5432')))
  if (!there) missing.push(tool)
}
console.log('')
if (missing.length === 0) {
  console.log('test summary: nothing skipped; every system tool the tests use is here.')
} else {
  console.log(`test summary: ${missing.length} system tool(s) missing here, so their tests were skipped:`)
  for (const tool of missing)
    console.log(`  - ${tool.name}: ${tool.usedBy}; install: ${installCommand(tool)}`)
  console.log('  (README "Contributing" lists them; with CI set, the tests fail instead of skipping.)')
}
process.exit(turbo || root)
