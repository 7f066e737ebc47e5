// The package rules of .dependency-cruiser.mjs, checked on a small workspace written for the test: the
// same layout as the repository (packages linked into node_modules/@blogkit as npm workspaces do, some
// built, one not), first with only allowed imports, then with one file breaking each rule.
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { after, before, describe, it } from 'node:test'
import { checkDesign, formatViolations } from './check-design.mjs'

const packages = ['post', 'feed', 'related', 'comments', 'import']
/** Built packages resolve to their dist/; `comments` is left unbuilt, so imports of it stay unresolved. */
const built = new Set(['post', 'feed', 'related', 'import'])

/** Imports every rule allows. */
const allowed = {
  'packages/post/src/index.ts': "export { parsePost } from './lib/parse.js'\n",
  'packages/post/src/lib/parse.ts':
    "import { readFile } from 'node:fs/promises'\nexport const parsePost = readFile\n",
  'packages/post/test/parse.test.ts': "import { parsePost } from '@blogkit/post'\nexport { parsePost }\n",
  'packages/feed/src/index.ts': "import { encode } from 'html-entities'\nexport const createFeed = encode\n",
  'packages/related/src/index.ts': 'export const createRelatedIndex = () => []\n',
  'packages/related/src/cli.ts': "import { loadPosts } from '@blogkit/post/node'\nexport { loadPosts }\n",
  'packages/related/src/lib/cli.ts': "import type { Post } from '@blogkit/post'\nexport type P = Post\n",
  'packages/related/eval/run.mjs': "import { loadPosts } from '@blogkit/post/node'\nexport { loadPosts }\n",
  'packages/comments/src/index.ts': "import { readFeed } from '@blogkit/feed'\nexport { readFeed }\n",
  'packages/import/src/index.ts': "import { slugify } from '@blogkit/post'\nexport { slugify }\n",
  'packages/import/test/store.test.ts':
    "import { threadComments } from '@blogkit/comments'\nexport { threadComments }\n",
  'examples/site/src/index.ts': [
    "import { parsePost } from '@blogkit/post'",
    "import { createFeed } from '@blogkit/feed'",
    "import { createRelatedIndex } from '@blogkit/related'",
    "import { threadComments } from '@blogkit/comments'",
    'export const site = [parsePost, createFeed, createRelatedIndex, threadComments]',
    '',
  ].join('\n'),
  'examples/site/test/import.test.ts': "import { site } from '@blogkit/example-site'\nexport { site }\n",
  'examples/static-blog/src/build.ts': "import { site } from '@blogkit/example-site'\nexport { site }\n",
  'examples/admin/src/index.ts': "import { site } from '@blogkit/example-site'\nexport const admin = site\n",
  // Ignored by git (as dist/ and caches are in the repository): not checked, though it breaks a rule.
  'packages/post/.bench-cache/old.ts': "import { site } from '@blogkit/example-site'\nexport { site }\n",
}

/** One file breaking each rule, with the violation expected (`module` as written in the file). */
const breaking = [
  {
    file: 'packages/import/test/round-trip.test.ts',
    text: "import { site } from '@blogkit/example-site'\nexport { site }\n",
    rule: 'no-example-in-package',
    module: '@blogkit/example-site',
  },
  {
    file: 'packages/post/bench/run.mjs',
    text: "import { site } from '../../../examples/site/src/index.ts'\nexport { site }\n",
    rule: 'no-example-in-package',
    module: '../../../examples/site/src/index.ts',
  },
  {
    file: 'packages/post/src/lib/feed-type.ts',
    text: "import type { Feed } from '@blogkit/feed'\nexport type F = Feed\n",
    rule: 'post-stands-alone',
    module: '@blogkit/feed',
  },
  {
    file: 'packages/post/src/lib/threads.ts',
    text: "export const load = () => import('@blogkit/comments')\n",
    rule: 'post-stands-alone',
    module: '@blogkit/comments',
  },
  {
    file: 'packages/feed/test/items.test.ts',
    text: "import { parsePost } from '@blogkit/post'\nexport { parsePost }\n",
    rule: 'feed-stands-alone',
    module: '@blogkit/post',
  },
  {
    file: 'packages/related/src/lib/load.ts',
    text: "import { loadPosts } from '@blogkit/post/node'\nexport { loadPosts }\n",
    rule: 'related-core-stands-alone',
    module: '@blogkit/post/node',
  },
  {
    file: 'packages/related/test/feed.test.ts',
    text: "import { createFeed } from '@blogkit/feed'\nexport { createFeed }\n",
    rule: 'related-uses-only-post',
    module: '@blogkit/feed',
  },
  {
    file: 'packages/comments/src/lib/slug.ts',
    text: "import { slugify } from '@blogkit/post'\nexport { slugify }\n",
    rule: 'comments-uses-only-feed',
    module: '@blogkit/post',
  },
  {
    file: 'examples/site/src/lib/moderation.ts',
    text: "import { admin } from '@blogkit/example-admin'\nexport { admin }\n",
    rule: 'theme-without-admin',
    module: '@blogkit/example-admin',
  },
]

async function writeTree(root, files) {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, file)), { recursive: true })
    await writeFile(path.join(root, file), text)
  }
}

/** A workspace like the repository's, with `files` in it. */
async function workspace(files) {
  const root = await mkdtemp(path.join(tmpdir(), 'blogkit-design-'))
  const layout = {
    '.gitignore': 'node_modules/\ndist/\n.bench-cache/\n',
    'node_modules/html-entities/package.json': '{ "name": "html-entities", "main": "index.js" }\n',
    'node_modules/html-entities/index.js': 'exports.encode = (text) => text\n',
    'examples/site/package.json': JSON.stringify({
      name: '@blogkit/example-site',
      type: 'module',
      exports: { '.': './src/index.ts' },
    }),
    'examples/admin/package.json': JSON.stringify({
      name: '@blogkit/example-admin',
      type: 'module',
      exports: { '.': './src/index.ts' },
    }),
  }
  for (const name of packages) {
    layout[`packages/${name}/package.json`] = JSON.stringify({
      name: `@blogkit/${name}`,
      type: 'module',
      exports: {
        '.': { types: './dist/index.d.ts', default: './dist/index.js' },
        './node': { types: './dist/node.d.ts', default: './dist/node.js' },
      },
    })
    if (built.has(name)) {
      layout[`packages/${name}/dist/index.js`] = 'export {}\n'
      layout[`packages/${name}/dist/index.d.ts`] = 'export {}\n'
      layout[`packages/${name}/dist/node.js`] = 'export {}\n'
      layout[`packages/${name}/dist/node.d.ts`] = 'export {}\n'
    }
  }
  await writeTree(root, { ...layout, ...files })
  await mkdir(path.join(root, 'node_modules/@blogkit'), { recursive: true })
  for (const name of packages)
    await symlink(`../../packages/${name}`, path.join(root, `node_modules/@blogkit/${name}`))
  await symlink('../../examples/site', path.join(root, 'node_modules/@blogkit/example-site'))
  await symlink('../../examples/admin', path.join(root, 'node_modules/@blogkit/example-admin'))
  execFileSync('git', ['init', '-q'], { cwd: root })
  // A tracked file deleted in the work tree (git still lists it) is not checked.
  const gone = path.join(root, 'packages/post/src/lib/gone.ts')
  await writeFile(gone, "import { site } from '@blogkit/example-site'\nexport { site }\n")
  execFileSync('git', ['add', gone], { cwd: root })
  await rm(gone)
  return root
}

describe('check:design', () => {
  const roots = []
  let clean
  let broken
  before(async () => {
    clean = await workspace(allowed)
    broken = await workspace({
      ...allowed,
      ...Object.fromEntries(breaking.map(({ file, text }) => [file, text])),
    })
    roots.push(clean, broken)
  })
  after(async () => {
    for (const root of roots) await rm(root, { recursive: true, force: true })
  })

  it('should pass a workspace whose imports keep the rules', async () => {
    assert.deepEqual(await checkDesign(clean), [])
  })

  it('should name the file and the import of each broken rule, and nothing else', async () => {
    const found = await checkDesign(broken)
    const summary = (list) =>
      list.map(({ file, from, rule, module }) => `${file ?? from} ${rule} ${module}`).sort()
    assert.deepEqual(summary(found), summary(breaking))
    // Resolved imports also say what they resolved to; the unbuilt package is named as written.
    const example = found.find((violation) => violation.from === 'packages/import/test/round-trip.test.ts')
    assert.equal(example.to, 'examples/site/src/index.ts')
    const unbuilt = found.find((violation) => violation.from === 'packages/post/src/lib/threads.ts')
    assert.equal(unbuilt.to, '@blogkit/comments')
    const builtFeed = found.find((violation) => violation.from === 'packages/feed/test/items.test.ts')
    assert.match(builtFeed.to, /^packages\/post\/dist\/index\.(?:d\.ts|js)$/)
  })

  it('should say what each broken rule is for', async () => {
    const report = formatViolations(await checkDesign(broken))
    assert.match(report, /^design check: 9 import\(s\) break the package rules/)
    assert.match(
      report,
      /packages\/comments\/src\/lib\/slug\.ts imports '@blogkit\/post'\n {4}breaks "comments-uses-only-feed": @blogkit\/comments imports no blogkit package but @blogkit\/feed/,
    )
  })
})
