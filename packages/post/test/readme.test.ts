import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import * as main from '../src/index.js'

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8')

/** The `### Heading` section of the README: its first ```js block and the ```txt block after "Prints:". */
function exampleOf(heading: string): { code: string; printed: string[] } {
  const start = readme.indexOf(`### ${heading}\n`)
  const section = readme.slice(start, readme.indexOf('\n### ', start + 1))
  const code = /```js\n([\s\S]*?)```/.exec(section)![1]!
  const printed = /Prints:\n\n```txt\n([\s\S]*?)```/.exec(section)![1]!.trimEnd().split('\n')
  return { code, printed }
}

/** Run a README example with the package's main entry; returns what it logged. */
function run(example: string): string[] {
  const body = example.replace(/import \{([^}]+)\} from '@blogkit\/post'/, 'const {$1} = main')
  const logs: string[] = []
  new Function('main', 'console', body)(main, {
    log: (...xs: unknown[]) => logs.push(xs.map(String).join(' ')),
  })
  return logs
}

describe('README', () => {
  it('should print what the placePosts example says', () => {
    const { code, printed } = exampleOf('`placePosts(options)`')
    expect(printed).toHaveLength(3)
    expect(run(code)).toEqual(printed)
  })

  it('should print what the nestPages example says', () => {
    const { code, printed } = exampleOf('`nestPages(pages[, options])`')
    expect(printed).toHaveLength(7)
    expect(run(code)).toEqual(printed)
  })

  it('should print what the siteTermSlugs example says', () => {
    const { code, printed } = exampleOf('`siteTermSlugs(posts, options)`')
    expect(printed).toHaveLength(4)
    expect(run(code)).toEqual(printed)
  })

  it('should print what the termSlugs example says', () => {
    const { code, printed } = exampleOf('`termSlugs(names)`')
    expect(printed).toHaveLength(4)
    expect(run(code)).toEqual(printed)
  })
})
