// The size rule of scripts/check-sizes.mjs, on texts written for the test (each kind of function, just at and
// just over the limits) and on a small git work tree laid out like the repository.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { checkSizes, checkSizesOfText, formatSizes } from './check-sizes.mjs'

/** `count` statement lines, each indented by `indent`. */
const statements = (count, indent = '  ') =>
  Array.from({ length: count }, (_, index) => `${indent}total += ${index}`).join('\n')

/** A function declaration `lines` long in all (its first and last line counted). */
const declaration = (name, lines) =>
  `/** Doc comments are not counted. */\nexport function ${name}() {\n  let total = 0\n${statements(lines - 4)}\n  return total\n}\n`

const summary = (violations) => violations.map(({ line, name, lines }) => `${line} ${name} ${lines}`)

describe('check:design size rule', () => {
  it('should pass a function of exactly 150 lines and name one of 151 with its line and length', () => {
    assert.deepEqual(checkSizesOfText('a.ts', declaration('atLimit', 150)), [])
    assert.deepEqual(checkSizesOfText('a.ts', declaration('overLimit', 151)), [
      { file: 'a.ts', line: 2, name: 'overLimit', lines: 151, limit: 150 },
    ])
  })

  it('should measure arrow functions, function expressions, methods, accessors and nested functions', () => {
    const body = statements(150, '    ')
    const text = [
      'export const arrow = () => {', //                        1
      '  let total = 0',
      body,
      '}', //                                                   153
      'const object = {',
      '  method() {', //                                        155
      '    let total = 0',
      body,
      '  },', //                                                307
      '  property: function () {', //                           308
      '    let total = 0',
      body,
      '  },', //                                                460
      '}',
      'class Store {',
      '  constructor() {', //                                   463
      '    let total = 0',
      body,
      '  }', //                                                 615
      '  get size() {', //                                      616
      '    let total = 0',
      body,
      '    return total',
      '  }',
      '}',
      'export function outer() {', //                           771
      '  return [1].map((item) => {', //                        772
      '    let total = item',
      body,
      '    return total',
      '  })',
      '}',
      '',
    ].join('\n')
    const [file, ...functions] = checkSizesOfText('b.ts', text)
    assert.deepEqual(file, { file: 'b.ts', line: 1, lines: 926, limit: 600 })
    assert.deepEqual(summary(functions), [
      '1 arrow 153',
      '155 method 153',
      '308 property 153',
      '463 constructor 153',
      '616 get size 154',
      '771 outer 156',
      '772 (function passed to [1].map) 154',
    ])
  })

  it('should not count braces or function words inside strings, templates and comments', () => {
    const text = `export function quoted() {\n  const text = \`\n${'function () {\n'.repeat(200)}\`\n  return text\n}\n`
    // The function itself is 205 lines; only it is named, not the words in its template.
    assert.deepEqual(summary(checkSizesOfText('c.ts', text)), ['1 quoted 205'])
  })

  it('should pass a file of exactly 600 lines and name one of 601', () => {
    const lines = (count) =>
      `${Array.from({ length: count }, (_, index) => `export const v${index} = ${index}`).join('\n')}\n`
    assert.deepEqual(checkSizesOfText('d.ts', lines(600)), [])
    assert.deepEqual(checkSizesOfText('d.ts', lines(601)), [
      { file: 'd.ts', line: 1, lines: 601, limit: 600 },
    ])
  })

  it('should report each violation with file:line, name and length, and say to split by concern', () => {
    const report = formatSizes([
      { file: 'packages/import/src/lib/xml.ts', line: 104, name: 'readXmlRecords', lines: 159, limit: 150 },
      { file: 'packages/post/src/lib/big.ts', line: 1, lines: 640, limit: 600 },
    ])
    assert.match(report, /^size check: 2 file\(s\) or function\(s\) .* split each by concern/)
    assert.match(
      report,
      /\n {2}packages\/import\/src\/lib\/xml\.ts:104: function readXmlRecords is 159 lines long \(the limit is 150\)/,
    )
    assert.match(report, /\n {2}packages\/post\/src\/lib\/big\.ts: 640 lines \(the limit for a file is 600\)/)
    assert.match(
      formatSizes([]),
      /^size check: no file in packages\/\*\/src over 600 lines, no function over 150$/,
    )
  })

  describe('on a work tree', () => {
    let root
    before(async () => {
      root = await mkdtemp(path.join(tmpdir(), 'blogkit-sizes-'))
      const files = {
        '.gitignore': 'dist/\n',
        'packages/post/src/lib/long.ts': declaration('tooLong', 151),
        'packages/post/src/lib/short.ts': declaration('short', 150),
        'packages/post/src/view.tsx': `export const View = () => (\n  <div>\n${'    <p>text</p>\n'.repeat(150)}  </div>\n)\n`,
        // Only the package sources are checked: not tests, not built output, not the examples.
        'packages/post/test/long.test.ts': declaration('longTest', 300),
        'packages/post/dist/long.js': declaration('built', 300),
        'examples/site/src/long.ts': declaration('example', 300),
      }
      for (const [file, text] of Object.entries(files)) {
        await mkdir(path.dirname(path.join(root, file)), { recursive: true })
        await writeFile(path.join(root, file), text)
      }
      execFileSync('git', ['init', '-q'], { cwd: root })
    })
    after(async () => {
      await rm(root, { recursive: true, force: true })
    })

    it('should check only the files under packages/*/src, TSX included', () => {
      assert.deepEqual(
        checkSizes(root).map(({ file, line, name, lines }) => `${file}:${line} ${name} ${lines}`),
        ['packages/post/src/lib/long.ts:2 tooLong 151', 'packages/post/src/view.tsx:1 View 154'],
      )
    })
  })
})
