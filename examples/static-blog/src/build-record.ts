import { createHash } from 'node:crypto'
import { type Stats, statSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { type MemoPage, type PageReads, pageRegions, type Region } from './page-memo.js'
import { type CompiledShape, compileShape, Replays, type ReplayTrack } from './page-replay.js'
import { type Entry, RecordFiles } from './record-files.js'
import { type RegionTable, readRegions, type SavedRegions } from './region-table.js'
import { RegionBook, type RegionNames } from './regions.js'
import { jsonChunks } from './write-json.js'

export type { Entry } from './record-files.js'

/**
 * The record of the last build into an output folder (kept in the cache folder): what was written. Saved
 * as a first line of JSON (all but `files`), then a line per file (record-files.ts).
 */
export interface Manifest {
  /** 6 since regions; a record of version 5 (without) is read as one without regions. */
  version: 5 | 6
  outDir: string
  /** `codeVersion` of the build (theme, packages, settings): reads are replayed only under the same. */
  code: string
  /** Lists of what renders read, shared by the files that read the same paths (and by regions). */
  shapes: string[]
  /** The regions pages read (regions.ts), by the index the files' entries give. */
  regions?: SavedRegions
  /** The `src` of each image a post shows, by its file's digest (`postFileState`). */
  images: Record<string, string[]>
  /**
   * Per folder of the output (`.` for the output folder itself), its mtime in ms after the build: a
   * folder whose mtime is unchanged had no file added, deleted or renamed since.
   */
  folders: Record<string, number>
  files: RecordFiles
}

/** Where the record of builds into `outDir` lives in the cache folder. */
export function manifestPath(cacheDir: string, outDir: string): string {
  const id = createHash('sha256').update(path.resolve(outDir)).digest('hex').slice(0, 16)
  return path.join(cacheDir, 'builds', `${id}.json`)
}

/** The regions of a record read by `readManifest`, by record. */
const regionTables = new WeakMap<Manifest, RegionTable>()

export async function readManifest(file: string, outDir: string): Promise<Manifest | undefined> {
  try {
    const bytes = await readFile(file)
    const newline = bytes.indexOf(10)
    const data = JSON.parse(bytes.toString('utf8', 0, newline === -1 ? bytes.length : newline)) as Manifest
    // Note: a record that is not one this version wrote is no record (everything is rendered and written).
    if (
      (data.version !== 5 && data.version !== 6) ||
      data.outDir !== outDir ||
      typeof data.code !== 'string' ||
      !Array.isArray(data.shapes) ||
      newline === -1
    )
      return undefined
    if (data.regions !== undefined) {
      const table = readRegions(data.regions, data.shapes.length)
      if (!table) return undefined
      regionTables.set(data, table)
    }
    // Note: the files' lines in a string of their own, which the lines kept as read keep alive.
    data.files = RecordFiles.parse(bytes.toString('utf8', newline + 1))
    return data
  } catch {
    return undefined
  }
}

/** The text of a saved record, in pieces (at 10,000 posts about 20 MB, written when memory is at its highest). */
export function* recordChunks(manifest: Manifest): Generator<string> {
  const { files, ...head } = manifest
  yield* jsonChunks(head)
  let text = ''
  for (const line of files.lines()) {
    text += `\n${line}`
    if (text.length >= 65_536) {
      yield text
      text = ''
    }
  }
  yield `${text}\n`
}

/**
 * Shapes compiled by this process, by their text: a process that builds again and again (the dev server)
 * compiles each once, not once per build (1,200 shapes at 10,000 posts). Emptied when it grows past
 * `compiledShapesKept` (a theme that keeps changing what its pages read).
 */
const compiledShapes = new Map<string, CompiledShape | undefined>()
const compiledShapesKept = 20_000

function compiledShape(text: string): CompiledShape | undefined {
  if (compiledShapes.has(text)) return compiledShapes.get(text)
  if (compiledShapes.size >= compiledShapesKept) compiledShapes.clear()
  const shape = compileShape(text)
  compiledShapes.set(text, shape)
  return shape
}

const statOrUndefined = (file: string): Stats | undefined => {
  try {
    return statSync(file)
  } catch {
    return undefined
  }
}

/**
 * The record of a build being made (`next`) beside the last one (`previous`): which files are still on
 * disk as the last build left them, which pages read the same as then, and what to keep.
 */
export class BuildRecord {
  readonly next: Manifest
  /** The last record, when its renders ran under the same code (then their reads are replayed). */
  readonly #replayable: Manifest | undefined
  readonly #shapes = new Map<string, number>()
  readonly #compiled = new Map<number, CompiledShape | undefined>()
  /** Per shape of the last record, its index in `next.shapes` (see `#shapeIndex`). */
  readonly #shapeIndexes: number[] = []
  /** What this build's replays share (see `Replays`). */
  readonly #replays = new Replays()
  /** Folders whose mtime is the one the last build recorded (no file added, deleted or renamed since). */
  readonly #intact = new Map<string, boolean>()
  /** Folders this build wrote or deleted files in (their mtime is recorded afresh). */
  readonly #touched = new Set<string>()
  readonly #folderMtimes: ReadonlyMap<string, number | undefined> | undefined
  /** Pages whose recorded reads were replayed (`keepIfSame` with a record to replay). */
  replayed = 0

  readonly outDir: string
  readonly previous: Manifest | undefined
  /** With `regions`: what names them, and, once asked for, the regions of this build beside the last one's. */
  readonly #regions: (() => RegionNames) | undefined
  #regionBook: RegionBook | undefined

  constructor(options: {
    outDir: string
    /** The record of the last build into `outDir`, if any. */
    previous: Manifest | undefined
    /** `codeVersion` of this build. */
    code: string
    images: Manifest['images']
    /** The mtime of output folders (by their name in the record) stat'ed ahead (`undefined`: not there). */
    folderMtimes?: ReadonlyMap<string, number | undefined> | undefined
    /**
     * What names the site's regions (regions.ts: pages whose regions read the same are not replayed), called
     * when they are first asked for (after a dev server's changed posts are shown: it takes 0.05-0.1 s).
     */
    regions?: (() => RegionNames) | undefined
  }) {
    const { outDir, previous, code } = options
    this.outDir = outDir
    this.previous = previous
    this.#folderMtimes = options.folderMtimes
    this.next = {
      version: 6,
      outDir,
      code,
      shapes: [],
      images: options.images,
      folders: {},
      files: new RecordFiles(),
    }
    this.#replayable = previous?.code === code ? previous : undefined
    this.#regions = options.regions
  }

  /** The regions of this build beside the last one's, made when first asked for. */
  get #book(): RegionBook | undefined {
    if (!this.#regionBook && this.#regions)
      this.#regionBook = new RegionBook({
        names: this.#regions(),
        saved: this.#replayable && regionTables.get(this.#replayable),
        savedShapes: this.#replayable?.shapes,
        compile: compiledShape,
      })
    return this.#regionBook
  }

  /** Compare the regions with the last build's, pausing where `pause` says (see `RegionBook.compare`). */
  async compareRegions(pause: () => Promise<void> | undefined): Promise<void> {
    await this.#book?.compare(pause)
  }

  /** What places the reads of this build's renders in regions (for `renderTracked`). */
  get tracker(): RegionBook | undefined {
    return this.#book
  }

  #shapeOf(shape: string): number {
    let index = this.#shapes.get(shape)
    if (index === undefined) {
      index = this.next.shapes.push(shape) - 1
      this.#shapes.set(shape, index)
    }
    return index
  }

  #folderIntact(folder: string): boolean {
    let known = this.#intact.get(folder)
    if (known === undefined) {
      const recorded = this.previous?.folders?.[folder]
      const mtimeMs = this.#folderMtimes?.has(folder)
        ? this.#folderMtimes.get(folder)
        : statOrUndefined(path.join(this.outDir, folder))?.mtimeMs
      known = recorded !== undefined && mtimeMs === recorded
      this.#intact.set(folder, known)
    }
    return known
  }

  /**
   * The last build's entry of a file, when the file is still on disk as that build left it: its folder
   * is as the build left it (the file was not deleted), else the file's size and mtime are.
   * Note: one stat per folder instead of one per file (a post's folder holds its page and three feeds).
   */
  unchanged(relative: string, before = this.previous?.files.get(relative)): Entry | undefined {
    if (!before) return undefined
    if (this.#folderIntact(path.posix.dirname(relative))) return before
    const stats = statOrUndefined(path.join(this.outDir, relative))
    return stats && stats.size === before[1] && stats.mtimeMs === before[2] ? before : undefined
  }

  /**
   * Keep the last build's entry of a page that reads the same from its inputs as then (it would render
   * the same) and is still on disk as written; `false` when it has to be rendered.
   */
  keepIfSame(page: MemoPage, relative: string): boolean {
    const book = this.#book
    const files = this.#replayable?.files
    // Note: the common case read from the line's end, without reading the whole line into an entry: the
    // page's regions read the same, its folder is as the last build left it, its shape keeps its number.
    const tail = book && files?.tail(relative)
    if (
      tail &&
      book.unchanged(page.inputs, tail.regions) &&
      this.#folderIntact(path.posix.dirname(relative)) &&
      this.#shapeIndex(tail.shape) === tail.shape
    ) {
      this.next.files.keepFrom(relative, files!)
      return true
    }
    const before = files?.get(relative)
    if (!before || before.length === 3) return false
    // Note: a page whose inputs and regions read the same as in the last build is kept without a replay.
    if (book && before.length === 6 && book.unchanged(page.inputs, before[5])) {
      if (!this.unchanged(relative, before)) return false
      this.#keepPage(relative, before, before[5])
      return true
    }
    const shape = this.#compiledShape(before[4])
    if (shape === undefined) return false
    this.replayed++
    const track: ReplayTrack | undefined = book && {
      tracker: book,
      deps: new Set<Region>(),
      untracked: false,
    }
    if (this.#replays.replay(page, shape, track) !== before[3] || !this.unchanged(relative, before))
      return false
    const regions = book && track && !track.untracked ? pageRegions(page, book, track.deps) : undefined
    this.#keepPage(relative, before, regions && book!.written(regions))
    return true
  }

  /** Keep a page's entry of the last record with its regions (`undefined`: none). */
  #keepPage(relative: string, before: Entry, regions: string | undefined): void {
    const index = this.#shapeIndex(before[4]!)
    // Note: the last record's line is kept as it is when its shape keeps its number (pages come in the
    // same order every build) and its regions are the same, not made again for each of 41,245 pages.
    if (index === before[4] && regions === before[5])
      this.next.files.keepFrom(relative, this.#replayable!.files)
    else
      this.next.files.set(
        relative,
        regions === undefined
          ? [before[0], before[1], before[2], before[3]!, index]
          : [before[0], before[1], before[2], before[3]!, index, regions],
      )
  }

  /** The last record's shape `index`, compiled (once per build; once per process for its text). */
  #compiledShape(index: number): CompiledShape | undefined {
    if (this.#compiled.has(index)) return this.#compiled.get(index)
    const text = this.#replayable!.shapes[index]
    const shape = typeof text === 'string' ? compiledShape(text) : undefined
    this.#compiled.set(index, shape)
    return shape
  }

  /** The index in `next.shapes` of the last record's shape `index`. */
  #shapeIndex(index: number): number {
    let known = this.#shapeIndexes[index]
    if (known === undefined) {
      known = this.#shapeOf(this.#replayable!.shapes[index]!)
      this.#shapeIndexes[index] = known
    }
    return known
  }

  /** Keep a file that is on disk as `before` says (with what its render read now). */
  keep(relative: string, before: Entry, reads?: PageReads): void {
    this.next.files.set(relative, this.#entry(before[0], before[1], before[2], reads))
  }

  /** Record a file just written (`file`, its absolute path). */
  written(relative: string, content: string, file: string, reads?: PageReads): void {
    this.#touched.add(path.posix.dirname(relative))
    const stats = statSync(file)
    this.next.files.set(relative, this.#entry(content, stats.size, stats.mtimeMs, reads))
  }

  #entry(content: string, size: number, mtimeMs: number, reads: PageReads | undefined): Entry {
    if (!reads) return [content, size, mtimeMs]
    const shape = this.#shapeOf(reads.shape)
    return this.#regionBook && reads.regions
      ? [content, size, mtimeMs, reads.hash, shape, this.#regionBook.written(reads.regions)]
      : [content, size, mtimeMs, reads.hash, shape]
  }

  /** Record the regions of this build (once every page is rendered or kept). */
  recordRegions(): void {
    if (!this.#book) return
    const { saved, table } = this.#book.save((shape) => this.#shapeOf(shape))
    this.next.regions = saved
    // Note: as `readManifest` reads them, for the next build of a session (which keeps this record).
    regionTables.set(this.next, table)
  }

  /** Note a file or folder deleted (relative, `/`-separated): its folder changed. */
  deleted(relative: string): void {
    this.#touched.add(path.posix.dirname(relative))
  }

  /** Record the mtime of each output folder, once every file is written and deleted. */
  recordFolders(): void {
    const { next, previous } = this
    for (const relative of next.files.names()) {
      const folder = path.posix.dirname(relative)
      if (folder in next.folders) continue
      const recorded = previous?.folders?.[folder]
      const mtimeMs =
        recorded !== undefined && !this.#touched.has(folder) && this.#folderIntact(folder)
          ? recorded
          : statOrUndefined(path.join(this.outDir, folder))?.mtimeMs
      if (mtimeMs !== undefined) next.folders[folder] = mtimeMs
    }
  }
}
