import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as main from '../src/index.js'
import * as sqlite from '../src/sqlite.js'
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
    .replace(/import \{([^}]+)\} from '@blogkit\/comments'/, 'const {$1} = main')
  const logs: string[] = []
  const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor
  await new AsyncFunction('main', 'sqlite', 'console', body)(main, sqlite, {
    log: (...xs: unknown[]) => logs.push(xs.map(String).join(' ')),
  })
  return logs
}

describe('README', () => {
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

  it.runIf(canRun('node:sqlite', 'the README node:sqlite example'))(
    'should run the node:sqlite example of createSqliteCommentStore',
    async () => {
      const section = readme.slice(readme.indexOf('### `createSqliteCommentStore'))
      const example = /```js\n([\s\S]*?)```/.exec(section)![1]!
      expect(example).toContain("driver: 'node:sqlite'")
      expect(await run(example)).toEqual(['1'])
    },
  )
})
