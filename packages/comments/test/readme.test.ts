import * as fs from 'node:fs'
import { readFileSync } from 'node:fs'
import * as os from 'node:os'
import * as nodePath from 'node:path'
import { describe, expect, it } from 'vitest'
import * as client from '../src/client.js'
import * as http from '../src/http.js'
import * as main from '../src/index.js'
import * as node from '../src/node.js'
import * as sqlite from '../src/sqlite.js'
import * as storeKit from '../src/store-kit.js'
import { canRun } from './sqlite-drivers.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')
const use = readme.slice(readme.indexOf('## Use'), readme.indexOf('## API'))
// the blocks `npm run release:rehearse` runs in a fresh project (```js rehearse, ```txt rehearse-output)
const code = /```js rehearse\n([\s\S]*?)```/.exec(use)![1]!
const expected = /```txt rehearse-output\n([\s\S]*?)```/.exec(use)![1]!.trimEnd().split('\n')

/** Run a README example; returns what it logged. */
async function run(example: string): Promise<string[]> {
  const body = example
    .replace(/import \{([^}]+)\} from '@blogkit\/comments\/sqlite'/, 'const {$1} = sqlite')
    .replace(/import \{([^}]+)\} from '@blogkit\/comments\/node'/, 'const {$1} = node')
    .replace(/import \{([^}]+)\} from '@blogkit\/comments'/, 'const {$1} = main')
  const logs: string[] = []
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor
  await new AsyncFunction('main', 'sqlite', 'node', 'console', body)(main, sqlite, node, {
    log: (...xs: unknown[]) => logs.push(xs.map(String).join(' ')),
  })
  return logs
}

/** The first ```js block of a `### Heading` section. */
function exampleOf(heading: string): string {
  const section = readme.slice(readme.indexOf(`### ${heading}`))
  return /```js\n([\s\S]*?)```/.exec(section)![1]!
}

describe('README', () => {
  it('should print what the Comments file example says', async () => {
    const section = readme.slice(readme.indexOf('### Comments file'), readme.indexOf('### `CommentStore`'))
    const printed = /Prints `([^`]+)`, then `([^`]+)`, then `([^`]+)`\./.exec(section.replace(/\n/g, ' '))!
    expect(await run(exampleOf('Comments file'))).toEqual([printed[1], printed[2], printed[3]])
  })

  it('should print what the example of readCommentsFile says', async () => {
    const section = readme.slice(readme.indexOf('On Node, the comments of a post file'))
    const example = /```js\n([\s\S]*?)```/.exec(section)![1]!
    expect(section).toContain('Prints `posts/hello.comments.json 0` where the post has no comments file.')
    expect(await run(example)).toEqual(['posts/hello.comments.json 0'])
  })

  it('should print what the example of a comments session says', async () => {
    const section = readme.slice(readme.indexOf('A watcher keeps the files it has read'))
    const example = /```js\n([\s\S]*?)```/.exec(section)![1]!
    expect(section).toContain('Prints `0 0` where the post has no comments file')
    expect(await run(example)).toEqual(['0 0'])
  })

  it('should print what the Comments on a page example says', async () => {
    const section = readme.slice(
      readme.indexOf('### Comments on a page'),
      readme.indexOf('### `commentFeed(options)`'),
    )
    const printed = /Prints `([^`]+)`, then `([^`]+)`,\s+then `([^`]+)`\./.exec(section)!
    expect(await run(exampleOf('Comments on a page'))).toEqual([printed[1], printed[2], printed[3]])
  })

  it('should print what the commentFeed example says', async () => {
    const section = readme.slice(
      readme.indexOf('### `commentFeed(options)`'),
      readme.indexOf('### `CommentStore`'),
    )
    const printed = /Prints `([^`]+)`,\s+then `([^`]+)`\./.exec(section)!
    expect(await run(exampleOf('`commentFeed(options)`'))).toEqual([printed[1], printed[2]])
  })

  it('should run the store kit example: the contract suite registered with a test runner', async () => {
    // A small runner in place of vitest's describe/it/hooks (a test cannot register tests), with vitest's
    // expect: it collects what the example registers and runs every test with its hooks.
    const tests: Array<[string, () => unknown]> = []
    const before: Array<() => unknown> = []
    const after: Array<() => unknown> = []
    const names: string[] = []
    const runner = {
      describe: (name: string, body: () => void) => {
        names.push(name)
        body()
        names.pop()
      },
      it: (name: string, body: () => unknown) => tests.push([[...names, name].join(' > '), body]),
      expect,
      beforeEach: (body: () => unknown) => before.push(body),
      afterEach: (body: () => unknown) => after.push(body),
    }
    const modules: Record<string, unknown> = {
      'node:fs': fs,
      'node:os': os,
      'node:path': nodePath,
      '@blogkit/comments/sqlite': sqlite,
      '@blogkit/comments/store-kit': storeKit,
      vitest: runner,
    }
    const body = exampleOf('Store kit').replace(
      /import \{([^}]+)\} from '([^']+)'/g,
      (_, names: string, from: string) => `const {${names}} = modules[${JSON.stringify(from)}]`,
    )
    await new Function('modules', body)(modules)
    expect(tests.length).toBeGreaterThanOrEqual(36)
    expect(tests[0]![0]).toMatch(/^my comment store > /)
    for (const [, test] of tests) {
      for (const hook of before) await hook()
      try {
        await test()
      } finally {
        for (const hook of after) await hook()
      }
    }
  }, 120_000)

  it('should print what the Use section says', async () => {
    const logs = await run(code)
    expect(logs.length).toBe(expected.length)
    for (const [i, line] of expected.entries()) {
      const pattern = new RegExp(`^${line.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/…/g, '[^"]+')}$`)
      expect(logs[i]).toMatch(pattern)
    }
  })

  it('should print what the CommentStore example says', async () => {
    const section = readme.slice(
      readme.indexOf('### `CommentStore`'),
      readme.indexOf('### `createSqliteCommentStore'),
    )
    const example = /```js\n([\s\S]*?)```/.exec(section)![1]!
    expect(section).toContain('Prints `duplicate-id`, then `deleted {"name":""} ""`.')
    expect(await run(example)).toEqual(['duplicate-id', 'deleted {"name":""} ""'])
  })

  it("should print what the site author's name example says", async () => {
    const section = readme.slice(readme.indexOf("**The site author's name**"))
    const example = /```js\n([\s\S]*?)```/.exec(section)![1]!
    expect(section).toContain('Prints `reserved-name` for all but `"Elin Skarpsson"` (`ok`).')
    expect(await run(example)).toEqual([
      '"Elin Skarp" reserved-name',
      '"ELIN SKARP" reserved-name',
      '"\u0415lin Skarp" reserved-name',
      '"El\u200Bin Skarp" reserved-name',
      '"EIin Skarp" reserved-name',
      '"Elin Skarpsson" ok',
    ])
  })

  it.runIf(canRun('node:sqlite', 'the README node:sqlite example'))(
    'should run the node:sqlite example of createSqliteCommentStore',
    async () => {
      const section = readme.slice(readme.indexOf('### `createSqliteCommentStore'))
      const example = /```js\n([\s\S]*?)```/.exec(section)![1]!
      expect(example).toContain("driver: 'node:sqlite'")
      expect(await run(example)).toEqual(['1'])
    },
  )

  it('should print what the readServiceComments example says', async () => {
    const section = readme.slice(readme.indexOf('### `readServiceComments(options)`'))
    const example = /```js\n([\s\S]*?)```/.exec(section)![1]!
    const printed = /Prints `([^`]+)`:/.exec(section)![1]!
    const modules: Record<string, unknown> = {
      '@blogkit/comments/client': client,
      '@blogkit/comments/http': http,
      '@blogkit/comments/sqlite': sqlite,
    }
    const body = example.replace(
      /import \{([^}]+)\} from '([^']+)'/g,
      (_, names: string, from: string) => `const {${names}} = modules[${JSON.stringify(from)}]`,
    )
    const logs: string[] = []
    const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor
    await new AsyncFunction('modules', 'console', body)(modules, {
      log: (...xs: unknown[]) => logs.push(xs.map(String).join(' ')),
    })
    expect(printed).toBe('Bra *text*! / Tack! false 2')
    expect(logs).toEqual([printed])
  })
})
