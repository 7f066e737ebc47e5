import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { createFeed } from '../src/index.js'
import { here, jing, sampleItems, sampleMeta } from './helpers.js'
import { hostileMeta } from './hostile.js'

const schema = path.join(here, 'fixtures', 'atom.rnc')
const dir = mkdtempSync(path.join(tmpdir(), 'blogkit-feed-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

function validate(name: string, text: string) {
  const file = path.join(dir, name)
  writeFileSync(file, text)
  const result = spawnSync('jing', ['-c', schema, file], { encoding: 'utf8' })
  // Note: Debian's jing wrapper prints "[warning] … Unable to locate …" for optional jars on stderr.
  return { status: result.status, errors: result.stdout.trim() }
}

describe.skipIf(!jing)('createFeed atom() against the RFC 4287 RELAX NG schema (jing)', () => {
  it('should validate the tricky sample feed', () => {
    const feed = createFeed({
      ...sampleMeta(sampleItems()),
      paging: {
        current: 'https://blog.example/atom.xml',
        prevArchive: 'https://blog.example/a/1.xml',
        archive: true,
      },
    })
    expect(validate('sample.xml', feed.atom())).toEqual({ status: 0, errors: '' })
    expect(validate('excerpt.xml', feed.atom({ content: 'excerpt', limit: 1 }))).toEqual({
      status: 0,
      errors: '',
    })
  })

  it('should validate the hostile 20-post feed, in full and as excerpts', () => {
    const feed = createFeed(hostileMeta())
    expect(validate('hostile.xml', feed.atom())).toEqual({ status: 0, errors: '' })
    expect(validate('hostile-excerpt.xml', feed.atom({ content: 'excerpt' }))).toEqual({
      status: 0,
      errors: '',
    })
  })

  it('should validate a minimal feed', () => {
    const feed = createFeed({
      title: 'T',
      siteUrl: 'https://blog.example/',
      authors: [{ name: 'A' }],
      updated: '2024-01-01T00:00:00Z',
    })
    expect(validate('minimal.xml', feed.atom())).toEqual({ status: 0, errors: '' })
  })

  it('should catch an invalid document (the check can fail)', () => {
    const bad = createFeed({
      title: 'T',
      siteUrl: 'https://blog.example/',
      authors: [{ name: 'A' }],
      updated: '2024-01-01T00:00:00Z',
    })
      .atom()
      .replace('<updated>2024-01-01T00:00:00Z</updated>', '<updated>yesterday</updated>')
    const result = validate('bad.xml', bad)
    expect(result.status).not.toBe(0)
    expect(result.errors).toContain('updated')
  })
})
