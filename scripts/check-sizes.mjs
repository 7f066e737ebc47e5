// The size rule of the package sources, run by `npm run check:design` (scripts/check-design.mjs): no file
// under packages/*/src over 600 lines, no function in one over 150 lines (function declarations and
// expressions, arrow functions, methods, constructors and accessors, nested ones too). A function's length
// runs from its first line (after its doc comment) to its last, both counted; a file's is its line count.
// Functions are found with the TypeScript compiler's parser, so strings, comments and templates never
// confuse the count.
import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'

export const maxFileLines = 600
export const maxFunctionLines = 150

const sourceFile = /\.(?:[cm]?[jt]s|tsx)$/

/** The package sources under `root`: files git tracks or would track in packages/<name>/src/. */
function packageSources(root) {
  const listed = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '-z', '--', 'packages'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  )
  // Note: a tracked file deleted in the work tree is still listed by git.
  return listed
    .split('\0')
    .filter(
      (file) =>
        sourceFile.test(file) && /^packages\/[^/]+\/src\//.test(file) && existsSync(path.join(root, file)),
    )
}

const scriptKinds = { '.tsx': ts.ScriptKind.TSX, '.jsx': ts.ScriptKind.JSX }

/** A readable name for a function node: its own, or the variable, property or call it is given to. */
function functionName(node, source) {
  if (ts.isConstructorDeclaration(node)) return 'constructor'
  const prefix = ts.isGetAccessorDeclaration(node) ? 'get ' : ts.isSetAccessorDeclaration(node) ? 'set ' : ''
  if (node.name) return prefix + node.name.getText(source)
  const parent = node.parent
  if (
    (ts.isVariableDeclaration(parent) ||
      ts.isPropertyAssignment(parent) ||
      ts.isPropertyDeclaration(parent)) &&
    parent.initializer === node
  )
    return parent.name.getText(source)
  if (ts.isCallExpression(parent) || ts.isNewExpression(parent)) {
    const callee = parent.expression.getText(source)
    return `(function passed to ${callee.length > 40 ? `${callee.slice(0, 40)}…` : callee})`
  }
  if (ts.isExportAssignment(parent)) return '(default export)'
  return '(anonymous function)'
}

/** The size violations of one file's text: `{ file, line, name?, lines, limit }` each. */
export function checkSizesOfText(file, text) {
  const violations = []
  const withoutFinalNewline = text.endsWith('\n') ? text.slice(0, -1) : text
  const fileLines = withoutFinalNewline === '' ? 0 : withoutFinalNewline.split('\n').length
  if (fileLines > maxFileLines) violations.push({ file, line: 1, lines: fileLines, limit: maxFileLines })
  const source = ts.createSourceFile(
    file,
    text,
    ts.ScriptTarget.Latest,
    true,
    scriptKinds[path.extname(file)] ?? ts.ScriptKind.TS,
  )
  const visit = (node) => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const first = source.getLineAndCharacterOfPosition(node.getStart(source)).line
      const last = source.getLineAndCharacterOfPosition(node.getEnd()).line
      const lines = last - first + 1
      if (lines > maxFunctionLines)
        violations.push({
          file,
          line: first + 1,
          name: functionName(node, source),
          lines,
          limit: maxFunctionLines,
        })
    }
    ts.forEachChild(node, visit)
  }
  visit(source)
  return violations
}

/** Checks every package source under `root` and returns the size violations, by file and line. */
export function checkSizes(root) {
  return packageSources(root).flatMap((file) =>
    checkSizesOfText(file, readFileSync(path.join(root, file), 'utf8')),
  )
}

/** The report a contributor reads: one line per file or function over its limit. */
export function formatSizes(violations) {
  if (violations.length === 0)
    return `size check: no file in packages/*/src over ${maxFileLines} lines, no function over ${maxFunctionLines}`
  const lines = [
    `size check: ${violations.length} file(s) or function(s) in packages/*/src over the limit; split each by concern (one concern per file, one job per function):`,
  ]
  for (const { file, line, name, lines: length, limit } of violations) {
    lines.push(
      name === undefined
        ? `  ${file}: ${length} lines (the limit for a file is ${limit})`
        : `  ${file}:${line}: function ${name} is ${length} lines long (the limit is ${limit})`,
    )
  }
  return lines.join('\n')
}
