#!/usr/bin/env node
// `npm run check:design` (part of `npm test`): checks the imports of every file in packages/ and examples/
// (source, tests, benches; tracked or new, not ignored by git) against the package rules in
// .dependency-cruiser.mjs, and names each broken rule with the file, the import as written and what the
// rule is for; then the size rule of scripts/check-sizes.mjs (no file in packages/*/src over 600 lines, no
// function over 150). `node scripts/check-design.mjs [root]` checks another tree laid out the same way.
import { execFileSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { cruise } from 'dependency-cruiser'
import { checkSizes, formatSizes } from './check-sizes.mjs'

const repo = fileURLToPath(new URL('..', import.meta.url))
const sourceFile = /\.(?:[cm]?[jt]s|tsx)$/

/** The files to check under `root`: those git tracks or would track in packages/ and examples/. */
function sourceFiles(root) {
  const listed = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', 'packages', 'examples'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  // Note: a tracked file deleted in the work tree is still listed by git.
  return listed
    .split('\0')
    .filter(
      (file) =>
        sourceFile.test(file) && !file.includes('/test/fixtures/') && existsSync(path.join(root, file)),
    )
}

/**
 * Checks the tree at `root` and returns the broken rules, each as `{ rule, comment, from, module, to }`:
 * `module` is the import as written, `to` what it resolved to.
 */
export async function checkDesign(root = repo) {
  const { default: config } = await import(pathToFileURL(path.join(repo, '.dependency-cruiser.mjs')).href)
  const files = sourceFiles(root)
  if (files.length === 0) throw new Error(`check-design: no source files in ${root}/packages or /examples`)
  const cwd = process.cwd()
  // Note: dependency-cruiser resolves the files it is given against the working directory.
  process.chdir(root)
  let result
  try {
    ;({ output: result } = await cruise(files, {
      ...config.options,
      ruleSet: { forbidden: config.forbidden },
      validate: true,
      outputType: 'json',
    }))
  } finally {
    process.chdir(cwd)
  }
  const cruised = typeof result === 'string' ? JSON.parse(result) : result
  const comments = new Map(config.forbidden.map((rule) => [rule.name, rule.comment]))
  const modules = new Map(cruised.modules.map((module) => [module.source, module]))
  return cruised.summary.violations.map((violation) => {
    const written = modules
      .get(violation.from)
      ?.dependencies.find((dependency) => dependency.resolved === violation.to)?.module
    return {
      rule: violation.rule.name,
      comment: comments.get(violation.rule.name) ?? '',
      from: violation.from,
      module: written ?? violation.unresolvedTo ?? violation.to,
      to: violation.to,
    }
  })
}

/** The report a contributor reads: one paragraph per broken rule. */
export function formatViolations(violations) {
  if (violations.length === 0)
    return 'design check: every import keeps the package rules (.dependency-cruiser.mjs)'
  const lines = [
    `design check: ${violations.length} import(s) break the package rules (.dependency-cruiser.mjs):`,
  ]
  for (const { rule, comment, from, module, to } of violations) {
    // A relative import also says where it leads; a package name says enough.
    const leads = module.startsWith('.') && to !== module ? ` (${to})` : ''
    lines.push('', `  ${from} imports '${module}'${leads}`)
    lines.push(`    breaks "${rule}": ${comment}`)
  }
  return lines.join('\n')
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const root = path.resolve(process.argv[2] ?? repo)
  const violations = await checkDesign(root).catch((error) => {
    // A file dependency-cruiser cannot read (it names the file): say so without a stack trace.
    console.error(`check:design: ${String(error?.message ?? error).trim()}`)
    process.exit(1)
  })
  const report = formatViolations(violations)
  if (violations.length > 0) {
    console.error(report)
    process.exitCode = 1
  } else {
    console.log(report)
  }
  const sizes = checkSizes(root)
  if (sizes.length > 0) {
    console.error(formatSizes(sizes))
    process.exitCode = 1
  } else {
    console.log(formatSizes(sizes))
  }
}
