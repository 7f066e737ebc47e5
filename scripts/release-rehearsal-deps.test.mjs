// Tests of the release rehearsal's check that a package declares what its files import.
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { test } from 'node:test'
import { undeclaredImports } from './release-rehearsal/deps.mjs'

function check(code, manifest = { name: '@blogkit/x', dependencies: { declared: '^1.0.0' } }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-deps-'))
  try {
    writeFileSync(path.join(dir, 'index.js'), code)
    return undeclaredImports(dir, manifest).map((entry) => entry.name)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

test('imports, re-exports, dynamic imports and requires of undeclared packages are found', () => {
  const code = [
    "import a from 'alpha'",
    "export * from '@scope/beta/sub'",
    "const g = await import('gamma')",
    "const d = require('delta')",
    "import 'declared'",
    "import fs from 'node:fs'",
    "import path from 'path'",
    "import local from './local.js'",
  ].join('\n')
  assert.deepEqual(check(code).sort(), ['@scope/beta', 'alpha', 'delta', 'gamma'])
})

test('a method named import or require, or a string that is no package name, is not an import', () => {
  const code = [
    'await store.import("[]")',
    "await store.import('alpha')",
    "loader.require('beta')",
    "const x = import('{}')",
  ].join('\n')
  assert.deepEqual(check(code), [])
})
