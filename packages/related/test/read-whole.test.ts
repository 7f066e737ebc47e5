import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readWhole } from '../src/incremental/read-whole.js'

// The worker thread reads the saved index with `readWhole` while its code loads (see worker.ts).
let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-related-read-whole-'))
})
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

describe('readWhole', () => {
  it('should read a file of several megabytes byte for byte, and an empty one', async () => {
    const bytes = new Uint8Array(5 * 1024 * 1024 + 3).map((_, i) => (i * 7919) % 251)
    await writeFile(path.join(dir, 'index.bin'), bytes)
    expect(Buffer.from((await readWhole(path.join(dir, 'index.bin')))!).equals(bytes)).toBe(true)
    await writeFile(path.join(dir, 'empty.bin'), '')
    expect(await readWhole(path.join(dir, 'empty.bin'))).toEqual(new Uint8Array(0))
  })

  it('should give undefined for a missing file or a folder, never an error', async () => {
    expect(await readWhole(path.join(dir, 'missing.bin'))).toBeUndefined()
    expect(await readWhole(dir)).toBeUndefined()
  })
})
