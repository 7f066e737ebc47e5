import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readWhole } from '../src/incremental/read-whole.js'
import { temporaryFolder } from './helpers.js'

// The worker thread reads the saved index with `readWhole` while its code loads (see worker.ts).
let dir: string
temporaryFolder('blogkit-related-read-whole-', (made) => {
  dir = made
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
