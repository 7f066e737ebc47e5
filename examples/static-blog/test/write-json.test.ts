import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { jsonChunks, writeChunks } from '../src/write-json.js'

/** A build record's layout: scalars, a long array of strings, records of arrays, empty ones. */
const record = () => ({
  version: 4,
  outDir: '/out/"quoted"\\dir',
  code: 'v1',
  skipped: undefined,
  shapes: Array.from({ length: 5000 }, (_, n) => `-1\t0\n0\ttitle ${n} ✓`),
  images: { 'a:b.md': ['x.png'], empty: [] },
  folders: {},
  files: Object.fromEntries(
    Array.from({ length: 5000 }, (_, n) => [`posts/${n}/index.html`, ['c', n, 1.5 + n, 'h', n % 7]]),
  ),
  list: [1, undefined, () => 1, null],
  nothing: [],
  when: new Date(0),
})

describe('jsonChunks', () => {
  it("should give JSON.stringify's text, in pieces of about 64 KiB", () => {
    const value = record()
    const chunks = [...jsonChunks(value)]
    expect(chunks.join('')).toBe(JSON.stringify(value))
    expect(chunks.length).toBeGreaterThan(3)
    expect(Math.max(...chunks.map((chunk) => chunk.length))).toBeLessThan(70_000)
  })

  it('should give the text of small and empty objects and of other values whole', () => {
    for (const value of [
      {},
      { a: undefined },
      { a: [] },
      { a: {} },
      [1, { b: 2 }],
      new Date(0),
      { toJSON: () => 3 },
    ])
      expect([...jsonChunks(value)].join('')).toBe(JSON.stringify(value))
  })
})

describe('writeChunks', () => {
  let dir: string
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'blogkit-write-json-'))
  })
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
  })

  it('should write the JSON text of the value from its pieces', async () => {
    const file = path.join(dir, 'record.json')
    const value = record()
    await writeChunks(file, jsonChunks(value))
    expect(await readFile(file, 'utf8')).toBe(JSON.stringify(value))
  })

  it('should fail when the folder is missing', async () => {
    await expect(writeChunks(path.join(dir, 'missing', 'record.json'), ['{}'])).rejects.toThrow(/ENOENT/)
  })
})
