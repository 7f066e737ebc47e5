import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type Manifest, readManifest, recordChunks } from '../src/build-record.js'
import { type Entry, RecordFiles } from '../src/record-files.js'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'blogkit-record-files-'))
})
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true })
})

const entries: Array<[string, Entry]> = [
  [
    'index.html',
    ['yrsLkwT-pDyfT31-wU8Bb_q10Oc', 12587, 1796636713180.2788, 'mljDEdnbKKgqjjetU-tu-QbvnPY', 1],
  ],
  ['images/a b.png', ['407:1796636713180.2788', 407, 1796636713180.2788]],
  ['posts/smörgåsbord/index.html', ['d', 0, 0, 'h', 0]],
  ['posts/tab\there/index.html', ['d', 1, 2.5, 'h', 3]],
  ['posts/line\nbreak/index.html', ['d', 1, 2]],
  ['"quoted"/index.html', ['d', 1, 2]],
  ['posts/x\r/feed.xml', ['d', 1e21, -0.5, 'h', 7]],
  ['posts/a/index.html', ['d', 10, 20.5, 'h', 2, '0,4;1,2,3']],
  ['posts/b/comments.xml', ['d', 10, 20.5, 'h', 2, '5;']],
]

/** The files of `files` saved and read back, as `readManifest` does. */
const reread = (files: RecordFiles) => RecordFiles.parse([...files.lines()].join('\n'))

describe('RecordFiles', () => {
  it('should read back every entry as saved: odd names, non-ASCII, fractions and big numbers', () => {
    const files = new RecordFiles()
    for (const [name, entry] of entries) files.set(name, entry)
    const back = reread(files)
    expect(back.size).toBe(entries.length)
    for (const [name, entry] of entries) expect([name, back.get(name)]).toEqual([name, entry])
    expect([...back.names()]).toEqual(entries.map(([name]) => name))
    expect(back.get('missing.html')).toBeUndefined()
  })

  it('should keep a line as read, and write an entry set since', () => {
    const files = new RecordFiles()
    for (const [name, entry] of entries) files.set(name, entry)
    const text = [...files.lines()]
    const before = RecordFiles.parse(text.join('\n'))
    const next = new RecordFiles()
    next.keepFrom('index.html', before)
    next.keepFrom('not-there.html', before)
    next.set('images/a b.png', ['changed', 1, 2])
    expect([...next.lines()]).toEqual([text[0], 'images/a b.png\tchanged\t1\t2'])
    expect(next.has('not-there.html')).toBe(false)
  })

  it('should give no entry for a damaged line, and skip lines without a name', () => {
    const lines = [
      'a.html\td\t1',
      'b.html\td\tx\t2',
      'c.html\td\t1\t2\th',
      'd.html\td\t1\t2\th\t-1',
      'e.html\td\t1\t2\th\t1.5',
      'f.html\td\t\t2',
      '\td\t1\t2',
      '"unterminated\td\t1\t2',
      'no-tab-at-all',
      'g.html\td\t1\t2',
    ]
    const files = RecordFiles.parse(lines.join('\n'))
    for (const name of ['a.html', 'b.html', 'c.html', 'd.html', 'e.html', 'f.html'])
      expect([name, files.get(name)]).toEqual([name, undefined])
    expect(files.get('g.html')).toEqual(['d', 1, 2])
    expect(files.size).toBe(7)
  })

  it("should read a rendered page's shape and regions from its line's end (tail), and no damaged regions", () => {
    const lines = [
      'a.html\td\t1\t2\th\t3\t0,1;2k,2,3',
      'b.html\td\t1\t2\th\t3',
      'c.html\td\t1\t2\th\t3\t0;x',
      'd.html\td\t1\t2\th\t3\t0,1;2;abc',
      'e.html\td\t1\t2\th\t3\t0,1',
    ]
    const files = RecordFiles.parse(lines.join('\n'))
    expect(files.tail('a.html')).toEqual({ shape: 3, regions: '0,1;2k,2,3' })
    expect(files.get('a.html')).toEqual(['d', 1, 2, 'h', 3, '0,1;2k,2,3'])
    expect(files.tail('b.html')).toBeUndefined()
    for (const name of ['c.html', 'd.html', 'e.html'])
      expect([name, files.tail(name), files.get(name)]).toEqual([name, undefined, undefined])
  })
})

describe('readManifest and recordChunks', () => {
  const manifest = (): Manifest => {
    const files = new RecordFiles()
    for (const [name, entry] of entries) files.set(name, entry)
    return {
      version: 5,
      outDir: '/out',
      code: 'code',
      shapes: ['-1\t0\n0\ttitle'],
      images: { 'key:a.md': ['x.png'] },
      folders: { '.': 1.5 },
      files,
    }
  }

  it('should read back a saved record, and the same text when saved again', async () => {
    const file = path.join(dir, 'record.json')
    const text = [...recordChunks(manifest())].join('')
    await writeFile(file, text)
    const back = await readManifest(file, '/out')
    expect(back).toMatchObject({ version: 5, outDir: '/out', code: 'code', shapes: ['-1\t0\n0\ttitle'] })
    for (const [name, entry] of entries) expect(back!.files.get(name)).toEqual(entry)
    expect([...recordChunks(back!)].join('')).toBe(text)
    expect(await readFile(file, 'utf8')).toBe(text)
  })

  it('should read an empty record, and no record of another folder, version or a damaged head', async () => {
    const file = path.join(dir, 'other.json')
    const empty = { ...manifest(), files: new RecordFiles() }
    await writeFile(file, [...recordChunks(empty)].join(''))
    expect((await readManifest(file, '/out'))?.files.size).toBe(0)
    expect(await readManifest(file, '/elsewhere')).toBeUndefined()
    await writeFile(file, JSON.stringify({ ...manifest(), version: 4, files: {} }))
    expect(await readManifest(file, '/out')).toBeUndefined()
    await writeFile(file, '{"version":5,\nindex.html\td\t1\t2\n')
    expect(await readManifest(file, '/out')).toBeUndefined()
    // Regions that are not what a build writes: no record (everything is rendered).
    const regions = { names: 'site', shapes: '0', digests: 'd', stamps: '' }
    await writeFile(file, [...recordChunks({ ...manifest(), version: 6, regions })].join(''))
    expect(await readManifest(file, '/out')).toMatchObject({ version: 6, regions })
    await writeFile(
      file,
      [...recordChunks({ ...manifest(), version: 6, regions: { ...regions, shapes: '1' } })].join(''),
    )
    expect(await readManifest(file, '/out')).toBeUndefined()
    expect(await readManifest(path.join(dir, 'missing.json'), '/out')).toBeUndefined()
  })
})
