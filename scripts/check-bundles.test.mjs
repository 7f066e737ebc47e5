// scripts/check-bundles.mjs on small modules written for the test: each way a core can fail to run in a
// browser is found and named, and a core that runs there passes.
import assert from 'node:assert/strict'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { checkCore, cores, formatReport } from './check-bundles.mjs'

const files = {
  'clean.js': [
    'export function core(text) {',
    "  return new TextEncoder().encode(new URL(text, 'https://blog.example/').href).length",
    '}',
    '',
  ].join('\n'),
  'entry.js': "export { core } from './lib/read.js'\n",
  'lib/read.js': "import { readFileSync } from 'node:fs'\nexport const core = () => typeof readFileSync\n",
  'bare.js': "import path from 'path'\nexport const core = () => path.sep\n",
  'unused.js': "export { core } from './clean.js'\nexport { core as other } from './lib/read.js'\n",
  'uses-process.js': 'export function core() {\n  return process.env.HOME !== 1\n}\n',
  'uses-buffer.js': "const bytes = Buffer.from('x')\nexport const core = () => bytes.length === 1\n",
  'node_modules/mixed/package.json': JSON.stringify({
    name: 'mixed',
    type: 'module',
    sideEffects: false,
    exports: './index.js',
  }),
  'node_modules/mixed/index.js': "export { core } from './clean.js'\nexport { read } from './read.js'\n",
  'node_modules/mixed/clean.js':
    'export const core = (text) => new URL(text, "https://blog.example/").href.length\n',
  'node_modules/mixed/read.js': "import { readFileSync } from 'node:fs'\nexport const read = readFileSync\n",
  'dom.js': "import { core } from 'either'\nexport { core }\n",
  'node_modules/either/package.json': JSON.stringify({
    name: 'either',
    type: 'module',
    sideEffects: false,
    exports: { worker: './worker.js', browser: './dom.js', default: './worker.js' },
  }),
  'node_modules/either/dom.js': "export const core = () => document.title === ''\n",
  'node_modules/either/worker.js': 'export const core = () => true\n',
}

let dir
const check = (core) => checkCore(core, { resolveDir: dir })

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-bundles-'))
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true })
    await writeFile(path.join(dir, file), text)
  }
})
after(() => rm(dir, { recursive: true, force: true }))

describe('check:bundles', () => {
  it('should pass a core that runs with web globals, and measure it', async () => {
    const result = await check({ name: 'core', from: './clean.js', run: (core) => core('a') > 0 })
    assert.deepEqual(result.problems, [])
    assert.ok(result.bytes > 0 && result.gzip > 0)
  })

  it('should name a Node built-in and the chain of imports that pulls it in', async () => {
    const result = await check({ name: 'core', from: './entry.js', run: () => true })
    assert.equal(result.problems.length, 1)
    const [first, ...chain] = result.problems[0].split('\n').map((line) => line.trim())
    assert.equal(first, 'needs the Node built-in "node:fs", which browsers do not have:')
    assert.equal(chain[0], 'the entry imports "./entry.js"')
    assert.match(chain[1], /entry\.js:1 imports "\.\/lib\/read\.js"$/)
    assert.match(chain[2], /lib\/read\.js:1 imports "node:fs"$/)
  })

  it('should find a built-in imported without `node:`', async () => {
    const result = await check({ name: 'core', from: './bare.js', run: () => true })
    assert.match(result.problems.join(), /needs the Node built-in "path"/)
  })

  it('should not count a built-in that tree shaking leaves out of a side-effect-free package', async () => {
    const result = await check({ name: 'core', from: 'mixed', run: (core) => core('a') > 0 })
    assert.deepEqual(result.problems, [])
  })

  it('should count a built-in that stays imported for its side effects', async () => {
    // unused.js is not marked free of side effects, so `import "node:fs"` stays in the bundle.
    const result = await check({ name: 'core', from: './unused.js', run: (core) => core('a') > 0 })
    assert.match(result.problems.join(), /needs the Node built-in "node:fs"/)
  })

  it('should name a Node global used when the function is called, with its line', async () => {
    const result = await check({ name: 'core', from: './uses-process.js', run: (core) => core() })
    assert.equal(result.problems.length, 1)
    assert.match(
      result.problems[0],
      /^uses the Node global `process` at \S*uses-process\.js:2, which browsers/,
    )
  })

  it('should name a Node global used when the module loads', async () => {
    const result = await check({ name: 'core', from: './uses-buffer.js', run: (core) => core() })
    assert.match(result.problems.join(), /^uses the Node global `Buffer` at \S*uses-buffer\.js:1/)
  })

  it('should fail a core that runs but gives a wrong answer', async () => {
    const result = await check({ name: 'core', from: './clean.js', run: (core) => core('a') === 0 })
    assert.deepEqual(result.problems, ['called with a small input, core gave a wrong answer'])
  })

  it('should fail a core over its budget', async () => {
    const result = await check({ name: 'core', from: './clean.js', budget: 10, run: (core) => core('a') > 0 })
    assert.equal(result.problems.length, 1)
    const [first, part] = result.problems[0].split('\n')
    assert.equal(first, `is ${result.bytes} bytes minified, over its budget of 10; the largest parts:`)
    assert.match(part, /^ +\d+ B {2}\S*clean\.js$/)
  })

  it("should run a dependency's worker build, and measure its browser build", async () => {
    const result = await check({ name: 'core', from: './dom.js', run: (core) => core() })
    assert.deepEqual(result.problems, [])
  })

  it('should print the table and each problem below it', async () => {
    const ok = await check({ name: 'core', from: './clean.js', run: (core) => core('a') > 0 })
    const bad = await check({ name: 'core', from: './uses-process.js', run: (core) => core() })
    const report = formatReport([ok, { ...bad, name: 'other' }])
    assert.match(report, /^function +package +minified +gzip +budget +ok\n/)
    assert.match(report, /\ncore +\.\/clean\.js +[\d,]+ B +[\d,]+ B +ok\n/)
    assert.match(report, /\nother +\.\/uses-process\.js .* FAIL\n/)
    assert.match(report, /\nother \(\.\/uses-process\.js\) uses the Node global `process`/)
    assert.match(report, /check:bundles: 1 of 2 cores fail/)
  })

  it('should check the seven cores of issue 16, collectRedirects, placePosts, nestPages, commentFeed, the comment handler (issue 19) and its client with their budgets', () => {
    assert.deepEqual(
      cores.map(({ name, from, budget }) => [name, from, budget]),
      [
        ['parsePost', '@blogkit/post', undefined],
        ['slugify', '@blogkit/post', undefined],
        ['collectRedirects', '@blogkit/post', undefined],
        ['placePosts', '@blogkit/post', undefined],
        ['nestPages', '@blogkit/post', undefined],
        ['createRelatedIndex', '@blogkit/related', undefined],
        ['threadComments', '@blogkit/comments', 12_000],
        ['renderCommentHtml', '@blogkit/comments', undefined],
        ['commentFeed', '@blogkit/comments', undefined],
        ['createCommentHandler', '@blogkit/comments/http', undefined],
        ['readServiceComments', '@blogkit/comments/client', 8_000],
        ['createFeed', '@blogkit/feed', undefined],
        ['discoveryLinks', '@blogkit/feed', 5_000],
      ],
    )
  })
})
