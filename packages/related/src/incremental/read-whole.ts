import { type FileHandle, open, readFile } from 'node:fs/promises'

/**
 * The bytes of `file`, or `undefined` when it cannot be read. Read in one request where the system
 * allows, not in `readFile`'s 512 KiB pieces: each piece waits for the thread's event loop, which code
 * being loaded or run keeps busy (the worker starts this read before it loads the index's code).
 */
export async function readWhole(file: string): Promise<Uint8Array | undefined> {
  let handle: FileHandle | undefined
  try {
    handle = await open(file)
    const { size } = await handle.stat()
    const bytes = new Uint8Array(size)
    let filled = 0
    while (filled < size) {
      const { bytesRead } = await handle.read(bytes, filled, size - filled, filled)
      if (bytesRead === 0) return undefined
      filled += bytesRead
    }
    return bytes
  } catch {
    return undefined
  } finally {
    await handle?.close().catch(() => undefined)
  }
}

/**
 * The bytes of one of the cache's saved files: `{ bytes }`; `{}` when there is none; `{ damaged }` saying why
 * it cannot be read.
 */
export async function readSaved(file: string): Promise<{ bytes?: Buffer; damaged?: string }> {
  try {
    return { bytes: await readFile(file) }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
    return { damaged: `it cannot be read (${(error as Error).message})` }
  }
}
