import { mkdir, mkdtemp, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { BuildRecord, type Manifest } from '../src/build-record.js'
import { RecordFiles } from '../src/record-files.js'

let outDir: string
beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'blogkit-build-record-'))
})
afterAll(async () => {
  if (outDir) await rm(outDir, { recursive: true, force: true })
})

/** A record of one file, `posts/a/index.html`, written as it is on disk now, with its folder's mtime. */
async function recordOfOneFile(): Promise<Manifest> {
  const file = path.join(outDir, 'posts', 'a', 'index.html')
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, '<p>a</p>')
  const [fileStats, folderStats] = await Promise.all([stat(file), stat(path.dirname(file))])
  const files = new RecordFiles()
  files.set('posts/a/index.html', ['digest', fileStats.size, fileStats.mtimeMs])
  return {
    version: 5,
    outDir,
    code: 'code',
    shapes: [],
    images: {},
    folders: { 'posts/a': folderStats.mtimeMs },
    files,
  }
}

describe('BuildRecord', () => {
  it("should take a folder's mtime from the stats made ahead (`statFolders`), not stat it again", async () => {
    const previous = await recordOfOneFile()
    const entry = previous.files.get('posts/a/index.html')
    // Stat'ed ahead as recorded: the folder is intact, though it changed since (the file is gone).
    await rm(path.join(outDir, 'posts', 'a', 'index.html'))
    const ahead = new Map([['posts/a', previous.folders['posts/a']]])
    expect(
      new BuildRecord({ outDir, previous, code: 'code', images: {}, folderMtimes: ahead }).unchanged(
        'posts/a/index.html',
      ),
    ).toBe(entry)
    // Without them the folder is stat'ed now: changed, so the file's own stat decides (it is gone).
    expect(
      new BuildRecord({ outDir, previous, code: 'code', images: {} }).unchanged('posts/a/index.html'),
    ).toBeUndefined()
  })

  it("should check the file itself when the folder's mtime stat'ed ahead is not the recorded one", async () => {
    const previous = await recordOfOneFile()
    const entry = previous.files.get('posts/a/index.html')
    const moved = new Map([['posts/a', previous.folders['posts/a']! - 1000]])
    expect(
      new BuildRecord({ outDir, previous, code: 'code', images: {}, folderMtimes: moved }).unchanged(
        'posts/a/index.html',
      ),
    ).toBe(entry)
    await writeFile(path.join(outDir, 'posts', 'a', 'index.html'), '<p>changed by hand</p>')
    expect(
      new BuildRecord({ outDir, previous, code: 'code', images: {}, folderMtimes: moved }).unchanged(
        'posts/a/index.html',
      ),
    ).toBeUndefined()
    const gone = new Map([['posts/a', undefined]])
    expect(
      new BuildRecord({ outDir, previous, code: 'code', images: {}, folderMtimes: gone }).unchanged(
        'posts/a/index.html',
      ),
    ).toBeUndefined()
  })
})
