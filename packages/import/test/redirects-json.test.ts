import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { parseRedirectsJson, serializeRedirectsJson } from '@blogkit/post'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { fixture, run } from './helpers.js'

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-import-redirects-'))
})
afterEach(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('redirects.json (blogkit-import wordpress)', () => {
  it("should be written in @blogkit/post's format, which parseRedirectsJson reads back unchanged", async () => {
    const { code } = await run(['wordpress', fixture('klartext.wxr.xml'), '--out', dir, '-q'])
    expect(code).toBe(0)
    const text = await readFile(path.join(dir, 'redirects.json'), 'utf8')
    const entries = parseRedirectsJson(text, { file: 'redirects.json' })
    expect(entries.length).toBeGreaterThan(5)
    // Sorted by old address, as the import has always written them; each already as a browser sends it.
    const froms = entries.map((entry) => entry.from)
    expect(froms).toEqual([...froms].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    expect(serializeRedirectsJson(entries)).toBe(text)
  })
})
