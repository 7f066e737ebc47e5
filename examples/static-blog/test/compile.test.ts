import { statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { newerSources } from '../bin/compile.js'

const require = createRequire(import.meta.url)

// The compiled CLI bundles the packages' built code and the installed dependencies (tsup.config.ts), so a
// package built again, or an install, must make it stale, not only a change to this example or the theme.
describe('newerSources (what makes the compiled CLI stale)', () => {
  it('should name a blogkit package whose built code changed after the CLI was compiled', () => {
    const entry = require.resolve('@blogkit/feed')
    const changed = newerSources(statSync(entry).mtimeMs - 1, ['@blogkit/feed'])
    expect(changed).toContain(path.dirname(entry))
  })

  it('should name the install record when packages were installed after it', () => {
    const record = newerSources(0, []).find((source) => source.endsWith('.package-lock.json'))
    expect(record).toBeDefined()
    expect(newerSources(statSync(record!).mtimeMs, [])).not.toContain(record)
  })

  it('should name nothing for a CLI compiled after every source', () => {
    expect(newerSources(Date.now() + 60_000, ['@blogkit/feed', '@blogkit/post'])).toEqual([])
  })
})
